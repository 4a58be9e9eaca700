// Infinite scroll for note grids: when the "more" link comes into view,
// fetch the page it points to, append that page's grid and take its "more"
// link. Without JavaScript (or on error) the link is a plain next page.
/* global document, window, IntersectionObserver, DOMParser, history */

for (const feed of document.querySelectorAll('[data-feed]')) {
  let busy = false;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  feed.append(status);

  const load = async (link) => {
    if (busy) return;
    busy = true;
    status.textContent = link.dataset.loading || '';
    link.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(link.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const next = doc.querySelector('[data-feed]');
      const grid = next && next.querySelector('.grid');
      const pager = link.closest('.pager');
      if (grid) pager.before(document.importNode(grid, true));
      const nextLink = next && next.querySelector('[data-more]');
      observer.unobserve(link);
      if (nextLink) {
        link.href = nextLink.href;
        link.removeAttribute('aria-busy');
        observer.observe(link);
      } else {
        pager.textContent = link.dataset.end || '';
      }
      status.textContent = '';
      history.replaceState(history.state, '', window.location.href);
    } catch {
      // Leave the plain link in place: a click still works.
      link.removeAttribute('aria-busy');
      observer.unobserve(link);
    } finally {
      busy = false;
    }
  };

  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) load(e.target);
  }, { rootMargin: '800px 0px' });
  const more = feed.querySelector('[data-more]');
  if (more) observer.observe(more);
}
