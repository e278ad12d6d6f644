import { runAuditExport } from '../src/audit/export-cli.ts';

// `npm run audit:export -- --since 2026-01-01 --format jsonl|csv`: see src/audit/export-cli.ts.
process.exitCode = await runAuditExport(process.argv.slice(2), process.env, (line) => console.error(line));
