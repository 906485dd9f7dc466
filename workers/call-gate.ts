/**
 * The page's calls into the warehouse worker, counted so that work which must not overlap them (the move of the
 * working database to the threaded build) runs at a moment none is under way, and calls made meanwhile wait for it.
 * A call never makes another call through the gate (src/warehouse/client.ts), so waiting cannot deadlock. Unlike the
 * page's SchemaGate, which holds new calls from the moment a switch is asked for, this waits for a moment no call is
 * under way and holds calls only while the work runs: the page's queries keep flowing during a long job.
 */
export class CallGate {
  private underway = 0;
  private held: Promise<void> | null = null;
  private whenIdle: (() => void)[] = [];

  async pass<T>(call: () => Promise<T>): Promise<T> {
    while (this.held) await this.held;
    this.underway++;
    try {
      return await call();
    } finally {
      if (--this.underway === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    }
  }

  /** Runs `work` once no call is under way; calls made from then until it ends wait for it. */
  async whenQuiet<T>(work: () => Promise<T>): Promise<T> {
    while (this.held || this.underway > 0) {
      await (this.held ?? new Promise<void>((resolve) => this.whenIdle.push(resolve)));
    }
    let release: () => void = () => {};
    this.held = new Promise<void>((resolve) => (release = resolve));
    try {
      return await work();
    } finally {
      this.held = null;
      release();
    }
  }
}
