import { describe, expect, it } from 'vitest';
import { SchemaGate } from './schema-gate.ts';

/** A promise and the function that resolves it. */
function later<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

const tick = () => new Promise((done) => setTimeout(done, 0));

describe('SchemaGate', () => {
  it('switches only once the calls under way have ended, and runs later calls after the switch', async () => {
    const gate = new SchemaGate();
    const events: string[] = [];
    const slow = later();
    const first = gate.call(async () => {
      events.push('first starts');
      await slow.promise;
      events.push('first ends');
    });
    await tick();
    const switched = gate.switchTo(async () => {
      events.push('switch');
    });
    const second = gate.call(async () => {
      events.push('second');
    });
    await tick();
    expect(events).toEqual(['first starts']);
    slow.resolve();
    await Promise.all([first, switched, second]);
    expect(events).toEqual(['first starts', 'first ends', 'switch', 'second']);
  });

  it('refuses a call whose work ended while it waited, instead of running it after the switch', async () => {
    const gate = new SchemaGate();
    const slow = later();
    let ended = false;
    const under = gate.call(() => slow.promise);
    await tick();
    const switched = gate.switchTo(async () => {});
    const ran: string[] = [];
    const stale = gate.call(
      async () => {
        ran.push('stale');
      },
      () => !ended,
    );
    ended = true;
    slow.resolve();
    await Promise.all([under, switched]);
    await expect(stale).rejects.toMatchObject({ kind: 'cancelled' });
    expect(ran).toEqual([]);
  });

  it('lets a call that waited for one switch wait for the next one asked for meanwhile', async () => {
    const gate = new SchemaGate();
    const events: string[] = [];
    const firstSwitch = later();
    void gate.switchTo(() => firstSwitch.promise.then(() => void events.push('switch 1')));
    const call = gate.call(async () => void events.push('call'));
    // A second switch asked for while the call waits for the first: the call must not slip in between them.
    const secondSwitch = gate.switchTo(async () => void events.push('switch 2'));
    firstSwitch.resolve();
    await Promise.all([call, secondSwitch]);
    expect(events).toEqual(['switch 1', 'switch 2', 'call']);
  });

  it('goes on after a switch that failed', async () => {
    const gate = new SchemaGate();
    await expect(gate.switchTo(() => Promise.reject(new Error('no such schema')))).rejects.toThrow('no such schema');
    await expect(gate.call(async () => 'ran')).resolves.toBe('ran');
  });
});
