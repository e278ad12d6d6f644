/**
 * Every Slack Block Kit limit Gatehouse renders against (api.slack.com/reference/block-kit, /surfaces/modals):
 * kept here and nowhere else, so a change on Slack's side is one edit.
 */
export const BLOCK_KIT_LIMITS = {
  /** Blocks in one message or modal. */
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextText: 3000,
  /** Elements in one actions block. */
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** Options in one static_select. */
  selectOptions: 100,
  optionText: 75,
  placeholderText: 150,
  /** The message's top-level `text` (notification and fallback); Slack truncates past 40,000. */
  fallbackText: 3000,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  /** A modal's private_metadata. */
  privateMetadata: 3000,
  inputLabel: 2000,
  /** A plain_text_input's max_length ceiling. */
  plainTextInput: 3000,
} as const;
