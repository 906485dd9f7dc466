import { describe, expect, it } from 'vitest';
import { cleanColumnNames, tableNameFor } from './names.ts';

describe('tableNameFor', () => {
  it.each([
    ['Salesforce Contacts (2).csv', 'salesforce_contacts__2_'],
    ['2024 orders.xlsx', 't_2024_orders'],
    ['顧客.csv', '__'],
    ['dir/sub/Data.File.parquet', 'data_file'],
    ['noext', 'noext'],
  ])('%s → %s', (fileName, expected) => {
    expect(tableNameFor(fileName)).toBe(expected);
  });
});

describe('cleanColumnNames', () => {
  it('trims, strips BOMs, names blanks and suffixes repeats regardless of case', () => {
    expect(cleanColumnNames(['\uFEFFid', ' 氏名 ', '', 'Email', 'email', 'email_2', null])).toEqual([
      'id',
      '氏名',
      'column_3',
      'Email',
      'email_2',
      'email_2_2',
      'column_7',
    ]);
  });
});
