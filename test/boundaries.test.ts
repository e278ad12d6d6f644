import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The source trees whose imports must point one way (tests may import anything). */
const ROOTS = ['adapters', 'handlers', 'cards', 'src', 'scripts', 'manifest'];

interface SourceFile {
  path: string;
  text: string;
}

interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function importsOf(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) for (const m of text.matchAll(pattern)) found.add(m[1]!);
  return [...found];
}

const area = (path: string) => path.split('/')[0]!;
const isPackage = (spec: string, names: RegExp) => !spec.startsWith('.') && names.test(spec);

/** Every wrong arrow in `files`: which file imports what, and the rule it breaks. */
function findViolations(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = area(file.path);
    for (const specifier of importsOf(file.text)) {
      const target = specifier.startsWith('.') ? normalize(join(dirname(file.path), specifier)) : undefined;
      const to = target ? area(target) : undefined;
      const flag = (rule: string) => violations.push({ file: file.path, specifier, rule });
      if (isPackage(specifier, /^(botbuilder|botframework-)/) && !file.path.startsWith('adapters/teams/'))
        flag('only adapters/teams imports botbuilder');
      if (isPackage(specifier, /^@slack\/bolt/) && !file.path.startsWith('adapters/slack/'))
        flag('only adapters/slack imports @slack/bolt');
      if (!to) continue;
      if (from === 'src' && ['adapters', 'handlers', 'cards'].includes(to))
        flag('src imports nothing from adapters, handlers or cards');
      if (from === 'handlers' && ['adapters', 'cards'].includes(to))
        flag('handlers never import adapters or cards');
      if (from === 'cards' && to !== 'cards' && !target!.startsWith('src/views/'))
        flag('cards import only from src/views and cards');
      if (to === 'adapters' && !['adapters', 'scripts'].includes(from)) flag('nothing imports an adapter');
    }
  }
  return violations;
}

function sourceFiles(dir: string): SourceFile[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    if (!/\.(ts|mts|js|mjs)$/.test(name)) return [];
    return [{ path: relative('.', path).split('\\').join('/'), text: readFileSync(path, 'utf8') }];
  });
}

describe('dependency direction', () => {
  const files = ROOTS.flatMap(sourceFiles);

  it('reads the tree', () => {
    expect(files.some((f) => f.path === 'adapters/server.ts')).toBe(true);
    expect(files.some((f) => f.path.startsWith('adapters/teams/'))).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });

  it('has no wrong arrow', () => {
    expect(findViolations(files)).toEqual([]);
  });

  it('catches each kind of wrong arrow', () => {
    const wrong: SourceFile[] = [
      { path: 'handlers/x.ts', text: "import { TeamsInfo } from 'botbuilder';" },
      { path: 'adapters/slack/y.ts', text: "import type { Activity } from 'botframework-schema';" },
      { path: 'src/intents/z.ts', text: "export { renderBlockKit } from '../../cards/block-kit.ts';" },
      {
        path: 'handlers/rport/w.ts',
        text: "import { createSlackAdapter } from '../../adapters/slack/create-slack-adapter.ts';",
      },
      { path: 'cards/v.ts', text: "import type { Intent } from '../src/intents/intent.ts';" },
      { path: 'adapters/teams/u.ts', text: "const { App } = await import('@slack/bolt');" },
      {
        path: 'cards/ok.ts',
        text: "import type { View } from '../src/views/view.ts';\nimport { clip } from './state-marks.ts';",
      },
    ];
    expect(findViolations(wrong).map((v) => [v.file, v.rule])).toEqual([
      ['handlers/x.ts', 'only adapters/teams imports botbuilder'],
      ['adapters/slack/y.ts', 'only adapters/teams imports botbuilder'],
      ['src/intents/z.ts', 'src imports nothing from adapters, handlers or cards'],
      ['handlers/rport/w.ts', 'handlers never import adapters or cards'],
      ['handlers/rport/w.ts', 'nothing imports an adapter'],
      ['cards/v.ts', 'cards import only from src/views and cards'],
      ['adapters/teams/u.ts', 'only adapters/slack imports @slack/bolt'],
    ]);
  });
});
