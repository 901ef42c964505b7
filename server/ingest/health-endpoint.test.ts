import net from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { IngestHealth } from "./health";

function newHealth() {
  return new IngestHealth({ clientId: "endpoint-test", sharedGroup: null }, { queueDepth: () => 0, inFlight: () => 0, oldestHeldAt: () => null, protocolVersion: () => 5, rebirthRequests: () => 0 }, { seconds: 60, failures: 5 });
}

/** Whether a TCP connection to host:port is accepted. 127.0.0.2 is this machine too, but not the interface 127.0.0.1. */
function accepts(host: string, port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("the worker's metrics endpoint", () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("listens on 127.0.0.1 only by default, and says so", async () => {
    const server = await newHealth().serve(0);
    servers.push(server);
    const { hostname, port } = new URL(server.url);
    expect(hostname).toBe("127.0.0.1");
    expect((await fetch(server.url)).status).toBe(200);
    expect(await accepts("127.0.0.2", Number(port))).toBe(false);
  });

  it("listens on every interface when given 0.0.0.0, and says so", async () => {
    const server = await newHealth().serve(0, "0.0.0.0");
    servers.push(server);
    const { hostname, port } = new URL(server.url);
    expect(hostname).toBe("0.0.0.0");
    expect(await accepts("127.0.0.2", Number(port))).toBe(true);
  });
});
