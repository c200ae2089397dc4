import { isIP, connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import type { TemporalConnectionConfig } from './temporal-connection-config';

const HTTP2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

/** A server that rejects our certificate says so right after the handshake (TLS 1.3): wait this long for it. */
const POST_HANDSHAKE_MS = 300;

/**
 * Why the transport to Temporal fails, in one line naming the variable to fix, or undefined when
 * TCP and TLS both succeed. gRPC reports every transport fault as a bare deadline, so this
 * repeats the TCP connect and the TLS handshake with the same settings to learn the cause.
 */
export async function transportProblem(
  config: TemporalConnectionConfig,
  timeoutMs: number,
): Promise<string | undefined> {
  const { address, connectionOptions } = config;
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(separator + 1));
  const tls = connectionOptions.tls;
  let socket: Socket | undefined;
  try {
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(`no answer from ${address} within ${timeoutMs} ms`), timeoutMs);
      const done = (problem: string | undefined) => {
        clearTimeout(timer);
        resolve(problem);
      };
      if (!tls) {
        const tcp = connectTcp({ host, port }, () => {
          // A TLS server answers the HTTP/2 preface with a TLS record (alert 0x15 or handshake 0x16).
          tcp.write(HTTP2_PREFACE);
          setTimeout(() => done(undefined), POST_HANDSHAKE_MS).unref();
        });
        socket = tcp;
        const wantsTls = `${address} speaks TLS and this service does not: set TEMPORAL_TLS=true (and the TEMPORAL_TLS_* files it needs)`;
        tcp.on('data', (data: Buffer) =>
          done(data[0] === 0x15 || data[0] === 0x16 || /HTTPS server/.test(data.toString()) ? wantsTls : undefined),
        );
        // A gRPC server answers the preface with its SETTINGS; a TLS server drops it unanswered.
        tcp.on('end', () =>
          done(`${address} closed the connection unanswered: if it wants TLS, set TEMPORAL_TLS=true`),
        );
        tcp.on('error', (error) => done(tcpProblem(error, address)));
        return;
      }
      const options: ConnectionOptions = { host, port, ALPNProtocols: ['h2'] };
      if (typeof tls === 'object') {
        if (tls.serverRootCACertificate) options.ca = Buffer.from(tls.serverRootCACertificate);
        if (tls.clientCertPair) {
          options.cert = Buffer.from(tls.clientCertPair.crt);
          options.key = Buffer.from(tls.clientCertPair.key);
        }
        if (tls.serverNameOverride) options.servername = tls.serverNameOverride;
      }
      // SNI must not be an IP address (RFC 6066); certificate checks still use the host.
      if (!options.servername && isIP(host) === 0) options.servername = host;
      const tlsSocket = connectTls(options, () => {
        // Speak first and read, so that a rejection of our certificate (sent after a TLS 1.3 handshake) arrives.
        tlsSocket.write(HTTP2_PREFACE);
        tlsSocket.resume();
        setTimeout(() => done(undefined), POST_HANDSHAKE_MS).unref();
      });
      socket = tlsSocket;
      tlsSocket.on('error', (error) => done(tlsProblem(error, address)));
      // Some servers (Node's) drop a client certificate they do not trust without an alert.
      tlsSocket.on('close', () =>
        done(
          tlsSocket.authorized
            ? `${address} ended the connection after the TLS handshake: it wants a client certificate it trusts in TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH`
            : undefined,
        ),
      );
    });
  } finally {
    socket?.destroy();
  }
}

function tcpProblem(error: NodeJS.ErrnoException, address: string): string {
  if (error.code === 'ECONNREFUSED') return `nothing listens at TEMPORAL_ADDRESS=${address} (connection refused)`;
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return `the host of TEMPORAL_ADDRESS=${address} does not resolve`;
  }
  return `cannot reach TEMPORAL_ADDRESS=${address}: ${error.code ?? error.message}`;
}

const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

function tlsProblem(error: NodeJS.ErrnoException, address: string): string {
  const code = error.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return tcpProblem(error, address);
  if (UNTRUSTED_CODES.has(code)) {
    return `the TLS certificate of ${address} is not signed by a CA this service trusts (${code}): set TEMPORAL_TLS_SERVER_CA_CERT_PATH to its CA`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `the TLS certificate of ${address} has expired`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the TLS certificate of ${address} is not issued for that host: set TEMPORAL_TLS_SERVER_NAME to a name it holds`;
  }
  if (/wrong version number|packet length too long|ECONNRESET/i.test(`${code} ${error.message}`)) {
    return `${address} does not answer TLS (TEMPORAL_TLS is on): is the server plain gRPC?`;
  }
  if (
    /alert (certificate required|bad certificate|unknown ca|certificate unknown|handshake failure)/i.test(error.message)
  ) {
    const reason = /alert ([a-z ]+)/i.exec(error.message)?.[1] ?? 'refused';
    return `${address} refused the TLS handshake (${reason}): it wants a client certificate it trusts in TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH`;
  }
  return `the TLS handshake with ${address} failed: ${code || error.message}`;
}
