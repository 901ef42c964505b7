import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP receiver on 127.0.0.1. `respond` decides each answer: a status,
 * or "hang" (the request is held until the receiver stops or `release()`).
 */
export async function startReceiver(respond: (request: ReceivedWebhook, index: number) => number | "hang" = () => 200) {
  const received: ReceivedWebhook[] = [];
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString() };
      received.push(request);
      const answer = respond(request, received.length - 1);
      if (answer === "hang") {
        held.add(res);
        res.once("close", () => held.delete(res));
        return;
      }
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** How many requests are being held right now. */
    heldCount: () => held.size,
    release(status = 200) {
      for (const res of held) res.writeHead(status).end();
    },
    async stop() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
