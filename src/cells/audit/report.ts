import type { AuditResult } from '../../audit/job.ts';
import { ruleLabel } from '../../audit/rule-spec.ts';
import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';

const messages = reportMessages({
  en: {
    pass: 'PASS',
    fail: 'FAIL',
    rulesPass: '{passed} of {total} rules pass',
    noRules: 'Profiled only: no rules were checked.',
    noRulesSuggested: 'Profiled only: no rules were checked yet ({suggested} rules are suggested in the audit cell).',
    rule: 'Rule',
    result: 'Result',
    failingRows: 'Failing rows',
    table: 'Table',
    rowsHeader: 'Rows',
    columnsHeader: 'Columns',
    duplicateRows: 'Duplicate rows',
    reconciled: 'Source and target agree.',
    notReconciled: 'Source and target differ.',
  },
  ja: {
    pass: '合格',
    fail: '不合格',
    rulesPass: '{total} 件中 {passed} 件のルールに合格',
    noRules: 'プロファイルのみ：ルールは確認されていません。',
    noRulesSuggested: 'プロファイルのみ：ルールはまだ確認されていません（監査セルに {suggested} 件の提案ルールがあります）。',
    rule: 'ルール',
    result: '結果',
    failingRows: '違反行',
    table: 'テーブル',
    rowsHeader: '行数',
    columnsHeader: '列数',
    duplicateRows: '重複行',
    reconciled: '移行元と移行先は一致しています。',
    notReconciled: '移行元と移行先に差異があります。',
  },
});

/** The audit's verdict, rules and tables profiled; no failing-row samples (they may be personal data). */
export const reportSection: ReportSection = {
  render(_, { value }, w) {
    const audit = value as Partial<AuditResult> | undefined;
    if (!audit?.summary || !Array.isArray(audit.rules) || !Array.isArray(audit.profiles)) return null;
    const m = messages[w.lang];
    const t = (key: keyof typeof m, values?: Record<string, string | number>) => w.fill(m[key], values);
    // Nothing checked is no pass: a profile alone gets no badge.
    const checked = audit.rules.length > 0 || audit.summary.reconciled !== null;
    const badge = checked
      ? `<span class="badge ${audit.summary.passed ? 'pass' : 'fail'}">${t(audit.summary.passed ? 'pass' : 'fail')}</span> `
      : '';
    const suggested = audit.suggestedRules?.length ?? 0;
    const verdict = `<p class="verdict">${badge}${
      audit.rules.length > 0
        ? t('rulesPass', { passed: audit.summary.rulesPassed, total: audit.rules.length })
        : suggested > 0
          ? t('noRulesSuggested', { suggested: w.number(suggested) })
          : t('noRules')
    }${audit.summary.reconciled === null ? '' : ` ${t(audit.summary.reconciled ? 'reconciled' : 'notReconciled')}`}</p>`;
    const rules =
      audit.rules.length === 0
        ? ''
        : `<div class="table-wrap"><table><thead><tr><th scope="col">${t('rule')}</th><th scope="col">${t('result')}</th><th scope="col" class="num">${t('failingRows')}</th></tr></thead><tbody>${audit.rules
            .map(
              (rule) =>
                `<tr><td><code>${w.escape(ruleLabel(rule.rule))}</code></td><td><span class="badge ${rule.passed ? 'pass' : 'fail'}">${t(rule.passed ? 'pass' : 'fail')}</span>${
                  rule.error ? ` ${w.escape(rule.error)}` : ''
                }</td><td class="num">${w.number(rule.failingCount)}</td></tr>`,
            )
            .join('')}</tbody></table></div>`;
    const tables = `<div class="table-wrap"><table><thead><tr><th scope="col">${t('table')}</th><th scope="col" class="num">${t('rowsHeader')}</th><th scope="col" class="num">${t('columnsHeader')}</th><th scope="col" class="num">${t('duplicateRows')}</th></tr></thead><tbody>${audit.profiles
      .map(
        (profile) =>
          `<tr><td>${w.escape(profile.table)}</td><td class="num">${w.number(profile.rowCount)}</td><td class="num">${w.number(profile.columns.length)}</td><td class="num">${w.number(profile.duplicateRows)}</td></tr>`,
      )
      .join('')}</tbody></table></div>`;
    return verdict + rules + tables;
  },
};
