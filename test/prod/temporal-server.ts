import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { LOOPBACK } from '../../dev/ports';
import { spawnManaged, type ManagedProcess } from '../../dev/processes';
import type { TestCertificates } from '../helpers/certificates';

const dynamicConfig = fileURLToPath(new URL('../../deploy/temporal/dynamicconfig/docker.yaml', import.meta.url));

/** The four services of one Temporal server process, each with a gRPC and a membership port. */
export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

export interface TemporalServerOptions {
  binary: string;
  dir: string;
  ports: TemporalPorts;
  postgres: { port: number; user: string };
  /** The frontend serves mutual TLS with these: clients need a certificate this CA signed. */
  certificates: TestCertificates;
}

export interface TemporalServer {
  address: string;
  process: ManagedProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * The server's configuration, as `config/development-postgres12.yaml` of the release lays it
 * out: PostgreSQL persistence and visibility, every service on loopback, and mutual TLS on the
 * frontend only (internode traffic stays on loopback). The system worker, which calls the
 * frontend for Schedules, presents the client certificate as every other client must.
 */
export function temporalServerConfig(options: Omit<TemporalServerOptions, 'binary' | 'dir'>) {
  const { ports, postgres, certificates } = options;
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${LOOPBACK}:${postgres.port}`,
      connectProtocol: 'tcp',
      user: postgres.user,
      password: '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: LOOPBACK, ...(httpPort ? { httpPort } : {}) },
  });
  const frontendClient = { serverName: 'localhost', rootCaFiles: [certificates.caCert] };
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      // Fixed for the life of a cluster; 4 is plenty for one test run (production sizes it up front).
      numHistoryShards: 4,
      datastores: { 'postgres-default': store('temporal', 20), 'postgres-visibility': store('temporal_visibility', 4) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: LOOPBACK },
      tls: {
        frontend: {
          server: {
            certFile: certificates.serverCert,
            keyFile: certificates.serverKey,
            clientCaFiles: [certificates.caCert],
            requireClientAuth: true,
          },
          client: frontendClient,
        },
        systemWorker: { certFile: certificates.clientCert, keyFile: certificates.clientKey, client: frontendClient },
      },
    },
    services: {
      frontend: rpc(ports.frontend, ports.frontendMembership, ports.frontendHttp),
      history: rpc(ports.history, ports.historyMembership),
      matching: rpc(ports.matching, ports.matchingMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `${LOOPBACK}:${ports.frontend}`,
          httpAddress: `${LOOPBACK}:${ports.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfig, pollInterval: '10s' },
  };
}

/** Writes the configuration and starts `temporal-server start` (all four services in one process). */
export async function startTemporalServer(options: TemporalServerOptions): Promise<TemporalServer> {
  const configDir = join(options.dir, 'config');
  await mkdir(configDir, { recursive: true });
  await writeFile(join(configDir, 'development.yaml'), stringify(temporalServerConfig(options)));
  const logFile = join(options.dir, 'temporal-server.log');
  const child = spawnManaged({
    name: 'Temporal server',
    command: options.binary,
    // No authorizer: mutual TLS is the access control of this test cluster.
    args: ['--root', options.dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
    env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: '1' },
    logFile,
  });
  return {
    address: `${LOOPBACK}:${options.ports.frontend}`,
    process: child,
    logFile,
    stop: () => child.stop(),
  };
}
