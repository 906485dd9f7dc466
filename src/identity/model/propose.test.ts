import { describe, expect, it } from 'vitest';
import { proposeModel } from './propose.ts';

describe('proposeModel on a person register with separate name fields', () => {
  const latinRegister = [
    'name_key',
    'name_nickname',
    'family_key',
    'given_key',
    'given_nickname',
    'given_nicknames',
    'birth_date',
    'postal',
  ];

  it('compares given names by nickname after the exact name, and blocks on the family name with the nickname group', () => {
    const model = proposeModel(latinRegister);
    const given = model.comparisons.find((comparison) => comparison.name === 'given_name')!;
    expect(given.levels.map((level) => level.label).slice(0, 2)).toEqual(['exact', 'nickname']);
    expect(model.blocking.map((rule) => rule.keys.join('+'))).toContain('name_nickname');
  });

  it('has no nickname level where names have no nickname groups (names in Japanese) or when switched off', () => {
    const withoutGroups = latinRegister.filter((column) => !column.includes('nickname'));
    const labels = (columns: string[], options = {}) =>
      proposeModel(columns, {}, options)
        .comparisons.find((comparison) => comparison.name === 'given_name')!
        .levels.map((level) => level.label);
    expect(labels(withoutGroups)).not.toContain('nickname');
    expect(labels(latinRegister, { givenNicknames: false })).not.toContain('nickname');
  });
});

describe('proposeModel on names in kanji, kana and romaji (one name field)', () => {
  const crmExports = [
    'name_key',
    'name_swapped',
    'name_romaji',
    'name_romaji_swapped',
    'name_ascii',
    'family_key',
    'given_key',
    'family_romaji',
    'given_romaji',
    'email',
    'phone',
  ];

  it('has a level for a kanji name whose given name is unread against a reading with the same family reading, before the household level, capped unless a personal field agrees', () => {
    const model = proposeModel(crmExports);
    const name = model.comparisons.find((comparison) => comparison.name === 'name')!;
    const labels = name.levels.map((level) => level.label);
    const unread = labels.indexOf('same family name reading, given name unread');
    expect(unread).toBeGreaterThan(labels.indexOf('same reading'));
    expect(unread).toBeLessThan(labels.indexOf('same family name reading'));
    const caps = model.caps!.filter((cap) => cap.comparison === 'name');
    const capOf = (label: string) => caps.find((cap) => cap.levels.includes(label))!;
    // Unlike another given name at one family's address, an unread one is lifted by an e-mail the two share.
    expect(capOf('same family name reading, given name unread').unlessExact).toContain('email');
    expect(capOf('same family name reading').unlessExact).not.toContain('email');
  });

  it('has a level for one family name reading with given names alike in two scripts (梅澄 誠太 / Seiita Umesumi), capped unless an e-mail or birth date agrees', () => {
    const model = proposeModel(crmExports);
    const labels = model.comparisons.find((comparison) => comparison.name === 'name')!.levels.map((level) => level.label);
    const alike = labels.indexOf('same family name reading, given name alike');
    expect(alike).toBeGreaterThan(labels.indexOf('same reading'));
    expect(alike).toBeLessThan(labels.indexOf('same family name reading'));
    const cap = model.caps!.find((c) => c.comparison === 'name' && c.levels.includes('same family name reading, given name alike'))!;
    expect(cap.unlessExact).toContain('email');
  });

  it('with e-mails, first asks whether the one e-mail both share spells the unread given name, and that level is not capped', () => {
    const model = proposeModel([...crmExports, 'email_local', 'email_canonical']);
    const labels = model.comparisons.find((comparison) => comparison.name === 'name')!.levels.map((level) => level.label);
    const spelt = labels.indexOf('given name unread, spelt by the one e-mail');
    expect(spelt).toBeGreaterThan(labels.indexOf('same reading'));
    expect(spelt).toBeLessThan(labels.indexOf('same family name reading, given name unread'));
    expect(model.caps!.some((cap) => cap.levels.includes('given name unread, spelt by the one e-mail'))).toBe(false);
    expect(
      proposeModel(crmExports)
        .comparisons.find((comparison) => comparison.name === 'name')!
        .levels.map((level) => level.label),
    ).not.toContain('given name unread, spelt by the one e-mail');
  });
});
