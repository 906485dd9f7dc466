import { describe, expect, it } from 'vitest';
import { KuraError } from '../engine/engine.ts';
import { translate } from '../ui/i18n-table.ts';
import { checkServedFile } from './served-file.ts';

const answer = (status: number, type: string | null) =>
  new Response(status === 204 ? null : 'x', { status, headers: type ? { 'content-type': type } : {} });

function refusal(path: string, response: Response): KuraError {
  try {
    checkServedFile(path, response);
  } catch (error) {
    expect(error).toBeInstanceOf(KuraError);
    return error as KuraError;
  }
  throw new Error('not refused');
}

describe('checkServedFile', () => {
  it('refuses the app page a dev or single-page server sends for a missing file, in one sentence', () => {
    const error = refusal('demo/data/orders.csv', answer(200, 'text/html; charset=utf-8'));
    expect(error.kind).toBe('unreadable-file');
    expect(error.message).toBe(
      'The app sent a web page instead of the file demo/data/orders.csv, so the file is missing from the app; check the file name, or generate the demo data with npm run demo and build the app again.',
    );
    expect(translate('ja', error.sentence!.key as never, error.sentence!.values)).toContain('demo/data/orders.csv');
  });

  it('refuses an error status with the status in the sentence', () => {
    expect(refusal('/demo/demo.kura.md', answer(404, 'text/plain')).message).toMatch(
      /^The app could not send the file \/demo\/demo\.kura\.md \(the server answered 404\);/,
    );
  });

  it.each([
    ['demo/data/orders.csv', 'text/csv'],
    ['demo/data/orders.csv', null],
    ['demo/data/events.parquet', 'application/octet-stream'],
    ['/demo/demo.kura.md', 'text/markdown'],
    ['demo/page.html', 'text/html'],
  ])('accepts %s sent as %s', (path, type) => {
    expect(() => checkServedFile(path, answer(200, type))).not.toThrow();
  });
});
