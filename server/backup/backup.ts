import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";

import { createSqlClient } from "@/db";

/**
 * Backups with the Postgres client tools (docs/backup.md): pg_dump's custom
 * format, restored by pg_restore into a database that holds nothing yet.
 * PG_BIN_DIR points at the tools when they are not on PATH; they must be of
 * the server's major version or newer, which is checked before anything runs.
 */
function tool(name: "pg_dump" | "pg_restore") {
  const dir = process.env.PG_BIN_DIR;
  return dir ? path.join(dir, name) : name;
}

function run(command: string, args: string[]) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("error", (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === "ENOENT" ? `${command} was not found: install the PostgreSQL client tools or set PG_BIN_DIR` : e.message)),
    );
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${err.trim()}`))));
  });
}

async function serverMajor(url: string) {
  const sql = createSqlClient(url, { max: 1 });
  try {
    const [row] = await sql<{ v: number }[]>`select current_setting('server_version_num')::int as v`;
    return Math.floor(Number(row?.v) / 10_000);
  } finally {
    await sql.end();
  }
}

async function checkToolVersion(name: "pg_dump" | "pg_restore", url: string) {
  const version = await run(tool(name), ["--version"]);
  const major = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
  const server = await serverMajor(url);
  if (!(major >= server)) throw new Error(`${name} ${major} cannot handle a PostgreSQL ${server} server: use the client tools of version ${server} or newer (PG_BIN_DIR)`);
}

/** Writes a custom-format dump of the database at `url` to `file` and returns its size in bytes. */
export async function backupDatabase(url: string, file: string) {
  await checkToolVersion("pg_dump", url);
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  await run(tool("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${url}`]);
  // Renamed only when complete, so a file by the final name is never a torn backup.
  await fs.rename(partial, file);
  return (await fs.stat(file)).size;
}

/**
 * Restores `file` into the database at `url`, creating that database when it
 * does not exist. Refuses a database that already holds tables: a restore
 * never overwrites data, and never merges two histories into one audit chain.
 */
export async function restoreDatabase(file: string, url: string) {
  await fs.access(file).catch(() => {
    throw new Error(`no backup at ${file}`);
  });
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error("the target URL names no database");
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = createSqlClient(maintenance.toString(), { max: 1 });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  const sql = createSqlClient(url, { max: 1 });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`;
    if (row && row.n > 0) throw new Error(`database ${name} already holds ${row.n} tables: restore into a new, empty database`);
  } finally {
    await sql.end();
  }
  await checkToolVersion("pg_restore", url);
  await run(tool("pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${url}`, file]);
}
