// Chunks handed to the scheduler as they become ready (each customer's once its checks are done): a queue
// of batches read once with `for await`, ending when closed and drained.
/** Batches pushed as they become ready, read once with `for await`; ends when closed and drained. */
export function batchFeed<T>(): AsyncIterable<readonly T[]> & { push(batch: readonly T[]): void; close(): void } {
  const ready: Array<readonly T[]> = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const poke = (): void => {
    wake?.();
    wake = undefined;
  };
  return {
    push(batch) {
      ready.push(batch);
      poke();
    },
    close() {
      closed = true;
      poke();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const batch = ready.shift();
        if (batch !== undefined) yield batch;
        else if (closed) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
