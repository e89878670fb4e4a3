// Keyboard movement between events, and keeping focus and screen readers in step
// with htmx swaps. Everything here is an enhancement: links and forms work without it.

const announcer = () => document.getElementById("announcer");

function announce(message) {
  const region = announcer();
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a tick makes screen readers speak repeated messages too.
  window.setTimeout(() => { region.textContent = message; }, 50);
}

function eventLinks() {
  return Array.from(document.querySelectorAll("[data-event] [data-event-link]"));
}

function typingInField(target) {
  return target.closest("input, select, textarea, [contenteditable='true']");
}

function moveBy(step) {
  const links = eventLinks();
  if (!links.length) return;
  const current = links.indexOf(document.activeElement);
  const next = current === -1 ? (step > 0 ? 0 : links.length - 1)
    : Math.min(links.length - 1, Math.max(0, current + step));
  document.querySelectorAll("[data-event].is-current").forEach((el) => el.classList.remove("is-current"));
  const link = links[next];
  link.closest("[data-event]").classList.add("is-current");
  link.focus();
  link.scrollIntoView({ block: "nearest" });
}

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || typingInField(event.target)) return;
  if (event.key === "j" || (event.key === "ArrowDown" && event.target.matches("[data-event-link]"))) {
    event.preventDefault();
    moveBy(1);
  } else if (event.key === "k" || (event.key === "ArrowUp" && event.target.matches("[data-event-link]"))) {
    event.preventDefault();
    moveBy(-1);
  } else if (event.key === "/") {
    const search = document.getElementById("id_q");
    if (search) {
      event.preventDefault();
      search.focus();
    }
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (target && target.id === "timeline-results") {
    const heading = document.getElementById("results-heading");
    if (heading) {
      announce(heading.textContent.trim().replace(/\s+/g, " "));
      // Keep typing in the search box undisturbed; otherwise move focus to the new results.
      if (!typingInField(document.activeElement || document.body)) heading.focus();
    }
  }
});

let pendingFocusAfter = null;

document.addEventListener("htmx:afterSettle", () => {
  if (!pendingFocusAfter) return;
  const fresh = eventLinks().find((link) => !pendingFocusAfter.has(link));
  pendingFocusAfter = null;
  if (fresh) fresh.focus();
});

document.addEventListener("htmx:beforeSwap", (event) => {
  // detail.elt is the swap target (the cluster's <li>); the control that asked is requestConfig.elt.
  const elt = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
  if (elt && elt.dataset && elt.dataset.loads) {
    const count = (event.detail.serverResponse.match(/data-event /g) || []).length;
    const where = elt.dataset.loads === "earlier" ? "earlier" : "later";
    announce(`Loaded ${count} ${where} event${count === 1 ? "" : "s"}.`);
    // The control disappears in the swap: move focus to the first event it brought.
    if (document.activeElement === elt) pendingFocusAfter = new Set(eventLinks());
  }
  if (elt && elt.classList && elt.classList.contains("cluster__toggle")) {
    const wasFocused = document.activeElement === elt;
    window.setTimeout(() => {
      announce("Cluster expanded.");
      if (wasFocused) {
        const first = document.querySelector(".cluster--open [data-event-link]");
        if (first) first.focus();
      }
    }, 0);
  }
});

// A window opened at a position (?at=…, ?before=…) starts with "Earlier events" above it.
// Scroll past that control first, then load earlier events only when the reader scrolls
// back up to it; loading them at once would push the chosen period off the screen.
const earlierObserver = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (entry.isIntersecting) {
      earlierObserver.unobserve(entry.target);
      entry.target.click();
    }
  }
});

function watchEarlierControls() {
  document.querySelectorAll("[data-loads=earlier]:not([data-watched])").forEach((control) => {
    control.dataset.watched = "";
    earlierObserver.observe(control);
  });
}

function startBelowEarlierControl() {
  const control = document.querySelector("[data-loads=earlier]");
  if (control && window.scrollY === 0 && !location.hash) {
    const firstPeriod = control.closest(".window-control")?.nextElementSibling;
    if (firstPeriod) firstPeriod.scrollIntoView({ block: "start", behavior: "instant" });
  }
  // After the jump, so that only the reader's own scrolling reveals the control.
  window.requestAnimationFrame(() => window.requestAnimationFrame(watchEarlierControls));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startBelowEarlierControl);
} else {
  startBelowEarlierControl();
}
document.addEventListener("htmx:afterSettle", watchEarlierControls);
