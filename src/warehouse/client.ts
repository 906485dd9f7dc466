import * as Comlink from 'comlink';
import { KuraError } from '../engine/engine.ts';
import { installKuraErrorTransfer } from '../engine/comlink-errors.ts';
import type { Warehouse, WarehouseInfo } from './warehouse.ts';

export type RemoteWarehouse = Comlink.Remote<Warehouse & { crashForTesting(): Promise<void> }>;

export interface WarehouseConnection {
  /** The live warehouse; replaced after a restart, so read it each time. */
  readonly warehouse: RemoteWarehouse;
  readonly info: WarehouseInfo;
  /** Runs a warehouse call; if the engine died, restarts it, restores from OPFS and rethrows as 'engine-restarted'. */
  call<T>(operation: (warehouse: RemoteWarehouse) => Promise<T>): Promise<T>;
}

/** Starts the warehouse worker and keeps it alive across engine crashes. */
export async function connectWarehouse(options: {
  persistent: boolean;
  onRestart?: (info: WarehouseInfo) => void;
}): Promise<WarehouseConnection> {
  installKuraErrorTransfer();
  let worker: Worker;
  let warehouse: RemoteWarehouse;
  let info: WarehouseInfo;
  let restarting: Promise<void> | null = null;

  const start = async () => {
    worker = new Worker(new URL('../../workers/warehouse.worker.ts', import.meta.url), { type: 'module', name: 'kura-warehouse' });
    warehouse = Comlink.wrap(worker);
    info = await warehouse.open({ persistent: options.persistent });
  };

  const restart = () => {
    restarting ??= (async () => {
      warehouse[Comlink.releaseProxy]();
      worker.terminate();
      await start();
      options.onRestart?.(info);
    })().finally(() => (restarting = null));
    return restarting;
  };

  await start();
  return {
    get warehouse() {
      return warehouse;
    },
    get info() {
      return info;
    },
    async call(operation) {
      if (restarting) await restarting;
      try {
        return await operation(warehouse);
      } catch (error) {
        if (error instanceof KuraError && error.kind === 'engine-dead') {
          await restart();
          throw new KuraError(
            'The engine stopped unexpectedly and was restarted; your tables were restored from browser storage.',
            'engine-restarted',
            error.detail,
          );
        }
        throw error;
      }
    },
  };
}
