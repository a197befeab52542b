/** localStorage, JSON-encoded, degrading to nothing when it is unavailable (e.g. some private modes). */

export const KEYS = {
  nick: 'switchboard.nick',
  rooms: 'switchboard.rooms',
  current: 'switchboard.currentRoom',
  ownIds: 'switchboard.ownClientIds',
  transport: 'switchboard.transport',
};

export const store = {
  get(key, fallback) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* storage full or disabled: the page still works for this visit */
    }
  },
};
