/**
 * The page's token, when the server wants one (docs/security.md#authentication): taken from the
 * URL (`#token=…`, or `?token=…`) or the dialog's token field, kept in sessionStorage for this tab,
 * and sent on every transport (`?token=` on WebSocket and EventSource, which cannot set headers;
 * `Authorization: Bearer` on fetch; `auth.token` on Socket.IO). The URL form is removed from the
 * address bar at once, so it is not bookmarked, shared or sent on as a Referer.
 *
 * The claims shown (who you are) are read, not verified: the server verifies the token; the page
 * only displays what it says.
 */
const KEY = 'switchboard.token';

export const auth = {
  token: null,     // the JWT, or null: the server decides whether it needs one
  user: null,      // its sub: the name every message we send is stored from
  name: null,      // its display name
  expiresAt: null, // ms since the epoch
};

/** The claims of a JWT, unverified, or null when it is not one. */
function claims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const c = JSON.parse(new TextDecoder().decode(bytes));
    return c && typeof c === 'object' ? c : null;
  } catch (e) {
    return null;
  }
}

/** Uses `token` from now on (null forgets it); false when it is not a JWT with a sub. */
export function setToken(token) {
  const c = token ? claims(token.trim()) : null;
  if (token && (!c || typeof c.sub !== 'string')) return false;
  auth.token = c ? token.trim() : null;
  auth.user = c ? c.sub : null;
  auth.name = c ? (typeof c.name === 'string' && c.name ? c.name : c.sub) : null;
  auth.expiresAt = c && typeof c.exp === 'number' ? c.exp * 1000 : null;
  try {
    if (auth.token) window.sessionStorage.setItem(KEY, auth.token);
    else window.sessionStorage.removeItem(KEY);
  } catch (e) { /* no sessionStorage: this page load keeps it */ }
  return true;
}

/** What the welcome said: the server's word on who we are and until when. */
export function confirmed(ev) {
  if (typeof ev.user === 'string') auth.user = ev.user;
  if (typeof ev.name === 'string') auth.name = ev.name;
  if (typeof ev.expiresAt === 'number') auth.expiresAt = ev.expiresAt;
}

/** `url` with `token=` added when we have one. */
export function withToken(url) {
  if (!auth.token) return url;
  return url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(auth.token);
}

/** Reads the token from the URL (then removes it from the address bar) or this tab's storage. */
function boot() {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const query = new URLSearchParams(window.location.search);
  const fromUrl = hash.get('token') || query.get('token');
  if (fromUrl) {
    query.delete('token');
    hash.delete('token');
    const search = query.toString();
    const rest = hash.toString();
    window.history.replaceState(null, '',
      window.location.pathname + (search ? '?' + search : '') + (rest ? '#' + rest : ''));
    if (setToken(fromUrl)) return;
  }
  let stored = null;
  try { stored = window.sessionStorage.getItem(KEY); } catch (e) { stored = null; }
  if (stored) setToken(stored);
}

boot();
