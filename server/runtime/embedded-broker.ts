import net from "node:net";

import { Aedes } from "aedes";

/** MQTT 3.1.1 only, no $share, in-memory sessions: good for a demo, not for production. Port 0 picks a free one. */
export async function startEmbeddedBroker(port: number) {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const boundPort = address && typeof address === "object" ? address.port : port;
  return {
    url: `mqtt://127.0.0.1:${boundPort}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close();
        broker.close(() => resolve());
      }),
  };
}
