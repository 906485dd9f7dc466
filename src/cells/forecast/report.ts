import type { SeriesForecast } from '../../analytics/ets/series.ts';
import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';
import { forecastPlot } from './forecast-plot.ts';

const messages = reportMessages({
  en: {
    forecastModel: 'Chosen by AICc: {model} (α {alpha}, β {beta}, γ {gamma}, φ {phi}; σ {sigma}; AICc {aicc}; season {season} periods).',
    forecastModelNaive: 'Seasonal naive: each period repeats the same period of the last season (σ {sigma}; season {season} periods).',
    forecastBacktest:
      'Backtest on the last {periods} periods: sMAPE {smape}%, MASE {mase}; seasonal naive sMAPE {baseline}%. Held-out values inside the intervals: {coverage}.',
    forecastNaiveWins:
      'The seasonal naive forecast (each period repeats the last season) beat this model on the backtest, sMAPE {baseline}% against {smape}%: prefer it for this series.',
    forecastChart: 'History, backtest (dashed) and forecast with its intervals',
    forecastValue: 'Value per period',
    forecastPeriod: 'Period',
    forecastMean: 'Forecast',
  },
  ja: {
    forecastModel:
      'AICc で選んだモデル：{model}（α {alpha}、β {beta}、γ {gamma}、φ {phi}、σ {sigma}、AICc {aicc}、季節周期 {season} 期間）。',
    forecastModelNaive: '季節ナイーブ：各期は前の季節の同じ期を繰り返します（σ {sigma}、季節周期 {season} 期間）。',
    forecastBacktest:
      '直近 {periods} 期間の検証：sMAPE {smape}%、MASE {mase}。季節ナイーブの sMAPE {baseline}%。検証期間の実績が区間に入った割合：{coverage}。',
    forecastNaiveWins:
      '検証では季節ナイーブ予測（前の季節の同じ期をそのまま繰り返す）のほうが当たりました（sMAPE {baseline}% 対 {smape}%）。この系列にはそちらを使ってください。',
    forecastChart: '実績、検証（破線）、区間付きの予測',
    forecastValue: '期間ごとの値',
    forecastPeriod: '期間',
    forecastMean: '予測',
  },
});

/** The chosen model and its backtest, the view's figure and the forecast per period. */
export const reportSection: ReportSection = {
  render(_, { value }, w) {
    const forecast = value as Partial<SeriesForecast> | undefined;
    if (!Array.isArray(forecast?.forecast) || !Array.isArray(forecast.history) || !forecast.params) return null;
    const m = messages[w.lang];
    const n = (number: number, digits: number) => w.number(number, digits);
    const levels = forecast.levels ?? [80, 95];
    const holdout = forecast.holdout;
    const coverage = holdout?.coverage
      ? levels.map((level) => `${level}%: ${n(100 * (holdout.coverage[String(level)] ?? NaN), 0)}%`).join(', ')
      : '–';
    const backtest = holdout
      ? ` ${w.fill(m.forecastBacktest, { periods: holdout.periods, smape: n(holdout.smape, 1), mase: n(holdout.mase, 2), baseline: n(holdout.baseline_smape, 1), coverage })}`
      : '';
    const naive =
      forecast.naiveWins && holdout
        ? ` <strong>${w.fill(m.forecastNaiveWins, { baseline: n(holdout.baseline_smape, 1), smape: n(holdout.smape, 1) })}</strong>`
        : '';
    const { alpha = NaN, beta = NaN, gamma = NaN, phi = NaN, sigma = NaN, aicc = NaN } = forecast.params;
    const model =
      forecast.method === 'seasonal_naive'
        ? w.fill(m.forecastModelNaive, { sigma: n(sigma, 4), season: forecast.season ?? '–' })
        : w.fill(m.forecastModel, {
            model: String(forecast.model ?? ''),
            alpha: n(alpha, 3),
            beta: n(beta, 3),
            gamma: n(gamma, 3),
            phi: n(phi, 3),
            sigma: n(sigma, 4),
            aicc: n(aicc, 1),
            season: forecast.season ?? '–',
          });
    const summary = `<p>${model}${backtest}${naive}</p>`;
    const rows = forecast.forecast.map((point) => ({
      date: point.date,
      mean: n(point.mean, 0),
      ...Object.fromEntries(levels.map((level) => [`interval${level}`, `${n(point[`lo${level}`]!, 0)} – ${n(point[`hi${level}`]!, 0)}`])),
    }));
    const table = w.table(
      [
        { key: 'date', label: m.forecastPeriod },
        { key: 'mean', label: m.forecastMean, numeric: true },
        ...levels.map((level) => ({ key: `interval${level}`, label: `${level}%`, numeric: true })),
      ],
      rows,
    );
    return (
      summary +
      w.figure(forecastPlot(forecast as SeriesForecast, { value: m.forecastValue, period: m.forecastPeriod }), m.forecastChart) +
      table
    );
  },
};
