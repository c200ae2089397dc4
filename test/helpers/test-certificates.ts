import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A private CA and a server certificate it signed, as PEM files in one folder. */
export interface TestCertificates {
  caCertPath: string;
  caCert: string;
  serverCertPath: string;
  serverKeyPath: string;
}

/**
 * Makes a throwaway CA and a certificate for 127.0.0.1 and localhost signed by it, with the
 * system's openssl, in `dir`. Nothing trusts this CA unless a client is given it.
 */
export function makeTestCertificates(dir: string, commonName = 'temporal-operations test'): TestCertificates {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${commonName} CA`,
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${commonName} server`,
    '-keyout',
    path('server.key'),
    '-out',
    path('server.csr'),
  );
  writeFileSync(path('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    path('server.ext'),
    '-out',
    path('server.pem'),
  );
  return {
    caCertPath: path('ca.pem'),
    caCert: readFileSync(path('ca.pem'), 'utf8'),
    serverCertPath: path('server.pem'),
    serverKeyPath: path('server.key'),
  };
}
