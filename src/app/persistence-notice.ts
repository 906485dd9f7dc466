import type { WarehouseInfo } from '../warehouse/warehouse.ts';
import type { Notice } from '../session/store.svelte.ts';

/** What the page says at start about where its tables are kept, or null when all is as it should be. */
export function persistenceNotice(info: WarehouseInfo): Notice | null {
  if (info.persistent) return info.rebuilt ? { kind: 'info', key: 'notice.warehouse-rebuilt' } : null;
  if (info.persistenceFailure === 'unwritable') return { kind: 'error', key: 'notice.warehouse-unwritable' };
  return { kind: 'error', key: 'notice.not-persistent' };
}
