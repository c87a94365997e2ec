// Live consultation: new messages appear without reload, sending never loses the text.
// The page works without this script (the form posts and the server redirects back).
import { element, fetchAfter, formatTime, sendKeepingText } from "./dom.js";
import { socket } from "./live.js";

const section = document.getElementById("gesprek");
if (section && document.getElementById("messages")) start(section);

function start(section) {
  const consultationId = Number(section.dataset.consultationId);
  const list = document.getElementById("messages");
  const form = document.getElementById("message-form");
  const status = document.getElementById("message-status");
  let lastId = Number(list.dataset.lastId || 0);

  // Join on every (re)connect; the shared socket may already be connected when this
  // module runs (another module opened it first), so join right away in that case too.
  async function join() {
    const after = lastId; // as in case-log.js: not moved by a message arriving while joining
    const answer = await socket.timeout(10000)
      .emitWithAck("join_consultation", { consultation_id: consultationId })
      .catch(() => null);
    if (!answer || !answer.ok) {
      setStatus(answer ? answer.message : "Live bijwerken lukt nu niet.", true);
      return;
    }
    section.dataset.live = "true";
    await fetchAfter(`/api/v1/consultations/${consultationId}/messages`, after, show);
  }
  socket.on("connect", join);
  if (socket.connected) join();
  socket.on("disconnect", () => {
    section.dataset.live = "false";
  });
  socket.on("consultation_message", (message) => {
    if (message.consultation_id === consultationId) show(message);
  });
  socket.on("consultation_status", (data) => {
    if (data.consultation_id === consultationId) stop(data);
  });

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = form.elements.body.value;
      if (!body.trim()) {
        setStatus("Typ eerst een bericht.", true);
        form.elements.body.focus();
        return;
      }
      const payload = {
        consultation_id: consultationId, body, client_id: form.elements.client_id.value,
      };
      await sendKeepingText(form, setStatus, () => send(payload), (answer) => {
        show(answer.message);
        form.elements.body.value = "";
        setStatus("Verstuurd.", false);
      });
    });
  }

  async function send(payload) {
    if (socket.connected) {
      return socket.timeout(10000).emitWithAck("post_consultation_message", payload);
    }
    const response = await fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "X-CSRFToken": form.elements.csrf_token.value },
      body: JSON.stringify({ body: payload.body, client_id: payload.client_id }),
    });
    return response.json();
  }

  function stop(data) {
    const badge = document.getElementById("consultatie-status");
    if (data.status === "converted") {
      // The messages now belong to the case: reload to show where they went.
      window.location.reload();
      return;
    }
    if (badge) badge.textContent = "Gesloten";
    if (form) form.hidden = true;
    const closed = document.getElementById("gesprek-gesloten");
    if (closed) closed.hidden = false;
  }

  function setStatus(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("is-error", isError);
  }

  function show(message) {
    if (document.getElementById(`bericht-${message.id}`)) return;
    lastId = Math.max(lastId, message.id);
    list.dataset.lastId = String(lastId);
    const item = render(message);
    const later = [...list.children].find((li) => Number(li.dataset.messageId) > message.id);
    list.insertBefore(item, later || null);
    document.getElementById("no-messages")?.remove();
  }

  function render(message) {
    const li = element("li", "note consultation-message");
    li.id = `bericht-${message.id}`;
    li.dataset.messageId = String(message.id);
    li.tabIndex = -1;
    const header = element("header", "note__meta");
    header.append(element("strong", "", message.author_name), `, ${message.org_name} · `);
    const time = element("time", "", formatTime(message.created_at));
    time.dateTime = message.created_at;
    header.append(time);
    const body = element("div", "note__body");
    body.innerHTML = message.html; // sanitised on the server (markdown-it-py + nh3)
    li.append(header, body);
    return li;
  }
}
