import { describe, expect, it } from 'vitest';
import { persistenceNotice } from './persistence-notice.ts';
import { en } from '../ui/messages/en.ts';
import { ja } from '../ui/messages/ja.ts';
import type { WarehouseInfo } from '../warehouse/warehouse.ts';

const info = (fields: Partial<WarehouseInfo>): WarehouseInfo => ({
  duckdbVersion: 'v1',
  bundle: 'eh',
  threads: 1,
  persistent: true,
  ...fields,
});

describe('persistenceNotice', () => {
  it('says nothing when the warehouse is stored and was opened as it was', () => {
    expect(persistenceNotice(info({}))).toBeNull();
  });

  it('tells the user an empty, unusable warehouse was started afresh', () => {
    expect(persistenceNotice(info({ rebuilt: true }))).toEqual({ kind: 'info', key: 'notice.warehouse-rebuilt' });
  });

  it('tells the user stored tables were left untouched when they could not be written', () => {
    const notice = persistenceNotice(
      info({ persistent: false, persistenceFailure: 'unwritable', persistenceProblem: 'File is not opened in write mode' }),
    );
    expect(notice).toEqual({ kind: 'error', key: 'notice.warehouse-unwritable' });
    expect(en['notice.warehouse-unwritable']).toMatch(/untouched/);
    expect(ja['notice.warehouse-unwritable']).toMatch(/再読み込み/);
  });

  it('keeps the other-tab sentence for a warehouse held elsewhere', () => {
    expect(persistenceNotice(info({ persistent: false, persistenceFailure: 'in-use' }))).toEqual({
      kind: 'error',
      key: 'notice.not-persistent',
    });
  });
});
