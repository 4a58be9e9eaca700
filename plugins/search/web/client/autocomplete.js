// Autocomplete for the search box: as the person types, ask the
// `autocomplete` GraphQL query and show the suggestions as an ARIA 1.2
// combobox with a listbox (arrow keys move, Enter picks, Escape closes).
// Without JavaScript the box is a plain search field of a GET form.
/* global document */

const QUERY = 'query($p: String!) { autocomplete(prefix: $p, first: 8) { kind text } }';

for (const box of document.querySelectorAll('[data-autocomplete]')) {
  const input = box.querySelector('input[type=search]');
  const list = box.querySelector('[role=listbox]');
  if (!input || !list) continue;
  const form = input.form;
  const kinds = JSON.parse(box.dataset.kinds || '{}');
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  box.append(status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  let options = [];
  let active = -1;
  let asked = 0;
  let timer = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    options.forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const choose = (i) => {
    input.value = options[i].dataset.value;
    close();
    if (form && form.requestSubmit) form.requestSubmit();
    else if (form) form.submit();
  };
  const show = (suggestions) => {
    list.textContent = '';
    options = suggestions.map((s, i) => {
      const li = document.createElement('li');
      li.id = `${list.id}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.value = s.text;
      const text = document.createElement('span');
      text.textContent = s.text;
      const kind = document.createElement('small');
      kind.textContent = kinds[s.kind] || '';
      li.append(text, ' ', kind);
      li.addEventListener('mousedown', (e) => e.preventDefault());
      li.addEventListener('click', () => choose(i));
      list.append(li);
      return li;
    });
    active = -1;
    if (options.length) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    } else close();
    status.textContent = options.length ? (box.dataset.count || '{n}').replace('{n}', String(options.length)) : '';
  };
  const ask = async () => {
    const prefix = input.value.trim();
    const mine = ++asked;
    if (!prefix || prefix.length > 100) return show([]);
    try {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ query: QUERY, variables: { p: prefix } }),
      });
      const body = await res.json();
      // A newer keystroke already asked again: this answer is stale.
      if (mine === asked) show((body.data && body.data.autocomplete) || []);
    } catch {
      if (mine === asked) show([]);
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!options.length) return;
      e.preventDefault();
      if (list.hidden) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // -1 is the text box itself: past the last option the focus returns to it.
      let next = active + step;
      if (next >= options.length) next = -1;
      else if (next < -1) next = options.length - 1;
      highlight(next);
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}
