import { runAuditVerify } from '../src/audit/verify-cli.ts';

// `npm run audit:verify [-- --file <jsonl> …]`: see src/audit/verify-cli.ts and docs/audit-format.md.
process.exitCode = await runAuditVerify(process.argv.slice(2), process.env, (line) => console.log(line));
