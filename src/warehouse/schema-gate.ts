import { KuraError } from '../engine/engine.ts';

/**
 * The order of warehouse calls around a change of schema (the open notebook's, src/notebook/namespace.ts). The
 * warehouse has one schema at a time for every call, so a call that spans a switch would finish in the next
 * notebook's schema: the switch waits for the calls under way, and calls made after it wait for it. A call asked
 * for by work that has since ended (`current` false once it may run: a run of the notebook that was closed) is
 * refused instead of running in the new schema.
 *
 * A call must not make another call through the gate: the inner one would wait for a switch that waits for the
 * outer one. Work inside a call uses the warehouse that call was given.
 */
export class SchemaGate {
  private switching: Promise<void> = Promise.resolve();
  private readonly underway = new Set<Promise<unknown>>();

  async call<T>(operation: () => Promise<T>, current?: () => boolean): Promise<T> {
    // A switch asked for while this call waited must come first too.
    let waited: Promise<void>;
    do {
      waited = this.switching;
      await waited;
    } while (waited !== this.switching);
    if (current && !current()) throw new KuraError('Stopped: another notebook was opened.', 'cancelled');
    const running = operation();
    this.underway.add(running);
    try {
      return await running;
    } finally {
      this.underway.delete(running);
    }
  }

  /** Runs `change` once the calls under way now have settled, before any call made after this. */
  switchTo(change: () => Promise<void>): Promise<void> {
    const underway = Promise.allSettled([...this.underway]);
    const switched = this.switching.then(() => underway).then(change);
    this.switching = switched.then(
      () => {},
      () => {},
    );
    return switched;
  }
}
