/** Runs once in each web process before it serves requests. */
export async function register() {
  // Replaced at build time; the edge runtime has no sockets to read addresses from.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { stampPeerAddresses } = await import("@/server/auth/client-address");
    stampPeerAddresses();
  }
}
