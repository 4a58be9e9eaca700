// The note's image carousel: the list already swipes (CSS scroll snap);
// this adds previous/next buttons, arrow keys on the focused track and the
// "2 / 5" counter. Without JavaScript it stays a scrollable list.
/* global document */

for (const root of document.querySelectorAll('[data-carousel]')) {
  const track = root.querySelector('.carousel-track');
  const slides = [...track.children];
  if (slides.length < 2) continue;
  const counter = root.querySelector('[data-current]');
  let index = 0;

  const show = (i) => {
    index = Math.max(0, Math.min(slides.length - 1, i));
    track.scrollTo({ left: slides[index].offsetLeft - track.offsetLeft, behavior: 'smooth' });
    update();
  };
  const update = () => {
    if (counter) counter.textContent = String(index + 1);
    prev.disabled = index === 0;
    next.disabled = index === slides.length - 1;
    slides.forEach((s, n) => s.setAttribute('aria-hidden', n === index ? 'false' : 'true'));
  };
  const button = (cls, label, step) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.setAttribute('aria-label', label);
    b.textContent = step < 0 ? '‹' : '›';
    b.addEventListener('click', () => show(index + step));
    root.append(b);
    return b;
  };
  const prev = button('carousel-prev', root.dataset.prev || 'Previous', -1);
  const next = button('carousel-next', root.dataset.next || 'Next', 1);

  track.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight') show(index + 1);
    else if (e.key === 'ArrowLeft') show(index - 1);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(slides.length - 1);
    else return;
    e.preventDefault();
  });
  // Swipes move the track directly: follow them.
  let timer;
  track.addEventListener('scroll', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const i = Math.round(track.scrollLeft / track.clientWidth);
      if (i !== index) {
        index = i;
        update();
      }
    }, 80);
  });
  update();
}
