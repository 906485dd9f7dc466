import type { Warehouse } from '../warehouse/warehouse.ts';

/**
 * How the session's stores reach the warehouse. On the page every call goes through the connection
 * (src/warehouse/client.ts), which restarts a crashed engine; in tests a native engine stands behind it.
 */
export interface WarehouseCalls {
  /** `current`: refuse the call ('cancelled') when false by the time it may start (src/warehouse/schema-gate.ts). */
  call<T>(work: (warehouse: Warehouse) => Promise<T>, current?: () => boolean): Promise<T>;
  /** Cancels the running query or load at once, without waiting for a restart. */
  cancel(): Promise<boolean>;
}
