// Small behaviours on top of the server-rendered pages; every page works without them.
(function () {
  "use strict";

  // Keep keyboard focus on the control that was pressed when HTMX swaps its card.
  // The new card holds the same control (same name and value, or same id): focus that one.
  var pressed = null;

  function describe(el) {
    if (!el || !el.closest) return null;
    var card = el.closest("li.item");
    if (!card) return null;
    var summary = el.closest("summary");
    return {
      cardKey: card.getAttribute("data-key"),
      id: el.id || null,
      name: el.getAttribute("name"),
      value: el.getAttribute("value"),
      tag: el.tagName,
      text: (el.textContent || "").trim(),
      summary: summary ? summary.textContent.trim().split(" ")[0] : null,
    };
  }

  function findAgain(card, d) {
    if (d.name && d.value !== null) {
      var byValue = card.querySelector(
        d.tag.toLowerCase() + '[name="' + d.name + '"][value="' + d.value + '"]'
      );
      if (byValue) return byValue;
    }
    if (d.id) {
      var same = card.querySelector("#" + CSS.escape(d.id));
      if (same) return same;
    }
    if (d.name) {
      var named = card.querySelector('[name="' + d.name + '"]');
      if (named) return named;
    }
    var candidates = card.querySelectorAll("button, summary, a");
    for (var i = 0; i < candidates.length; i++) {
      if ((candidates[i].textContent || "").trim() === d.text) return candidates[i];
    }
    return null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    var source = event.detail && event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    var submitter = source && source.submitter;
    pressed = describe(submitter || active);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!pressed) return;
    var d = pressed;
    pressed = null;
    var card = null;
    if (d.cardKey) {
      card = document.querySelector('li.item[data-key="' + CSS.escape(d.cardKey) + '"]');
    }
    if (!card && event.detail && event.detail.elt && event.detail.elt.closest) {
      card = event.detail.elt.closest("li.item");
    }
    if (!card) card = document.querySelector("li.item[data-stale]");
    if (!card) return;
    // After an error, the field to correct; else the same control; on a card whose step
    // left the plan, its link to the current plan.
    // A question the card asks (verify a step not started?) takes focus before the rest.
    // A control that went away hands focus to the one the card marks as next (Verify gives
    // way to its Undo, and Undo back to Verify).
    var target = card.querySelector("[aria-invalid=true]") ||
      card.querySelector(".card-warning[role=alert] button") || findAgain(card, d) ||
      card.querySelector("[data-focus-next]") || card.querySelector("[role=alert] a");
    if (target) target.focus({ preventScroll: true });
  });

  // Timeline bars are links to their cards: open the card's folded stage, then go there.
  function reveal(hash) {
    if (!hash || hash.length < 2) return;
    var el = document.getElementById(hash.slice(1));
    if (!el) return;
    var folded = el.closest("details:not([open])");
    while (folded) {
      folded.open = true;
      folded = folded.parentElement && folded.parentElement.closest("details:not([open])");
    }
    if (el.hidden) el.hidden = false;
    el.setAttribute("tabindex", "-1");
    el.scrollIntoView({ block: "start" });
    el.focus({ preventScroll: true });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#item-']");
    if (!link) return;
    event.preventDefault();
    var hash = link.getAttribute("href");
    history.replaceState(null, "", hash);
    reveal(hash);
  });
  window.addEventListener("DOMContentLoaded", function () {
    reveal(window.location.hash);
  });
  window.addEventListener("hashchange", function () {
    reveal(window.location.hash);
  });
})();

// The timeline's full label under the picture while a bar is hovered or focused (long skill
// names are cut in the picture; the link itself carries the whole name for screen readers).
(function () {
  "use strict";
  function show(event) {
    var link = event.target.closest && event.target.closest("a.t-link");
    if (!link) return;
    var figure = link.closest("figure");
    var caption = figure && figure.querySelector(".timeline-focus");
    if (caption) caption.textContent = link.getAttribute("aria-label");
  }
  document.addEventListener("focusin", show);
  document.addEventListener("mouseover", show);
})();

// Self-assessment: a high level on a skill implies its prerequisites (recursively); fill
// them in where the learner's answer is lower. They can lower them again afterwards.
(function () {
  "use strict";
  var data = document.getElementById("skill-prerequisites");
  if (!data) return;
  var prerequisites = JSON.parse(data.textContent);

  function chosen(slug) {
    var picked = document.querySelector('input[name="skill-' + slug + '"]:checked');
    return picked ? Number(picked.value) : 0;
  }

  function raise(slug, level, filled) {
    if (chosen(slug) >= level) return;
    var radio = document.querySelector('input[name="skill-' + slug + '"][value="' + level + '"]');
    if (!radio) return;
    radio.checked = true;
    filled.push(slug);
    imply(slug, level, filled);
  }

  function imply(slug, level, filled) {
    (prerequisites[slug] || []).forEach(function (p) {
      if (p[2] <= level) raise(p[0], p[1], filled);
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.name || input.name.indexOf("skill-") !== 0) return;
    var filled = [];
    imply(input.name.slice(6), Number(input.value), filled);
    var note = document.getElementById("prefill-note");
    if (note && filled.length) {
      note.textContent = "Also set, as prerequisites: " + filled.map(function (s) {
        var legend = document.querySelector("#q-" + s + " legend strong");
        return legend ? legend.textContent : s;
      }).join(", ") + ".";
    }
  });
})();
