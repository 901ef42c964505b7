import http from "node:http";
import https from "node:https";

import type { ThreadlineEvent } from "@/server/events/catalog";

import { resolveWebhookAddress, type AddressPolicy } from "./address-policy";
import { signWebhook } from "./signature";

export interface PostSettings {
  timeoutMs: number;
  policy: AddressPolicy;
}

export interface PostOutcome {
  isSuccess: boolean;
  statusCode: number | null;
  responseMs: number | null;
  error: string | null;
}

const MAX_ERROR_LENGTH = 500;

/**
 * One signed POST of the envelope. Any 2xx within the timeout is success;
 * redirects are not followed (a 3xx is a failure, like any other status).
 */
export async function postWebhook(target: { url: string; secret: string }, event: ThreadlineEvent, settings: PostSettings, signal?: AbortSignal): Promise<PostOutcome> {
  let resolved;
  try {
    resolved = await resolveWebhookAddress(target.url, settings.policy);
  } catch (error) {
    return { isSuccess: false, statusCode: null, responseMs: null, error: (error as Error).message };
  }
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Threadline-Webhooks/1",
    "threadline-event-id": event.id,
    "threadline-event-type": event.type,
    "threadline-timestamp": String(timestamp),
    "threadline-signature": signWebhook(target.secret, timestamp, body),
  };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<PostOutcome>((resolve) => {
    const client = resolved.url.protocol === "https:" ? https : http;
    let isDone = false;
    const finish = (outcome: Omit<PostOutcome, "responseMs">) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      request.destroy();
      resolve({ ...outcome, responseMs: elapsed(), error: outcome.error?.slice(0, MAX_ERROR_LENGTH) ?? null });
    };
    const request = client.request(
      resolved.url,
      {
        method: "POST",
        headers,
        // Connect to the address just checked, not to whatever a second lookup returns.
        lookup: (_host, options, callback) =>
          (options as { all?: boolean }).all ? callback(null, [{ address: resolved.address, family: resolved.family }]) : callback(null, resolved.address, resolved.family),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.once("end", () => finish({ isSuccess: status >= 200 && status < 300, statusCode: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` }));
        response.once("error", (error) => finish({ isSuccess: false, statusCode: status, error: error.message }));
      },
    );
    const timer = setTimeout(() => finish({ isSuccess: false, statusCode: null, error: `no answer within ${settings.timeoutMs} ms (timeout)` }), settings.timeoutMs);
    const onAbort = () => finish({ isSuccess: false, statusCode: null, error: "the job runner stopped during the delivery" });
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort);
    request.once("error", (error) => finish({ isSuccess: false, statusCode: null, error: error.message }));
    request.end(body);
  });
}
