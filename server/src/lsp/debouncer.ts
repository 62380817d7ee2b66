// One pending run per key (a notebook or file URI): a new request for the same key
// replaces the pending one, so only the latest state is analysed.
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  schedule(key: string, delayMs: number, run: () => void): void {
    this.cancel(key);
    if (delayMs <= 0) {
      // Still async, so that a burst of notifications already queued is absorbed first.
      this.timers.set(key, setImmediate(() => {
        this.timers.delete(key);
        run();
      }) as unknown as NodeJS.Timeout);
      return;
    }
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      run();
    }, delayMs));
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    clearImmediate(timer as unknown as NodeJS.Immediate);
    this.timers.delete(key);
  }
}
