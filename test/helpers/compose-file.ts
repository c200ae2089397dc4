/**
 * Readers for docker-compose.yml and the Dockerfile, for tests that check them without a Docker
 * engine: Compose's variable interpolation, port mappings, durations and Dockerfile stages.
 */

export interface ComposeService {
  image?: string;
  build?: { context: string; target?: string };
  container_name?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  /** Names of top-level secrets, mounted at /run/secrets/<name>. */
  secrets?: string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  restart?: string;
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string; environment?: string }>;
}

type Env = Record<string, string | undefined>;

/**
 * Compose's interpolation of one value: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+other}`, `${VAR+other}`.
 * A missing required variable throws, as `docker compose` refuses to start.
 */
export function interpolate(text: string, env: Env): string {
  const pattern = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  return text.replace(
    pattern,
    (_match, dollar?: string, name?: string, operator?: string, argument = '', bare?: string) => {
      if (dollar) return '$';
      const variable = (name ?? bare)!;
      const value = env[variable];
      // With a colon, an empty value counts as unset.
      const unset = operator?.startsWith(':') ? !value : value === undefined;
      switch (operator) {
        case ':-':
        case '-':
          return unset ? argument : value!;
        case ':?':
        case '?':
          if (unset) throw new Error(`required variable ${variable} is missing a value: ${argument}`);
          return value!;
        case ':+':
        case '+':
          return unset ? '' : argument;
        default:
          return value ?? '';
      }
    },
  );
}

/** Interpolates every string value of a parsed Compose file (keys are left alone, as Compose does). */
export function interpolateAll<T>(node: T, env: Env): T {
  if (typeof node === 'string') return interpolate(node, env) as T;
  if (Array.isArray(node)) return node.map((item: unknown) => interpolateAll(item, env)) as T;
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env)])) as T;
  }
  return node;
}

/** The environment a container gets, as strings (Compose turns YAML numbers into text). */
export function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]));
}

/** Container ports of `container`, `host:container` or `ip:host:container[/protocol]` mappings. */
export function containerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((mapping) => Number(mapping.split(':').at(-1)!.split('/')[0]));
}

/** Milliseconds of a Compose duration such as `40s`, `1m30s` or `500ms`. */
export function durationMs(duration: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.map((part) => part[0]).join('') !== duration) throw new Error(`not a Compose duration: ${duration}`);
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit!]!, 0);
}

export interface DockerfileStage {
  from: string;
  /** The exec-form CMD, inherited from the parent stage when the stage sets none. */
  cmd?: string[];
  user?: string;
  /** ENV of the stage and its parents. */
  env: Record<string, string>;
  /** The stage's own RUN commands (continuation lines joined). */
  runs: string[];
  /** Its own `COPY --from=<stage> <source> <target>` lines. */
  copiesFrom: { stage: string; source: string; target: string }[];
}

/**
 * The named stages of a Dockerfile, the build-context paths its COPY lines take, and the
 * defaults of the ARGs declared before the first FROM (which FROM lines may use).
 */
export function parseDockerfile(text: string): {
  stages: Map<string, DockerfileStage>;
  copied: string[];
  args: Record<string, string>;
} {
  const stages = new Map<string, DockerfileStage>();
  const args: Record<string, string> = {};
  let current: DockerfileStage | undefined;
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n');
  for (const line of lines) {
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)/.exec(line);
    if (arg && !current) args[arg[1]!] = arg[2]!;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const parent = stages.get(from[1]!);
      current = {
        from: from[1]!,
        cmd: parent?.cmd,
        user: parent?.user,
        env: { ...parent?.env },
        runs: [],
        copiesFrom: [],
      };
      if (from[2]) stages.set(from[2], current);
    }
    if (!current) continue;
    const cmd = /^CMD\s+(\[.*\])\s*$/.exec(line);
    if (cmd) current.cmd = JSON.parse(cmd[1]!) as string[];
    const user = /^USER\s+(\S+)/.exec(line);
    if (user) current.user = user[1];
    const env = /^ENV\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)/.exec(line);
    if (env) current.env[env[1]!] = env[2]!;
    const run = /^RUN\s+(.+)$/.exec(line);
    if (run) current.runs.push(run[1]!);
    const copyFrom = /^COPY\s+--from=(\S+)\s+(\S+)\s+(\S+)$/.exec(line);
    if (copyFrom) current.copiesFrom.push({ stage: copyFrom[1]!, source: copyFrom[2]!, target: copyFrom[3]! });
  }
  const copied = [...text.matchAll(/^COPY\s+(?!--from)(.+)\s+\S+$/gm)].flatMap((match) => match[1]!.split(/\s+/));
  return { stages, copied, args };
}
