import { NativeEngine } from '../../engine/native.ts';
import { commandArgs, requiredOption } from '../command-args.ts';
import { CliError, plainMessage } from '../cli-error.ts';
import type { CommandIo } from '../io.ts';
import { loadInputs } from '../load-inputs.ts';
import { csvText, jsonText } from '../result-text.ts';
import { encodeCsv } from '../../engine/csv-encoding.ts';
import { csvEncodingOption, exportedCsv } from '../csv-encoding-option.ts';

const formats = { csv: csvText, json: jsonText } as const;

/** `kura query FILE... --sql "SQL" [--format csv|json] [--encoding utf-8|utf-8-bom|cp932]` */
export async function query(args: string[], io: CommandIo): Promise<number> {
  const parsed = await commandArgs(
    args,
    {
      sql: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      encoding: { type: 'string' },
    },
    io,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const sql = requiredOption(values.sql, 'query needs --sql "SQL".');
  const format = values.format ?? 'csv';
  if (!(format in formats)) throw new CliError(`--format must be csv or json, not "${format}".`, 2, true);

  const encoding = csvEncodingOption(values.encoding, 'utf-8');
  if (format !== 'csv' && values.encoding !== undefined) throw new CliError('--encoding applies to --format csv only.', 2, true);

  const engine = await NativeEngine.create();
  try {
    await loadInputs(engine, positionals, (line) => io.stderr(`${line}\n`));
    let result: Uint8Array;
    try {
      result = await engine.query(sql);
    } catch (error) {
      throw new CliError(plainMessage(error), 1);
    }
    if (format === 'csv' && encoding !== 'utf-8') await io.stdout(await exportedCsv('stdout', () => encodeCsv(csvText(result), encoding)));
    else await io.stdout(formats[format as keyof typeof formats](result));
    return 0;
  } finally {
    await engine.close();
  }
}
