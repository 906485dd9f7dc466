import { describe, expect, it } from 'vitest';
import {
  DateDay,
  Decimal,
  Float64,
  Int32,
  Int64,
  TimeMicrosecond,
  TimestampMicrosecond,
  makeData,
  makeVector,
  tableFromArrays,
  Utf8,
  type Table,
} from 'apache-arrow';
import { cellText, formatterFor, isNumericDuckType, isoTimestamp } from './format.ts';
import { canvasHeight, maxCanvasPx, renderRange, scrollRatio, type Geometry } from './viewport.ts';
import { RowWindows } from './window-cache.ts';
import type { RowSource, SortOrder } from '../../engine/row-source.ts';

describe('formatterFor', () => {
  it('groups integers, including BigInt, by locale', () => {
    expect(formatterFor(new Int32(), 'en-US')(1234567)).toBe('1,234,567');
    expect(formatterFor(new Int64(), 'en-US')(9007199254740993n)).toBe('9,007,199,254,740,993');
    expect(formatterFor(new Int64(), 'ja-JP')(-1000n)).toBe('-1,000');
  });

  it('formats floats without float noise and extremes in exponent form', () => {
    const f = formatterFor(new Float64(), 'en-US');
    expect(f(1234.5)).toBe('1,234.5');
    expect(f(0.1 + 0.2)).toBe('0.3');
    expect(f(1.5e-7)).toBe('1.5e-7');
    expect(f(Number.NaN)).toBe('NaN');
  });

  it('puts the decimal point back into DECIMAL values exactly', () => {
    const values = new Uint32Array([12345, 0, 0, 0, 0xffffffff - 98, 0xffffffff, 0xffffffff, 0xffffffff]);
    const vector = makeVector(makeData({ type: new Decimal(2, 18, 128), length: 2, data: values }));
    const f = formatterFor(vector.type, 'en-US');
    expect(f(vector.get(0))).toBe('123.45');
    expect(f(vector.get(1))).toBe('-0.99');
  });

  it('shows dates, timestamps and times as ISO', () => {
    const days = makeVector(makeData({ type: new DateDay(), length: 1, data: new Int32Array([19723]) }));
    expect(formatterFor(days.type, 'en-US')(days.get(0))).toBe('2024-01-01');
    const ts = makeVector(makeData({ type: new TimestampMicrosecond(), length: 1, data: new BigInt64Array([1704103200123456n]) }));
    expect(formatterFor(ts.type, 'en-US')(ts.get(0))).toBe('2024-01-01 10:00:00.123456');
    expect(isoTimestamp(Date.UTC(2024, 0, 1), true)).toBe('2024-01-01 00:00:00Z');
    const time = makeVector(
      makeData({
        type: new TimeMicrosecond(),
        length: 1,
        data: new BigInt64Array([(13n * 3600n + 5n * 60n + 7n) * 1_000_000n + 500_000n]),
      }),
    );
    expect(formatterFor(time.type, 'en-US')(time.get(0))).toBe('13:05:07.5');
  });

  it('keeps text as text and knows which DuckDB types are numeric', () => {
    expect(formatterFor(new Utf8(), 'en-US')('<b>x</b>')).toBe('<b>x</b>');
    expect(isNumericDuckType('DECIMAL(18,2)')).toBe(true);
    expect(isNumericDuckType('BIGINT')).toBe(true);
    expect(isNumericDuckType('VARCHAR')).toBe(false);
    expect(isNumericDuckType('INTERVAL')).toBe(false);
  });

  it('truncates long text and keeps the full text for the title', () => {
    expect(cellText('short')).toEqual({ shown: 'short', title: undefined });
    const long = 'x'.repeat(1000);
    const { shown, title } = cellText(long);
    expect(shown.length).toBeLessThan(long.length);
    expect(title).toBe(long);
  });
});

describe('viewport', () => {
  const small: Geometry = { rowCount: 1000, rowHeight: 24, viewHeight: 480 };
  const huge: Geometry = { rowCount: 10_000_000, rowHeight: 24, viewHeight: 480 };

  it('is 1:1 while the rows fit in the canvas', () => {
    expect(canvasHeight(small)).toBe(24_000);
    expect(scrollRatio(small)).toBe(1);
    expect(renderRange(240, 240, small, 5)).toEqual({ start: 5, end: 35, top: 120 });
  });

  it('scales when rows × height exceeds the cap, reaching the last row at the bottom', () => {
    expect(canvasHeight(huge)).toBe(maxCanvasPx);
    const ratio = scrollRatio(huge);
    expect(ratio).toBeGreaterThan(1);
    const maxScroll = maxCanvasPx - huge.viewHeight;
    const range = renderRange(maxScroll * ratio, maxScroll, huge, 5);
    expect(range.end).toBe(huge.rowCount);
    // The last row ends exactly at the bottom of the canvas.
    expect(range.top + (range.end - range.start) * huge.rowHeight).toBeCloseTo(maxCanvasPx, 3);
  });

  it('renders nothing for an empty result', () => {
    expect(renderRange(0, 0, { rowCount: 0, rowHeight: 24, viewHeight: 400 }, 5)).toEqual({ start: 0, end: 0, top: 0 });
  });
});

function fakeSource(rowCount: number) {
  const calls: { offset: number; limit: number; sort?: SortOrder; resolve: () => void }[] = [];
  const source: RowSource = {
    columns: [{ name: 'n', type: 'INTEGER' }],
    rowCount,
    fetch(offset, limit, sort) {
      return new Promise<Table>((resolve) => {
        const n = Array.from({ length: Math.max(0, Math.min(limit, rowCount - offset)) }, (_, i) => offset + i);
        calls.push({ offset, limit, sort, resolve: () => resolve(tableFromArrays({ n: Int32Array.from(n) })) });
      });
    },
  };
  return { source, calls };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RowWindows', () => {
  it('fetches only the windows in view, a few at a time, and serves rows from the cache', async () => {
    const { source, calls } = fakeSource(1_000_000);
    let changes = 0;
    const windows = new RowWindows(source, undefined, () => changes++, { windowSize: 200, maxInFlight: 2 });
    windows.want(150, 650);
    expect(calls.map((c) => c.offset).sort((a, b) => a - b)).toEqual([200, 400]);
    calls.forEach((c) => c.resolve());
    await tick();
    expect(calls.map((c) => c.offset).sort((a, b) => a - b)).toEqual([0, 200, 400, 600]);
    calls.slice(2).forEach((c) => c.resolve());
    await tick();
    expect(changes).toBe(4);
    expect(windows.row(399)?.table.getChild('n')?.get(windows.row(399)!.index)).toBe(399);
    windows.want(150, 650);
    expect(calls.length).toBe(4);
  });

  it('passes the sort to the engine and ignores responses after dispose', async () => {
    const { source, calls } = fakeSource(1000);
    let changes = 0;
    const sort: SortOrder = { column: 'n', direction: 'desc' };
    const windows = new RowWindows(source, sort, () => changes++);
    windows.want(0, 10);
    expect(calls[0]?.sort).toEqual(sort);
    windows.dispose();
    calls[0]?.resolve();
    await tick();
    expect(changes).toBe(0);
    expect(windows.row(0)).toBeUndefined();
  });

  it('evicts old windows beyond the limit', async () => {
    const { source, calls } = fakeSource(100_000);
    const windows = new RowWindows(source, undefined, () => {}, { windowSize: 100, maxWindows: 3, maxInFlight: 1 });
    for (let key = 0; key < 6; key++) {
      windows.want(key * 100, key * 100 + 50);
      calls.at(-1)?.resolve();
      await tick();
    }
    expect(windows.row(550)).toBeDefined();
    expect(windows.row(0)).toBeUndefined();
  });

  it('keeps failed windows failed until retry, then fetches them again', async () => {
    let fail = true;
    const inner = fakeSource(1000);
    const source: RowSource = {
      ...inner.source,
      fetch: (offset, limit, sort) => (fail ? Promise.reject(new Error('engine restarted')) : inner.source.fetch(offset, limit, sort)),
    };
    const windows = new RowWindows(source, undefined, () => {});
    windows.want(0, 10);
    await tick();
    expect((windows.error as Error).message).toBe('engine restarted');
    windows.want(0, 10);
    expect(inner.calls.length).toBe(0);
    fail = false;
    windows.retry();
    expect(windows.error).toBeUndefined();
    inner.calls[0]?.resolve();
    await tick();
    expect(windows.row(5)).toBeDefined();
  });

  it("refuses a window whose columns are not the source's", async () => {
    const inner = fakeSource(1000);
    const source: RowSource = { ...inner.source, columns: [{ name: 'other', type: 'INTEGER' }] };
    const windows = new RowWindows(source, undefined, () => {});
    windows.want(0, 10);
    inner.calls[0]?.resolve();
    await tick();
    expect(windows.row(0)).toBeUndefined();
    expect(String(windows.error)).toContain('not this result');
  });
});
