/** Limits and timings of the chat page, in one place. */

export const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
// Control characters: C0, DEL and C1, refused by the server in nicknames.
export const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/;
export const DEFAULT_ROOM = 'lobby';
export const NICK_MAX = 32;
export const TEXT_MAX = 4000;
export const HISTORY_PAGE = 50;
export const CATCH_UP_PAGE = 500;
export const TYPING_IDLE_MS = 3000;
export const TYPING_REFRESH_MS = 2500;
export const TYPING_EXPIRE_MS = 5000;
export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 10000;
export const GROUP_WINDOW_MS = 5 * 60 * 1000;
export const NEAR_BOTTOM_PX = 80;
export const NEAR_TOP_PX = 120;
export const OWN_IDS_KEPT = 500;
export const WIDE_LAYOUT = window.matchMedia('(min-width: 1100px)');
export const NARROW_LAYOUT = window.matchMedia('(max-width: 760px)');
