import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { parsePolicy } from '../../src/policy/load-policy.ts';

type Doc = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
} & Record<
  string,
  // biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML; each test reads the fields it checks
  any
>;

const dir = 'deploy/kubernetes';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const docs: (Doc & { file: string })[] = files.flatMap((file) =>
  parseAllDocuments(readFileSync(`${dir}/${file}`, 'utf8')).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return { ...(d.toJS() as Doc), file };
  }),
);
const one = (kind: string, name?: string) => {
  const found = docs.filter((d) => d.kind === kind && (!name || d.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0]!;
};
const mebibytes = (q: string) => Number.parseInt(q, 10) * (q.endsWith('Gi') ? 1024 : 1);

/** Measured idle RSS of `node dist/adapters/main.js` (docs/readme-notes/h6-prod.md), in MiB. */
const IDLE_RSS_MIB = 135;

describe('the Kubernetes manifests', () => {
  const deployment = one('Deployment', 'gatehouse');
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c: Doc) => c.name === 'gatehouse');
  const secret = one('Secret', 'gatehouse-secrets');

  it('parse, and each names its apiVersion, kind and name', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const d of docs.filter((d) => d.kind !== 'Kustomization'))
      expect([d.apiVersion, d.kind, d.metadata?.name].every(Boolean), d.file).toBe(true);
  });

  it('kustomization applies every manifest except the example Secret, and each exists', () => {
    const resources: string[] = parseYaml(readFileSync(`${dir}/kustomization.yaml`, 'utf8')).resources;
    for (const r of resources) expect(existsSync(`${dir}/${r}`), r).toBe(true);
    expect(resources).not.toContain('secret.example.yaml');
    expect(resources).toContain('deployment.yaml');
  });

  it('run two replicas that become ready on /readyz and stay alive on /healthz', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const http = container.ports.find((p: Doc) => p.name === 'http');
    expect(http.containerPort).toBe(3000);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  it('size requests and limits from the measured idle memory', () => {
    const { requests, limits } = container.resources;
    expect(mebibytes(requests.memory)).toBeGreaterThan(IDLE_RSS_MIB);
    expect(mebibytes(limits.memory)).toBeGreaterThanOrEqual(2 * IDLE_RSS_MIB);
    expect(requests.cpu).toBeTruthy();
    expect(limits.cpu).toBeTruthy();
  });

  it('run without root, privilege escalation, capabilities or a writable root filesystem', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).not.toBe(0);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('take every secret from the Secret by reference, never as an inlined value', () => {
    const secretLike = /TOKEN|SECRET|PASSWORD|API_KEY|CLIENT_ID|STORE_URL/;
    for (const e of container.env) if (secretLike.test(e.name)) expect(e.value, e.name).toBeUndefined();
    expect(container.envFrom).toContainEqual({ secretRef: { name: 'gatehouse-secrets' } });
    const refs = docs.flatMap(
      (d) => JSON.stringify(d).match(/"secretKeyRef":\{"name":"gatehouse-secrets","key":"(\w+)"\}/g) ?? [],
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(Object.keys(secret.stringData)).toContain(/"key":"(\w+)"/.exec(ref)![1]);
    for (const [key, value] of Object.entries(secret.stringData)) expect(value, key).toMatch(/REPLACE_ME/);
  });

  it('mount the policy ConfigMap as a directory (so edits reach running pods) and it is a valid policy', () => {
    const policyFile = container.env.find((e: Doc) => e.name === 'POLICY_FILE').value;
    const volume = pod.volumes.find((v: Doc) => v.configMap?.name === 'gatehouse-policy');
    const mount = container.volumeMounts.find((m: Doc) => m.name === volume.name);
    expect(mount).toMatchObject({ mountPath: posix.dirname(policyFile), readOnly: true });
    expect(mount.subPath).toBeUndefined();
    const configMap = one('ConfigMap', 'gatehouse-policy');
    expect(() => parsePolicy(configMap.data[posix.basename(policyFile)], 'configmap')).not.toThrow();
  });

  it('give shutdown time to drain: grace period longer than not-ready grace plus the alert drain', () => {
    const grace = Number(container.env.find((e: Doc) => e.name === 'SHUTDOWN_GRACE_SECONDS').value);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(grace + 10);
  });

  it('route the Service and the PodDisruptionBudget to the pods, keeping one up during drains', () => {
    const labels = deployment.spec.template.metadata.labels;
    const service = one('Service', 'gatehouse');
    expect(labels).toMatchObject(service.spec.selector);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const pdb = one('PodDisruptionBudget', 'gatehouse');
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });

  it('document a Redis: an example StatefulSet whose password comes from the Secret', () => {
    const redis = one('StatefulSet', 'gatehouse-redis');
    expect(JSON.stringify(redis)).toContain(
      '"secretKeyRef":{"name":"gatehouse-secrets","key":"REDIS_PASSWORD"}',
    );
    expect(secret.stringData.STORE_URL).toMatch(/^redis:\/\/.*@gatehouse-redis:6379$/);
  });
});

describe('the compose file', () => {
  const compose = parseYaml(readFileSync('deploy/compose.yaml', 'utf8'), { merge: true });
  const services: Record<string, Doc> = compose.services;
  const replicas = Object.entries(services).filter(([, s]) => s.build?.dockerfile === 'Dockerfile');

  it('runs two Gatehouse replicas from the Dockerfile, sharing the one Redis', () => {
    expect(replicas).toHaveLength(2);
    expect(services.redis?.image).toMatch(/^redis:/);
    for (const [name, s] of replicas) {
      expect(s.environment.STORE_URL, name).toBe('redis://redis:6379');
      expect(s.depends_on.redis.condition).toBe('service_healthy');
      expect(s.read_only).toBe(true);
      expect(s.cap_drop).toEqual(['ALL']);
      expect(Number.parseInt(s.stop_grace_period, 10)).toBeGreaterThanOrEqual(15);
    }
  });

  it('takes the environment from an env file whose example names only known variables', () => {
    for (const [, s] of replicas) expect(s.env_file).toEqual(['gatehouse.env']);
    const example = readFileSync('deploy/gatehouse.env.example', 'utf8');
    const config = readFileSync('src/config/load-config.ts', 'utf8');
    const names = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(config, name).toContain(`${name}:`);
    for (const line of example.split('\n').filter((l) => /(TOKEN|SECRET|PASSWORD|KEY)=/.test(l)))
      expect(line, 'no secret values in the example').toMatch(/=$/);
  });

  it('puts one proxy in front of both replicas, keeping /metrics and /admin inside', () => {
    expect(services.proxy?.ports).toEqual(['8080:8080']);
    const nginx = readFileSync('deploy/nginx.conf', 'utf8');
    for (const [name] of replicas) expect(nginx).toContain(`server ${name}:3000`);
    expect(nginx).toMatch(/location = \/metrics \{ return 404; \}/);
    expect(nginx).toMatch(/location \/admin\/ \{ return 404; \}/);
  });
});
