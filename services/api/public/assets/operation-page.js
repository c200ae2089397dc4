/**
 * The status page `/operations/{id}`: shows <operation-status> for the id in the path. A link
 * may carry a token in its fragment (`#token=…`, or a share link's `#share=…`; never sent to a
 * server, nor in a Referer); it is removed from the address bar at once and handed to the
 * element, which exchanges it for a session cookie. A share link's view is read-only.
 */
import { watchForFinish } from './finish-notice.js';
import { tabTitle } from './tab-title.js';

const element = document.querySelector('operation-status');
const match = /^\/operations\/([^/]+)\/?$/.exec(location.pathname);
let id = '';
try {
  id = match ? decodeURIComponent(match[1]) : '';
} catch {
  // A malformed path shows "Operation not found".
}
const fragment = new URLSearchParams(location.hash.slice(1));
const shareToken = fragment.get('share');
const token = shareToken ?? fragment.get('token');
if (location.hash) history.replaceState(null, '', location.pathname + location.search);
if (shareToken) element.setAttribute('read-only', '');
if (token) element.sessionToken = token;
element.setAttribute('operation-id', id);
element.addEventListener('operation-change', (event) => {
  document.title = tabTitle(event.detail);
});
// "Run again" watches the new operation in place: the address follows it.
element.addEventListener('operation-rerun', (event) => {
  history.pushState(null, '', `/operations/${encodeURIComponent(event.detail.id)}`);
});
watchForFinish(element, element.parentElement);
