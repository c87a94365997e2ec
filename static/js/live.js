// The page's one Socket.IO connection (session cookie; same origin), shared by modules.
import { io } from "/static/vendor/socket.io-client/socket.io.esm.min.js";

export const socket = io({ transports: ["websocket", "polling"] });

// Live updates have stopped for good on this page: say why, once, above the content.
function stopped(message) {
  socket.disconnect();
  const main = document.getElementById("inhoud");
  if (!main || document.getElementById("logged-out")) return;
  const alert = document.createElement("div");
  alert.id = "logged-out";
  alert.className = "alert alert--error";
  alert.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = message;
  alert.append(text);
  main.prepend(alert);
}

// Logged out (in this tab or another, on any server process): stop live updates and say so.
socket.on("logged_out", (data) => stopped((data && data.message) || "U bent uitgelogd."));

// The server refused the connection (the login ended while the page was reconnecting): the
// client does not try again by itself, so say so rather than go quiet. A network error
// leaves `socket.active` true and the client keeps trying.
socket.on("connect_error", (error) => {
  if (!socket.active) stopped(error.message || "Log opnieuw in om live mee te lezen.");
});
