// A stand-in for `next start` in web-cluster.test.ts: prints a banner, then answers with its pid, or fails before listening.
import http from "node:http";
import process from "node:process";

if (process.env.FAIL_BEFORE_LISTEN) process.exit(3);
process.stdout.write("== test server banner ==\n");
const server = http.createServer((_req, res) => res.end(String(process.pid)));
server.listen(Number(process.env.PORT), () => process.stdout.write(`serving in ${process.pid}\n`));
process.on("SIGTERM", () => process.exit(0));
