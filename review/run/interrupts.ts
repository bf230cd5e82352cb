/** Interrupts of long-running commands (`hai rehearse --live`, `hai rollout run`). */

/** Calls `handler` once on SIGINT or SIGTERM; returns the removal of both listeners. */
export function processInterrupts(handler: () => void): () => void {
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.removeListener("SIGINT", handler);
    process.removeListener("SIGTERM", handler);
  };
}
