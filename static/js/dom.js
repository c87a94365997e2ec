// Small DOM helpers shared by the live pages (case log, consultation).

export function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text) el.textContent = text;
  return el;
}

export function formatTime(iso) {
  return new Intl.DateTimeFormat("nl-NL", {
    day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit",
    timeZone: "Europe/Amsterdam",
  }).format(new Date(iso));
}

export function insertAtCursor(textarea, text) {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const before = value.slice(0, start);
  const spacer = before && !/\s$/.test(before) ? " " : "";
  textarea.value = before + spacer + text + value.slice(end);
  const caret = (before + spacer + text).length;
  textarea.focus();
  textarea.setSelectionRange(caret, caret);
}

// A fresh idempotency key. crypto.randomUUID exists only on secure origins (HTTPS or
// localhost); getRandomValues exists everywhere.
export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}
