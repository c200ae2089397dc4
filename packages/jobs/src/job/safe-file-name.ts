import { basename } from 'node:path';

const MAX_NAME_LENGTH = 200;

/** Bidirectional overrides and isolates: they make `invoice\u202Efdp.exe` read as `invoiceexe.pdf`. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file name safe to keep and to show: no path, no control or bidi control characters, no
 * quotes or backslashes, never empty. Non-ASCII letters stay (downloads encode them per RFC 5987).
 */
export function safeFileName(name: string): string {
  const base = basename(String(name).replace(/\\/g, '/'));
  const cleaned = base
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*:<>?|/]/g, '_')
    .replace(/^\.+/, '_')
    .trim()
    .slice(0, MAX_NAME_LENGTH);
  return /[^_.\s]/.test(cleaned) ? cleaned : 'file';
}
