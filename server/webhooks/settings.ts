import { env } from "@/server/env";

import type { WebhookSettings } from "./subscriptions";

/** Webhook settings from the environment (docs/webhooks.md). */
export function webhookSettings(): WebhookSettings & { timeoutMs: number } {
  const e = env();
  return {
    policy: { allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS, allowedHosts: e.WEBHOOK_ALLOWED_HOSTS },
    maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
  };
}
