import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFactories } from '../../test/unit/engines.ts';
import type { Engine } from '../engine/engine.ts';
import { quietJobContext } from '../jobs/job.ts';
import { withLocalJobs } from '../warehouse/local-jobs.ts';
import { audit } from './job.ts';
import { parseAuditSpec, parseRules, ruleLabel } from './rule-spec.ts';

const setup = `
CREATE OR REPLACE TABLE contacts AS SELECT * FROM (VALUES ('C1', 'a@example.com', 10), ('C2', 'bad@', 20), ('C3', 'c@example.com', 30)) t(id, email, score);
CREATE OR REPLACE TABLE migrated AS SELECT * FROM (VALUES ('C1', 'a@example.com', 10), ('C2', 'bad@', 21), ('C4', 'd@example.com', 40)) t(id, email, score);`;

describe.each(engineFactories)('audit job on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(setup);
  });
  afterAll(async () => {
    await engine.close();
  });

  it('profiles, runs rules and reconciles in one plain result', async () => {
    const progress: number[] = [];
    const result = await audit(
      engine,
      {
        tables: ['contacts', { table: 'migrated', key: ['id'] }],
        rules: [
          { kind: 'not_null', table: 'contacts', column: 'email' },
          { kind: 'valid_email', table: 'contacts', column: 'email' },
        ],
        reconcile: { source: 'contacts', target: 'migrated', key: ['id'] },
      },
      { progress: (p) => progress.push(p.done), signal: new AbortController().signal },
    );
    expect(result.profiles.map((p) => [p.table, p.rowCount])).toEqual([
      ['contacts', 3],
      ['migrated', 3],
    ]);
    expect(result.profiles[1]!.duplicateKeys?.duplicateKeys).toBe(0);
    expect(result.rules.map((r) => [r.rule.kind, r.passed, r.failingCount])).toEqual([
      ['not_null', true, 0],
      ['valid_email', false, 1],
    ]);
    expect(result.reconciliation!.source.only.rows).toBe(1);
    expect(result.reconciliation!.columns.find((c) => c.source === 'score')!.mismatches).toBe(1);
    expect(result.summary).toEqual({ rulesPassed: 1, rulesFailed: 1, reconciled: false, passed: false });
    expect(result.suggestedRules.some((r) => r.kind === 'unique' && r.table === 'contacts')).toBe(true);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5]);
    // plain data: survives a JSON round trip unchanged
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('passes when every rule passes and source equals target; runs through the job registry', async () => {
    const jobs = withLocalJobs(engine);
    const result = await jobs.runJob('audit', {
      tables: ['contacts'],
      rules: [{ kind: 'row_count', table: 'contacts', min: 3 }],
      reconcile: { source: 'contacts', target: 'contacts', key: ['id'] },
    });
    expect(result.summary).toEqual({ rulesPassed: 1, rulesFailed: 0, reconciled: true, passed: true });
  });

  it('reports a reconciliation that cannot run instead of throwing', async () => {
    const result = await audit(
      engine,
      { tables: [], reconcile: { source: 'contacts', target: 'migrated', key: ['no_such_column'] } },
      quietJobContext(),
    );
    expect(result.reconciliation).toBeNull();
    expect(result.reconciliationError).toMatch(/^The reconciliation of contacts against migrated .*\.$/);
    expect(result.summary.passed).toBe(false);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(audit(engine, { tables: ['contacts'] }, quietJobContext(controller.signal))).rejects.toThrow('The audit was cancelled.');
  });
});

describe('parseRules', () => {
  it('accepts a list or an audit body, fills the default table and unique.column', () => {
    expect(parseRules([{ kind: 'not_null', column: 'email' }], 'contacts')).toEqual([
      { kind: 'not_null', table: 'contacts', column: 'email' },
    ]);
    expect(parseRules({ rules: [{ kind: 'unique', table: 't', column: 'id' }] })).toEqual([
      { kind: 'unique', table: 't', columns: ['id'] },
    ]);
    expect(parseRules({ rules: [{ kind: 'accepted_values', table: 't', column: 'n', values: [1, 'a'] }] })[0]).toMatchObject({
      values: ['1', 'a'],
    });
    expect(parseRules(null)).toEqual([]);
  });

  it.each([
    ['nope', 'The rules must be a list of rules (or an object with a "rules" list).'],
    [
      [{ kind: 'not_nul', table: 't', column: 'a' }],
      'Rule 1 has kind "not_nul", which is not one of: not_null, unique, accepted_values, regex, range, valid_email, valid_phone, valid_postal_code, references, freshness, row_count.',
    ],
    [[{ kind: 'not_null', column: 'a' }], 'Rule 1 (not_null) needs a "table".'],
    [
      [
        { kind: 'not_null', table: 't', column: 'a' },
        { kind: 'regex', table: 't', column: 'a' },
      ],
      'Rule 2 (regex) needs "pattern" as a text.',
    ],
    [[{ kind: 'range', table: 't', column: 'a' }], 'Rule 1 (range) needs "min", "max" or both.'],
    [[{ kind: 'range', table: 't', column: 'a', min: '1/2/2024' }], 'Rule 1 (range) needs "min" as a number or a date written 2024-01-31.'],
    [
      [{ kind: 'freshness', table: 't', column: 'a', asOf: 'today', maxAgeDays: 3 }],
      'Rule 1 (freshness) needs "asOf" as a date written 2024-01-31.',
    ],
    [['not_null'], 'Rule 1 is not an object with a "kind"; write each rule as kind: …, column: ….'],
  ])('refuses %j with one sentence', (value, message) => {
    expect(() => parseRules(value)).toThrow(message);
  });

  it('reads a whole audit body (the audit cell YAML, parsed)', () => {
    expect(
      parseAuditSpec({
        tables: ['contacts', { table: 'orders', key: ['order_id'] }],
        rules: [{ kind: 'valid_email', column: 'email' }],
        reconcile: { source: 'contacts', target: 'migrated', key: 'id', tolerance: { ignoreCase: true } },
      }),
    ).toEqual({
      tables: ['contacts', { table: 'orders', key: ['order_id'] }],
      rules: [{ kind: 'valid_email', table: 'contacts', column: 'email' }],
      reconcile: { source: 'contacts', target: 'migrated', key: ['id'], tolerance: { ignoreCase: true } },
    });
    expect(() => parseAuditSpec({ tables: [3] })).toThrow(
      'Table 1 must be a table name, or an object with "table" and an optional "key" list.',
    );
    expect(() => parseAuditSpec({ tables: [], reconcile: { source: 'a', target: 'b' } })).toThrow(
      '"reconcile" needs "key": a column name or a list of them.',
    );
    expect(() => parseAuditSpec('x')).toThrow('The audit must be an object with "tables", and optionally "rules" and "reconcile".');
  });

  it('labels rules', () => {
    expect(ruleLabel({ kind: 'valid_email', table: 'contacts', column: 'email' })).toBe('contacts.email: valid_email');
    expect(ruleLabel({ kind: 'unique', table: 'contacts', columns: ['a', 'b'] })).toBe('contacts(a, b): unique');
    expect(ruleLabel({ kind: 'row_count', table: 'contacts', min: 1 })).toBe('contacts: row_count');
  });
});
