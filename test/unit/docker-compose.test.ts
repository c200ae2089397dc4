/**
 * No Docker engine runs here, so this reads docker-compose.yml and the Dockerfile and checks that
 * they agree with the code: services, ports, environment variables, search attributes, entry files.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { API_ENV_VARIABLES, loadApiConfig } from '../../services/api/config';
import { WORKER_ENV_VARIABLES, loadWorkerConfig } from '../../services/worker/config';
import { OPERATION_SEARCH_ATTRIBUTES } from '../../workflows/definitions';
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

/** What an operator puts in .env: the secrets the compose file refuses to start without. */
const OPERATOR_ENV = {
  POSTGRES_PASSWORD: 'postgres-password',
  S3_ACCESS_KEY: 'operations',
  S3_SECRET_KEY: 'minio-secret-key',
  AUTH_JWT_SECRET: 'a-secret-of-at-least-thirty-two-chars',
};

const raw = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const compose = interpolateAll(raw, OPERATOR_ENV);
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const apiEnv = environmentOf(service('api'));
const workerEnv = environmentOf(service('worker'));

describe('docker-compose.yml', () => {
  it('has the services of the production-like stack', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'minio', 'api', 'worker']) {
      expect(services, `service ${name}`).toHaveProperty(name);
    }
  });

  it('refuses to start without the secrets, naming each one', () => {
    const missing: string[] = [];
    for (const name of Object.keys(OPERATOR_ENV)) {
      const { [name as keyof typeof OPERATOR_ENV]: _left, ...others } = OPERATOR_ENV;
      try {
        interpolateAll(raw, others);
      } catch (error) {
        if (String(error).includes(name)) continue;
      }
      missing.push(name);
    }
    expect(missing, 'secrets that have a default or are not required').toEqual([]);
  });

  it('gives the API a complete, valid configuration from the environment it sets', () => {
    expect(() => loadApiConfig(apiEnv)).not.toThrow();
    const config = loadApiConfig(apiEnv);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.AUTH_JWT_SECRET).toBe(OPERATOR_ENV.AUTH_JWT_SECRET);
  });

  it('gives the worker a complete, valid configuration from the environment it sets', () => {
    expect(() => loadWorkerConfig(workerEnv)).not.toThrow();
  });

  it('sets only variables the services read', () => {
    expect(Object.keys(apiEnv).filter((name) => !API_ENV_VARIABLES.includes(name))).toEqual([]);
    expect(Object.keys(workerEnv).filter((name) => !WORKER_ENV_VARIABLES.includes(name))).toEqual([]);
  });

  it('passes tunables through with the same defaults as the code', () => {
    const api = loadApiConfig(OPERATOR_ENV);
    const defaults: Record<string, unknown> = {
      ...loadWorkerConfig(OPERATOR_ENV),
      ...api,
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
    expect(clients.map(([name]) => name)).toEqual(expect.arrayContaining(['api', 'worker', 'temporal-ui']));
    const temporalPorts = containerPorts(service('temporal'));
    for (const [name, client] of clients) {
      const [host, port] = String(client.environment!.TEMPORAL_ADDRESS).split(':');
      expect(host, `${name} TEMPORAL_ADDRESS host`).toBe('temporal');
      expect(temporalPorts, `${name} TEMPORAL_ADDRESS port`).toContain(Number(port));
    }
  });

  it('points S3_ENDPOINT of the API and the worker at the minio service', () => {
    const minio = service('minio');
    expect(JSON.stringify(minio.command ?? ''), 'MinIO keeps its default :9000').not.toContain('--address');
    for (const env of [apiEnv, workerEnv]) {
      const url = new URL(env.S3_ENDPOINT!);
      expect(url.hostname).toBe('minio');
      expect(containerPorts(minio)).toContain(Number(url.port));
    }
  });

  it('uses one namespace and one bucket across the services', () => {
    expect(apiEnv.TEMPORAL_NAMESPACE).toBe(workerEnv.TEMPORAL_NAMESPACE);
    expect(environmentOf(service('temporal-setup')).TEMPORAL_NAMESPACE).toBe(apiEnv.TEMPORAL_NAMESPACE);
    expect(apiEnv.TEMPORAL_TASK_QUEUE).toBe(workerEnv.TEMPORAL_TASK_QUEUE);
    expect(apiEnv.S3_BUCKET).toBe(workerEnv.S3_BUCKET);
    expect(environmentOf(service('minio-setup')).S3_BUCKET).toBe(apiEnv.S3_BUCKET);
    const minio = environmentOf(service('minio'));
    expect([minio.MINIO_ROOT_USER, minio.MINIO_ROOT_PASSWORD]).toEqual([apiEnv.S3_ACCESS_KEY, apiEnv.S3_SECRET_KEY]);
  });

  it('publishes the API on the port it listens on', () => {
    expect(containerPorts(service('api'))).toEqual([loadApiConfig(apiEnv).PORT]);
  });

  it('lets the worker scale: no container name, no host port, time to finish jobs on stop', () => {
    const worker = service('worker');
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    expect(service('api').container_name).toBeUndefined();
    const grace = loadWorkerConfig(workerEnv).WORKER_SHUTDOWN_GRACE_MS;
    expect(durationMs(worker.stop_grace_period ?? '10s')).toBeGreaterThan(grace);
  });

  it('registers exactly the search attributes of workflows/definitions.ts', () => {
    const setup = service('temporal-setup');
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
    expect(script).toContain('operator search-attribute create');
    expect(script).toContain('OPERATION_SEARCH_ATTRIBUTES');
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
      expect(Object.keys(service(name).depends_on ?? {}).sort()).toEqual(['minio-setup', 'temporal-setup']);
    }
    for (const name of ['postgresql', 'temporal', 'minio', 'api', 'worker']) {
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

describe('Dockerfile', () => {
  const { stages, copied } = parseDockerfile(read('Dockerfile'));

  it('has the targets the compose file builds, running as node', () => {
    for (const name of ['api', 'worker']) {
      const target = service(name).build?.target;
      expect(target, `${name} build target`).toBeDefined();
      expect(stages.get(target!), `stage ${target}`).toBeDefined();
      expect(stages.get(target!)!.user).toBe('node');
    }
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

/** The text of the script a one-shot service runs from a mounted folder. */
function scriptOf(oneShot: Service): string {
  const entrypoint = [oneShot.entrypoint ?? []].flat();
  const script = entrypoint.find((part) => part.endsWith('.sh'));
  expect(script, 'entrypoint runs a script').toBeDefined();
  const mount = oneShot
    .volumes!.map((volume) => volume.split(':'))
    .find(([, target]) => script!.startsWith(`${target}/`));
  expect(mount, `a volume provides ${script}`).toBeDefined();
  return read(join(mount![0]!, script!.slice(mount![1]!.length)));
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
