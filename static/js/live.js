// The page's one Socket.IO connection (session cookie; same origin), shared by modules.
import { io } from "/static/vendor/socket.io-client/socket.io.esm.min.js";

export const socket = io({ transports: ["websocket", "polling"] });

// Logged out (in this tab or another, on any server process): stop live updates and say so.
socket.on("logged_out", (data) => {
  socket.disconnect();
  const main = document.getElementById("inhoud");
  if (!main || document.getElementById("logged-out")) return;
  const alert = document.createElement("div");
  alert.id = "logged-out";
  alert.className = "alert alert--error";
  alert.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = (data && data.message) || "U bent uitgelogd.";
  alert.append(text);
  main.prepend(alert);
});
