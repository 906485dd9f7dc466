/**
 * How the command line reads the files it is given. A file named on the command line is read if it is a regular
 * file; a file a notebook names is read only if its real path (links followed) is inside the data folder, because a
 * notebook may come from anyone. Devices (/dev/zero), pipes, sockets and folders are refused with one sentence
 * before a byte is read, and so is a file larger than one read can hold.
 */
import { constants as bufferConstants } from 'node:buffer';
import { constants, existsSync, realpathSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliError, plainMessage } from './cli-error.ts';

/** A file Kura will not read: `message` is one sentence about the file, without its name. */
export class RefusedFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedFile';
  }
}

/** The most bytes one file may have: what a single buffer holds. */
export const maxFileBytes = bufferConstants.MAX_LENGTH;

const chunkBytes = 1 << 30;

/**
 * The bytes of a regular file. Opened without blocking (a pipe with no writer would wait forever) and checked on
 * the open descriptor, so what is checked is what is read.
 */
export async function readRegularFile(path: string, maxBytes = maxFileBytes): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new RefusedFile(readFailure(error));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new RefusedFile('This is a folder, not a file.');
    if (!stat.isFile()) throw new RefusedFile('This is not a regular file (it is a pipe, device or socket); give a file saved on disk.');
    if (stat.size > maxBytes) {
      throw new RefusedFile(
        `The file is ${gigabytes(stat.size)} GB, more than Kura reads at once (${gigabytes(maxBytes)} GB); split it into smaller files.`,
      );
    }
    const bytes = new Uint8Array(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, Math.min(chunkBytes, bytes.length - filled), filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } catch (error) {
    if (error instanceof RefusedFile) throw error;
    throw new RefusedFile(readFailure(error));
  } finally {
    await handle.close();
  }
}

/** A file the user named on the command line; a refusal ends the command with `error: PATH: reason` and exit 2. */
export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return await readRegularFile(path);
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`, 2);
  }
}

/** A file a notebook's source cell names, read from inside `dataDir` (see locateDataFile). */
export async function readDataFile(file: string, dataDir: string): Promise<{ path: string; bytes: Uint8Array }> {
  const path = locateDataFile(file, dataDir);
  try {
    return { path, bytes: await readRegularFile(path) };
  } catch (error) {
    throw new CliError((error as Error).message, 1);
  }
}

/**
 * The real path of the file a source cell names, inside `dataDir`: the path as written, then with its leading
 * folders dropped one at a time (the demo says `demo/data/orders.csv`, relative to the app, and its files sit in
 * `data/`). A path that is absolute, has `..`, or leads out of the folder through a link is refused.
 */
export function locateDataFile(file: string, dataDir: string): string {
  if (file.trim() === '') throw new CliError('The source cell names no file.', 1);
  const given = resolve(dataDir);
  const parts = file.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (isAbsolute(file) || /^[A-Za-z]:/.test(file) || parts.includes('..')) {
    throw new CliError(`The file "${file}" is outside the data folder; kura run reads source files only inside ${given}.`, 1);
  }
  let root: string;
  try {
    root = realpathSync(given);
  } catch {
    throw new CliError(`The data folder ${given} does not exist; give the folder that holds the files with --data DIR.`, 1);
  }
  for (let start = 0; start < parts.length; start++) {
    const candidate = join(root, ...parts.slice(start));
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (!isInside(real, root)) {
      throw new CliError(`The file "${file}" leads out of the data folder; kura run reads source files only inside ${given}.`, 1);
    }
    return real;
  }
  throw new CliError(`The file "${file}" is not in ${given}; give the folder that holds it with --data DIR.`, 1);
}

function isInside(path: string, root: string): boolean {
  const inside = relative(root, path);
  return inside !== '' && !isAbsolute(inside) && inside.split(sep)[0] !== '..';
}

function gigabytes(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(1);
}

/** Why a file could not be opened or read, as one sentence. */
export function readFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'There is no such file.';
    case 'EACCES':
    case 'EPERM':
      return 'You do not have permission to read this file.';
    case 'EISDIR':
      return 'This is a folder, not a file.';
    default:
      return plainMessage(error);
  }
}
