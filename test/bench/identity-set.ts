/**
 * The generated three-source CRM set (test/data/identity-testset.ts) written as the exports a user would have: CSV in
 * UTF-8, UTF-8 with a BOM and CP932. Run as a script it writes the set for `kura match` in a process of its own, so
 * the bench that times the command does not hold the set's gigabytes beside it:
 *
 *   npx tsx test/bench/identity-set.ts PEOPLE DIR      # prints {"records": N, "paths": [...]}
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Encoding from 'encoding-japanese';
import { generateCrmTestSet, type GeneratedFile } from '../data/identity-testset.ts';

function encode(file: GeneratedFile): Uint8Array {
  if (file.encoding === 'cp932')
    return new Uint8Array(Encoding.convert(Encoding.stringToCode(file.text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
  return new TextEncoder().encode((file.encoding === 'utf-8-bom' ? '\uFEFF' : '') + file.text);
}

export function writeSet(dir: string, count: number) {
  mkdirSync(dir, { recursive: true });
  const set = generateCrmTestSet(count);
  const paths = set.files.map((file) => {
    const path = resolve(dir, file.name);
    writeFileSync(path, encode(file));
    return path;
  });
  return { set, paths };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [people, dir] = process.argv.slice(2);
  const { set, paths } = writeSet(dir!, Number(people));
  console.log(JSON.stringify({ records: set.truth.size, paths }));
}
