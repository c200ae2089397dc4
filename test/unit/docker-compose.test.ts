/**
 * No Docker engine runs here, so this reads docker-compose.yml, the Dockerfile and the scripts
 * they run, and checks that they agree with the code and avoid every defect found when the
 * stack was tried as an operator would: retention, setup readiness, history shards, the S3
 * server and its account, worker health, the workflow bundle, Node, next-release images,
 * secrets. Each check fails (never skips) when what it checks is missing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { S3_SERVER } from '../../dev/binaries';
import { API_ENV_VARIABLES, loadApiConfig } from '../../services/api/config';
import { WORKER_ENV_VARIABLES, loadWorkerConfig } from '../../services/worker/config';
import { OPERATION_SEARCH_ATTRIBUTES } from '../../packages/client/src/contract/definitions';
import {
  containerPorts,
  durationMs,
  environmentOf,
  interpolateAll,
  parseDockerfile,
  type ComposeFile,
  type ComposeService as Service,
} from '../helpers/compose-file';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const composeText = read('docker-compose.yml');
const raw = parse(composeText, { merge: true }) as ComposeFile;
// Nothing is required from .env any more: secrets come from files (Compose `secrets:`).
const compose = interpolateAll(raw, {});
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const apiEnv = environmentOf(service('api'));
const workerEnv = environmentOf(service('worker'));
const declaredSecrets = compose.secrets ?? {};

/**
 * What the containers see: each `/run/secrets/<name>` replaced by a file of a test value, so
 * the services' own loaders read the configuration exactly as in the container.
 */
const secretDir = mkdtempSync(join(tmpdir(), 'compose-secrets-'));
const SECRET_VALUES: Record<string, string> = {
  auth_jwt_secret: 'a-secret-of-at-least-thirty-two-chars',
  s3_access_key: 'operations-service',
  s3_secret_key: 'service-secret-key',
};
const inContainer = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      const secret = /^\/run\/secrets\/(\w+)$/.exec(value)?.[1];
      if (!secret) return [name, value];
      const path = join(secretDir, secret);
      writeFileSync(path, `${SECRET_VALUES[secret] ?? 'unused'}\n`);
      return [name, path];
    }),
  );
afterAll(() => rmSync(secretDir, { recursive: true, force: true }));

/** The services that run Temporal's own images. */
const withImage = (pattern: RegExp) =>
  Object.entries(services).filter(([, { image }]) => image !== undefined && pattern.test(image));

/** Every command line a service runs itself: entrypoint, command and healthcheck. */
const commandsOf = (target: Service) =>
  [target.entrypoint, target.command, target.healthcheck?.test]
    .flat()
    .filter((part): part is string => typeof part === 'string')
    .join(' ');

describe('docker-compose.yml', () => {
  it('has the services of the production-like stack, and no MinIO', () => {
    for (const name of ['postgresql', 'temporal-schema', 'temporal', 'temporal-setup', 'temporal-ui']) {
      expect(services, `service ${name}`).toHaveProperty(name);
    }
    for (const name of ['s3', 's3-setup', 'api', 'worker']) expect(services, `service ${name}`).toHaveProperty(name);
    // MinIO's server project is archived, AGPL-3.0, and its pinned image predates a security fix.
    expect(composeText).not.toMatch(/minio/i);
  });

  it('gives the API a complete, valid configuration from the environment and secrets it sets', () => {
    const config = loadApiConfig(inContainer(apiEnv));
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.AUTH_JWT_SECRET).toBe(SECRET_VALUES.auth_jwt_secret);
    expect([config.S3_ACCESS_KEY, config.S3_SECRET_KEY]).toEqual([
      SECRET_VALUES.s3_access_key,
      SECRET_VALUES.s3_secret_key,
    ]);
  });

  it('gives the worker a complete, valid configuration from the environment and secrets it sets', () => {
    const config = loadWorkerConfig(inContainer(workerEnv));
    expect(config.S3_ACCESS_KEY).toBe(SECRET_VALUES.s3_access_key);
  });

  it('sets only variables the services read', () => {
    expect(Object.keys(apiEnv).filter((name) => !API_ENV_VARIABLES.includes(name))).toEqual([]);
    expect(Object.keys(workerEnv).filter((name) => !WORKER_ENV_VARIABLES.includes(name))).toEqual([]);
  });

  it('passes tunables through with the same defaults as the code', () => {
    const api = loadApiConfig(inContainer(apiEnv));
    const defaults: Record<string, unknown> = {
      ...loadWorkerConfig(inContainer(workerEnv)),
      ...api,
      // The namespace comes from Temporal's standard variables, read into the connection config.
      TEMPORAL_NAMESPACE: api.temporal.namespace,
    };
    for (const name of ['api', 'worker']) {
      for (const [variable, value] of Object.entries(raw.services[name]!.environment ?? {})) {
        const passThrough = new RegExp(`^\\$\\{${variable}:-(.*)\\}$`).exec(String(value));
        if (passThrough) expect(passThrough[1], `${name} ${variable}`).toBe(String(defaults[variable]));
      }
    }
  });

  it('points TEMPORAL_ADDRESS of every client at the temporal service', () => {
    const clients = Object.entries(services).filter(([, client]) => client.environment?.TEMPORAL_ADDRESS);
    expect(clients.map(([name]) => name)).toEqual(
      expect.arrayContaining(['api', 'worker', 'temporal-ui', 'temporal-setup']),
    );
    const temporalPorts = containerPorts(service('temporal'));
    for (const [name, client] of clients) {
      const [host, port] = String(client.environment!.TEMPORAL_ADDRESS).split(':');
      expect(host, `${name} TEMPORAL_ADDRESS host`).toBe('temporal');
      expect(temporalPorts, `${name} TEMPORAL_ADDRESS port`).toContain(Number(port));
    }
  });

  it('points S3_ENDPOINT of the API, the worker and the S3 setup at the s3 service, on the port it listens on', () => {
    const listen = environmentOf(service('s3')).VGW_PORT!;
    for (const [name, env] of [
      ['api', apiEnv],
      ['worker', workerEnv],
      ['s3-setup', environmentOf(service('s3-setup'))],
    ] as const) {
      const url = new URL(env.S3_ENDPOINT!);
      expect(url.hostname, `${name} S3_ENDPOINT`).toBe('s3');
      expect(listen, 'versitygw listen address').toBe(`:${url.port}`);
      expect(containerPorts(service('s3'))).toContain(Number(url.port));
    }
  });

  it('uses one namespace and one bucket across the services', () => {
    expect(apiEnv.TEMPORAL_NAMESPACE).toBe(workerEnv.TEMPORAL_NAMESPACE);
    expect(environmentOf(service('temporal-setup')).TEMPORAL_NAMESPACE).toBe(apiEnv.TEMPORAL_NAMESPACE);
    expect(environmentOf(service('temporal-ui')).TEMPORAL_DEFAULT_NAMESPACE).toBe(apiEnv.TEMPORAL_NAMESPACE);
    expect(apiEnv.TEMPORAL_TASK_QUEUE).toBe(workerEnv.TEMPORAL_TASK_QUEUE);
    expect(apiEnv.S3_BUCKET).toBe(workerEnv.S3_BUCKET);
    expect(environmentOf(service('s3-setup')).S3_BUCKET).toBe(apiEnv.S3_BUCKET);
  });

  it('publishes the API on the port it listens on', () => {
    expect(containerPorts(service('api'))).toEqual([loadApiConfig(inContainer(apiEnv)).PORT]);
  });

  it('lets the worker scale: no container name, no host port, time to finish jobs on stop', () => {
    const worker = service('worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect(service('api').container_name).toBeUndefined();
    const grace = loadWorkerConfig(inContainer(workerEnv)).WORKER_SHUTDOWN_GRACE_MS;
    expect(durationMs(worker.stop_grace_period ?? '10s')).toBeGreaterThan(grace);
  });

  it('runs scripts and mounts files that exist', () => {
    for (const [name, { volumes = [] }] of Object.entries(services)) {
      for (const volume of volumes.filter((entry) => entry.startsWith('./'))) {
        expect(existsSync(join(ROOT, volume.split(':')[0]!)), `${name} mounts ${volume}`).toBe(true);
      }
    }
    const temporal = service('temporal');
    const mount = temporal.volumes!.find((volume) => volume.includes('/etc/temporal/config/dynamicconfig'))!;
    const file = environmentOf(temporal).DYNAMIC_CONFIG_FILE_PATH!.replace('config/dynamicconfig/', '');
    expect(existsSync(join(ROOT, mount.split(':')[0]!, file)), 'dynamic config file').toBe(true);
    expect(scriptOf(service('temporal-schema'))).toContain('temporal-sql-tool');
    for (const name of ['temporal-setup', 's3', 's3-setup']) expect(scriptOf(service(name))).toMatch(/^#!\/bin\/sh\n/);
  });

  it('starts each service after what it needs is healthy or done', () => {
    for (const [name, { depends_on: dependencies = {} }] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(dependencies)) {
        const target = service(dependency);
        if (condition === 'service_healthy') expect(target.healthcheck, `${name} waits on ${dependency}`).toBeDefined();
        else expect(condition, `${name} waits on ${dependency}`).toBe('service_completed_successfully');
        if (condition === 'service_completed_successfully') expect(target.restart ?? 'no').toBe('no');
      }
    }
    for (const name of ['api', 'worker']) {
      expect(Object.keys(service(name).depends_on ?? {}).sort()).toEqual(['s3-setup', 'temporal-setup']);
    }
    expect(Object.keys(service('temporal-ui').depends_on ?? {})).toEqual(['temporal-setup']);
    for (const name of ['postgresql', 'temporal', 's3', 'api', 'worker']) {
      expect(service(name).healthcheck, `${name} healthcheck`).toBeDefined();
    }
  });

  it('pins every image', () => {
    for (const [name, { image, build }] of Object.entries(services)) {
      if (build) continue;
      expect(image, `${name} image`).toMatch(/^[^:]+(:[^:]+)?:(?!latest$)[\w][\w.-]*$/);
    }
    expect(service('temporal').image).toMatch(/^temporalio\/server:1\.29\.\d+$/);
  });
});

describe('docker-compose.yml: one retention for the namespace and the files', () => {
  const setup = service('temporal-setup');

  it('passes the worker its OPERATION_RETENTION and the namespace setup the very same setting', () => {
    const worker = String(raw.services.worker!.environment!.OPERATION_RETENTION);
    expect(worker).toBe('${OPERATION_RETENTION:-7d}');
    expect(String(raw.services['temporal-setup']!.environment!.OPERATION_RETENTION)).toBe(worker);
    expect(worker).toContain(loadWorkerConfig(inContainer(workerEnv)).OPERATION_RETENTION);
    // A second, separate retention is what made namespace and file cleanup disagree.
    expect(composeText).not.toMatch(/NAMESPACE_RETENTION|--retention\s+\d/);
  });

  it('sets the namespace retention from OPERATION_RETENTION, also on an existing namespace', () => {
    const script = codeOf(scriptOf(setup));
    expect(script).toMatch(/\bOPERATION_RETENTION\b/);
    expect(script).toMatch(/operator namespace create\b[^\n]*--retention/);
    expect(script).toMatch(/operator namespace update\b[^\n]*--retention/);
  });
});

describe('docker-compose.yml: setup ends only once the search attributes work', () => {
  const setup = service('temporal-setup');

  it('registers exactly the search attributes of workflows/definitions.ts', () => {
    const registered = environmentOf(setup)
      .OPERATION_SEARCH_ATTRIBUTES!.split(/\s+/)
      .map((pair) => {
        const [name, type] = pair.split('=');
        return `${name}=${type!.toUpperCase()}`;
      })
      .sort();
    const expected = OPERATION_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${key.type}`).sort();
    expect(registered).toEqual(expected);
    const script = scriptOf(setup);
    expect(script).toMatch(/operator search-attribute create\b/);
    expect(script).toContain('OPERATION_SEARCH_ATTRIBUTES');
  });

  it('waits for a workflow start that uses them to succeed (listing them is not enough)', () => {
    // The frontend refreshes its search-attribute cache about every 10 s: until then a start
    // with them fails with "no mapping defined for search attribute".
    const script = codeOf(scriptOf(setup));
    expect(script).toMatch(/\bworkflow start\b/);
    expect(script).toMatch(/--search-attribute\b/);
  });
});

describe('docker-compose.yml: Temporal server', () => {
  it('sets NUM_HISTORY_SHARDS explicitly, with a comment on why', () => {
    const shards = Number(environmentOf(service('temporal')).NUM_HISTORY_SHARDS);
    expect(Number.isInteger(shards) && shards > 4, 'more than the template default of 4').toBe(true);
    const lines = composeText.split('\n');
    const at = lines.findIndex((line) => /^\s+NUM_HISTORY_SHARDS:/.test(line));
    const comment = lines.slice(0, at).reverse();
    const above = comment
      .slice(
        0,
        comment.findIndex((line) => !/^\s+#/.test(line)),
      )
      .reverse()
      .join(' ');
    expect(above, 'the comment above NUM_HISTORY_SHARDS').toMatch(/first start/i);
  });

  it("uses nothing in healthchecks or setup that the next release's images remove", () => {
    // From 1.30 the server image holds temporal-server and busybox only (no `temporal`, no
    // `tctl`), and admin-tools has no psql and no bash.
    for (const [name, server] of withImage(/^temporalio\/server:/)) {
      expect(commandsOf(server), `${name} runs the temporal CLI`).not.toMatch(/(^|[\s'"/])(temporal|tctl)\s/);
    }
    for (const [name, tools] of withImage(/^temporalio\/admin-tools:/)) {
      const script = codeOf(scriptOf(tools));
      expect(`${commandsOf(tools)}\n${script}`, `${name} needs psql`).not.toMatch(/\b(psql|pg_isready)\b/);
      expect(`${commandsOf(tools)}\n${script}`, `${name} needs bash`).not.toMatch(/\bbash\b/);
    }
    for (const [name, other] of Object.entries(services).filter(([, { image }]) => !image?.startsWith('postgres:'))) {
      expect(commandsOf(other), `${name} needs psql`).not.toMatch(/\b(psql|pg_isready)\b/);
    }
  });
});

describe('docker-compose.yml: the S3 server', () => {
  const { stages } = parseDockerfile(read('Dockerfile'));

  it('is versitygw, built from its Go module in the Dockerfile at the version dev/ uses', () => {
    for (const name of ['s3', 's3-setup'])
      expect(service(name).build?.target, `${name} build target`).toBe('s3-server');
    const build = stages.get('s3-server')!.copiesFrom.find((copy) => copy.target === '/usr/local/bin/versitygw');
    expect(build, 'versitygw copied from a build stage').toBeDefined();
    const install = stages.get(build!.stage)!.runs.join(' ');
    expect(install).toMatch(/\bgo install\b.*github\.com\/versity\/versitygw\/cmd\/versitygw@/);
    expect(/^ARG VERSITYGW_VERSION=(\S+)$/m.exec(read('Dockerfile'))?.[1]).toBe(S3_SERVER.version);
    expect(stages.get('s3-server')!.user, 'versitygw runs as root').not.toMatch(/^(root|0)(:|$)/);
  });

  it('gives the API and the worker a least-privilege account, never the root keys', () => {
    const rootSecrets = ['s3_root_access_key', 's3_root_secret_key'];
    for (const name of ['api', 'worker']) {
      expect(service(name).secrets ?? [], `${name} secrets`).not.toEqual(expect.arrayContaining([rootSecrets[0]]));
      expect(service(name).secrets ?? []).not.toEqual(expect.arrayContaining([rootSecrets[1]]));
      expect(environmentOf(service(name)).S3_ACCESS_KEY_FILE).toBe('/run/secrets/s3_access_key');
    }
    expect(service('s3').secrets).toEqual(rootSecrets);
    const setup = scriptOf(service('s3-setup'));
    expect(setup).toMatch(/create-user\b.*--role user\b/);
    expect(setup).toMatch(/create-bucket\b.*--owner\b/);
    expect(setup).toMatch(/change-bucket-owner\b/);
    expect(setup).toContain('must not be the root account');
  });
});

describe('docker-compose.yml: secrets', () => {
  const secretNames = Object.keys(declaredSecrets);

  it('come from files in ./secrets, which git and the image build leave out', () => {
    expect(secretNames.length).toBeGreaterThan(0);
    for (const [name, { file }] of Object.entries(declaredSecrets)) {
      expect(file, `secret ${name}`).toMatch(/^\.\/secrets\/[\w-]+$/);
      // The header tells the operator how to write each file.
      expect(composeText, `the header explains ${file}`).toContain(`> ${file!.replace('./secrets/', '')}`);
    }
    expect(read('.gitignore').split('\n')).toContain('secrets/');
    expect(read('.dockerignore').split('\n')).toContain('secrets');
  });

  it('are declared when used and used when declared', () => {
    const used = new Set(Object.values(services).flatMap((target) => target.secrets ?? []));
    expect([...used].sort()).toEqual([...secretNames].sort());
  });

  it('reach no container as a plain variable: only *_FILE paths of secrets it mounts', () => {
    for (const [name, target] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(environmentOf(target))) {
        if (!/PASSWORD|PWD|SECRET|ACCESS_KEY|TOKEN/.test(variable)) continue;
        expect(variable, `${name} ${variable}`).toMatch(/_FILE$/);
        const secret = /^\/run\/secrets\/(\w+)$/.exec(value)?.[1];
        expect(target.secrets ?? [], `${name} ${variable}=${value}`).toContain(secret);
      }
      // A wrapper that reads a secret reads one the service mounts.
      for (const [, secret] of commandsOf(target).matchAll(/\/run\/secrets\/(\w+)/g)) {
        expect(target.secrets ?? [], `${name} reads /run/secrets/${secret}`).toContain(secret);
      }
    }
  });
});

describe('docker-compose.yml: the worker', () => {
  it('is healthy only once it polls: the healthcheck asks its /readyz', () => {
    const worker = service('worker');
    expect(workerEnv.WORKER_HEALTH_PORT).toMatch(/^\d+$/);
    expect(JSON.stringify(worker.healthcheck?.test)).toContain("process.env.WORKER_HEALTH_PORT + '/readyz'");
    expect(JSON.stringify(worker.healthcheck?.test)).not.toContain('/metrics');
  });
});

describe('Dockerfile', () => {
  const { stages, copied, args } = parseDockerfile(read('Dockerfile'));

  it('has the targets the compose file builds, the services running as node', () => {
    for (const [name, { build }] of Object.entries(services)) {
      if (!build) continue;
      expect(stages.get(build.target!), `stage ${build.target} for ${name}`).toBeDefined();
    }
    for (const name of ['api', 'worker']) expect(stages.get(service(name).build!.target!)!.user).toBe('node');
  });

  it('runs the services on Node 24, the current LTS', () => {
    expect(args.NODE_IMAGE).toMatch(/^node:24[.-]/);
    for (const name of ['dependencies', 'source']) expect(stages.get(name)!.from).toBe('${NODE_IMAGE}');
  });

  it('builds the workflow bundle at image build time, and the worker image loads it', () => {
    const worker = stages.get(service('worker').build!.target!)!;
    const bundlePath = worker.env.WORKER_WORKFLOW_BUNDLE_PATH;
    expect(bundlePath, 'WORKER_WORKFLOW_BUNDLE_PATH in the worker image').toBeDefined();
    const copy = worker.copiesFrom.find((entry) => entry.target === bundlePath);
    expect(copy, `the worker image copies ${bundlePath}`).toBeDefined();
    const builder = stages.get(copy!.stage)!;
    expect(builder.runs).toContain(`node --import tsx services/worker/build-workflow-bundle.ts ${copy!.source}`);
    expect(existsSync(join(ROOT, 'services/worker/build-workflow-bundle.ts'))).toBe(true);
    expect(stages.get('api')!.env.WORKER_WORKFLOW_BUNDLE_PATH).toBeUndefined();
  });

  it.for([
    ['api', 'services/api/server.ts'],
    ['worker', 'services/worker/worker.ts'],
  ] as const)('starts the %s from %s, which exists', ([name, entry]) => {
    const cmd = stages.get(service(name).build!.target!)!.cmd;
    expect(cmd).toEqual(['node', '--import', 'tsx', entry]);
    expect(existsSync(join(ROOT, entry)), `${entry} exists`).toBe(true);
  });

  it('copies every folder the services import, and .dockerignore keeps them', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'));
    for (const path of copied) {
      expect(existsSync(join(ROOT, path)), `COPY ${path}`).toBe(true);
      expect(ignored, `.dockerignore drops ${path}`).not.toContain(path);
    }
    const folders = copied.filter((path) => statSync(join(ROOT, path)).isDirectory());
    for (const file of folders.flatMap((folder) => typeScriptFiles(join(ROOT, folder)))) {
      for (const [, specifier] of read(relative(ROOT, file)).matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
        const top = relative(ROOT, resolve(dirname(file), specifier!)).split(sep)[0]!;
        expect(copied, `${relative(ROOT, file)} imports ${specifier}, which the image lacks`).toContain(top);
      }
    }
  });
});

/** The text of the script a service runs from a mounted folder. */
function scriptOf(target: Service): string {
  const script = commandsOf(target)
    .split(/\s+/)
    .find((part) => part.endsWith('.sh'));
  expect(script, 'the service runs a script').toBeDefined();
  const mount = target
    .volumes!.map((volume) => volume.split(':'))
    .find(([, mounted]) => script!.startsWith(`${mounted}/`));
  expect(mount, `a volume provides ${script}`).toBeDefined();
  return read(join(mount![0]!, script!.slice(mount![1]!.length)));
}

/** A shell script without its comment lines (which may well name the tools it avoids). */
function codeOf(script: string): string {
  return script
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
