import { describe, expect, it } from 'vitest';
import { NativeEngine } from '../engine/native.ts';
import { queryRows } from '../engine/plain-rows.ts';
import { loadFile } from './load.ts';
import { isSpaceAligned, spaceAlignedAsTabs } from './plain-text-table.ts';

const cdnowLike =
  ' customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00002 19970112  5   77.00\r\n';

describe('plain text tables', () => {
  it('recognises columns lined up with spaces, and nothing else', () => {
    expect(isSpaceAligned(cdnowLike.replaceAll('\r', ''))).toBe(true);
    expect(isSpaceAligned('id,name\n1,山田  太郎\n')).toBe(false);
    expect(isSpaceAligned('full name\n山田 太郎\n佐藤 花子\n')).toBe(false);
    expect(isSpaceAligned('"a"  "b"\n"1"  "2"\n')).toBe(false);
    expect(isSpaceAligned('single\n')).toBe(false);
    expect(spaceAlignedAsTabs(' a  b\n 1   2')).toBe('a\tb\n1\t2');
  });

  it('loads a space-aligned file as columns, keeps leading zeros and reads YYYYMMDD dates as dates', async () => {
    const engine = await NativeEngine.create();
    try {
      const report = await loadFile(engine, { fileName: 'CDNOW_master.txt', bytes: new TextEncoder().encode(cdnowLike) });
      expect(report.columns.map((column) => `${column.name} ${column.type}`)).toEqual([
        'customer_id VARCHAR',
        'date DATE',
        'number_of_cds BIGINT',
        'dollar_value DOUBLE',
      ]);
      expect(await queryRows(engine, 'select customer_id, date::VARCHAR as d from cdnow_master order by 1, 2 limit 1')).toEqual([
        { customer_id: '00001', d: '1997-01-01' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('turns only date-named integer columns whose every value is a real date', async () => {
    const engine = await NativeEngine.create();
    try {
      const csv = 'order_id,order_date,作成日,amount_date_like\n20240101,20240131,20240229,20240230\n20240102,20240201,20231231,20240101\n';
      const report = await loadFile(engine, { fileName: 'orders.csv', bytes: new TextEncoder().encode(csv) });
      expect(Object.fromEntries(report.columns.map((column) => [column.name, column.type]))).toEqual({
        order_id: 'BIGINT',
        order_date: 'DATE',
        作成日: 'DATE',
        // 2024-02-30 is no date: the column stays a number
        amount_date_like: 'BIGINT',
      });
    } finally {
      await engine.close();
    }
  });
});
