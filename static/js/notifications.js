// Keep the header's unread badge current: the server pushes `notification` to our room.
import { socket } from "./live.js";

const badge = document.getElementById("unread-badge");

socket.on("notification", (data) => {
  if (!badge || typeof data.unread !== "number") return;
  badge.hidden = data.unread === 0;
  badge.firstChild.textContent = String(data.unread);
});
