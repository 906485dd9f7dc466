import { describe, expect, it } from 'vitest';
import { proposeModel } from '../../identity/model/propose.ts';
import { keyColumns } from '../../identity/prepare/keys.ts';
import { derivedKeyColumns } from '../../identity/prepare/prepare.ts';
import { matchComparisonLabel, matchLevelLabel } from './level-labels.ts';

describe('the match model in Japanese', () => {
  it('names every comparison and level the proposed models can have', () => {
    const all = [...keyColumns, ...derivedKeyColumns];
    const models = [proposeModel(all), proposeModel(all, {}, { splitWithWorkplace: true }), proposeModel(all, {}, { channels: false })];
    const untranslated = models.flatMap((model) =>
      model.comparisons.flatMap((comparison) => [
        ...(matchComparisonLabel(comparison.name, 'ja') === comparison.name ? [comparison.name] : []),
        ...comparison.levels.flatMap((level) => (matchLevelLabel(level.label, 'ja') === level.label ? [level.label] : [])),
      ]),
    );
    expect(untranslated).toEqual([]);
    expect(models[1]!.comparisons.map((comparison) => comparison.name)).toContain('given_name');
  });

  it('keeps English labels and shows an unknown one as it is', () => {
    expect(matchLevelLabel('same reading', 'en')).toBe('same reading');
    expect(matchLevelLabel('same reading', 'ja')).toBe('読みが同じ');
    // An explanation's term for a field one record lacks (explain.ts).
    expect(matchLevelLabel('missing', 'ja')).toBe('値なし');
    expect(matchComparisonLabel('birth_date', 'en')).toBe('birth date');
    expect(matchComparisonLabel('x_member_no', 'ja')).toBe('x_member_no');
  });
});
