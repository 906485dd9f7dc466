import { KuraError } from '../engine/engine.ts';

/**
 * A matching run's step clock: `step(name)` records the milliseconds since the previous step under `name` and stops
 * the run when it was cancelled.
 */
export function stepTimings(signal: AbortSignal): { timings: Record<string, number>; step: (name: string) => void } {
  const timings: Record<string, number> = {};
  let started = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - started);
    started = now;
    if (signal.aborted) throw new KuraError('Matching was cancelled.', 'cancelled');
  };
  return { timings, step };
}
