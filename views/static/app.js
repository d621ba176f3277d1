// The hub's only script besides htmx: where focus goes after a form comes back, and
// a busy state while a form is being sent. Served from /static like htmx (no inline
// script), and every page works without it: the server renders the error summary
// with `autofocus`, the title with its "Error:" prefix, and the form posts normally.
(function () {
  "use strict";

  var SUBMITS = 'button[type="submit"], button:not([type]), input[type="submit"]';

  function formOf(el) {
    if (!el || el.nodeType !== 1) return null;
    return el.tagName === "FORM" ? el : el.closest("form");
  }

  // aria-busy tells assistive technology the form is working; the disabled buttons
  // (and the CSS on [aria-busy]) show it, and stop a second press from sending twice.
  function setBusy(form, on) {
    if (!form) return;
    if (on) form.setAttribute("aria-busy", "true");
    else form.removeAttribute("aria-busy");
    var buttons = form.querySelectorAll(SUBMITS);
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      if (on) {
        if (!b.disabled) {
          b.disabled = true;
          b.setAttribute("data-busy", "");
        }
      } else if (b.hasAttribute("data-busy")) {
        b.disabled = false;
        b.removeAttribute("data-busy");
      }
    }
  }

  function isBusy(form) {
    return !!form && form.getAttribute("aria-busy") === "true";
  }

  // A form without htmx (sign-out, multipart forms on old browsers, any form when
  // htmx failed to load): the first submit goes; presses until the next page arrives
  // are dropped. htmx calls preventDefault on the submits it takes over, and its
  // own events below handle those.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form || form.tagName !== "FORM") return;
    if (isBusy(form)) {
      e.preventDefault();
      return;
    }
    if (e.defaultPrevented) return;
    form.setAttribute("aria-busy", "true");
    // Disabling the pressed button now would drop its name/value from the post:
    // the browser builds the form data after this event, so wait a task.
    setTimeout(function () {
      setBusy(form, true);
    }, 0);
  });

  // Back/forward cache: a page restored after a submit must not stay busy.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    var forms = document.querySelectorAll('form[aria-busy="true"]');
    for (var i = 0; i < forms.length; i++) setBusy(forms[i], false);
  });

  // htmx queues a second request from the same form by default: refuse it instead.
  document.addEventListener("htmx:confirm", function (e) {
    if (isBusy(formOf(e.target))) e.preventDefault();
  });
  document.addEventListener("htmx:before:request", function (e) {
    setBusy(formOf(e.target), true);
  });
  document.addEventListener("htmx:finally:request", function (e) {
    // The form has usually been swapped out by now; if it is still there (a network
    // error, an HX-Redirect still loading), it must be usable again.
    var form = formOf(e.target);
    if (form && form.isConnected) setBusy(form, false);
  });

  function focusable(el) {
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus();
  }

  // After a swap, focus goes to the new content's error summary, else its first
  // heading, else the new content itself: otherwise it is left on <body> (the old
  // form is gone) and a screen reader says nothing about what changed.
  // Only swaps a form caused: the suggestions that appear while a citizen types
  // must not pull the cursor out of the text box.
  var swappedId = null;
  document.addEventListener("htmx:before:swap", function (e) {
    var ctx = e.detail && e.detail.ctx;
    var source = ctx && ctx.sourceElement;
    var target = ctx && ctx.target;
    swappedId = source && source.tagName === "FORM" && target && target.id ? target.id : null;
  });
  // htmx fires this on the swapped-in element (for outerHTML, the new one).
  document.addEventListener("htmx:after:settle", function (e) {
    if (!swappedId) return;
    var root = document.getElementById(swappedId) || (e.target && e.target.isConnected && e.target.nodeType === 1 ? e.target : null);
    swappedId = null;
    if (!root) return;
    var summary = root.querySelector("[data-error-summary]") || (root.matches("[data-error-summary]") ? root : null);
    if (summary) return focusable(summary);
    var heading = root.matches("h1, h2, h3") ? root : root.querySelector("h1, h2, h3");
    focusable(heading || root);
  });

  // Whole pages: `autofocus` on the summary does this in current browsers; this
  // covers those that ignore autofocus on a non-control.
  function focusSummaryOnLoad() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusSummaryOnLoad);
  else focusSummaryOnLoad();
})();
