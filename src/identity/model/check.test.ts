import { describe, expect, it } from 'vitest';
import { KuraError } from '../../engine/engine.ts';
import { checkMatchModel } from './check.ts';
import { proposeModel } from './propose.ts';

const proposed = () =>
  JSON.parse(JSON.stringify(proposeModel(['name_key', 'email_canonical', 'phone', 'mobile', 'birth_date']))) as Record<string, unknown>;

const refusal = (value: unknown) => {
  try {
    checkMatchModel(value);
  } catch (error) {
    expect(error).toBeInstanceOf(KuraError);
    return (error as KuraError).sentence;
  }
  throw new Error('accepted');
};

describe('a match model written into the spec', () => {
  it('accepts the proposed model as YAML gives it back', () => {
    const model = proposed();
    expect(checkMatchModel(model)).toBe(model);
  });

  it('refuses a model without blocking rules, comparisons or settings in one sentence', () => {
    for (const broken of [
      null,
      [],
      { ...proposed(), blocking: [{ keys: [] }] },
      { ...proposed(), comparisons: [] },
      { ...proposed(), emIterations: 'many' },
    ]) {
      expect(refusal(broken)?.key).toBe('identity.modelShape');
    }
  });

  it('names the comparison and level whose kind is unknown', () => {
    const model = proposed();
    const comparisons = model.comparisons as { name: string; levels: { label: string; kind: string }[] }[];
    comparisons[0]!.levels[0]!.kind = 'exakt';
    expect(refusal(model)).toEqual({
      key: 'identity.modelLevel',
      values: expect.objectContaining({ comparison: comparisons[0]!.name, label: comparisons[0]!.levels[0]!.label, kind: 'exakt' }),
    });
  });
});
