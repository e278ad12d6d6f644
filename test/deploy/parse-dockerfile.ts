/** One stage of a Dockerfile, in the plain forms Gatehouse's Dockerfile uses. */
export interface Stage {
  name: string;
  image: string;
  workdir: string;
  env: Record<string, string>;
  steps: Step[];
  user?: string;
  expose: number[];
  volumes: string[];
  /** Exec form only (a JSON array): a shell form would keep signals from reaching node. */
  cmd?: string[];
  healthcheck?: string[];
}

export type Step =
  | { kind: 'run'; command: string }
  | { kind: 'copy'; from?: string; chown?: string; sources: string[]; dest: string };

/** Joins `\` continuations, drops comments, and reads each stage's instructions. Unknown ones throw. */
export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  const json = (s: string, what: string): string[] => {
    const parsed: unknown = JSON.parse(s);
    if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string'))
      throw new Error(`${what} must be a JSON array of strings (exec form): ${s}`);
    return parsed;
  };
  for (const line of lines) {
    const [, keyword = '', rest = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    const stage = stages.at(-1);
    if (keyword.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!m) throw new Error(`cannot read ${line}`);
      stages.push({
        name: m[2] ?? String(stages.length),
        image: m[1]!,
        workdir: '/',
        env: {},
        steps: [],
        expose: [],
        volumes: [],
      });
      continue;
    }
    if (!stage) throw new Error(`${line} comes before FROM`);
    switch (keyword.toUpperCase()) {
      case 'WORKDIR':
        stage.workdir = rest;
        break;
      case 'ENV':
        for (const m of rest.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage.env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
        break;
      case 'RUN':
        stage.steps.push({ kind: 'run', command: rest });
        break;
      case 'COPY': {
        const words = rest.split(/\s+/);
        const flags = Object.fromEntries(
          words.filter((w) => w.startsWith('--')).map((w) => w.slice(2).split('=') as [string, string]),
        );
        const paths = words.filter((w) => !w.startsWith('--'));
        stage.steps.push({
          kind: 'copy',
          ...(flags.from ? { from: flags.from } : {}),
          ...(flags.chown ? { chown: flags.chown } : {}),
          sources: paths.slice(0, -1),
          dest: paths.at(-1)!,
        });
        break;
      }
      case 'USER':
        stage.user = rest;
        break;
      case 'EXPOSE':
        stage.expose.push(...rest.split(/\s+/).map((p) => Number.parseInt(p, 10)));
        break;
      case 'VOLUME':
        stage.volumes.push(...(rest.startsWith('[') ? json(rest, 'VOLUME') : rest.split(/\s+/)));
        break;
      case 'CMD':
        stage.cmd = json(rest, 'CMD');
        break;
      case 'HEALTHCHECK': {
        const m = /\bCMD\s+(\[.*\])$/.exec(rest);
        if (!m) throw new Error(`HEALTHCHECK must use CMD in exec form: ${line}`);
        stage.healthcheck = json(m[1]!, 'HEALTHCHECK CMD');
        break;
      }
      case 'STOPSIGNAL':
      case 'ARG':
      case 'LABEL':
        break;
      default:
        throw new Error(`the production-install test does not know ${keyword}; teach it before using it`);
    }
  }
  return stages;
}
