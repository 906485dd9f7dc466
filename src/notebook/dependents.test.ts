import { describe, expect, it } from 'vitest';
import type { Cell } from './model.ts';
import { dependentsOf } from './dependents.ts';

const cells: Cell[] = [
  { id: 'i', kind: 'input', name: 'channel', spec: { control: 'text', value: 'x' } },
  { id: 'a', kind: 'sql', name: 'by_channel', sql: 'select * from orders where channel = (select value from channel)' },
  { id: 'b', kind: 'sql', name: 'unrelated', sql: 'select 1 as channels' },
  { id: 'c', kind: 'chart', name: '', spec: { data: 'by_channel', mark: 'bar' } },
  { id: 'd', kind: 'sql', name: 'top', sql: 'select * from BY_CHANNEL limit 3' },
];

describe('dependentsOf', () => {
  it('follows names through later cells, in notebook order, case-insensitively, whole words only', () => {
    expect(dependentsOf(cells, 'i')).toEqual(['a', 'c', 'd']);
    expect(dependentsOf(cells, 'a')).toEqual(['c', 'd']);
    expect(dependentsOf(cells, 'b')).toEqual([]);
  });
});
