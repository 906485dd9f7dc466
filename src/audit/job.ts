import type { Engine } from '../engine/engine.ts';
import { KuraError } from '../engine/engine.ts';
import type { Job } from '../jobs/job.ts';
import { profileTable, type TableProfile } from './profile.ts';
import { reconcile, type ReconcileResult, type ReconcileSpec } from './reconcile.ts';
import { runRules, suggestRules, type Rule, type RuleResult } from './rules.ts';

/** A table to profile: its name, or its name with a key whose duplicates the profile counts. */
export type AuditTable = string | { table: string; key?: string[] };

/** What an audit checks; the audit cell stores this as its YAML body, `kura audit` builds it from its arguments. */
export interface AuditSpec {
  tables: AuditTable[];
  rules?: Rule[];
  reconcile?: ReconcileSpec;
}

export interface AuditResult {
  /** One per table, in the order given. */
  profiles: TableProfile[];
  /** Rules each profile suggests (see suggestRules), for the user to accept or reject; not run. */
  suggestedRules: Rule[];
  rules: RuleResult[];
  reconciliation: ReconcileResult | null;
  /** Set when the reconciliation could not run (e.g. a key column is missing); one plain sentence. */
  reconciliationError?: string;
  summary: AuditSummary;
}

export interface AuditSummary {
  rulesPassed: number;
  rulesFailed: number;
  /** True when source and target agree (no rows only on one side, no mismatches, no duplicate or NULL keys); null without a reconciliation. */
  reconciled: boolean | null;
  /** Every rule passed and the reconciliation (if any) found no difference. */
  passed: boolean;
}

/**
 * The audit as one job: profiles every table, runs the rules, reconciles source and target. Each step is SQL in
 * the engine (src/audit/profile.ts, rules.ts, reconcile.ts); the job only sequences them, reports progress and
 * stops between steps when cancelled. The browser runs it in the warehouse worker, `kura audit` natively.
 */
export const audit: Job<AuditSpec, AuditResult> = async (engine: Engine, spec, { progress, signal }) => {
  const tables = spec.tables.map((t) => (typeof t === 'string' ? { table: t } : t));
  const rules = spec.rules ?? [];
  const total = tables.length + rules.length + (spec.reconcile ? 1 : 0);
  let done = 0;
  const step = () => {
    if (signal.aborted) throw new KuraError('The audit was cancelled.', 'cancelled');
    progress({ phase: 'progress.query', done: done++, total });
  };

  const profiles: TableProfile[] = [];
  for (const { table, key } of tables) {
    step();
    profiles.push(await profileTable(engine, table, key && key.length > 0 ? { key } : {}));
  }
  const results: RuleResult[] = [];
  for (const rule of rules) {
    step();
    results.push(...(await runRules(engine, [rule])));
  }
  let reconciliation: ReconcileResult | null = null;
  let reconciliationError: string | undefined;
  if (spec.reconcile) {
    step();
    try {
      reconciliation = await reconcile(engine, spec.reconcile);
    } catch (error) {
      reconciliationError = reconcileFailure(error, spec.reconcile);
    }
  }
  progress({ phase: 'progress.query', done: total, total });

  const rulesFailed = results.filter((r) => !r.passed).length;
  const reconciled = spec.reconcile ? reconciliation !== null && isReconciled(reconciliation) : null;
  return {
    profiles,
    suggestedRules: profiles.flatMap(suggestRules),
    rules: results,
    reconciliation,
    ...(reconciliationError ? { reconciliationError } : {}),
    summary: { rulesPassed: results.length - rulesFailed, rulesFailed, reconciled, passed: rulesFailed === 0 && reconciled !== false },
  };
};

/** Source and target agree: every key once on each side, present on both, every compared column equal. */
export function isReconciled(result: ReconcileResult): boolean {
  const side = (s: ReconcileResult['source']) => s.nullKeyRows === 0 && s.duplicateKeys.keys === 0 && s.only.rows === 0;
  return side(result.source) && side(result.target) && result.columns.every((c) => c.mismatches === 0);
}

function reconcileFailure(error: unknown, spec: ReconcileSpec): string {
  const detail = error instanceof KuraError ? (error.detail ?? error.message) : error instanceof Error ? error.message : String(error);
  const column = /column "([^"]+)"|"([^"]+)" not found/i.exec(detail);
  if (column)
    return `The reconciliation of ${spec.source} against ${spec.target} needs column "${column[1] ?? column[2]}", which one of them lacks; check the key and the column mapping.`;
  return `The reconciliation of ${spec.source} against ${spec.target} could not run; check that both tables exist and hold the key columns (${spec.key.join(', ')}).`;
}

declare module '../jobs/job.ts' {
  interface JobCatalogue {
    audit: typeof audit;
  }
}
