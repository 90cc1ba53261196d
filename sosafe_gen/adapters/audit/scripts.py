"""The audit's in-page JavaScript, each a function Playwright's `page.evaluate` calls.

Kept apart from the Python that drives the browser so each side reads in one sitting.
"""

from __future__ import annotations

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

AXE_RUN = """async tags => {
  const out = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                       resultTypes: ['violations']});
  return out.violations.map(v => ({id: v.id, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

# A short description of an element for a failure message: tag#id.class "text".
DESCRIBE = """el => {
  const id = el.id ? '#' + el.id : '';
  const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
  const text = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40);
  return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
}"""

# Elements that stick out of the viewport without a scroll box of their own to hold them.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const describe = DESCRIBE;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    let box = el.parentElement, held = false;
    for (; box && box !== document.body; box = box.parentElement) {
      const o = getComputedStyle(box).overflowX;
      if (o === 'auto' || o === 'scroll') { held = true; break; }
    }
    if (!held) out.push(describe(el));
  }
  return {scrollWidth: document.documentElement.scrollWidth, loose: out.slice(0, 5)};
}""".replace("DESCRIBE", DESCRIBE)

# The quick-exit control on screen and not covered, at the top and at the bottom of the page.
EXIT_ON_SCREEN = """() => {
  const a = document.querySelector('[data-sosafe-exit-link]') ||
            document.querySelector('[data-sosafe-exit] a');
  if (!a) return 'missing';
  const check = () => {
    const r = a.getBoundingClientRect();
    const out = r.top < 0 || r.left < 0 || r.right > innerWidth + 1 || r.bottom > innerHeight;
    if (r.width < 1 || out) return 'off screen';
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && (hit === a || a.contains(hit)) ? 'ok' : 'covered';
  };
  const top = check();
  window.scrollTo(0, document.documentElement.scrollHeight);
  const bottom = check();
  window.scrollTo(0, 0);
  return top === 'ok' && bottom === 'ok' ? 'ok' : `at the top: ${top}, at the bottom: ${bottom}`;
}"""

HAS_EXIT = "() => !!document.querySelector('[data-sosafe-exit]')"

# With JavaScript off (a context without it): the page's heading shows and its article reads.
READABLE = """() => {
  const main = document.querySelector('article') || document.querySelector('main');
  const h1 = (main || document).querySelector('h1');
  const shown = el => !!el && el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  return shown(h1) && shown(main) && main.innerText.trim().length > 0;
}"""

# Added to every page before its own scripts: each Content-Security-Policy violation (a
# blocked inline script, handler, style or request) is kept for CSP_FOUND. A thing both the
# page's policy and the header's refuse is reported by each: CSP_FOUND gives it once.
CSP_LISTEN = """
window.__sosafeCsp = [];
document.addEventListener('securitypolicyviolation', e => window.__sosafeCsp.push({
  directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample,
  line: e.lineNumber, column: e.columnNumber, policy: e.originalPolicy}));
"""
CSP_FOUND = """() => {
  const seen = new Set();
  return (window.__sosafeCsp || []).filter(v => {
    const key = [v.directive, v.blocked, v.sample, v.line, v.column].join(' ');
    return !seen.has(key) && seen.add(key);
  });
}"""

# Styles for the audit's own use that no page policy blocks: a constructed sheet, which CSP
# does not govern (a <style> element would be refused under style-src 'self').
ADD_STYLE = """css => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""
