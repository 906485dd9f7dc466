import { describe, expect, it } from 'vitest';
import { proposeModel } from './propose.ts';

describe('proposeModel on a person register with separate name fields', () => {
  const latinRegister = ['name_key', 'name_nickname', 'family_key', 'given_key', 'given_nickname', 'birth_date', 'postal'];

  it('compares given names by nickname after the exact name, and blocks on the family name with the nickname group', () => {
    const model = proposeModel(latinRegister);
    const given = model.comparisons.find((comparison) => comparison.name === 'given_name')!;
    expect(given.levels.map((level) => level.label).slice(0, 2)).toEqual(['exact', 'nickname']);
    expect(model.blocking.map((rule) => rule.keys.join('+'))).toContain('name_nickname');
  });

  it('has no nickname level where names have no nickname groups (names in Japanese) or when switched off', () => {
    const withoutGroups = latinRegister.filter((column) => !column.endsWith('nickname'));
    const labels = (columns: string[], options = {}) =>
      proposeModel(columns, {}, options)
        .comparisons.find((comparison) => comparison.name === 'given_name')!
        .levels.map((level) => level.label);
    expect(labels(withoutGroups)).not.toContain('nickname');
    expect(labels(latinRegister, { givenNicknames: false })).not.toContain('nickname');
  });
});
