import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nameReadingsModule } from './ipadic-source.ts';

describe('the name readings from IPAdic', () => {
  it('are what scripts/build-name-readings.ts writes from the dictionary and today’s normalisers', () => {
    const committed = readFileSync(new URL('./ipadic-readings.ts', import.meta.url), 'utf8');
    expect(committed === nameReadingsModule(), 'run npx tsx scripts/build-name-readings.ts').toBe(true);
  });

  it('give the commonest reading of a family and a given name, as the matcher writes romaji', async () => {
    const { familyNameReadings, givenNameReadings } = await import('./ipadic-readings.ts');
    const lookup = (lines: string, key: string) =>
      lines
        .split('\n')
        .find((line) => line.startsWith(`${key}\t`))
        ?.split('\t')[1];
    expect(lookup(familyNameReadings, '佐藤')).toBe('sato');
    expect(lookup(familyNameReadings, '桜田')).toBe('sakurada');
    expect(lookup(givenNameReadings, '和彦')).toBe('kazuhiko');
    expect(lookup(givenNameReadings, '裕子')).toBe('yuko');
  });
});
