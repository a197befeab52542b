/** What every transport shares: the page's client id and the handshake allowance of Auto. */

/** How long Auto waits for a transport to prove itself before it falls back to the next. */
export const HANDSHAKE_MS = 4000;

// Names this tab to the server (`client=` on /ws and every HTTP request, `auth.client` on
// Socket.IO): all its sessions, on every transport and across reloads, are one member, a new
// nickname is a rename, and its clientIds are its own (docs/protocol.md). Kept in sessionStorage,
// so a reload keeps it and another tab gets its own; private: others see a digest of it.
export const PAGE_ID = (() => {
  const KEY = 'switchboard.client';
  const fresh = () => 'p-' + Array.from(window.crypto.getRandomValues(new Uint8Array(12)),
    (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    let id = window.sessionStorage.getItem(KEY);
    if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
      id = fresh();
      window.sessionStorage.setItem(KEY, id);
    }
    return id;
  } catch (e) {
    return fresh();  // no sessionStorage: this page load is the client
  }
})();
