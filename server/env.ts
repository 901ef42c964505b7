import { z } from "zod";

import { roles, type Role } from "@/db/schema/roles";

/**
 * AUTH_OIDC_ROLE_MAP, "plant-admins=admin,qa=quality": claim value → role
 * (docs/sso.md). The last "=" separates, so a value may contain one.
 */
function parseRoleMap(value: string, ctx: z.RefinementCtx): Record<string, Role> {
  const map = Object.create(null) as Record<string, Role>;
  const entries = value.split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) ctx.addIssue({ code: "custom", message: "names no <claim value>=<role> pair" });
  for (const entry of entries) {
    const at = entry.lastIndexOf("=");
    const claimValue = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at < 0 || !claimValue) {
      ctx.addIssue({ code: "custom", message: `"${entry}" is not of the form <claim value>=<role>` });
    } else if (!(roles as readonly string[]).includes(role)) {
      ctx.addIssue({ code: "custom", message: `"${role}" in "${entry}" is not a role (${roles.join(", ")})` });
    } else if (map[claimValue] && map[claimValue] !== role) {
      ctx.addIssue({ code: "custom", message: `"${claimValue}" is mapped twice, to ${map[claimValue]} and to ${role}` });
    } else {
      map[claimValue] = role as Role;
    }
  }
  return map;
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  MQTT_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /** A reverse proxy in front sets X-Forwarded-Host and X-Forwarded-Proto: the portal's public origin is read from them (docs/security.md). */
  AUTH_TRUST_HOST: z.stringbool().default(false),
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().default("Single sign-on"),
  /** The ID token or userinfo claim whose values (a string or a list) AUTH_OIDC_ROLE_MAP maps to roles, e.g. `groups` or `roles`. */
  AUTH_OIDC_ROLE_CLAIM: z.string().trim().min(1).default("groups"),
  /** "plant-admins=admin,qa=quality": SSO users with such a claim value get that role, the highest one if several match (docs/sso.md). */
  AUTH_OIDC_ROLE_MAP: z.string().optional().transform((value, ctx) => (value === undefined || value.trim() === "" ? undefined : parseRoleMap(value, ctx))),
  /** Wrong passwords (sign-in and signatures) per account within the window before both are refused. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  /** Wrong passwords from one client address, over all accounts, within the window before it is refused. */
  SIGN_IN_MAX_CLIENT_FAILURES: z.coerce.number().int().positive().default(30),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  /** Reverse proxies in front of the web server that append the client's address to X-Forwarded-For; 0 ignores the header. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  PORT: z.coerce.number().int().positive().default(3000),
  /** `next start` processes sharing the web port (npm start, npm run start:web); default: one per core, at most four. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** MQTT client id of the ingestion worker; each worker of a shared group needs its own, stable across restarts. */
  INGEST_CLIENT_ID: z.string().min(1).max(128).optional(),
  /** Several workers started with the same name split the load through `$share/<name>/...` (Mosquitto, EMQX, HiveMQ; not aedes). */
  INGEST_SHARED_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/, "INGEST_SHARED_GROUP may hold letters, digits, _ and - only").optional(),
  /** Port of the Prometheus endpoint (/metrics); 0 picks a free port, -1 turns it off. */
  INGEST_HEALTH_PORT: z.coerce.number().int().min(-1).max(65535).default(9464),
  /** Interface the Prometheus endpoint listens on: this host only by default; 0.0.0.0 (or ::) for a scraper or probe on another host. */
  INGEST_HEALTH_HOST: z.string().min(1).default("127.0.0.1"),
  /** Create site, area, line and station for a message from an unknown station instead of dead-lettering it. */
  INGEST_AUTO_REGISTER: z.stringbool().default(false),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(5000),
  /** A batch closes this long after its first message at the latest. */
  INGEST_BATCH_MS: z.coerce.number().int().min(1).max(10_000).default(25),
  /** Messages received but not yet committed; past this the worker stops reading from the broker. */
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(65_535).default(10_000),
  INGEST_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256).default(65_536),
  /** A record dated further ahead of the worker's clock is a dead letter (clock skew allowance). */
  INGEST_MAX_FUTURE_MINUTES: z.coerce.number().positive().max(1440).default(10),
  /** A record dated further back is a dead letter (how long a store-and-forward gateway may hold data). */
  INGEST_MAX_PAST_DAYS: z.coerce.number().positive().max(3650).default(30),
  INGEST_HEARTBEAT_SECONDS: z.coerce.number().positive().default(5),
  /** The worker reports itself stalled (/healthz 503, Admin > Ingestion in red) when it holds a message longer than this… */
  INGEST_STALL_SECONDS: z.coerce.number().positive().default(60),
  /** …or when this many batch writes fail in a row. */
  INGEST_STALL_FAILURES: z.coerce.number().int().min(1).default(5),
  /** MQTT keepalive of the worker's connection; it is given up and made again after 1.5 times this without an answer. */
  INGEST_MQTT_KEEPALIVE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** MQTT protocol: 5 where the broker speaks it, else 3.1.1 ("auto"), or forced. */
  INGEST_MQTT_PROTOCOL: z.enum(["auto", "4", "5"]).default("auto"),
  INGEST_SPARKPLUG_HOST_ID: z.string().regex(/^[^/#+]+$/).default("threadline"),
  /** Act as Sparkplug B host (subscribe to spBv1.0/#); in a shared group, turn it on for one worker or a few. */
  INGEST_SPARKPLUG: z.stringbool().default(true),
  /** How often the worker brings the KPI rollups up to date; 0 leaves it to another process. */
  KPI_ROLLUP_SECONDS: z.coerce.number().int().min(0).default(60),
  /** The worker keeps partitions of time-partitioned tables (telemetry) for this month and this many ahead (docs/data-lifecycle.md). */
  PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  /** How often the worker maintains partitions and applies retention (also once at start); 0 leaves it to another process. */
  PARTITION_MAINTENANCE_SECONDS: z.coerce.number().int().min(0).default(3600),
  /** Signs every audit entry; the database never sees it. Required outside the embedded demo (docs/audit.md). */
  AUDIT_HMAC_KEY: z.string().min(32, "AUDIT_HMAC_KEY must be at least 32 characters").optional(),
  /** Append-only file that receives the audit chain's head, one JSON line per export; verification reads it. */
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  /** Receives each head export too: a signed POST (docs/audit.md). */
  AUDIT_ANCHOR_WEBHOOK_URL: z.string().url().optional(),
  AUDIT_ANCHOR_WEBHOOK_SECRET: z.string().min(32, "AUDIT_ANCHOR_WEBHOOK_SECRET must be at least 32 characters").optional(),
  /** How often the ingestion worker exports the head when it has moved; 0 leaves it to another process. */
  AUDIT_ANCHOR_SECONDS: z.coerce.number().int().min(0).default(60),
  /** Set by `npm start` on embedded defaults: the sign-in page then lists the demo accounts. */
  THREADLINE_DEMO: z.enum(["0", "1"]).default("0"),
  /** smtp://user:pass@host:port (smtps:// for TLS from the start): where e-mail notifications go; without it only the inbox gets them (docs/notifications.md). */
  SMTP_URL: z.string().url().refine((u) => /^smtps?:$/.test(new URL(u).protocol), "SMTP_URL must start with smtp:// or smtps://").optional(),
  /** The From address of notification e-mails. */
  MAIL_FROM: z.string().min(3).default("Threadline <threadline@localhost>"),
  /** Hour of the day (0-23, in each person's zone or the home site's) when daily digests go out. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** The portal's address as people open it, for links in e-mails; default http://localhost:PORT. */
  PORTAL_URL: z.string().url().optional(),
  /** Tests only: a Postgres server to create their databases on (else 127.0.0.1:5432, else embedded). */
  /** Requests per API token per minute on /api/v1, shared by all web processes (docs/api.md). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Largest request body /api/v1 accepts; larger ones get 413. */
  API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
  /** Jobs (webhook deliveries, event fan-out, watchers) the worker runs at once (docs/webhooks.md). */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  /** A webhook receiver that has not answered within this is a failed attempt, retried later. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Attempts per delivery; 13 spreads them over about 22 hours (docs/webhooks.md, "Retries"). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(13),
  /** Let webhooks reach private networks (10/8, 172.16/12, 192.168/16, fc00::/7); loopback, link-local and metadata addresses stay refused. */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
  /** Host names or addresses webhooks may reach although they are private or loopback, e.g. "erp.plant.local,127.0.0.1". */
  WEBHOOK_ALLOWED_HOSTS: z.string().default("").transform((v) => v.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean)),
  /** A station DOWN this long is reported once per down interval (station.down). */
  STATION_DOWN_ALERT_MINUTES: z.coerce.number().int().min(1).default(10),
  /** This many dead letters within DEAD_LETTER_SPIKE_MINUTES are reported as a spike (dead_letters.spike). */
  DEAD_LETTER_SPIKE_COUNT: z.coerce.number().int().min(1).default(100),
  DEAD_LETTER_SPIKE_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  /** An ingestion worker without a heartbeat this long, and not stopped, is reported (worker.down). */
  WORKER_DOWN_ALERT_MINUTES: z.coerce.number().int().min(1).default(2),
  TEST_DATABASE_ADMIN_URL: z.string().url().optional(),
}).superRefine((e, ctx) => {
  if ((e.AUDIT_ANCHOR_FILE || e.AUDIT_ANCHOR_WEBHOOK_URL) && !e.AUDIT_HMAC_KEY) {
    ctx.addIssue({ code: "custom", path: ["AUDIT_HMAC_KEY"], message: "anchors are signed with AUDIT_HMAC_KEY: set it too" });
  }
  if (e.AUDIT_ANCHOR_WEBHOOK_URL && !e.AUDIT_ANCHOR_WEBHOOK_SECRET) {
    ctx.addIssue({ code: "custom", path: ["AUDIT_ANCHOR_WEBHOOK_SECRET"], message: "the anchor webhook is signed with it: set it too" });
  }
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The settings from these variables, or an error that names each bad one and says why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** process.env is read here and nowhere else. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** `npm start` generates the embedded demo's secrets after reading the environment: from then on they hold in this process as in its children. */
export function provideGeneratedSecret(name: "AUTH_SECRET" | "AUDIT_HMAC_KEY", value: string) {
  env()[name] = value;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}
