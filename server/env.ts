import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  MQTT_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().default("Single sign-on"),
  /** Failed sign-ins per e-mail address within the window before sign-in is refused. */
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  PORT: z.coerce.number().int().positive().default(3000),
  /** `next start` processes sharing the web port (npm start, npm run start:web); default: one per core, at most four. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** MQTT client id of the ingestion worker; each worker of a shared group needs its own, stable across restarts. */
  INGEST_CLIENT_ID: z.string().min(1).max(128).optional(),
  /** Several workers started with the same name split the load through `$share/<name>/...` (Mosquitto, EMQX, HiveMQ; not aedes). */
  INGEST_SHARED_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/, "INGEST_SHARED_GROUP may hold letters, digits, _ and - only").optional(),
  /** Port of the Prometheus endpoint (/metrics); 0 picks a free port, -1 turns it off. */
  INGEST_HEALTH_PORT: z.coerce.number().int().min(-1).max(65535).default(9464),
  /** Create site, area, line and station for a message from an unknown station instead of dead-lettering it. */
  INGEST_AUTO_REGISTER: z.stringbool().default(false),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(5000),
  /** A batch closes this long after its first message at the latest. */
  INGEST_BATCH_MS: z.coerce.number().int().min(1).max(10_000).default(25),
  /** Messages received but not yet committed; past this the worker stops reading from the broker. */
  INGEST_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(65_535).default(10_000),
  INGEST_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256).default(65_536),
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
  /** Set by `npm start` on embedded defaults: the sign-in page then lists the demo accounts. */
  THREADLINE_DEMO: z.enum(["0", "1"]).default("0"),
  /** Tests only: a Postgres server to create their databases on (else 127.0.0.1:5432, else embedded). */
  TEST_DATABASE_ADMIN_URL: z.string().url().optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** process.env is read here and nowhere else. */
export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}
