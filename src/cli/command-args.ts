import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, plainMessage } from './cli-error.ts';
import type { CommandIo } from './io.ts';
import { usage } from './usage.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const;
type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof help; allowPositionals: true; strict: true }>
>;

/**
 * Reads a command's arguments: its options and -h/--help, with files as positionals. An unknown or malformed
 * option throws (main.ts says so with the usage, exit code 2). Null, once the usage is printed, for --help.
 */
export async function commandArgs<const O extends Options>(args: string[], options: O, io: CommandIo): Promise<ParsedArgs<O> | null> {
  const parsed = parseArgs({ args, options: { ...options, ...help }, allowPositionals: true, strict: true }) as ParsedArgs<O>;
  if ((parsed.values as { help?: boolean }).help) {
    await io.stdout(usage);
    return null;
  }
  return parsed;
}

/** An option the command cannot do without (e.g. --out): missing or blank, it is a bad argument said by `missing`. */
export function requiredOption(value: string | undefined, missing: string): string {
  if (value === undefined || value.trim() === '') throw new CliError(missing, 2, true);
  return value;
}

/** Makes the --out folder (with its parents) and returns its full path; one that cannot be made is bad input. */
export function outputFolder(out: string): string {
  const path = resolve(out);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new CliError(`${out}: ${plainMessage(error)}`, 2);
  }
  return path;
}
