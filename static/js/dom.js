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

// After a (re)connect: fetch exactly the items with a higher id than `afterId` from a list
// endpoint of the API, 100 at a time, and show each. A fetch that fails (no answer, the
// server busy or restarting) is tried again after 1, 2, 4 … at most 30 seconds until it
// succeeds: what was missed while the connection was gone must not stay missing (under
// load a screen's one catch-up timed out and a note stayed away, bench/load.py). A refusal
// (4xx but 408 and 429: logged out, no longer allowed, gone) ends it; the page's own checks
// say why.
const refused = (status) => status >= 400 && status < 500 && status !== 408 && status !== 429;

export async function fetchAfter(url, afterId, show) {
  let after = afterId;
  let pause = 1000;
  for (;;) {
    const response = await fetch(`${url}?after_id=${after}&per_page=100`, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    }).catch(() => null);
    if (response && refused(response.status)) return;
    if (!response || !response.ok) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 30000);
      continue;
    }
    pause = 1000;
    const page = await response.json();
    page.items.forEach(show);
    if (page.items.length < 100) return;
    after = page.items[page.items.length - 1].id;
  }
}

// Send a live form's text once at a time and never lose it: `send()` answers
// {ok, message}; on success `sent(answer)` clears the form and the form gets a new client id;
// on failure the text and its client id stay, so sending again is safe.
export async function sendKeepingText(form, setStatus, send, sent) {
  if (form.getAttribute("aria-busy") === "true") return;
  form.setAttribute("aria-busy", "true");
  setStatus("versturen…", false);
  try {
    const answer = await send();
    if (!answer || !answer.ok) throw new Error((answer && answer.message) || "Versturen mislukt.");
    sent(answer);
    form.elements.client_id.value = newClientId();
  } catch (error) {
    setStatus(`${error.message} Uw tekst staat er nog; probeer het opnieuw.`, true);
  } finally {
    form.removeAttribute("aria-busy");
  }
}
