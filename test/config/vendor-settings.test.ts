import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';

const PMC = { PMC_URL: 'https://t-services.pm.example', PMC_CLIENT_ID: 'id', PMC_CLIENT_SECRET: 'secret' };
const PS = { PS_URL: 'https://ps.example/BeyondTrust/api/public/v3', PS_API_KEY: 'k', PS_RUNAS: 'svc' };

describe('PMC_DECISION_PATH and PS_RUNAS_PASSWORD', () => {
  it('are optional, and read when set', () => {
    expect(loadConfig({ ...PMC, ...PS }).pmc?.decisionPath).toBeUndefined();
    expect(loadConfig({ ...PMC, ...PS }).ps?.runAsPassword).toBeUndefined();
    const c = loadConfig({
      ...PMC,
      ...PS,
      PMC_DECISION_PATH: '/AdminAccessRequest/{requestId}/decision',
      PS_RUNAS_PASSWORD: 'pa ss]',
    });
    expect(c.pmc?.decisionPath).toBe('/AdminAccessRequest/{requestId}/decision');
    expect(c.ps?.runAsPassword).toBe('pa ss]');
  });

  it('a decision path that is not a path stops start-up naming the variable', () => {
    for (const bad of ['AdminAccessRequest/decision', '/a/../b', 'https://x/y']) {
      expect(() => loadConfig({ ...PMC, PMC_DECISION_PATH: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...PMC, PMC_DECISION_PATH: bad })).toThrow(
        /^PMC_DECISION_PATH must be a path/,
      );
    }
  });

  it('the run-as password alone turns nothing on; it belongs to the Password Safe group', () => {
    expect(() => loadConfig({ PS_RUNAS_PASSWORD: 'x' })).toThrow(/PS_URL is missing/);
  });

  it('the run-as password is redacted from logs', () => {
    const lines: string[] = [];
    const log = createLogger({ destination: { write: (l: string) => lines.push(l) } });
    log.info({ PS_RUNAS_PASSWORD: 'hunter2', ps: { runAsPassword: 'hunter3' } }, 'config');
    expect(lines.join('')).not.toMatch(/hunter/);
  });
});
