import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ConfigError } from '../errors.ts';
import { type Policy, policySchema } from './policy-schema.ts';

/**
 * Read and validate the policy file. Any problem stops start-up with the file, the line and the reason:
 * "policy.yaml line 12: rport.rules.0.allow: must have at least 1 item".
 */
export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `Cannot read the policy file ${file} (POLICY_FILE): ${(err as Error).message}. Start from policy.example.yaml.`,
      {
        cause: err,
      },
    );
  }
  return parsePolicy(text, file);
}

export function parsePolicy(text: string, file = 'policy'): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new ConfigError(`${file} line ${line}: ${yamlError.message.split('\n')[0]}`);
  }
  const result = policySchema.safeParse(doc.toJS() ?? {});
  if (result.success) {
    // Kept (not enumerable) so later start-up checks can name the line of what they refuse.
    Object.defineProperty(result.data, POLICY_SOURCE, { value: { file, text } });
    return Object.freeze(result.data) as Policy;
  }
  const issue = result.error.issues[0]!;
  const line = lineOf(doc.contents, issue.path, lineCounter);
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ConfigError(`${file}${line ? ` line ${line}` : ''}: ${where}${issue.message}`);
}

/** Where a parsed policy came from: its file name and text. */
export const POLICY_SOURCE = Symbol.for('gatehouse.policy-source');

/** "policy.yaml line 12" for the node at `path` of a policy read by parsePolicy; the file alone otherwise. */
export function policyLocation(policy: Policy, path: PropertyKey[]): string {
  const source = (policy as { [POLICY_SOURCE]?: { file: string; text: string } })[POLICY_SOURCE];
  if (!source) return 'the policy';
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter });
  const line = lineOf(doc.contents, path, lineCounter);
  return `${source.file}${line ? ` line ${line}` : ''}`;
}

/** The line of the deepest node that exists on `path` (the parent when the key itself is missing). */
function lineOf(root: unknown, path: PropertyKey[], lc: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let line = node?.range ? lc.linePos(node.range[0]).line : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      if (keyNode?.range) line = lc.linePos(keyNode.range[0]).line;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key] as Node | null;
    } else break;
    if (node?.range) line = lc.linePos(node.range[0]).line;
  }
  return line;
}
