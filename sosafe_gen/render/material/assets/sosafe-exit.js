/*
 * Quick exit, after the GOV.UK Design System's "Exit a page quickly" pattern.
 * Without JavaScript the control is a plain link to the neutral site. With it, the page is
 * hidden at once and replaced (location.replace: Back does not return here), and pressing
 * Shift three times within 5 seconds does the same. No request leaves until the exit.
 */
(function () {
  "use strict";
  var link = document.querySelector("[data-sosafe-exit-link]");
  if (!link) return;
  var status = document.querySelector("[data-sosafe-exit-status]");
  // A bilingual site's pages give the words in their language; English by default.
  var box = document.querySelector("[data-sosafe-exit]");
  var one = box && box.getAttribute("data-sosafe-press-one");
  var many = box && box.getAttribute("data-sosafe-press-many");
  var presses = 0;
  var timer = null;

  function say(text) {
    if (status) status.textContent = text;
  }

  function reset() {
    presses = 0;
    clearTimeout(timer);
    timer = null;
    say("");
  }

  function exit(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("sosafe-exiting");
    document.title = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", exit);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      if (presses) reset();
      return;
    }
    if (event.repeat) return;
    presses += 1;
    clearTimeout(timer);
    if (presses >= 3) {
      reset();
      exit();
      return;
    }
    var left = 3 - presses;
    if (left === 1 && one) say(one);
    else if (left > 1 && many) say(many.replace("%(n)s", String(left)));
    else say("Shift, press " + left + " more time" + (left === 1 ? "" : "s") + " to exit.");
    timer = setTimeout(reset, 5000);
  });

  // Coming back from the browser's page cache must not show a half-hidden page.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("sosafe-exiting");
  });
})();
