const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `Content-Disposition: attachment` for a stored file name (RFC 6266): a plain ASCII
 * `filename` for old clients and the exact name as RFC 8187 (ex-5987) `filename*`. Whatever
 * the name holds (quotes, backslashes, control characters, non-ASCII), the header stays one
 * well-formed line.
 */
export function attachmentDisposition(name: string): string {
  const wellFormed = name.replace(LONE_SURROGATE, '\uFFFD');
  return `attachment; filename="${asciiFallback(wellFormed)}"; filename*=UTF-8''${encodeExtValue(wellFormed)}`;
}

/** Printable ASCII only, accents dropped (é → e), and none of `"`, `\` or `%` (some browsers decode %XX here). */
function asciiFallback(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_')
    .trim();
  return /[^_.\s]/.test(ascii) ? ascii : `file${extensionOf(ascii)}`;
}

function extensionOf(name: string): string {
  return /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? '';
}

/** Percent-encodes everything outside RFC 8187's attr-char set. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
