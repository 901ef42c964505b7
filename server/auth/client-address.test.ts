import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { clientAddress, stampPeerAddresses } from "./client-address";

/** What clientAddress makes of real requests to a real server, with `hops` trusted proxies. */
describe("client address", () => {
  let server: http.Server;
  let hops = 0;
  const ask = async (headers: Record<string, string>) => {
    const { port } = server.address() as AddressInfo;
    return (await fetch(`http://127.0.0.1:${port}/`, { headers })).text();
  };

  beforeAll(async () => {
    stampPeerAddresses();
    server = http.createServer((req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      res.end(String(clientAddress(headers, hops)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is the connection's own address without a configured proxy, whatever the request claims", async () => {
    hops = 0;
    expect(await ask({})).toBe("127.0.0.1");
    expect(await ask({ "X-Forwarded-For": "203.0.113.66", "X-Real-IP": "203.0.113.67" })).toBe("127.0.0.1");
    expect(await ask({ "X-Threadline-Peer": "guess 203.0.113.68" })).toBe("127.0.0.1");
  });

  it("is the address the trusted proxy appended, never one the client put before it", async () => {
    hops = 1;
    expect(await ask({ "X-Forwarded-For": "198.51.100.7" })).toBe("198.51.100.7");
    expect(await ask({ "X-Forwarded-For": "203.0.113.66, 198.51.100.7" })).toBe("198.51.100.7");
    hops = 2;
    expect(await ask({ "X-Forwarded-For": "203.0.113.66, 198.51.100.7, 10.1.2.3" })).toBe("198.51.100.7");
    // A proxy that appended nothing usable: no address rather than a made-up one.
    expect(await ask({ "X-Forwarded-For": "203.0.113.66, not-an-address, 10.1.2.3" })).toBe("null");
  });

  it("is unknown for a request this process did not stamp", () => {
    expect(clientAddress(new Headers({ "x-threadline-peer": "guess 203.0.113.68" }), 0)).toBeNull();
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.66" }), 1)).toBeNull();
  });
});
