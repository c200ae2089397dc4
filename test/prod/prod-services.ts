import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { resolveBinary, S3_SERVER, TEMPORAL_CLI, TEMPORAL_SERVER, TEMPORAL_SQL_TOOL } from '../../dev/binaries';
import type { Log } from '../../dev/dev-services-error';
import { freePorts, LOOPBACK } from '../../dev/ports';
import { startS3Server } from '../../dev/s3-server';
import { certificatePaths } from '../helpers/certificates';
import type { TestServices } from '../helpers/test-services';
import { freeMembershipPorts } from './membership-ports';
import { startPostgres } from './postgres-server';
import { runDeployScript } from './run-deploy-script';
import { startTemporalServer, type TemporalPorts } from './temporal-server';

/** Namespace retention and file retention, from the one setting both read. */
export const PROD_OPERATION_RETENTION = '7d';

/**
 * Temporal's standard client variables for the run's server: mutual TLS with the run's client
 * certificate, trusting only the run's CA. The API, the worker, the CLI and the tests all use them.
 */
export function prodTemporalEnv(runDir: string, address: string): Record<string, string> {
  const certificates = certificatePaths(runDir, 'temporal');
  return {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TLS_CLIENT_CERT_PATH: certificates.clientCert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: certificates.clientKey,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: certificates.caCert,
    // The address is an IP; the certificate names localhost (and SNI cannot carry an IP).
    TEMPORAL_TLS_SERVER_NAME: 'localhost',
  };
}

export interface ProdServices {
  services: TestServices;
  stop(): Promise<void>;
}

/**
 * PostgreSQL, the Temporal server on it (schema and namespace set up by deploy/temporal/*.sh,
 * the frontend on mutual TLS) and versitygw on HTTPS, all on free loopback ports, with state
 * and logs under `runDir` (where run-prod-tests.ts made the certificates). Whatever started is
 * stopped again if a later step fails.
 */
export async function startProdServices(runDir: string, log: Log): Promise<ProdServices> {
  const binaries = {
    server: (await resolveBinary(TEMPORAL_SERVER, log)).path,
    sqlTool: (await resolveBinary(TEMPORAL_SQL_TOOL, log)).path,
    cli: (await resolveBinary(TEMPORAL_CLI, log)).path,
    s3: (await resolveBinary(S3_SERVER, log)).path,
  };
  const free = await freePorts(7);
  const membership = await freeMembershipPorts(4);
  const port = (index: number) => free[index] as number;
  const [postgresPort, s3Port] = [port(0), port(1)];
  const temporalPorts: TemporalPorts = {
    frontend: port(2),
    frontendHttp: port(3),
    history: port(4),
    matching: port(5),
    worker: port(6),
    frontendMembership: membership[0]!,
    historyMembership: membership[1]!,
    matchingMembership: membership[2]!,
    workerMembership: membership[3]!,
  };
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne();
  };
  try {
    log(`PostgreSQL on ${LOOPBACK}:${postgresPort}`);
    const postgres = await startPostgres(join(runDir, 'postgres'), postgresPort);
    stops.push(postgres.stop);
    await runDeployScript(
      'setup-postgres.sh',
      {
        POSTGRES_SEEDS: LOOPBACK,
        DB_PORT: String(postgres.port),
        POSTGRES_USER: postgres.user,
        SQL_PASSWORD: '',
        TEMPORAL_SQL_TOOL: binaries.sqlTool,
      },
      join(runDir, 'setup-postgres.log'),
      { process: postgres.process, logFile: postgres.logFile },
    );

    const server = await startTemporalServer({
      binary: binaries.server,
      dir: join(runDir, 'temporal'),
      ports: temporalPorts,
      postgres,
      certificates: certificatePaths(runDir, 'temporal'),
    });
    stops.push(server.stop);
    log(`Temporal server on ${server.address} (mutual TLS), log ${server.logFile}`);
    const temporalEnv = prodTemporalEnv(runDir, server.address);
    await runDeployScript(
      'register-search-attributes.sh',
      { ...temporalEnv, TEMPORAL_CLI: binaries.cli, OPERATION_RETENTION: PROD_OPERATION_RETENTION },
      join(runDir, 'register-search-attributes.log'),
      { process: server.process, logFile: server.logFile },
    );

    const s3Certificates = certificatePaths(runDir, 's3');
    const s3 = await startS3Server({
      binary: binaries.s3,
      port: s3Port,
      dir: join(runDir, 's3'),
      region: 'us-east-1',
      bucket: 'operations',
      accessKey: randomBytes(18).toString('base64url'),
      secretKey: randomBytes(18).toString('base64url'),
      logFile: join(runDir, 's3.log'),
      tls: { certFile: s3Certificates.serverCert, keyFile: s3Certificates.serverKey },
    });
    stops.push(s3.stop);
    return {
      services: {
        temporalAddress: server.address,
        namespace: 'default',
        temporalEnv,
        s3: {
          endpoint: s3.endpoint,
          region: s3.region,
          bucket: s3.bucket,
          accessKey: s3.accessKey,
          secretKey: s3.secretKey,
        },
        processIds: [postgres.process.pid, server.process.pid, s3.process.pid],
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
