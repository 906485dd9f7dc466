/** The `kura` command: `npm run -s kura -- <command> …`. */
import { CliError, plainMessage } from './cli-error.ts';
import { audit } from './commands/audit.ts';
import { fit } from './commands/fit.ts';
import { forecast } from './commands/forecast.ts';
import { query } from './commands/query.ts';
import { match } from './commands/match.ts';
import { migrate } from './commands/migrate.ts';
import { run } from './commands/run.ts';
import type { Command, CommandIo } from './io.ts';
import { usage } from './usage.ts';

const commands: Record<string, Command> = { query, audit, match, migrate, run, fit, forecast };

const io: CommandIo = {
  stdout: (text) => write(process.stdout, text),
  stderr: (text) => write(process.stderr, text),
};

function write(stream: NodeJS.WriteStream, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h' || name === 'help') {
    await io.stdout(usage);
    return 0;
  }
  const command = name === undefined ? undefined : commands[name];
  if (!command) {
    throw new CliError(name === undefined ? 'Give a command.' : `There is no command "${name}".`, 2, true);
  }
  return command(rest, io);
}

async function reportFailure(error: unknown): Promise<number> {
  // parseArgs reports unknown or malformed options with codes starting ERR_PARSE_ARGS.
  const badArguments = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
  const message = badArguments ? argumentSentence(plainMessage(error)) : plainMessage(error);
  const failure = error instanceof CliError ? error : new CliError(message, badArguments ? 2 : 1, badArguments);
  await io.stderr(`error: ${failure.message}\n${failure.showUsage ? `\n${usage}` : ''}`);
  return failure.exitCode;
}

/** parseArgs's message in one sentence; for a value starting with a dash (--numeric-relative -0.1), how to write it. */
function argumentSentence(text: string): string {
  const dashed = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(text);
  if (dashed) return `${dashed[1]} needs a value; a value that starts with a dash is written ${dashed[1]}=-VALUE.`;
  return firstSentence(text);
}

function firstSentence(text: string): string {
  return text.split(/(?<=\.)\s/)[0] ?? text;
}

const exitCode = await main(process.argv.slice(2)).catch(reportFailure);
process.exit(exitCode);
