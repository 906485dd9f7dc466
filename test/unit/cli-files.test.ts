/**
 * Which files the command line reads and writes (issue 21, items 5 and 11): a notebook reads only regular files
 * inside its data folder (no link out of it, no device, pipe or folder), files named on the command line must be
 * regular files, and once sealed a notebook's SQL writes no file, not even into DuckDB's `.tmp` spill folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile, RefusedFile } from '../../src/cli/input-file.ts';
import { kuraWith } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-files-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function notebook(path: string, ...cells: string[]): string {
  writeFileSync(path, `---\nkura: 1\ntitle: Files\n---\n\n${cells.join('\n\n')}\n`);
  return path;
}

const source = (name: string, file: string) => `\`\`\`source ${name}\nfile: ${file}\n\`\`\``;

/** The report's text for each cell heading, so a test can see what a cell showed. */
function cellTexts(html: string): Record<string, string> {
  const { document } = parseHTML(html);
  return Object.fromEntries(
    [...document.querySelectorAll('section.cell')].map((section) => [
      section.querySelector('h2')?.textContent ?? '',
      section.textContent ?? '',
    ]),
  );
}

/** `kura ARGS…` run from `cwd`, stopped after a minute: a file that makes it wait must not hang the suite. */
const kura = (cwd: string, ...args: string[]) => kuraWith({ cwd, timeout: 60_000 }, ...args);

describe('kura run reads source files only as regular files inside the data folder', () => {
  const data = join(dir, 'data');
  const outside = join(dir, 'secret.csv');
  mkdirSync(join(data, 'sub'), { recursive: true });
  writeFileSync(join(data, 'ok.csv'), 'id,name\n1,inside\n');
  writeFileSync(outside, 'id,secret\n1,TOP-SECRET-VALUE\n');
  symlinkSync(outside, join(data, 'link.csv'));
  symlinkSync(dir, join(data, 'up'));
  symlinkSync(join(data, 'ok.csv'), join(data, 'sub', 'inner-link.csv'));
  symlinkSync('/dev/zero', join(data, 'zero.csv'));
  execFileSync('mkfifo', [join(data, 'pipe.csv')]);

  it('refuses a link that leads out of the data folder, and a folder reached through one', async () => {
    const path = notebook(
      join(dir, 'links.kura.md'),
      source('linked', 'link.csv'),
      source('through', 'up/secret.csv'),
      source('ok', 'ok.csv'),
      source('inner', 'sub/inner-link.csv'),
    );
    const out = join(dir, 'links.html');
    const result = await kura(dir, 'run', path, '--data', data, '--out', out);
    expect(result.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('TOP-SECRET-VALUE');
    expect(result.stderr).toContain(
      `error: cell linked: The file "link.csv" leads out of the data folder; kura run reads source files only inside ${data}.`,
    );
    expect(result.stderr).toContain(
      `error: cell through: The file "up/secret.csv" leads out of the data folder; kura run reads source files only inside ${data}.`,
    );
    // A link that stays inside the data folder is fine.
    expect(result.stderr).not.toContain('cell ok:');
    expect(result.stderr).not.toContain('cell inner:');
    expect(result.stdout).toMatch(/^Ran 2 of 4 cells, 2 failed/);
  }, 60_000);

  it('refuses a device, a pipe and a folder in one sentence each, at once', async () => {
    const path = notebook(join(dir, 'devices.kura.md'), source('zero', 'zero.csv'), source('pipe', 'pipe.csv'), source('folder', 'sub'));
    const started = performance.now();
    const result = await kura(dir, 'run', path, '--data', data, '--out', join(dir, 'devices.html'));
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `error: cell zero: The file "zero.csv" leads out of the data folder; kura run reads source files only inside ${data}.`,
      'error: cell pipe: This is not a regular file (it is a pipe, device or socket); give a file saved on disk.',
      'error: cell folder: This is a folder, not a file.',
    ]);
  }, 60_000);

  it('refuses a pipe, a device and a folder named on the command line with exit 2', async () => {
    const fifo = await kura(dir, 'query', join(data, 'pipe.csv'), '--sql', 'select 1');
    expect(fifo).toMatchObject({
      code: 2,
      stderr: `error: ${join(data, 'pipe.csv')}: This is not a regular file (it is a pipe, device or socket); give a file saved on disk.\n`,
    });
    const zero = await kura(dir, 'match', '/dev/zero', '--out', join(dir, 'm'));
    expect(zero).toMatchObject({
      code: 2,
      stderr: 'error: /dev/zero: This is not a regular file (it is a pipe, device or socket); give a file saved on disk.\n',
    });
    const folder = await kura(dir, 'run', data, '--out', join(dir, 'f.html'));
    expect(folder).toMatchObject({ code: 2, stderr: `error: ${data}: This is a folder, not a file.\n` });
    const audit = await kura(dir, 'audit', join(data, 'pipe.csv'), join(data, 'ok.csv'), '--out', join(dir, 'audit'));
    expect(audit.code).toBe(2);
    expect(audit.stderr).toBe(
      `error: ${join(data, 'pipe.csv')}: This is not a regular file (it is a pipe, device or socket); give a file saved on disk.\n`,
    );
    const rules = await kura(dir, 'audit', join(data, 'ok.csv'), '--rules', join(data, 'pipe.csv'), '--out', join(dir, 'audit'));
    expect(rules).toMatchObject({
      code: 2,
      stderr: `error: ${join(data, 'pipe.csv')}: This is not a regular file (it is a pipe, device or socket); give a file saved on disk.\n`,
    });
  }, 60_000);
});

describe('readRegularFile', () => {
  it('refuses a file larger than one buffer holds before reading it', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, 5 * 1024 ** 3); // sparse: no disk space used
    const error = await readRegularFile(big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedFile);
    expect((error as Error).message).toBe('The file is 5.0 GB, more than Kura reads at once (4.0 GB); split it into smaller files.');
    rmSync(big);
  });

  it('reads a regular file whole', async () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'a\n1\n');
    expect(new TextDecoder().decode(await readRegularFile(path))).toBe('a\n1\n');
  });
});

describe('kura run seals file access after the sources', () => {
  it('lets no SQL cell write a file, not even into the .tmp spill folder in the working directory', async () => {
    const work = join(dir, 'work');
    mkdirSync(join(work, '.tmp'), { recursive: true });
    writeFileSync(join(work, 'ok.csv'), 'id\n1\n');
    const path = notebook(
      join(work, 'write.kura.md'),
      source('ok', 'ok.csv'),
      "```sql into_tmp\ncopy (select 42 as a) to '.tmp/leak.csv'\n```",
      "```sql into_tmp_dir\ncopy (select 42 as a) to '.tmp/sub' (format csv, per_thread_output true)\n```",
      "```sql attach_tmp\nattach '.tmp/leak.duckdb' as leak\n```",
      '```sql big_sort\nselect count(*) as n from (select i from range(3000000) t(i) order by random())\n```',
    );
    const result = await kura(work, 'run', path, '--out', join(work, 'write.html'));
    expect(existsSync(join(work, '.tmp', 'leak.csv'))).toBe(false);
    expect(existsSync(join(work, '.tmp', 'sub'))).toBe(false);
    expect(existsSync(join(work, '.tmp', 'leak.duckdb'))).toBe(false);
    expect(result.stderr).toMatch(
      /error: cell into_tmp: Cannot access file "\.tmp\/leak\.csv" - file system operations are disabled by configuration\./,
    );
    expect(result.stderr).toMatch(/error: cell attach_tmp: /);
    // The engine's own work still runs after the seal.
    expect(result.stderr).not.toContain('cell big_sort');
    expect(cellTexts(readFileSync(join(work, 'write.html'), 'utf8')).big_sort).toContain('3,000,000');
  }, 60_000);
});
