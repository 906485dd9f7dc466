import { KuraError } from '../engine/engine.ts';

/** A file Kura will not load; `message` is one plain sentence saying what is wrong and what to do. */
export function unreadable(message: string, detail?: string): KuraError {
  return new KuraError(message, 'unreadable-file', detail);
}

export function cancelled(): KuraError {
  return new KuraError('The load was cancelled.', 'cancelled');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}
