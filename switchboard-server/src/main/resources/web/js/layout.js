/** Layout: the drawer on narrow screens and the members panel. */
import { WIDE_LAYOUT } from './constants.js';
import { ui } from './view.js';

export function openDrawer() {
  ui.app.classList.add('drawer-open');
  ui.scrim.hidden = false;
  ui.menuButton.setAttribute('aria-expanded', 'true');
}

export function closeDrawer() {
  ui.app.classList.remove('drawer-open');
  if (!ui.app.classList.contains('members-open')) ui.scrim.hidden = true;
  ui.menuButton.setAttribute('aria-expanded', 'false');
}

export function toggleMembers() {
  if (WIDE_LAYOUT.matches) {
    const collapsed = ui.app.classList.toggle('members-collapsed');
    ui.membersButton.setAttribute('aria-expanded', String(!collapsed));
  } else {
    const open = ui.app.classList.toggle('members-open');
    ui.scrim.hidden = !open && !ui.app.classList.contains('drawer-open');
    ui.membersButton.setAttribute('aria-expanded', String(open));
  }
}

/** The menu, drawer, members and scrim buttons, and Escape. */
export function wireLayout() {
  ui.menuButton.addEventListener('click', () => {
    if (ui.app.classList.contains('drawer-open')) closeDrawer();
    else openDrawer();
  });
  ui.drawerClose.addEventListener('click', closeDrawer);
  ui.membersButton.addEventListener('click', toggleMembers);
  ui.scrim.addEventListener('click', () => {
    ui.app.classList.remove('members-open');
    ui.membersButton.setAttribute('aria-expanded', 'false');
    closeDrawer();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !ui.nickDialog.open) {
      ui.app.classList.remove('members-open');
      closeDrawer();
    }
  });
}
