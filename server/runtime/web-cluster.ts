import cluster, { type Worker } from "node:cluster";
import readline from "node:readline";

/**
 * Runs `count` copies of the script `exec` sharing whatever port they listen
 * on (Node's cluster hands connections round robin), and keeps them running:
 * a process that dies after it was serving is replaced; one that dies before
 * (bad configuration, port taken) stops them all with its exit code, so a
 * broken start fails loudly instead of looping. SIGTERM or SIGINT stops every
 * process, then this one.
 */
export function runCluster(options: { exec: string; args: string[]; count: number; name: string; banner?: RegExp }) {
  cluster.setupPrimary({ exec: options.exec, args: options.args, execArgv: [], silent: true });
  const serving = new WeakSet<Worker>();
  let isStopping = false;
  let hasShownBanner = false;

  /** Every process prints the same start-up banner: show the first one's and pass everything else through. */
  const forwardOutput = (worker: Worker) => {
    const { stdout, stderr } = worker.process;
    stderr?.pipe(process.stderr);
    if (!stdout) return;
    const isBannerShown = hasShownBanner;
    hasShownBanner = true;
    readline.createInterface({ input: stdout, crlfDelay: Infinity }).on("line", (line) => {
      if (!isBannerShown || !options.banner?.test(line)) process.stdout.write(`${line}\n`);
    });
  };

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

  cluster.on("fork", forwardOutput);
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
