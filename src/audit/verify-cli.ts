import { parseArgs } from 'node:util';
import { loadConfig, readEnv } from '../config/load-config.ts';
import { createAuditLog } from '../intents/audit-log.ts';
import { createLogger } from '../log.ts';
import { createStore } from '../store/create-store.ts';
import { verifyExportedFiles } from './verify-file.ts';
import { describeVerifyReport, type VerifyReport } from './verify-store.ts';

/** On the command line the operator sees the real reason (a missing file, a refused connection). */
export const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

const USAGE = `usage: npm run audit:verify                       verify the chain in STORE_URL (and its checkpoints with GATEHOUSE_SECRET_KEY)
       npm run audit:verify -- --file <jsonl> …     verify exported lines alone, files oldest first`;

/**
 * `npm run audit:verify`: exit 0 when the chain holds, 1 when it is broken (the first changed, removed or
 * reordered entry is named), 2 when it could not be checked (bad arguments, store unreachable).
 */
export async function runAuditVerify(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<number> {
  let files: string[];
  try {
    const args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { file: { type: 'string', multiple: true } },
    });
    files = [...(args.values.file ?? []), ...args.positionals];
  } catch (err) {
    print(`${reasonOf(err)}\n${USAGE}`);
    return 2;
  }
  let report: VerifyReport;
  try {
    if (files.length > 0) report = await verifyExportedFiles(files);
    else {
      const config = loadConfig(readEnv(env));
      const store = createStore(config.storeUrl);
      try {
        const log = createLogger({ level: 'silent' });
        const options = config.audit.secretKey ? { secretKey: config.audit.secretKey } : {};
        report = await createAuditLog(store, log, undefined, options).verify();
      } finally {
        await store.close();
      }
    }
  } catch (err) {
    print(`Could not verify: ${reasonOf(err)}`);
    return 2;
  }
  for (const line of describeVerifyReport(report)) print(line);
  return report.ok ? 0 : 1;
}
