// Live preview of the brand colours on /admin/branding: as an admin picks
// a colour, the preview box's CSS custom properties follow (the page shows
// the saved theme until the form is saved).
/* global document, HTMLInputElement */

const preview = document.getElementById('brand-preview');
const hex = (v) => /^#[0-9a-f]{6}$/i.test(v);
const luminance = (v) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(v.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const readableOn = (v) => {
  const l = luminance(v);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111111';
};
const VARS = { primary: ['--brand', '--brand-text'], accent: ['--accent'], background: ['--bg'] };

document.addEventListener('input', (event) => {
  const field = event.target;
  if (!preview || !(field instanceof HTMLInputElement) || !field.dataset.previewVar || !hex(field.value)) return;
  for (const name of VARS[field.dataset.previewVar] ?? []) preview.style.setProperty(name, field.value);
  if (field.dataset.previewVar === 'primary') preview.style.setProperty('--on-brand', readableOn(field.value));
  if (field.dataset.previewVar === 'background') preview.style.setProperty('--text', readableOn(field.value));
});
