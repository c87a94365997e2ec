// Live case log: receive notes as they are written, post without reload, never lose text.
// The page works without this script (the form posts and the server redirects back).
import { element, fetchAfter, formatTime, insertAtCursor, sendKeepingText } from "./dom.js";
import { socket } from "./live.js";

const log = document.getElementById("chronologie");
if (log) start(log);

function start(section) {
  const caseId = Number(section.dataset.caseId);
  const list = document.getElementById("notes");
  const form = document.getElementById("note-form");
  const status = document.getElementById("note-status");
  const presence = document.getElementById("presence");
  const labels = JSON.parse(document.getElementById("note-labels").textContent);
  let lastId = Number(list.dataset.lastId || 0);
  // Who may correct a note (core/permissions.py, "note.correct"): its author, or a
  // coordinator of the author's organisation. The server checks again on posting.
  const correctUser = Number(section.dataset.correctUser);
  const correctOrg = Number(section.dataset.correctOrg || 0);
  const mayCorrect = (note) =>
    note.author_id === correctUser || (correctOrg && note.org_id === correctOrg);

  socket.on("connect", join);
  if (socket.connected) join(); // the shared socket may be connected before this module runs

  async function join() {
    // Catch up from the last note shown before this (re)connect: a note that arrives live
    // while joining raises lastId past the ones missed while the connection was gone.
    const after = lastId;
    const answer = await socket.timeout(10000).emitWithAck("join_case", { case_id: caseId })
      .catch(() => null);
    if (!answer || !answer.ok) {
      setStatus(answer ? answer.message : "Live bijwerken lukt nu niet.", true);
      return;
    }
    await fetchAfter(`/api/v1/cases/${caseId}/notes`, after, show);
  }
  socket.on("note_created", (note) => {
    if (note.case_id === caseId) show(note);
  });
  socket.on("presence", (data) => {
    if (data.case_id === caseId) showPresence(data.viewers);
  });
  setInterval(() => socket.connected && socket.emit("still_here", { case_id: caseId }), 30000);

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      if (!data.body || !data.body.trim()) {
        setStatus("Typ eerst een notitie.", true);
        form.elements.body.focus();
        return;
      }
      const payload = {
        case_id: caseId, body: data.body, scope: data.scope, client_id: data.client_id,
      };
      for (const key of ["category", "summary", "corrects_id"]) {
        if (data[key]) payload[key] = key === "corrects_id" ? Number(data[key]) : data[key];
      }
      await sendKeepingText(form, setStatus, () => send(payload), (answer) => {
        show(answer.note);
        form.elements.body.value = "";
        if (form.elements.summary) form.elements.summary.value = "";
        clearCorrection();
        setStatus("Geplaatst.", false);
      });
    });
    const picker = form.querySelector("[data-mention-picker]");
    if (picker) {
      picker.hidden = false;
      picker.querySelector("select").addEventListener("change", (event) => {
        const token = event.target.value;
        if (!token) return;
        insertAtCursor(form.elements.body, `${token} `);
        event.target.value = "";
      });
    }
    form.addEventListener("click", (event) => {
      if (event.target.matches("[data-clear-correction]")) clearCorrection();
    });
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-correct]");
    if (!button || !form) return;
    event.preventDefault();
    form.elements.corrects_id.value = button.dataset.correct;
    const note = document.getElementById("correcting");
    note.hidden = false;
    note.querySelector("span").textContent = `Correctie op notitie ${button.dataset.correct}`;
    form.elements.body.focus();
  });

  function clearCorrection() {
    if (!form) return;
    form.elements.corrects_id.value = "";
    document.getElementById("correcting").hidden = true;
  }

  async function send(payload) {
    if (socket.connected) {
      return socket.timeout(10000).emitWithAck("post_note", payload);
    }
    const response = await fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "X-CSRFToken": form.elements.csrf_token.value },
      body: JSON.stringify(payload),
    });
    return response.json();
  }

  function setStatus(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("is-error", isError);
  }

  function showPresence(viewers) {
    if (!presence) return;
    const names = viewers.map((v) => `${v.name} (${v.organisation})`);
    presence.hidden = names.length === 0;
    presence.textContent = names.length ? `Nu open bij: ${names.join(", ")}` : "";
  }

  function show(note) {
    if (document.getElementById(`notitie-${note.id}`)) return;
    lastId = Math.max(lastId, note.id);
    list.dataset.lastId = String(lastId);
    const item = render(note);
    const newer = [...list.children].find((li) => Number(li.dataset.noteId) < note.id);
    list.insertBefore(item, newer || null);
    document.getElementById("no-notes")?.remove();
    if (note.corrects_id) markCorrected(note.corrects_id, note.id);
  }

  function markCorrected(originalId, byId) {
    const original = document.getElementById(`notitie-${originalId}`);
    if (!original || original.querySelector(".note__corrected")) return;
    const p = element("p", "note__corrected", "Gecorrigeerd, zie ");
    const a = element("a", "", `notitie ${byId}`);
    a.href = `#notitie-${byId}`;
    p.append(a);
    original.querySelector("header").after(p);
  }

  function render(note) {
    const li = element("li", `note note--${note.scope}`);
    li.id = `notitie-${note.id}`;
    li.dataset.noteId = String(note.id);
    li.tabIndex = -1;
    const header = element("header", "note__meta");
    header.append(element("strong", "", note.author_name), `, ${note.org_name} · `);
    const time = element("time", "", formatTime(note.created_at));
    time.dateTime = note.created_at;
    header.append(time, ` · ${labels.scopes[note.scope] || note.scope}`);
    if (note.category) header.append(` · ${labels.categories[note.category] || note.category}`);
    li.append(header);
    if (note.corrects_id) {
      const p = element("p", "note__corrects", "Correctie op ");
      const a = element("a", "", `notitie ${note.corrects_id}`);
      a.href = `#notitie-${note.corrects_id}`;
      p.append(a);
      li.append(p);
    }
    if (note.redacted) {
      li.append(element("p", "note__redacted",
        `Medisch advies, alleen leesbaar voor de GGD. Samenvatting: ${note.summary}`));
    } else {
      const body = element("div", "note__body");
      body.innerHTML = note.html; // sanitised on the server (markdown-it-py + nh3)
      li.append(body);
      if (note.summary) li.append(element("p", "note__summary", `Samenvatting: ${note.summary}`));
      if (form && mayCorrect(note)) {
        const button = element("button", "link-button", "Corrigeren");
        button.type = "button";
        button.dataset.correct = String(note.id);
        li.append(button);
      }
    }
    return li;
  }
}
