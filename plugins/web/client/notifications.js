// Live notifications: subscribes to `notificationAdded` over SSE (GET
// /graphql, the session cookie says who), fetches each new notification
// rendered by the server (/notifications/item/<id>) and puts it on top of
// the list; the header badge counts it. Without JavaScript a reload does.
/* global document, EventSource, DOMParser, CSS */

const list = document.querySelector('[data-notifications][data-stream]');
const status = document.querySelector('[data-notifications-status]');

function bumpBadge() {
  const link = document.querySelector('.site-header a[href="/notifications"]');
  if (!link) return;
  let badge = link.querySelector('[data-badge]');
  if (!badge) {
    badge = document.createElement('span');
    badge.className = 'nav-badge';
    badge.setAttribute('aria-hidden', 'true');
    badge.dataset.badge = '';
    badge.textContent = '0';
    link.append(' ', badge);
  }
  const n = Number.parseInt(badge.textContent, 10) || 0;
  badge.textContent = n >= 99 ? '99+' : String(n + 1);
}

async function add(id) {
  if (list.querySelector(`[data-id="${CSS.escape(id)}"]`)) return;
  const res = await fetch(`/notifications/item/${encodeURIComponent(id)}`, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
  if (!res.ok) return;
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const item = doc.querySelector('.notification-list > li');
  if (!item) return;
  list.prepend(document.importNode(item, true));
  document.querySelector('[data-notifications-empty]')?.remove();
  bumpBadge();
  if (status) status.textContent = item.textContent.replace(/\s+/g, ' ').trim();
}

if (list && 'EventSource' in globalThis) {
  const source = new EventSource(list.dataset.stream, { withCredentials: true });
  source.addEventListener('next', (event) => {
    try {
      const id = JSON.parse(event.data)?.data?.notificationAdded?.id;
      if (id) void add(id);
    } catch {
      // A malformed event is skipped; the next one still arrives.
    }
  });
  // A dropped connection (a restart) is retried by EventSource itself; a stream the server
  // completes (signed out, an error) is not reopened.
  source.addEventListener('complete', () => source.close());
}
