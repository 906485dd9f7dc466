import type { AuditResult } from '../../audit/job.ts';
import { specCellKind } from '../kind.ts';
import { exportFailingRowsJob, exportReconciliationJob } from './export-job.ts';
import { readAuditCellSpec } from './spec.ts';
import { compileRule } from '../../audit/rules.ts';
import { ruleLabel } from '../../audit/rule-spec.ts';

declare module '../../document/model.ts' {
  interface SpecCellWords {
    audit: AuditResult;
  }
}

/** Runs the audit job (in the worker in the browser) and keeps its plain result for the view and the report. */
export const auditKind = specCellKind<AuditResult>({
  word: 'audit',
  report: () => import('./report.ts'),
  jobs: { exportFailingRows: exportFailingRowsJob, exportReconciliation: exportReconciliationJob },
  readSpec: readAuditCellSpec,
  outputs: () => [],
  customerFacts(cell) {
    const { audit } = readAuditCellSpec(cell.spec);
    const rowChecks = (audit.rules ?? []).flatMap((rule) => {
      const fails = compileRule(rule).rowFailsSql;
      return fails ? [{ table: rule.table, label: ruleLabel(rule), failsSql: fails }] : [];
    });
    return rowChecks.length ? { rowChecks } : undefined;
  },
  async execute(engine, cell) {
    const { audit } = readAuditCellSpec(cell.spec);
    return { value: await engine.runJob('audit', audit) };
  },
  create({ cells, freshName }) {
    // Every loaded source, as loaded: the audit checks the data before any mapping or matching.
    const tables = cells.filter((cell) => cell.kind === 'source' && cell.name !== '').map((cell) => (cell as { name: string }).name);
    return { kind: 'audit', name: freshName('audit'), spec: { tables } };
  },
});
