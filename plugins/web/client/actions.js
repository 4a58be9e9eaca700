// Like, share, follow and join without leaving the page: the forms post as
// usual, this sends them with fetch (Accept: application/json) and updates
// the button. Any failure falls back to the normal form submission.
/* global document, HTMLFormElement */

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.action) return;
  event.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    });
    if (!res.ok) throw new Error(String(res.status));
    const result = await res.json();
    form.querySelector('[name=on]').value = result.on ? '0' : '1';
    button.setAttribute('aria-pressed', result.on ? 'true' : 'false');
    const label = button.querySelector('[data-label]') || button;
    if (button.dataset.on && button.dataset.off) label.textContent = result.on ? button.dataset.on : button.dataset.off;
    const count = button.querySelector('[data-count]');
    if (count && typeof result.count === 'number') count.textContent = String(result.count);
    button.disabled = false;
  } catch {
    form.submit();
  }
});
