import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Encoding from 'encoding-japanese';
import { generateCrmTestSet, type GeneratedFile } from './data/identity-testset.ts';
const dir = '/tmp/kura-1m';
mkdirSync(dir, { recursive: true });
const set = generateCrmTestSet(580_000);
for (const file of set.files) {
  const bytes = encode(file);
  writeFileSync(resolve(dir, file.name), bytes);
  console.log(file.name, bytes.length);
}
function encode(file: GeneratedFile): Uint8Array {
  if (file.encoding === 'cp932')
    return new Uint8Array(Encoding.convert(Encoding.stringToCode(file.text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
  return new TextEncoder().encode((file.encoding === 'utf-8-bom' ? '\uFEFF' : '') + file.text);
}
