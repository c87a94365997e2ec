// Live meeting screen: every screen follows the chair through the agenda, notes and
// decisions show for everyone as they are made, and the open item has a running timer.
// The page works without this script (each form posts and the page reloads). With it,
// the forms post in the background and, after every change in the meeting, the agenda is
// fetched again from the server and only its [data-live] parts are swapped, so nothing
// anyone is typing is lost.
import { element, newClientId } from "./dom.js";
import { socket } from "./live.js";

const section = document.getElementById("meeting-live");
if (section) start(section);

function start(section) {
  const meetingId = Number(section.dataset.meetingId);
  const status = document.getElementById("meeting-live-status");
  const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let clockOffset = 0; // the server's clock minus this browser's, in milliseconds
  let latest = 0; // the newest agenda request; older answers are dropped
  let leaving = false; // a plain form post or link is taking this page away

  window.addEventListener("beforeunload", () => {
    leaving = true;
    // Still here a moment later: it was a download (the PDF) or a cancelled navigation.
    setTimeout(() => { leaving = false; }, 3000);
  });
  window.addEventListener("pageshow", () => { leaving = false; });

  readClock(agenda());
  enhance(section);
  tick();
  setInterval(tick, 1000);

  socket.on("connect", join);
  if (socket.connected) join(); // the shared socket may be connected before this runs
  socket.on("meeting_state", (state) => {
    if (state.id === meetingId) refresh();
  });

  async function join() {
    const answer = await socket.timeout(10000)
      .emitWithAck("join_meeting", { meeting_id: meetingId }).catch(() => null);
    if (!answer || !answer.ok) {
      say(answer ? answer.message : "Live meekijken lukt nu niet; vernieuw de pagina.", true);
      return;
    }
    await refresh(); // whatever changed between loading the page and joining
  }

  function agenda() {
    return document.getElementById("agenda-items");
  }

  async function refresh() {
    if (leaving) return;
    const mine = ++latest;
    const response = await fetch(section.dataset.fragmentUrl, {
      credentials: "same-origin", headers: { Accept: "text/html" },
    }).catch(() => null);
    if (mine !== latest) return;
    if (response && response.redirected) {
      say("U bent uitgelogd; log opnieuw in om het overleg te volgen.", true);
      return;
    }
    if (!response || !response.ok) {
      say(response && response.status === 404 ? "U kunt dit overleg niet meer inzien."
        : "Bijwerken lukt nu niet; de agenda kan verouderd zijn.", true);
      return;
    }
    const html = await response.text();
    if (mine === latest && !leaving) apply(html);
  }

  function apply(html) {
    const next = new DOMParser().parseFromString(html, "text/html")
      .getElementById("agenda-items");
    const current = agenda();
    if (!next || !current) return;
    readClock(next);
    followVersion(next.dataset.version);
    if (next.dataset.status !== current.dataset.status) {
      statusChanged(next.dataset.statusLabel);
      return;
    }
    const before = current.dataset.currentItemId;
    current.dataset.currentItemId = next.dataset.currentItemId;
    if (next.dataset.orderUrl) current.dataset.orderUrl = next.dataset.orderUrl;
    else delete current.dataset.orderUrl;
    current.dataset.now = next.dataset.now;
    current.querySelector(":scope > .empty")?.remove();
    const empty = next.querySelector(":scope > .empty");
    if (empty) current.prepend(document.importNode(empty, true));

    const list = current.querySelector(".agenda");
    const seen = new Set();
    const restoreFocus = keepFocus(current);
    [...next.querySelectorAll(".agenda > .agenda__item")].forEach((fresh, index) => {
      seen.add(fresh.dataset.itemId);
      let item = list.querySelector(`:scope > [data-item-id="${fresh.dataset.itemId}"]`);
      if (item && !typed(item) && !item.querySelector("details[open]")) {
        // Nobody is busy in it: the item as the server has it now (its forms too).
        const again = document.importNode(fresh, true);
        item.replaceWith(again);
        item = again;
      } else if (item) {
        item.className = fresh.className;
        item.toggleAttribute("aria-current", fresh.hasAttribute("aria-current"));
        if (fresh.hasAttribute("aria-current")) item.setAttribute("aria-current", "step");
        item.querySelector("[data-live]")
          .replaceWith(document.importNode(fresh.querySelector("[data-live]"), true));
        refreshForms(item, fresh);
      } else {
        item = document.importNode(fresh, true);
      }
      // Only move what is out of place: moving an element takes the focus away.
      if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
    });
    for (const item of [...list.children]) {
      if (!seen.has(item.dataset.itemId)) gone(item);
    }
    enhance(current);
    tick();
    restoreFocus();
    if (current.dataset.currentItemId && current.dataset.currentItemId !== before) {
      follow(current.dataset.currentItemId);
    }
  }

  // The meeting's version this screen shows, in every form that sends it (also the ones
  // being typed in and those outside the agenda): the server refuses a change made on an
  // older view. Versions only grow, so a late answer never moves it back.
  function followVersion(version) {
    const current = agenda();
    if (!/^[0-9]+$/.test(version || "") || !current) return;
    if (Number(version) <= Number(current.dataset.version || 0)) return;
    current.dataset.version = version;
    for (const field of document.querySelectorAll("input[data-meeting-version]")) {
      field.value = version;
    }
  }

  // Forms nobody has touched follow the server (a new phase, new organisations on the
  // case); a form with something in it stays exactly as it is.
  function refreshForms(item, fresh) {
    for (const form of item.querySelectorAll(":scope > form, :scope > details > form")) {
      if (touched(form) || form.contains(document.activeElement)) continue;
      const counterpart = [...fresh.querySelectorAll("form")]
        .find((f) => f.getAttribute("action") === form.getAttribute("action"));
      if (counterpart) form.replaceWith(document.importNode(counterpart, true));
    }
  }

  // Swapping parts of the agenda must not drop the keyboard focus (WCAG 2.4.3): find the
  // same control again afterwards, else the heading of its agenda item.
  function keepFocus(root) {
    const active = document.activeElement;
    if (!active || active === document.body || !root.contains(active)) return () => {};
    const form = active.closest("form");
    const item = active.closest(".agenda__item");
    const key = form ? [form.getAttribute("action"), active.name || "",
      active.textContent.trim()] : null;
    return () => {
      if (active.isConnected && root.contains(active)) return;
      const again = key && [...root.querySelectorAll("form")]
        .filter((f) => f.getAttribute("action") === key[0])
        .flatMap((f) => [...f.elements])
        .find((el) => (el.name || "") === key[1] && el.textContent.trim() === key[2]);
      if (again) {
        again.focus();
        return;
      }
      const itemNow = item && root.querySelector(`[data-item-id="${item.dataset.itemId}"]`);
      const heading = itemNow ? itemNow.querySelector("h3")
        : document.getElementById("agenda");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    };
  }

  // Draft → published → final: the page itself changes; reload unless someone is typing.
  function statusChanged(label) {
    const shown = document.querySelector("[data-meeting-status]");
    if (shown) shown.textContent = label;
    if (!typed(document.getElementById("inhoud"))) {
      window.location.reload();
      return;
    }
    say(`De status van dit overleg is nu: ${label}. Kopieer wat u typte en vernieuw de pagina.`,
      true);
  }

  function gone(item) {
    if (!typed(item)) {
      item.remove();
      return;
    }
    item.classList.add("agenda__item--gone");
    item.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    if (!item.querySelector(".agenda__gone")) {
      item.prepend(element("p", "agenda__gone form-status",
        "Dit punt staat niet meer op de agenda; uw tekst staat er nog om te kopiëren."));
    }
  }

  function follow(itemId) {
    const item = agenda().querySelector(`[data-item-id="${itemId}"]`);
    if (!item) return;
    const title = item.querySelector("h3").firstChild.textContent.trim();
    const active = document.activeElement;
    const busy = active && active.matches("textarea, input") && active.value
      && !item.contains(active);
    if (busy) { // do not pull someone away from what they are typing
      const link = element("a", null, "Ga naar dit punt");
      link.href = `#${item.id}`;
      say(`De voorzitter bespreekt nu: ${title}. `, false, link);
      return;
    }
    say(`Nu aan de orde: ${title}.`);
    item.scrollIntoView({ block: "start", behavior: calm ? "auto" : "smooth" });
  }

  function tick() {
    const now = Date.now() + clockOffset;
    for (const timer of agenda().querySelectorAll(".agenda__timer")) {
      const started = Date.parse(timer.dataset.startedAt);
      const ended = timer.dataset.endedAt ? Date.parse(timer.dataset.endedAt) : null;
      if (timer.closest(".agenda__item--current")) {
        timer.textContent = `Aan de orde: ${duration(now - started)}`;
      } else if (ended) {
        timer.textContent = `Besproken: ${duration(ended - started)}`;
      }
    }
  }

  function readClock(fragment) {
    const serverNow = Date.parse(fragment?.dataset.now || "");
    if (!Number.isNaN(serverNow)) clockOffset = serverNow - Date.now();
  }

  // --- drag and drop: the chair reorders the agenda (keyboard: Omhoog / Omlaag) --------

  function sortable() {
    const root = agenda();
    const list = root.querySelector(".agenda");
    if (!list) return;
    const on = Boolean(root.dataset.orderUrl);
    for (const item of list.querySelectorAll(":scope > .agenda__item")) {
      let handle = item.querySelector(":scope > .agenda__handle");
      if (on && !handle) {
        // Mouse and touch only: the keyboard has the Omhoog / Omlaag buttons.
        handle = element("span", "agenda__handle", "Slepen om te verplaatsen");
        handle.draggable = true;
        handle.setAttribute("aria-hidden", "true");
        item.prepend(handle);
      } else if (!on && handle) {
        handle.remove();
      }
    }
    if (list.dataset.sortable) return;
    list.dataset.sortable = "1";
    let dragged = null;
    list.addEventListener("dragstart", (event) => {
      const handle = event.target.closest?.(".agenda__handle");
      if (!handle) return;
      dragged = handle.closest(".agenda__item");
      dragged.classList.add("agenda__item--dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.itemId);
      event.dataTransfer.setDragImage(dragged, 20, 20);
    });
    list.addEventListener("dragover", (event) => {
      if (dragged) event.preventDefault();
    });
    list.addEventListener("drop", (event) => {
      if (!dragged) return;
      event.preventDefault();
      const over = event.target.closest?.(".agenda__item");
      if (over && over !== dragged) {
        const box = over.getBoundingClientRect();
        list.insertBefore(dragged,
          event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
        saveOrder(list);
      }
    });
    list.addEventListener("dragend", () => {
      dragged?.classList.remove("agenda__item--dragging");
      dragged = null;
    });
  }

  async function saveOrder(list) {
    const url = agenda().dataset.orderUrl;
    const token = section.querySelector("input[name=csrf_token]");
    if (!url || !token) return;
    const body = new FormData();
    body.append("csrf_token", token.value);
    body.append("version", agenda().dataset.version);
    for (const item of list.querySelectorAll(":scope > .agenda__item")) {
      body.append("item_ids", item.dataset.itemId);
    }
    const response = await fetch(url, {
      method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
    }).catch(() => null);
    const answer = response ? await response.json().catch(() => null) : null;
    if (answer?.ok) followVersion(String(answer.version));
    say(answer ? answer.message : "Verplaatsen is mislukt; vernieuw de pagina.", !answer?.ok);
    await refresh(); // the order as the server has it, also after a refusal
  }

  // --- forms: post in the background, keep the text when it fails ------------------------

  function enhance(root) {
    sortable();
    for (const form of root.querySelectorAll("form[data-meeting-action]")) {
      if (form.dataset.enhanced) continue;
      form.dataset.enhanced = "1";
      form.addEventListener("submit", submit);
      if (form.querySelector("[data-agreement-row]")) agreementRows(form);
    }
  }

  async function submit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    if (form.getAttribute("aria-busy") === "true") return;
    const button = form.querySelector("button[type=submit]");
    const box = form.querySelector(".form-status");
    // Not `disabled`: a disabled button drops the keyboard focus; aria-busy guards twice.
    form.setAttribute("aria-busy", "true");
    button.setAttribute("aria-disabled", "true");
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json().catch(() => null);
      if (!answer) throw new Error("Versturen is mislukt; vernieuw de pagina en probeer het opnieuw.");
      if (!answer.ok) {
        showErrors(form, box, answer);
        if (response.status === 409) refresh(); // what changed meanwhile, and its version
        return;
      }
      followVersion(String(answer.version));
      box?.replaceChildren();
      form.reset();
      if (form.elements.client_id) form.elements.client_id.value = newClientId();
      if (form.querySelector("[data-agreement-row]")) agreementRows(form);
      const details = form.closest("details");
      if (details) { // closing it hides the focused button: focus its summary instead
        details.removeAttribute("open");
        details.querySelector("summary").focus();
      }
      say(answer.message);
      await refresh();
    } catch (error) {
      showErrors(form, box, { message: `${error.message} Uw tekst staat er nog.` });
    } finally {
      form.removeAttribute("aria-busy");
      button.removeAttribute("aria-disabled");
    }
  }

  function showErrors(form, box, answer) {
    const messages = Object.values(answer.fields || {});
    if (!box) {
      say(answer.message, true);
      return;
    }
    const list = element("ul");
    for (const message of messages.length ? messages : [answer.message]) {
      list.append(element("li", null, message));
    }
    box.replaceChildren(list);
  }

  // The decision form has a few agreement rows; show the first and add more on request.
  function agreementRows(form) {
    const rows = [...form.querySelectorAll("[data-agreement-row]")];
    rows.forEach((row, i) => {
      row.hidden = i > 0 && ![...row.querySelectorAll("input, select")]
        .some((field) => field.value.trim());
    });
    let more = form.querySelector(".add-agreement");
    if (!more) {
      more = element("button", "button button--secondary add-agreement", "Nog een afspraak");
      more.type = "button";
      more.addEventListener("click", () => {
        const hidden = rows.find((row) => row.hidden);
        if (hidden) {
          hidden.hidden = false;
          hidden.querySelector("input").focus();
        }
        more.hidden = !rows.some((row) => row.hidden);
      });
      rows[rows.length - 1].after(more);
    }
    more.hidden = !rows.some((row) => row.hidden);
  }

  function typed(root) {
    return [...root.querySelectorAll("form")].some(touched);
  }

  // Anything the user changed: text typed, a date or an option picked.
  function touched(form) {
    return [...form.elements].some((field) => {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
        return false;
      }
      if (field.tagName === "SELECT") {
        return [...field.options].some((o) => o.selected !== o.defaultSelected);
      }
      return field.value !== field.defaultValue && field.value.trim() !== "";
    });
  }

  function say(text, isError = false, extra = null) {
    status.classList.toggle("is-error", isError);
    status.replaceChildren(text, ...(extra ? [extra] : []));
  }
}

function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}
