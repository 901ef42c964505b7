import { createSqlClient } from "@/db";
import { runMigrations } from "@/db/migrate";
import { seedDatabase } from "@/db/seed";

/**
 * What `npm start` runs (README, "Two commands" and "An empty start"). The
 * demo (demo factory seeded into an empty database, demo accounts listed on
 * the sign-in page, line simulator) on the embedded database, or with
 * THREADLINE_DEMO=1 on any; otherwise, and always with `--empty`, a portal
 * with nothing in it whose first visit creates the administrator.
 */
export interface StartMode {
  isDemo: boolean;
  /** The embedded database's name: the empty start keeps its own, so that it never meets the demo's data. */
  embeddedDatabase: string;
}

export function startMode(args: string[], config: { DATABASE_URL?: string; THREADLINE_DEMO: "0" | "1" }): StartMode {
  const unknown = args.filter((a) => a !== "--empty");
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(" ")} (npm start takes --empty only)`);
  const isEmpty = args.includes("--empty");
  if (isEmpty) return { isDemo: false, embeddedDatabase: "threadline_plant" };
  return { isDemo: !config.DATABASE_URL || config.THREADLINE_DEMO === "1", embeddedDatabase: "threadline" };
}

/** Migrates, and loads the demo factory into an empty database in demo mode; an empty start leaves the database as it is. */
export async function prepareDatabase(databaseUrl: string, mode: StartMode, log: (message: string) => void): Promise<"seeded" | "unchanged"> {
  await runMigrations(databaseUrl);
  if (!mode.isDemo) return "unchanged";
  const sql = createSqlClient(databaseUrl, { max: 1 });
  try {
    const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from sites`;
    if (n > 0) return "unchanged";
    log("[start] empty database: loading the demo factory");
    await seedDatabase(sql, { onProgress: (m) => log(`[seed] ${m}`) });
    return "seeded";
  } finally {
    await sql.end();
  }
}
