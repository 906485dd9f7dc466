import { identityError } from '../identity-error.ts';
import type { MatchModel } from './spec.ts';

const levelKinds = [
  'exact',
  'exactAny',
  'differ',
  'exactCross',
  'containsOther',
  'overlap',
  'jaroWinkler',
  'levenshtein',
  'charJaccard',
  'dateWithin',
  'else',
];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '');

/**
 * A model written into a match cell's spec by hand, checked for the shape the SQL compilers need; the first
 * problem is refused in one sentence (a key column that does not exist is left to the engine's own sentence).
 */
export function checkMatchModel(value: unknown): MatchModel {
  const shapeOk =
    isObject(value) &&
    Array.isArray(value.blocking) &&
    value.blocking.every((rule) => isObject(rule) && isTextList(rule.keys)) &&
    Array.isArray(value.comparisons) &&
    value.comparisons.length > 0 &&
    value.comparisons.every(
      (comparison) =>
        isObject(comparison) &&
        typeof comparison.name === 'string' &&
        Array.isArray(comparison.levels) &&
        comparison.levels.length > 0 &&
        Array.isArray(comparison.nullWhenMissing),
    ) &&
    ['maxBlockSize', 'uSamplePairs', 'emIterations'].every((key) => typeof value[key] === 'number' && Number.isFinite(value[key]));
  if (!shapeOk) throw identityError('identity.modelShape', undefined, 'invalid-spec');
  for (const comparison of value.comparisons as { name: string; levels: unknown[] }[]) {
    for (const level of comparison.levels) {
      const kind = isObject(level) ? level.kind : undefined;
      if (!isObject(level) || typeof level.label !== 'string' || typeof kind !== 'string' || !levelKinds.includes(kind)) {
        throw identityError(
          'identity.modelLevel',
          {
            comparison: comparison.name,
            label: isObject(level) ? String(level.label) : '',
            kind: String(kind),
            kinds: levelKinds.join(', '),
          },
          'invalid-spec',
        );
      }
    }
  }
  return value as unknown as MatchModel;
}
