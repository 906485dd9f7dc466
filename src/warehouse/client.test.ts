import { describe, expect, it } from 'vitest';
import { connectionWhenStarted, type RemoteWarehouse, type WarehouseConnection } from './client.ts';

/** A started connection that records what reached it, in order. */
function recordingConnection(log: string[]): WarehouseConnection {
  return {
    ready: Promise.resolve(),
    warehouse: {} as RemoteWarehouse,
    info: { duckdbVersion: 'test' } as WarehouseConnection['info'],
    async call(operation) {
      return operation({} as RemoteWarehouse);
    },
    async useSchema(name) {
      log.push(`use ${name}`);
    },
  };
}

describe('connectionWhenStarted', () => {
  it('holds calls and schema switches until the engine has started, then passes them on in the order they were made', async () => {
    const log: string[] = [];
    let start = (_: WarehouseConnection) => {};
    const connection = connectionWhenStarted(new Promise((resolve) => (start = resolve)));
    expect(() => connection.warehouse).toThrow('The engine is still starting.');
    const done = [
      connection.useSchema('notebook_a'),
      connection.call(async () => log.push('first call')),
      connection.useSchema('notebook_b'),
      connection.call(async () => log.push('second call')),
    ];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual([]);
    start(recordingConnection(log));
    await Promise.all(done);
    await connection.ready;
    expect(log).toEqual(['use notebook_a', 'first call', 'use notebook_b', 'second call']);
    expect(connection.info.duckdbVersion).toBe('test');
  });

  it('says so to every call when the engine could not start', async () => {
    const connection = connectionWhenStarted(Promise.reject(new Error('no WebAssembly')));
    await expect(connection.call(async () => 1)).rejects.toThrow('no WebAssembly');
    await expect(connection.ready).rejects.toThrow('no WebAssembly');
  });
});
