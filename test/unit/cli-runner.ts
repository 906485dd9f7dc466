/** The `kura` command line as the tests run it: a real process (src/cli/main.ts, bundled by ../cli-bundle.ts), its exit code and output. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Encoding from 'encoding-japanese';
import { cliBundle } from '../cli-bundle.ts';

export const repo = join(import.meta.dirname, '../..');

export interface Run<Output = string> {
  code: number;
  stdout: Output;
  stderr: string;
}

interface RunOptions {
  /** The folder the command runs in; the repository without one. */
  cwd?: string;
  /** Stops the command after this many milliseconds (a test of a file that could make it wait). */
  timeout?: number;
}

/** Runs `kura ARGS…` from the repository; never rejects, a failure is its exit code and stderr. */
export function kura(...args: string[]): Promise<Run> {
  return kuraWith({}, ...args);
}

/** Runs `kura ARGS…` from another folder or with a time limit. */
export function kuraWith(options: RunOptions, ...args: string[]): Promise<Run> {
  return spawnKura(args, options, 'utf8');
}

/** Runs `kura ARGS…` and keeps stdout as bytes (a CSV in CP932). */
export function kuraBytes(...args: string[]): Promise<Run<Buffer>> {
  return spawnKura(args, {}, 'buffer');
}

function spawnKura(args: string[], options: RunOptions, encoding: 'utf8'): Promise<Run>;
function spawnKura(args: string[], options: RunOptions, encoding: 'buffer'): Promise<Run<Buffer>>;
function spawnKura(args: string[], options: RunOptions, encoding: 'utf8' | 'buffer'): Promise<Run<string | Buffer>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliBundle, ...args],
      { cwd: options.cwd ?? repo, encoding, maxBuffer: 64 * 1024 * 1024, timeout: options.timeout },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr: stderr.toString() });
      },
    );
  });
}

/** Text as Shift_JIS (CP932) bytes, as Japanese Excel saves a CSV. */
export function cp932(text: string): Uint8Array {
  return Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
}

/** Writes `text` to `path` in CP932. */
export function writeCp932File(path: string, text: string): void {
  writeFileSync(path, cp932(text));
}
