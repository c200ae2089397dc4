import { createPrivateKey, X509Certificate } from 'node:crypto';

/** What a TLS file must hold. */
export type PemKind = 'certificate' | 'private key';

/**
 * Why `bytes` is not a usable PEM `kind`, or undefined when it is. Parsed with Node's own
 * crypto, so a truncated or mislabelled file is caught here, not in the middle of a handshake.
 */
export function pemProblem(bytes: Uint8Array, kind: PemKind): string | undefined {
  const text = Buffer.from(bytes).toString('utf8');
  if (!text.includes('-----BEGIN ')) return `is not PEM (no -----BEGIN line)`;
  try {
    if (kind === 'certificate') new X509Certificate(text);
    else createPrivateKey(text);
    return undefined;
  } catch {
    return `does not hold a readable PEM ${kind}`;
  }
}
