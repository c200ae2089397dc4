import type { OperationAction } from '@temporal-operations/client';

/**
 * The attributes an action link may carry (names compared case-insensitively, kept lower-case).
 * Never `referrerpolicy`: the page's no-referrer policy must hold for every link it shows.
 */
const ALLOWED_ATTRIBUTES = /^(target|rel|title|download|hreflang|type|aria-[a-z-]+|data-[a-z0-9-]+)$/;

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const MAX_HREF_CHARS = 2048;

/**
 * Checks an action before a job saves it, so a link that could lead elsewhere than the job
 * meant never reaches a page: the href must be a path on this origin (`/…`, never `//host`)
 * or an absolute http(s) URL; no backslashes, spaces or control characters (browsers read
 * `/\evil.example` and `/\t/evil.example` as another host). Throws a TypeError saying why.
 */
export function checkedAction(label: string, href: string, attributes: Record<string, string>): OperationAction {
  const link = String(href);
  // eslint-disable-next-line no-control-regex
  if (link.length === 0 || link.length > MAX_HREF_CHARS || /[\\\u0000-\u0020\u007f]/.test(link)) {
    throw new TypeError(
      `An action link must be 1 to ${MAX_HREF_CHARS} characters without backslashes, spaces or control characters: ${JSON.stringify(link.slice(0, 100))}`,
    );
  }
  if (SCHEME.test(link) ? !isHttpUrl(link) : !link.startsWith('/') || link.startsWith('//')) {
    throw new TypeError(
      `An action link must be a path on this site ("/…") or an http(s) URL, got ${JSON.stringify(link.slice(0, 100))}`,
    );
  }
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const key = name.toLowerCase();
    if (!ALLOWED_ATTRIBUTES.test(key)) {
      throw new TypeError(`An action link may not carry the attribute ${JSON.stringify(name)}`);
    }
    checked[key] = String(value);
  }
  return { label: String(label), href: link, attributes: checked };
}

/** `http://host…` or `https://host…` as written (browsers would also read `http:/host` as a host). */
function isHttpUrl(link: string): boolean {
  if (!/^https?:\/\/[^/]/i.test(link)) return false;
  try {
    return new URL(link).host !== '';
  } catch {
    return false;
  }
}
