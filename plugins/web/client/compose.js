// Compose island: picked images go to /media at once and become preview
// rows (hidden media id, alt text, cover choice) that can be moved and
// removed; block fieldsets get an "add a row" button. Without it the form
// still posts its files, and the server uploads them.
/* global document */

const form = document.querySelector('[data-compose]');
const list = form && form.querySelector('[data-thumbs]');
const picker = form && form.querySelector('[data-upload]');
const status = form && form.querySelector('[data-upload-status]');
const template = form && form.querySelector('[data-thumb-template]');

function wire(li) {
  li.querySelector('[data-nojs]')?.remove();
  li.querySelector('[data-tools]').hidden = false;
}

function renumber() {
  list.querySelectorAll('[data-thumb]').forEach((li, i) => {
    const alt = li.querySelector('[name=imageAlt]');
    alt.id = 'alt-' + i;
    alt.previousElementSibling.htmlFor = alt.id;
  });
  // A cover always: the first image unless another is picked.
  if (!list.querySelector('[name=cover]:checked')) list.querySelector('[name=cover]')?.click();
}

async function upload(file) {
  const body = new FormData();
  body.append('file', file);
  const res = await fetch('/media', { method: 'POST', body, credentials: 'same-origin' });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error?.message || String(res.status));
  const li = template.content.firstElementChild.cloneNode(true);
  const small = json.variants.find((v) => v.name === 'small');
  li.querySelector('img').src = (small || json).url;
  li.querySelector('[name=image]').value = json.id;
  li.querySelector('[name=cover]').value = json.id;
  wire(li);
  list.append(li);
}

if (list && picker && template) {
  list.querySelectorAll('[data-thumb]').forEach(wire);
  picker.addEventListener('change', async () => {
    const files = [...picker.files];
    status.textContent = status.dataset.uploading;
    try {
      for (const file of files) await upload(file);
      status.textContent = '';
    } catch (err) {
      status.textContent = err.message;
      status.setAttribute('role', 'alert');
    }
    // The files are stored; the form must not send them again.
    picker.value = '';
    renumber();
  });
  list.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    const li = button && button.closest('[data-thumb]');
    if (!li) return;
    if (button.hasAttribute('data-remove')) li.remove();
    else {
      const other = button.dataset.move === '-1' ? li.previousElementSibling : li.nextElementSibling;
      if (other && button.dataset.move === '-1') other.before(li);
      else if (other) other.after(li);
      button.focus();
    }
    renumber();
  });
}

form?.querySelectorAll('[data-add-row]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => {
    const rows = button.previousElementSibling;
    const last = rows.lastElementChild;
    const row = last.cloneNode(true);
    const n = rows.children.length;
    row.querySelectorAll('input,textarea,label').forEach((el) => {
      if (el.id) el.id = el.id.replace(/-\d+$/, '-' + n);
      if (el.htmlFor) el.htmlFor = el.htmlFor.replace(/-\d+$/, '-' + n);
      if (el.value !== undefined && el.tagName !== 'LABEL') el.value = '';
    });
    rows.append(row);
    row.querySelector('input:not([type=hidden]),textarea').focus();
  });
});
