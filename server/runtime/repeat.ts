/**
 * Runs `task` again `intervalMs` after each run ends, so runs never overlap;
 * a failed run is reported and the next one comes as usual. `stop` waits for
 * a run in progress.
 */
export function repeatEvery(intervalMs: number, task: () => Promise<void>, options: { isImmediate?: boolean; onError: (error: unknown) => void }) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let isStopped = false;

  const tick = () => {
    running = task()
      .catch(options.onError)
      .finally(() => {
        running = null;
        if (!isStopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, options.isImmediate ? 0 : intervalMs);

  return {
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
