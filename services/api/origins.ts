/**
 * Parsing of the browser-facing origin lists (CORS_ORIGINS, FRAME_ANCESTORS). Each entry must
 * be an exact origin, the way a browser sends it in `Origin`: a wildcard, `null`, a path or a
 * host without a scheme would grant more than the operator meant, so they stop the process.
 */

/** `scheme://host[:port]` exactly as a browser writes it (lower case, no default port, no trailing slash), or null. */
export function exactOrigin(value: string): string | null {
  if (value.includes('*')) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin === value ? value : null;
}

const NOT_EXACT = 'is not an exact origin (scheme://host[:port]: no path, wildcard or null)';

export interface OriginList {
  origins: readonly string[];
  /** One message per bad entry, each naming the variable. */
  problems: string[];
}

/** CORS_ORIGINS: comma-separated exact origins; unset or empty allows none. */
export function parseCorsOrigins(name: string, raw: string | undefined): OriginList {
  const entries = (raw ?? '').split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') return { origins: [], problems: [] };
  const problems: string[] = [];
  for (const entry of entries) {
    if (exactOrigin(entry) === null)
      problems.push(`${name}=${JSON.stringify(raw)} is invalid: ${show(entry)} ${NOT_EXACT}`);
  }
  return { origins: problems.length > 0 ? [] : [...new Set(entries)], problems };
}

/** FRAME_ANCESTORS: space- or comma-separated `'self'`, `'none'` (alone) or exact origins; unset is `'self'`. */
export function parseFrameAncestors(name: string, raw: string | undefined): OriginList {
  const entries = (raw ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length === 0) return { origins: ["'self'"], problems: [] };
  const problems: string[] = [];
  if (entries.includes("'none'") && entries.length > 1) {
    problems.push(`${name}=${JSON.stringify(raw)} is invalid: 'none' cannot be combined with other sources`);
  }
  for (const entry of entries) {
    if (entry === "'self'" || entry === "'none'" || exactOrigin(entry) !== null) continue;
    problems.push(`${name}=${JSON.stringify(raw)} is invalid: ${show(entry)} ${NOT_EXACT}, 'self' or 'none'`);
  }
  return { origins: problems.length > 0 ? [] : [...new Set(entries)], problems };
}

function show(entry: string): string {
  return entry === '' ? 'an empty entry' : JSON.stringify(entry);
}
