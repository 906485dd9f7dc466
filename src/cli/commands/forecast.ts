import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../engine/native.ts';
import { quoteIdent } from '../../engine/sql.ts';
import { forecastSeries, inferGranularity } from '../../analytics/ets/series.ts';
import { commandArgs } from '../command-args.ts';
import { CliError } from '../cli-error.ts';
import type { CommandIo } from '../io.ts';
import { loadInputs } from '../load-inputs.ts';

/**
 * `kura forecast FILE --date COL --value COL --horizon H [--holdout H] [--season M] [--levels 80,95] [--method ets|seasonal_naive]`:
 * FILE is a series (one row per period); prints {"method", "model", "granularity", "season", "params": {alpha, beta,
 * gamma, phi, sigma, aicc} (sigma alone for seasonal naive), "forecast": [{date, mean, lo80, hi80, lo95, hi95}],
 * "holdout": {smape, mase, baseline_smape, coverage}};
 * a sentence on stderr when the seasonal naive forecast beat the model on the holdout.
 */
export async function forecast(args: string[], io: CommandIo): Promise<number> {
  const parsed = await commandArgs(
    args,
    {
      date: { type: 'string' },
      value: { type: 'string' },
      horizon: { type: 'string' },
      holdout: { type: 'string', default: '0' },
      season: { type: 'string' },
      levels: { type: 'string', default: '80,95' },
      method: { type: 'string', default: 'ets' },
    },
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const horizon = Number(values.horizon);
  const holdout = Number(values.holdout);
  if (positionals.length !== 1 || !values.date || !values.value)
    throw new CliError('forecast needs one FILE, --date COL and --value COL.', 2, true);
  if (!Number.isInteger(horizon) || horizon < 1) throw new CliError('--horizon must be a whole number of periods, at least 1.', 2, true);
  if (!Number.isInteger(holdout) || holdout < 0) throw new CliError('--holdout must be a whole number of periods.', 2, true);
  const season = values.season === undefined ? undefined : Number(values.season);
  if (season !== undefined && (!Number.isInteger(season) || season < 1))
    throw new CliError('--season must be a whole number of periods, at least 1.', 2, true);
  const levels = values.levels.split(',').map(Number);
  if (levels.some((level) => !(level >= 1 && level <= 99)))
    throw new CliError('--levels must be percentages between 1 and 99, e.g. 80,95.', 2, true);

  const method = values.method;
  if (method !== 'ets' && method !== 'seasonal_naive') throw new CliError('--method must be ets or seasonal_naive.', 2, true);

  const engine = await NativeEngine.create();
  try {
    const [report] = await loadInputs(engine, positionals, (line) => io.stderr(`${line}\n`));
    const names = new Set(report!.columns.map((column) => column.name));
    for (const column of [values.date, values.value]) {
      if (!names.has(column)) throw new CliError(`${positionals[0]}: there is no column "${column}".`, 2);
    }
    const table = tableFromIPC(
      await engine.query(
        `SELECT strftime(${quoteIdent(values.date)}::DATE, '%Y-%m-%d') AS date, ${quoteIdent(values.value)}::DOUBLE AS value FROM ${quoteIdent(report!.table)} WHERE ${quoteIdent(values.date)} IS NOT NULL ORDER BY 1`,
      ),
    );
    const dates = table.getChild('date')!.toArray().map(String);
    const series = Array.from(table.getChild('value')!.toArray() as ArrayLike<number>, Number);
    if (series.some((value) => !Number.isFinite(value)))
      throw new CliError(`${positionals[0]}: the column "${values.value}" has empty or non-numeric values.`, 1);
    let result;
    const granularity = inferGranularity(dates);
    try {
      result = forecastSeries(dates, series, granularity, { horizon, holdout, season, levels, method });
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error), 1);
    }
    const printed = {
      method: result.method,
      model: result.model,
      granularity,
      season: result.season,
      params: result.params,
      forecast: result.forecast,
      holdout: result.holdout
        ? {
            smape: result.holdout.smape,
            mase: result.holdout.mase,
            baseline_smape: result.holdout.baseline_smape,
            coverage: result.holdout.coverage,
          }
        : null,
    };
    if (result.naiveWins) {
      await io.stderr(
        `The seasonal naive forecast (each period repeats the last season) beat ${result.model} on the holdout: sMAPE ${result.holdout!.baseline_smape.toFixed(1)}% against ${result.holdout!.smape.toFixed(1)}%; prefer it for this series (--method seasonal_naive).\n`,
      );
    }
    await io.stdout(`${JSON.stringify(printed)}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
