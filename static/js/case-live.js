// The whole case page live: when someone changes the case (an agreement, the phase, regie,
// a participant, consent, a blocker, a vrijstelling, a melding, closing), the server sends
// `case_updated {case_id, what}` to everyone following it (case-log.js joins the room).
// This page then fetches only the parts that show that change — the server checks access
// again — and swaps them in. A form someone is typing in stays exactly as it is, and so
// does the case log with its note field.
import { element } from "./dom.js";
import { socket } from "./live.js";

const page = document.querySelector("[data-case-live]");
if (page) start(page);

function start(root) {
  const caseId = Number(root.dataset.caseLive);
  const status = document.getElementById("case-live-status");
  const waiting = new Set(); // what changed, gathered for one fetch
  let timer = null;
  let latest = 0;
  let leaving = false;
  let connectedBefore = socket.connected;

  window.addEventListener("beforeunload", () => {
    leaving = true;
    setTimeout(() => { leaving = false; }, 3000);
  });
  window.addEventListener("pageshow", () => { leaving = false; });

  socket.on("case_updated", (data) => {
    if (data && data.case_id === caseId) later(data.what);
  });
  // Back after a lost connection: anything may have changed meanwhile.
  socket.on("connect", () => {
    if (connectedBefore) later("casus");
    connectedBefore = true;
  });

  function later(what) {
    waiting.add(what);
    clearTimeout(timer);
    timer = setTimeout(refresh, 150); // one fetch for the events of one change
  }

  async function refresh() {
    if (leaving || !waiting.size) return;
    const what = [...waiting].sort().join(",");
    waiting.clear();
    const mine = ++latest;
    const response = await fetch(`/casussen/${caseId}/delen?wat=${encodeURIComponent(what)}`, {
      credentials: "same-origin", headers: { Accept: "text/html" },
    }).catch(() => null);
    if (mine !== latest || leaving) return;
    if (response && response.redirected) {
      say("U bent uitgelogd; log opnieuw in om deze casus te volgen.");
      return;
    }
    if (!response || !response.ok) {
      say(response && response.status === 404 ? "U kunt deze casus niet meer inzien."
        : "Bijwerken lukt nu niet; deze pagina kan verouderd zijn. Vernieuw de pagina.");
      return;
    }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html")
      .getElementById("case-parts");
    if (!fresh) return;
    if (fresh.dataset.access !== root.dataset.access) {
      say("Wat u van deze casus mag zien is veranderd; vernieuw de pagina.");
      return;
    }
    const restoreFocus = keepFocus();
    const changed = []; // the parts whose text changed, for the tabs (case-page.js) to mark
    for (const part of fresh.querySelectorAll(":scope > [data-case-part]")) {
      const current = document.querySelector(`[data-case-part="${part.dataset.casePart}"]`);
      if (!current) continue;
      if (current.textContent !== part.textContent) changed.push(part.dataset.casePart);
      swap(current, document.importNode(part, true));
    }
    restoreFocus();
    document.dispatchEvent(new CustomEvent("case:parts", { detail: { changed } }));
    say("");
  }

  // Replace a part, but keep every form in it that someone changed or is in: that form
  // itself (with its text and focus) moves into the new part, in place of its fresh copy.
  function swap(current, fresh) {
    for (const form of current.querySelectorAll("form")) {
      const open = form.closest("details")?.open;
      const counterpart = [...fresh.querySelectorAll("form")]
        .find((f) => f.getAttribute("action") === form.getAttribute("action"));
      if (touched(form) || form.contains(document.activeElement)) {
        if (counterpart) {
          counterpart.replaceWith(form);
          const details = form.closest("details");
          if (details) details.open = true;
        } else {
          gone(form, fresh);
        }
      } else if (open && counterpart?.closest("details")) {
        counterpart.closest("details").open = true;
      }
    }
    current.replaceWith(fresh);
  }

  // The form no longer applies (the agreement was closed, the right to act ended): keep
  // the text to copy, but it can no longer be sent.
  function gone(form, fresh) {
    const box = element("div", "alert alert--info");
    box.append(element("p", null,
      "Dit formulier geldt niet meer door een wijziging van iemand anders; uw tekst staat er nog om te kopiëren."));
    form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    box.append(form);
    fresh.append(box);
  }

  // Swapping must not drop the keyboard focus (WCAG 2.4.3): the same control again by id,
  // else the heading of its part.
  function keepFocus() {
    const active = document.activeElement;
    if (!active || active === document.body) return () => {};
    const part = active.closest("[data-case-part]");
    if (!part) return () => {};
    const name = part.dataset.casePart;
    return () => {
      if (active.isConnected) return;
      const again = active.id && document.getElementById(active.id);
      if (again) {
        again.focus();
        return;
      }
      const heading = document.querySelector(`[data-case-part="${name}"] h1, [data-case-part="${name}"] h2`);
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    };
  }

  function touched(form) {
    return [...form.elements].some((field) => {
      if (["hidden", "submit", "button"].includes(field.type)) return false;
      if (field.tagName === "SELECT") {
        return [...field.options].some((o) => o.selected !== o.defaultSelected);
      }
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      return field.value !== field.defaultValue && field.value.trim() !== "";
    });
  }

  function say(text) {
    if (status) status.textContent = text;
  }
}
