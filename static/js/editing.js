// Editing events in place: where focus goes when a form, an error or a saved card
// arrives, the "Cancel" of the add form, and the source search boxes (which need
// htmx, so they stay hidden without JavaScript). The forms work without any of it.

const SEEN = "data-seen";

function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = message; }, 50);
}

function fresh(selector) {
  return Array.from(document.querySelectorAll(`${selector}:not([${SEEN}])`));
}

function markSeen(root) {
  root.setAttribute(SEEN, "");
  root.querySelectorAll("[data-error-summary], [data-event-editor]").forEach((el) => el.setAttribute(SEEN, ""));
}

function revealScripted(root) {
  root.querySelectorAll("[data-needs-js][hidden]").forEach((el) => { el.hidden = false; });
}

// Errors first: the summary lists them, each linked to its field.
function focusErrors() {
  const summary = fresh("[data-error-summary]")[0];
  if (!summary) return false;
  summary.focus();
  const editor = summary.closest("[data-event-editor]");
  markSeen(editor || summary);
  return true;
}

function focusArrivals() {
  if (focusErrors()) return;
  const saved = fresh(".is-just-saved")[0];
  if (saved) {
    saved.setAttribute(SEEN, "");
    const link = saved.querySelector("[data-event-link]");
    if (link) {
      link.focus({ preventScroll: true });
      saved.scrollIntoView({ block: "center" });
    }
    announce(`Saved: ${link ? link.textContent.trim() : "the event"}.`);
  }
  const deleted = fresh("[data-deleted]")[0];
  if (deleted) {
    deleted.setAttribute(SEEN, "");
    deleted.focus();
  }
  fresh("[data-event-editor]").forEach((editor) => {
    markSeen(editor);
    // "Add another" asks for its new row's first field (autofocus); otherwise the heading.
    if (editor.querySelector("[autofocus]")) return;
    const heading = editor.querySelector("[data-editor-heading]");
    if (heading) heading.focus();
  });
}

// A swap that removes the focused element (Cancel puts the card back) would leave focus
// on <body>: return it to the control that opened the form, in the restored card.
let lostFocusIn = null;
const openers = new Map();

function restoreLostFocus() {
  const id = lostFocusIn;
  lostFocusIn = null;
  const active = document.activeElement;
  if (!id || (active && active !== document.body)) return;
  const card = document.getElementById(id);
  if (!card) return;
  const actions = Array.from(card.querySelectorAll(".event-card__actions a"));
  const opener = actions.find((link) => link.textContent.trim() === openers.get(id)) || actions[0]
    || card.querySelector("[data-event-link]");
  (opener || card).focus();
}

document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  lostFocusIn = target && target.id && target.contains(document.activeElement) ? target.id : null;
});
document.addEventListener("htmx:afterSwap", () => { focusErrors(); });
document.addEventListener("htmx:afterSettle", () => {
  focusArrivals();
  restoreLostFocus();
});
document.addEventListener("htmx:load", (event) => revealScripted(event.detail.elt));

document.addEventListener("click", (event) => {
  const action = event.target.closest(".event-card__actions a");
  const card = action && action.closest("[data-event]");
  if (card) openers.set(card.id, action.textContent.trim());
  const cancel = event.target.closest("[data-dismiss-editor]");
  if (!cancel) return;
  const editor = cancel.closest("[data-event-editor]");
  if (!editor) return;
  event.preventDefault();
  editor.remove();
  const add = document.querySelector("[data-add-event]");
  if (add) add.focus();
});

// A full page (no htmx swap): a form posted with errors comes back with its summary.
revealScripted(document);
if (!focusErrors()) document.querySelectorAll("[data-event-editor]").forEach(markSeen);
