// Keep the header's unread badge current: the server pushes `notification` to our room.
import { socket } from "./live.js";

const badge = document.getElementById("unread-badge");

socket.on("notification", (data) => {
  if (!badge || typeof data.unread !== "number") return;
  badge.hidden = data.unread === 0;
  // As the server renders it: counted no further than 999 (notifications.services).
  badge.firstChild.textContent = data.unread > 999 ? "999+" : String(data.unread);
});
