import cluster, { type Worker } from "node:cluster";

/**
 * Runs `count` copies of the script `exec` sharing whatever port they listen
 * on (Node's cluster hands connections round robin), and keeps them running:
 * a process that dies after it was serving is replaced; one that dies before
 * (bad configuration, port taken) stops them all with its exit code, so a
 * broken start fails loudly instead of looping. SIGTERM or SIGINT stops every
 * process, then this one.
 */
export function runCluster(options: { exec: string; args: string[]; count: number; name: string }) {
  cluster.setupPrimary({ exec: options.exec, args: options.args, execArgv: [] });
  const serving = new WeakSet<Worker>();
  let isStopping = false;

  const stop = (code: number) => {
    if (isStopping) return;
    isStopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    if (workers.length === 0) process.exit(code);
    let left = workers.length;
    for (const worker of workers) {
      worker.once("exit", () => --left === 0 && process.exit(code));
      worker.process.kill("SIGTERM");
    }
  };

  cluster.on("listening", (worker) => serving.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    if (isStopping) return;
    console.error(`[${options.name}] process ${worker.process.pid} exited (${signal ?? code})`);
    if (serving.has(worker)) cluster.fork();
    else stop(code || 1);
  });
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
  for (let i = 0; i < options.count; i++) cluster.fork();
}
