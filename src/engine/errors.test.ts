import { describe, expect, it } from 'vitest';
import { toKuraError } from './errors.ts';

describe('engine errors in one sentence', () => {
  it('says "out of memory" for DuckDB’s own message and for the threaded build’s heap that could not grow', () => {
    const failures = [
      new Error('Out of Memory Error: failed to allocate data of size 256.0 MiB (3.1 GiB/3.1 GiB used)'),
      new RangeError('offset is out of bounds'),
      new Error('RangeError: Array buffer allocation failed'),
      new Error('{"exception_type":"Invalid","exception_message":"Offset is out of bounds"}'),
    ];
    for (const failure of failures) {
      const error = toKuraError(failure);
      expect(error.kind).toBe('out-of-memory');
      expect(error.message).toMatch(/ran out of memory.*fewer rows.*kura run/);
    }
  });

  it('leaves other errors as the engine said them', () => {
    const error = toKuraError(new Error('Conversion Error: Could not convert string "x" to INT32'));
    expect(error.kind).toBe('sql');
    expect(error.message).toBe('Could not convert string "x" to INT32.');
  });
});
