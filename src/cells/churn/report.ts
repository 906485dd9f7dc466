import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';
import { churnAlivePlot, churnHoldoutPlot } from './churn-plot.ts';
import type { ChurnResult } from './job.ts';

const messages = reportMessages({
  en: {
    customers: 'Customers',
    churnFit: '{model} fitted on {customers} customers: {params}; log-likelihood {loglik}.',
    churnSpend: 'Gamma-Gamma spend model: {params}.',
    churnNotConverged: 'The fit did not converge; treat the figures with care.',
    churnAlive: 'Customers by probability of still being active',
    churnHoldout: 'Holdout purchases per customer, actual and predicted, by calibration purchases',
    churnActual: 'actual',
    churnPredicted: 'predicted',
    churnCalibrationFrequency: 'Repeat purchases in calibration',
    churnHoldoutPurchases: 'Purchases in holdout (mean)',
    churnPAlive: 'P(active)',
    churnRiskList: 'Valuable customers most likely to have left',
    churnName: 'Name',
    churnCompany: 'Company',
    churnCustomer: 'Customer id',
    churnFrequency: 'Repeat purchases',
    churnExpected: 'Expected purchases',
  },
  ja: {
    customers: '顧客数',
    churnFit: '{model}（顧客 {customers}）：{params}、対数尤度 {loglik}。',
    churnSpend: 'Gamma-Gamma 購買額モデル：{params}。',
    churnNotConverged: '推定が収束しませんでした。数値は慎重に扱ってください。',
    churnAlive: '稼働確率別の顧客数',
    churnHoldout: '学習期間の購買回数別、検証期間の購買回数（実績と予測）',
    churnActual: '実績',
    churnPredicted: '予測',
    churnCalibrationFrequency: '学習期間のリピート購買回数',
    churnHoldoutPurchases: '検証期間の購買回数（平均）',
    churnPAlive: '稼働確率',
    churnRiskList: '離反の可能性が高い優良顧客',
    churnName: '氏名',
    churnCompany: '会社',
    churnCustomer: '顧客ID',
    churnFrequency: 'リピート購買',
    churnExpected: '予測購買回数',
  },
});

/** The fitted model, the view's figures and the churn-risk list (names masked unless the report shows them). */
export const reportSection: ReportSection = {
  render(_, { value }, w) {
    const churn = value as Partial<ChurnResult> | undefined;
    if (!churn?.params || !Array.isArray(churn.aliveBins) || !Array.isArray(churn.risk) || typeof churn.customers !== 'number') return null;
    const m = messages[w.lang];
    const params = (values: Record<string, number>) =>
      Object.entries(values)
        .map(([name, number]) => `${name} ${w.number(number, 4)}`)
        .join(', ');
    const summary = [
      w.fill(m.churnFit, {
        model: churn.model === 'pnbd' ? 'Pareto/NBD' : 'BG/NBD',
        customers: w.number(churn.customers),
        params: params(churn.params),
        loglik: w.number(churn.logLikelihood ?? NaN, 2),
      }),
      churn.spend ? w.fill(m.churnSpend, { params: params(churn.spend.params) }) : '',
      churn.converged === false ? `<strong>${w.fill(m.churnNotConverged)}</strong>` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const figures =
      w.figure(churnAlivePlot(churn.aliveBins, { pAlive: m.churnPAlive, customers: m.customers }), m.churnAlive) +
      (churn.holdout
        ? w.figure(
            churnHoldoutPlot(churn.holdout, {
              actual: m.churnActual,
              predicted: m.churnPredicted,
              calibrationFrequency: m.churnCalibrationFrequency,
              holdoutPurchases: m.churnHoldoutPurchases,
            }),
            m.churnHoldout,
          )
        : '');
    const risk = churn.risk.slice(0, w.rowLimit).map((row) => ({
      ...(churn.named ? { name: row.name, company: row.company } : {}),
      customer: row.customer,
      frequency: w.number(row.frequency),
      pAlive: `${w.number(row.pAlive * 100, 1)}%`,
      expected: w.number(row.expected, 2),
      ...(churn.spend ? { clv: row.clv === null ? null : w.number(Math.round(row.clv)) } : {}),
    }));
    const riskColumns = [
      ...(churn.named
        ? [
            { key: 'name', label: m.churnName },
            { key: 'company', label: m.churnCompany },
          ]
        : []),
      { key: 'customer', label: m.churnCustomer },
      { key: 'frequency', label: m.churnFrequency, numeric: true },
      { key: 'pAlive', label: m.churnPAlive, numeric: true },
      { key: 'expected', label: m.churnExpected, numeric: true },
      ...(churn.spend ? [{ key: 'clv', label: 'CLV', numeric: true }] : []),
    ];
    return `<p>${summary}</p>${figures}${w.table(riskColumns, risk, m.churnRiskList)}`;
  },
};
