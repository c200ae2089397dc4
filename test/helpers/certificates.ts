import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM files of one private CA, a server certificate and a client certificate it signed. */
export interface TestCertificates {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * Makes a CA and two certificates it signs with openssl, in `dir`: the server's for `localhost`
 * and 127.0.0.1 (serverAuth), the client's for `clientName` (clientAuth). Valid for a day:
 * made per run, never committed.
 */
export async function makeCertificates(
  dir: string,
  name: string,
  clientName = 'operations-client',
): Promise<TestCertificates> {
  const paths = certificatePaths(dir, name);
  await openssl([
    'req',
    '-x509',
    ...newKey(paths.caKey),
    '-out',
    paths.caCert,
    '-days',
    '1',
    '-subj',
    `/CN=${name} test CA`,
  ]);
  await signed(paths, paths.serverCert, paths.serverKey, 'localhost', [
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    'extendedKeyUsage=serverAuth',
  ]);
  await signed(paths, paths.clientCert, paths.clientKey, clientName, ['extendedKeyUsage=clientAuth']);
  return paths;
}

/** Where `makeCertificates(dir, name)` puts its files. */
export function certificatePaths(dir: string, name: string): TestCertificates {
  const file = (suffix: string) => join(dir, `${name}-${suffix}`);
  return {
    caCert: file('ca.crt'),
    caKey: file('ca.key'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    clientCert: file('client.crt'),
    clientKey: file('client.key'),
  };
}

async function signed(ca: TestCertificates, cert: string, key: string, commonName: string, extensions: string[]) {
  const request = `${cert}.csr`;
  const extfile = `${cert}.ext`;
  await writeFile(extfile, `${extensions.join('\n')}\n`);
  await openssl(['req', '-new', ...newKey(key), '-out', request, '-subj', `/CN=${commonName}`]);
  await openssl(
    ['x509', '-req', '-in', request, '-CA', ca.caCert, '-CAkey', ca.caKey, '-CAcreateserial'].concat([
      '-out',
      cert,
      '-days',
      '1',
      '-extfile',
      extfile,
    ]),
  );
}

function newKey(keyPath: string): string[] {
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath];
}

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args);
}
