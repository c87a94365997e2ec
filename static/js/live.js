// The page's one Socket.IO connection (session cookie; same origin), shared by modules.
import { io } from "/static/vendor/socket.io-client/socket.io.esm.min.js";

export const socket = io({ transports: ["websocket", "polling"] });
