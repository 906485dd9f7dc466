import { describe, expect, it } from 'vitest';
import { CallGate } from './call-gate.ts';

/** A promise with its resolve, to hold a call open until the test lets it end. */
function held(): { promise: Promise<void>; release: () => void } {
  let release: () => void = () => {};
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CallGate', () => {
  it('runs the quiet work only once the calls under way have ended, and holds calls made meanwhile until it ends', async () => {
    const gate = new CallGate();
    const order: string[] = [];
    const first = held();
    const call = gate.pass(async () => {
      await first.promise;
      order.push('call under way ended');
    });
    const work = held();
    const quiet = gate.whenQuiet(async () => {
      order.push('quiet work started');
      await work.promise;
      order.push('quiet work ended');
    });
    await turn();
    expect(order).toEqual([]);
    first.release();
    await call;
    await turn();
    expect(order).toEqual(['call under way ended', 'quiet work started']);
    const later = gate.pass(async () => order.push('call made during the work'));
    await turn();
    expect(order).toHaveLength(2);
    work.release();
    await Promise.all([quiet, later]);
    expect(order).toEqual(['call under way ended', 'quiet work started', 'quiet work ended', 'call made during the work']);
  });

  it('runs the quiet work at once when no call is under way, and a failing call or work does not leave the gate shut', async () => {
    const gate = new CallGate();
    await expect(gate.pass(() => Promise.reject(new Error('bad SQL')))).rejects.toThrow('bad SQL');
    await expect(gate.whenQuiet(() => Promise.reject(new Error('no memory')))).rejects.toThrow('no memory');
    await expect(gate.pass(async () => 'answered')).resolves.toBe('answered');
    await expect(gate.whenQuiet(async () => 'moved')).resolves.toBe('moved');
  });
});
