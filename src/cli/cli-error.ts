/** Ends the command with one `error: …` line on stderr; exit code 1 when the SQL fails, 2 for bad arguments or input files. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    /** Print the usage after the error line (bad arguments). */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The first line of an error's message, as a sentence: no stack traces on the command line. */
export function plainMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split('\n')[0] ?? '').trim() || 'Something went wrong.';
  return /[.!?。]$/.test(first) ? first : `${first}.`;
}
