// Two socket.io-client 4.x sockets as the seeds' front-ends open them, printing what happens as JSON lines:
// "default" is io(url, {auth}) (long-polling, then the upgrade), "seed002" asks for WebSocket first, as seed 002 does.
// Closing stdin ends the process.
import { io } from "socket.io-client";

const [url, token] = process.argv.slice(2);
const print = (record) => process.stdout.write(JSON.stringify(record) + "\n");

for (const [name, options] of [
  ["default", { auth: { token } }],
  ["seed002", { auth: { token }, transports: ["websocket", "polling"] }],
]) {
  const socket = io(url, { ...options, forceNew: true });
  socket.io.on("open", () => {
    print({ client: name, kind: "open", transport: socket.io.engine.transport.name });
    socket.io.engine.on("upgrade", (transport) => print({ client: name, kind: "upgrade", transport: transport.name }));
  });
  socket.on("connect", () => print({ client: name, kind: "connect", recovered: socket.recovered }));
  socket.on("connect_error", (error) => print({ client: name, kind: "connect_error", message: error.message }));
  socket.on("disconnect", (reason) => print({ client: name, kind: "disconnect", reason }));
  socket.onAny((event, ...args) =>
    print({ client: name, kind: "event", name: event, payload: args[0], offset: args.length > 1 ? args[1] : null }));
  process.stdin.on("end", () => socket.close());
}
process.stdin.on("end", () => setTimeout(() => process.exit(0), 100));
process.stdin.resume();
