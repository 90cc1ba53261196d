"""In-page JavaScript for the keyboard check (keyboard.py drives it)."""

from __future__ import annotations

from .scripts import DESCRIBE

# Transitions and animations off: a control's focus style is final when it gets the focus.
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"

# Marks every visible control and records, at each focus the keyboard brings, which control
# it is, whether a focus indicator (outline or ring) is drawn and whether it is on screen.
# Recording in the page keeps the walk to a few round trips per page, however many controls.
# The first lap ends when the first stop has the focus again; the second lap (see SETTLE)
# only counts stops.
MARK = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select, textarea, summary, [tabindex]';
  const controls = [...document.querySelectorAll(selector)].filter(el =>
    el.tabIndex >= 0 && el.getAttribute('tabindex') !== '-1' &&
    el.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
    el.getBoundingClientRect().width > 0);
  controls.forEach((el, i) => el.setAttribute('data-sosafe-kbd', i));
  const describe = DESCRIBE;
  const k = window.__sosafeKbd = {stops: [], first: null, wrapped: false, lap2: -1,
                                  count: controls.length};
  k.look = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    const seen = opacity > 0.5 && el.checkVisibility({visibilityProperty: true}) && r.width > 0
      && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || (s.boxShadow && s.boxShadow !== 'none');
    return {seen, ring, at: [r.left, r.top, r.width, r.height].map(Math.round), opacity};
  };
  k.reached = () => new Set(k.stops.map(s => s.id).filter(id => id !== null)).size;
  k.remaining = () => k.count - k.reached() + 1;
  document.addEventListener('focusin', event => {
    const el = event.target;
    if (k.wrapped) { k.lap2 += 1; return; }
    if (k.first === null) k.first = el;
    else if (el === k.first) { k.wrapped = true; return; }
    const {seen, ring} = k.look(el);
    k.stops.push({el, id: el.getAttribute('data-sosafe-kbd'), seen, ring, what: describe(el),
      exit: !!el.closest('[data-sosafe-exit]'), skip: el.matches('a[href^="#"]')});
  }, true);
  // Resolves once the page has finished reacting to the last focus change. A script that
  // reveals a control on focus (Material opens its search box at narrow widths) reacts
  // through a short timer, then a style change, then perhaps an animation. So:
  //  1. a timer of `quiet` ms: by the HTML timer rules it runs after every timer of the same
  //     or a shorter delay set before it, such as the page's own reaction to the focus;
  //  2. every finite animation running or waiting to start runs to its end;
  //  3. two animation frames, so style and layout are computed after the last change;
  //  4. the element looks the same twice in a row, else back to 2. Bounded by `limit` ms:
  //     a page still moving then is reported (settled: false), never waited out.
  k.settle = async (el, quiet, limit) => {
    const start = performance.now();
    const left = () => Math.max(0, limit - (performance.now() - start));
    const after = ms => new Promise(done => setTimeout(done, ms));
    const frame = () => new Promise(done => requestAnimationFrame(() => done()));
    const finite = a => a.effect && a.effect.getComputedTiming().endTime !== Infinity
      && a.playState !== 'finished' && a.playState !== 'idle';
    const same = (a, b) => a.seen === b.seen && a.ring === b.ring && a.opacity === b.opacity
      && a.at.every((v, j) => v === b.at[j]);
    const done = (look, settled) => ({...look, settled, focused: document.activeElement === el,
      ms: Math.round(performance.now() - start)});
    await after(quiet);
    let last = null;
    while (left() > 0) {
      const moving = document.getAnimations().filter(finite).map(a => a.finished.catch(() => 0));
      await Promise.race([Promise.all(moving), after(left())]);
      await frame();
      await frame();
      const now = k.look(el);
      if (last && same(now, last) && !document.getAnimations().some(finite)) return done(now, true);
      last = now;
    }
    return done(k.look(el), false);
  };
  return controls.length;
}""".replace("DESCRIBE", DESCRIBE)

PROGRESS = "() => ({wrapped: __sosafeKbd.wrapped, remaining: __sosafeKbd.remaining()})"

# The first lap, without the elements: what each stop was and how it looked at its focus.
STOPS = "() => window.__sosafeKbd.stops.map(({el, ...rest}, i) => ({i, ...rest}))"

NOT_REACHED = """() => {
  const reached = new Set(window.__sosafeKbd.stops.map(s => s.id));
  return [...document.querySelectorAll('[data-sosafe-kbd]')]
    .filter(el => !reached.has(el.getAttribute('data-sosafe-kbd'))).map(DESCRIBE);
}""".replace("DESCRIBE", DESCRIBE)

# The second lap starts as the first did: at the top of the page, the first stop focused
# (as the wrap left it, whatever presses came after), and the page done reacting.
SECOND_LAP = """async ({quiet, limit}) => {
  const k = window.__sosafeKbd;
  window.scrollTo(0, 0);
  k.stops[0].el.focus();
  k.lap2 = 0;
  await k.settle(k.stops[0].el, quiet, limit);
}"""

# Stop i of the first lap has the focus again on the second lap: let it settle, then look.
SETTLE = """async ({i, quiet, limit}) => {
  const k = window.__sosafeKbd;
  const look = await k.settle(k.stops[i].el, quiet, limit);
  return {...look, lap2: k.lap2};
}"""

LAP2 = "() => window.__sosafeKbd.lap2"

# After the skip link and one Tab: the link's target is in the content, and the focus went
# on from there (to the first control after it, which may be past the content's end).
AFTER_SKIP = """() => {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  const el = document.activeElement;
  const onward = !!(target && el && el !== document.body
    && target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  return {target: id, in_content: !!(target && target.closest('main, [role=main], .md-content')),
          onward, what: el && el !== document.body ? (DESCRIBE)(el) : 'nothing'};
}""".replace("DESCRIBE", DESCRIBE)

FOCUS_SKIP = "() => { const s = window.__sosafeKbd.stops[0]; s.el.focus(); return s.skip; }"
