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
  const card = link.closest("[data-event]");
  card.classList.add("is-current");
  // Focus first without its own scroll (which would follow the page's smooth
  // scroll-behavior), then bring the whole card into view at once: stepping with j/k, or
  // holding the key down, must never leave the focused card off-screen while an animation
  // catches up. Instant also honours prefers-reduced-motion.
  link.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest", behavior: "instant" });
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

// A window loaded with "Earlier/Later events" may start or end in a period already on
// screen (the window's edge fell inside it): fold the two sections into one, so that a
// period has one heading, as on the page without JavaScript.
function mergeInto(keep, extra) {
  for (const part of Array.from(extra.children)) {
    if (part.matches(".period__heading")) continue;
    const same = Array.from(keep.children).find((mine) => mine.tagName === part.tagName
      && mine.className === part.className && mine.getAttribute("aria-label") === part.getAttribute("aria-label"));
    if (!same) {
      keep.append(part);
    } else if (part.matches("ol, ul")) {
      same.append(...part.children);
    } else if (part.matches(".lanes, .lane")) {
      mergeInto(same, part); // one lane per name
    } // anything else (a lane's name) is there already
  }
  extra.remove();
}

function mergeSplitPeriods() {
  const focused = document.activeElement; // moving a node in the DOM takes its focus away
  document.querySelectorAll("#timeline-results section.period").forEach((section) => {
    if (!section.isConnected) return;
    let next = section.nextElementSibling;
    while (next && next.matches("section.period")
      && next.getAttribute("aria-labelledby") === section.getAttribute("aria-labelledby")) {
      mergeInto(section, next);
      next = section.nextElementSibling;
    }
  });
  if (focused && focused !== document.activeElement && focused.isConnected) {
    focused.focus({ preventScroll: true });
  }
}

// Windows and clusters add their lanes to the legend (hx-swap-oob); keep each lane once,
// in the server's order (by name).
function tidyLegend() {
  const legend = document.getElementById("lanes-legend");
  if (!legend) return;
  const seen = new Map();
  for (const item of Array.from(legend.children)) {
    const link = item.querySelector("a");
    const key = link ? link.getAttribute("href") : item.textContent;
    if (seen.has(key)) item.remove();
    else seen.set(key, item);
  }
  const name = (item) => item.textContent.trim();
  const items = Array.from(seen.values());
  items.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  // Only move items when the order is wrong: moving a focused chip would drop its focus.
  if (items.some((item, index) => legend.children[index] !== item)) legend.append(...items);
  legend.hidden = items.length === 0;
}

// In the swap's own task (afterSwap, not afterSettle), before the reader or anything
// else can act on the page as it is between the two.
document.addEventListener("htmx:afterSwap", () => {
  mergeSplitPeriods();
  tidyLegend();
});

// A window opened at a position (?at=…, ?before=…) starts with "Earlier events" above it.
// Scroll past that control first, then load earlier events only when the reader scrolls
// back up to it; loading them at once would push the chosen period off the screen.
// A control still in view after the jump (a short window: the page cannot scroll that
// far) is left as a button, so the page shows what it shows without JavaScript.
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
  // After the jump (or the browser's own jump to a #fragment), so that only the reader's
  // own scrolling reveals the control.
  window.requestAnimationFrame(() => window.requestAnimationFrame(() => {
    if (control && control.getBoundingClientRect().bottom > 0) control.dataset.watched = "";
    watchEarlierControls();
  }));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startBelowEarlierControl);
} else {
  startBelowEarlierControl();
}
document.addEventListener("htmx:afterSettle", watchEarlierControls);
