/** The independent people set (test/data/people): deterministic, households and skew as SPEC.md says, files that load. */
import { describe, expect, it } from 'vitest';
import { generatePeopleSet, truthCsv, type PeopleSet } from '../data/people/generate.ts';
import { PopulationBuilder, at } from '../data/people/population.ts';
import { Random } from '../data/people/random.ts';
import { pairwiseScore, readColumns } from '../data/people/score.ts';
import { proposeMapping } from '../../src/ingest/mapping/propose.ts';

const set = generatePeopleSet(300, 2001);

function fileText(data: PeopleSet, name: string): string {
  const bytes = data.files.find((file) => file.name === name)!.bytes;
  return name.includes('cp932')
    ? new TextDecoder('shift_jis', { fatal: true }).decode(bytes)
    : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

describe('people set', () => {
  it('is the same for the same seed and different for another', () => {
    const again = generatePeopleSet(300, 2001);
    expect(again.files.map((file) => file.name)).toEqual(set.files.map((file) => file.name));
    again.files.forEach((file, i) => expect(Buffer.from(file.bytes).equals(Buffer.from(set.files[i]!.bytes))).toBe(true));
    expect(truthCsv(again)).toBe(truthCsv(set));
    const other = generatePeopleSet(300, 2002);
    expect(Buffer.from(other.files[0]!.bytes).equals(Buffer.from(set.files[0]!.bytes))).toBe(false);
  });

  it('gives household members one address and landline, and some people several households over time', () => {
    const { households } = set.population;
    const shared = households.filter((household) => household.members.length >= 2);
    expect(shared.length).toBeGreaterThan(20);
    for (const household of shared) {
      const homes = household.members.map((member) => at(member.home, 0));
      expect(new Set(homes.map((home) => home.address))).toHaveProperty('size', 1);
      expect(new Set(homes.map((home) => home.landline))).toHaveProperty('size', 1);
    }
    const sizes = households.map((household) => household.members.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    expect(set.population.people.some((person) => person.home.length > 1)).toBe(true);
  });

  it('draws names with their real skew: 佐藤 about 1.5% of Japanese people, the top ten about a tenth, no given name over 2%', () => {
    const people = new PopulationBuilder(new Random(1001)).build(20_000).people.filter((person) => !person.latin);
    const counts = new Map<string, number>();
    for (const person of people) {
      const family = person.family[0]!.value;
      if (!('latin' in family)) counts.set(family.kanji, (counts.get(family.kanji) ?? 0) + 1);
    }
    const share = (name: string) => (counts.get(name) ?? 0) / people.length;
    expect(share('佐藤')).toBeGreaterThan(0.01);
    expect(share('佐藤')).toBeLessThan(0.021);
    const top10 =
      [...counts.values()]
        .sort((a, b) => b - a)
        .slice(0, 10)
        .reduce((a, b) => a + b, 0) / people.length;
    expect(top10).toBeGreaterThan(0.07);
    expect(top10).toBeLessThan(0.14);
    expect(counts.size).toBeGreaterThan(1500); // a long tail, not a handful of names
    // Given names are diverse: none much over 1% of its sex.
    const given = new Map<string, number>();
    const men = people.filter((person) => person.sex === 'male');
    for (const person of men)
      given.set((person.given as { kanji: string }).kanji, (given.get((person.given as { kanji: string }).kanji) ?? 0) + 1);
    expect(Math.max(...given.values()) / men.length).toBeLessThan(0.02);
  });

  it('points every truth row at an existing data row, once, with 1–6 records per person', () => {
    const rowsPerSource = new Map<string, number>();
    for (const file of set.files) {
      const text = fileText(set, file.name);
      const rows = text.split(/\r?\n/).filter((line) => line !== '').length - 1;
      rowsPerSource.set(file.name.replace(/\.csv$/, ''), rows);
    }
    const seen = new Set<string>();
    for (const { source, row } of set.truth) {
      expect(row).toBeGreaterThanOrEqual(1);
      expect(row).toBeLessThanOrEqual(rowsPerSource.get(source)!);
      seen.add(`${source}:${row}`);
    }
    expect(seen.size).toBe([...rowsPerSource.values()].reduce((a, b) => a + b, 0));
    const perPerson = new Map<string, number>();
    for (const { personId } of set.truth) perPerson.set(personId, (perPerson.get(personId) ?? 0) + 1);
    expect(Math.max(...perPerson.values())).toBeLessThanOrEqual(6);
    expect(perPerson.size).toBe(300);
  });

  it('writes a CP932 file that decodes strictly, a BOM-prefixed HubSpot file, and headers the presets recognise', () => {
    const support = set.files.find((file) => file.name === 'support_cp932.csv')!;
    const text = fileText(set, support.name);
    expect(text.startsWith('顧客ID,氏名,フリガナ,メールアドレス')).toBe(true);
    expect(text).toMatch(/[ァ-ヶ]/);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(support.bytes)).toThrow();
    const hubspot = set.files.find((file) => file.name === 'hubspot_signups.csv')!;
    expect([...hubspot.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const expected: Record<string, string> = {
      salesforce_contacts: 'salesforce.contact',
      hubspot_signups: 'hubspot.contact',
      support_cp932: 'japanese.contact',
    };
    for (const file of set.files) {
      const header = fileText(set, file.name)
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0]!
        .split(',')
        .map((cell) => cell.replace(/^"|"$/g, ''));
      const proposal = proposeMapping(header);
      expect(proposal.preset).toBe(expected[file.name.replace(/\.csv$/, '')]);
      expect(proposal.unmapped).toEqual([]);
    }
  });

  it('scores clusters pairwise from group sizes', () => {
    const truth = new Map(
      readColumns(truthCsv(set), ['source', 'row', 'person_id']).map(([source, row, person]) => [`${source}:${row}`, person!]),
    );
    expect(pairwiseScore(truth, truth)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    // One cluster per record: nothing predicted, nothing found.
    const singletons = new Map([...truth.keys()].map((key) => [key, key]));
    expect(pairwiseScore(truth, singletons)).toMatchObject({ precision: 1, recall: 0, predictedPairs: 0 });
    // Everyone in one cluster: every true pair found, precision = true pairs / all pairs.
    const one = new Map([...truth.keys()].map((key) => [key, 'all']));
    const score = pairwiseScore(truth, one);
    expect(score.recall).toBe(1);
    expect(score.precision).toBeCloseTo(score.truePairs / ((truth.size * (truth.size - 1)) / 2), 12);
  });
});
