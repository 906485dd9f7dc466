import { describe, expect, it } from 'vitest';
import { compileSqlCell } from './compile.ts';

describe('compileSqlCell', () => {
  it('turns a named query into a view and a materialised result', () => {
    const steps = compileSqlCell({
      id: 'c1',
      kind: 'sql',
      name: 'by_region',
      sql: '-- regions\nselect region, count(*) from contacts group by all;\n',
    });
    expect(steps.run).toBe('CREATE OR REPLACE VIEW "by_region" AS -- regions\nselect region, count(*) from contacts group by all');
    expect(steps.materialize).toBe('CREATE OR REPLACE TEMP TABLE "_kura_result_by_region" AS SELECT * FROM "by_region"');
  });

  it('runs other statements as written', () => {
    const steps = compileSqlCell({ id: 'c2', kind: 'sql', name: 'setup', sql: 'create table t as select 1' });
    expect(steps).toEqual({ run: 'create table t as select 1', materialize: null, resultTable: '_kura_result_setup' });
  });
});
