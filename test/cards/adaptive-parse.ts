import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface ParseEvent {
  phase: number;
  event: number;
  message: string;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ParseEvent[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): ParseEvent };
}

// The package's ESM entry does not resolve under Node; its UMD bundle loads fine.
const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

/** Every problem the reference Adaptive Cards renderer reports for `json`: parse events, then validation. */
export function adaptiveCardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}
