import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../engine/native.ts';
import { quoteIdent } from '../../engine/sql.ts';
import { resolve } from 'node:path';
import { customerSummarySql, fitBgNbd, fitGammaGamma, fitParetoNbd, readCustomerSummary } from '../../analytics/clv/index.ts';
import { churnScoresTable, fitChurn } from '../../cells/churn/job.ts';
import { readChurnSpec } from '../../cells/churn/spec.ts';
import { csvCopySql } from '../../engine/csv-writer.ts';
import { quietJobContext } from '../../jobs/job.ts';
import { commandArgs } from '../command-args.ts';
import { CliError } from '../cli-error.ts';
import type { CommandIo } from '../io.ts';
import { loadInputs } from '../load-inputs.ts';

const models = ['bgnbd', 'pnbd', 'gg'] as const;
type Model = (typeof models)[number];

/**
 * `kura fit bgnbd|pnbd|gg --summary FILE` (lifetimes' columns frequency, recency, T, monetary_value; also x, t_x,
 * zbar as in the CDNOW files) or `--transactions FILE --customer COL --date COL [--amount COL] --calibration-end DATE
 * [--time-unit day|week]`; prints {"model", "params", "loglik", "converged"}. With `--predictions FILE` (bgnbd or
 * pnbd from transactions) it also writes every customer's scores as the churn cell computes them, with the same code.
 */
export async function fit(args: string[], io: CommandIo): Promise<number> {
  const parsed = await commandArgs(
    args,
    {
      summary: { type: 'string' },
      transactions: { type: 'string' },
      customer: { type: 'string' },
      date: { type: 'string' },
      amount: { type: 'string' },
      'calibration-end': { type: 'string' },
      'time-unit': { type: 'string', default: 'week' },
      predictions: { type: 'string' },
      horizon: { type: 'string' },
      months: { type: 'string', default: '12' },
      'discount-rate': { type: 'string', default: '0.01' },
    },
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const model = positionals[0] as Model | undefined;
  if (!model || !models.includes(model) || positionals.length > 1) throw new CliError('fit needs one model: bgnbd, pnbd or gg.', 2, true);
  const timeUnit = values['time-unit'];
  if (timeUnit !== 'day' && timeUnit !== 'week') throw new CliError(`--time-unit must be day or week, not "${timeUnit}".`, 2, true);

  if (values.predictions !== undefined && (model === 'gg' || values.transactions === undefined)) {
    throw new CliError('--predictions needs bgnbd or pnbd fitted from --transactions.', 2, true);
  }
  const engine = await NativeEngine.create();
  try {
    let frequency: Float64Array;
    let recency: Float64Array;
    let T: Float64Array;
    let monetary: Float64Array;
    if (values.summary !== undefined) {
      const [report] = await loadInputs(engine, [values.summary], (line) => io.stderr(`${line}\n`));
      const columns = new Set(report!.columns.map((column) => column.name));
      const pick = (...names: string[]) => names.find((name) => columns.has(name));
      const [f, r, t, m] = [pick('frequency', 'x'), pick('recency', 't_x'), pick('T'), pick('monetary_value', 'zbar')];
      if (!f || !r || !t || (model === 'gg' && !m)) {
        throw new CliError(
          `${values.summary}: a summary needs the columns frequency, recency, T${model === 'gg' ? ' and monetary_value' : ''}.`,
          2,
        );
      }
      const table = tableFromIPC(
        await engine.query(
          `SELECT ${quoteIdent(f)}::DOUBLE AS f, ${quoteIdent(r)}::DOUBLE AS r, ${quoteIdent(t)}::DOUBLE AS t, ${m ? `${quoteIdent(m)}::DOUBLE` : '0::DOUBLE'} AS m FROM ${quoteIdent(report!.table)}`,
        ),
      );
      const column = (name: string) => Float64Array.from(table.getChild(name)!.toArray() as ArrayLike<number>);
      [frequency, recency, T, monetary] = [column('f'), column('r'), column('t'), column('m')];
    } else if (values.transactions !== undefined) {
      const calibrationEnd = values['calibration-end'];
      if (!values.customer || !values.date || !calibrationEnd) {
        throw new CliError('fit --transactions needs --customer COL, --date COL and --calibration-end YYYY-MM-DD.', 2, true);
      }
      if (model === 'gg' && !values.amount) throw new CliError('fit gg --transactions needs --amount COL.', 2, true);
      const [report] = await loadInputs(engine, [values.transactions], (line) => io.stderr(`${line}\n`));
      let sql: string;
      try {
        sql = customerSummarySql({
          transactions: report!.table,
          customerId: values.customer,
          date: values.date,
          amount: values.amount,
          calibrationEnd,
          timeUnit,
        });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error), 2, true);
      }
      if (values.predictions !== undefined) {
        return await writePredictions(engine, io, model as 'bgnbd' | 'pnbd', report!.table, values.predictions, {
          customer: values.customer,
          date: values.date,
          amount: values.amount,
          calibrationEnd,
          timeUnit,
          horizon: values.horizon,
          months: values.months,
          discountRate: values['discount-rate'],
        });
      }
      const summary = readCustomerSummary(await engine.query(sql));
      [frequency, recency, T, monetary] = [summary.frequency, summary.recency, summary.T, summary.monetaryValue];
    } else {
      throw new CliError('fit needs --summary FILE or --transactions FILE.', 2, true);
    }

    let result: { params: object; logLikelihood: number; converged: boolean };
    if (model === 'gg') {
      const repeat = [...frequency.keys()].filter((i) => frequency[i]! > 0);
      result = fitGammaGamma({
        frequency: Float64Array.from(repeat, (i) => frequency[i]!),
        monetaryValue: Float64Array.from(repeat, (i) => monetary[i]!),
      });
    } else if (model === 'pnbd') {
      const fit = fitParetoNbd({ frequency, recency, T });
      if (fit.atDropoutEdge) {
        const rate = fit.params.s / fit.params.beta;
        await io.stderr(
          `The Pareto/NBD fit did not converge: the likelihood keeps rising towards one common dropout rate (${rate.toPrecision(4)} per time unit), so s and beta are meaningless.\n`,
        );
      }
      result = fit;
    } else {
      result = fitBgNbd({ frequency, recency, T });
    }
    await io.stdout(`${JSON.stringify({ model, params: result.params, loglik: result.logLikelihood, converged: result.converged })}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}

/**
 * Fits with the churn cell's own job and writes churn_scores as CSV: customer_id, frequency, recency, T, p_alive,
 * expected_purchases (over --horizon time units), clv (with --amount; empty without), value_at_risk.
 */
async function writePredictions(
  engine: NativeEngine,
  io: CommandIo,
  model: 'bgnbd' | 'pnbd',
  table: string,
  file: string,
  options: {
    customer: string;
    date: string;
    amount?: string;
    calibrationEnd: string;
    timeUnit: 'day' | 'week';
    horizon?: string;
    months: string;
    discountRate: string;
  },
): Promise<number> {
  const numbers = { horizon: options.horizon, months: options.months, 'discount-rate': options.discountRate };
  for (const [flag, text] of Object.entries(numbers)) {
    if (text !== undefined && !(Number(text) >= 0)) throw new CliError(`--${flag} must be a number, at least 0, not "${text}".`, 2, true);
  }
  let spec;
  try {
    spec = readChurnSpec({
      transactions: table,
      customer: options.customer,
      date: options.date,
      amount: options.amount,
      calibration_end: options.calibrationEnd,
      model,
      time_unit: options.timeUnit,
      ...(options.horizon !== undefined ? { horizon: Number(options.horizon) } : {}),
      months: Number(options.months),
      discount_rate: Number(options.discountRate),
    });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2, true);
  }
  const result = await fitChurn(engine, spec, quietJobContext());
  if (result.dropoutEdge) {
    await io.stderr(
      `The Pareto/NBD fit did not converge: the likelihood keeps rising towards one common dropout rate (${result.dropoutEdge.rate.toPrecision(4)} per time unit), so s and beta are meaningless.\n`,
    );
  }
  const sql = `SELECT customer_id, frequency, recency, "T", p_alive, expected_purchases, CASE WHEN isnan(clv) THEN NULL ELSE clv END AS clv, value_at_risk FROM ${quoteIdent(churnScoresTable)} ORDER BY customer_id`;
  await engine.exec(await csvCopySql((describe) => engine.query(describe), sql, resolve(file)));
  await io.stdout(
    `${JSON.stringify({ model, params: result.params, loglik: result.logLikelihood, converged: result.converged, spend: result.spend?.params ?? null, customers: result.customers, horizon: spec.horizon, predictions: file })}\n`,
  );
  return 0;
}
