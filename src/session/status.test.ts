import { describe, expect, it } from 'vitest';
import { KuraError } from '../engine/engine.ts';
import { SessionStatus } from './status.svelte.ts';

describe('SessionStatus', () => {
  it("says an engine error in its own sentence, so the page can say it in the user's language", () => {
    const status = new SessionStatus();
    status.showError(
      new KuraError('Not run: it reads orders, which did not run.', 'blocked', undefined, {
        key: 'cell.blocked',
        values: { name: 'orders' },
      }),
    );
    expect(status.notice).toEqual({
      kind: 'error',
      key: null,
      text: 'Not run: it reads orders, which did not run.',
      sentence: { key: 'cell.blocked', values: { name: 'orders' } },
    });
  });

  it('says any other error by its message, and an error the UI has words for by its key', () => {
    const status = new SessionStatus();
    status.showError(new TypeError('x is not a function'));
    expect(status.notice).toEqual({ kind: 'error', key: null, text: 'x is not a function' });
    status.showError('plain words');
    expect(status.notice?.text).toBe('plain words');
    status.sayError('error.engine-restarted');
    expect(status.notice).toEqual({ kind: 'error', key: 'error.engine-restarted' });
  });
});
