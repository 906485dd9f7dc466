import { describe, expect, it } from 'vitest';
import { readAuditCellSpec, reconcileComplete, reconcileDraft, setReconcile } from './spec.ts';

describe('the reconciliation controls and the audit spec', () => {
  it('writes a complete reconciliation into the spec, keeps the other fields, and removes it', () => {
    const spec = { tables: ['crm'], dismissed: ['x'] };
    const reconcile = { source: 'crm', target: 'migrated', key: ['Id'], tolerance: { ignoreCase: true } };
    const written = setReconcile(spec, reconcile);
    expect(readAuditCellSpec(written).audit.reconcile).toEqual(reconcile);
    expect(written.dismissed).toEqual(['x']);
    expect(setReconcile(written, undefined)).toEqual(spec);
  });

  it('reads what the YAML holds as a draft, and calls it complete only with both tables and a key', () => {
    expect(reconcileDraft(undefined)).toEqual({ source: '', target: '', key: [] });
    expect(reconcileDraft({ source: 'a', target: 'b', key: 'Id', compare: ['x'] })).toEqual({
      source: 'a',
      target: 'b',
      key: ['Id'],
      compare: ['x'],
    });
    expect(reconcileComplete(reconcileDraft({ source: 'a', target: 'b', key: 'Id' }))).toBe(true);
    expect(reconcileComplete(reconcileDraft({ source: 'a', target: 'b', key: [] }))).toBe(false);
    expect(reconcileComplete(reconcileDraft({ source: 'a', key: ['Id'] }))).toBe(false);
  });
});
