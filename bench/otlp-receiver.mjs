// The OTLP/HTTP receiver of `bench:engine` when telemetry is on: a process of its own, as a
// collector is in a real deployment, so the engine's CPU figures do not include the receiving end
// (reading and answering the export requests). It accepts every POST, discards the body and answers
// 200 "{}". It prints its port on stdout once listening and exits when its stdin closes (the
// benchmark ended or died).
import http from "node:http";

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
