import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIP, type Socket } from "node:net";

/*
 * Route handlers only see headers, and Next.js (16.4, server/base-server.js)
 * fills X-Forwarded-For from the socket only when the request has none: a
 * client's own header arrives unchanged. So every web process stamps each
 * request with its connection's address as Node parses it, before Next.js
 * sees it, under a header carrying a per-process token: a client cannot forge
 * the stamp, and a request parsed before the stamp was installed has none.
 */
const PEER_HEADER = "x-threadline-peer";
const TOKEN = Symbol.for("threadline.peer-token");
type WithToken = typeof globalThis & { [TOKEN]?: string };

/** Installed once per web process (instrumentation.ts). */
export function stampPeerAddresses() {
  const global = globalThis as WithToken;
  if (global[TOKEN]) return;
  const token = randomBytes(16).toString("hex");
  global[TOKEN] = token;
  // Published synchronously for every request before the server's "request" event.
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = `${token} ${socket.remoteAddress ?? ""}`;
  });
}

/**
 * The client's address: the connection's own, or with `trustedProxyHops`
 * reverse proxies in front, the one the outermost of them appended to
 * X-Forwarded-For (entries further left are the client's to invent).
 * Null when unknown.
 */
export function clientAddress(headers: Headers, trustedProxyHops: number): string | null {
  const [token, peer] = headers.get(PEER_HEADER)?.split(" ") ?? [];
  if (!peer || token !== (globalThis as WithToken)[TOKEN]) return null;
  const forwarded = trustedProxyHops > 0 ? (headers.get("x-forwarded-for") ?? "").split(",").map((a) => a.trim()) : [];
  const chain = [...forwarded.filter(Boolean), peer];
  const address = (chain[Math.max(0, chain.length - 1 - trustedProxyHops)] ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(address) ? address : null;
}
