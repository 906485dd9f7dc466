import { describe, expect, it } from 'vitest';
import { translate } from '../ui/i18n-table.ts';
import { KuraError } from '../engine/engine.ts';
import { browserFileLimit, readChosenFile } from './browser-file.ts';

/** A Blob as Chrome gives one past 2 GB: its size is known, reading it fails with NotReadableError. */
class HugeFile extends Blob {
  read = false;
  override get size(): number {
    return 3 * 1024 ** 3;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    this.read = true;
    return Promise.reject(
      new DOMException(
        'The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.',
        'NotReadableError',
      ),
    );
  }
}

class VanishedFile extends Blob {
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.reject(
      new DOMException(
        'The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.',
        'NotReadableError',
      ),
    );
  }
}

async function refusal(file: Blob): Promise<KuraError> {
  const error = await readChosenFile(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KuraError);
  return error as KuraError;
}

describe('readChosenFile', () => {
  it('reads a file within the limit', async () => {
    expect([...(await readChosenFile(new Blob(['a,b\n1,2\n'])))]).toEqual([...new TextEncoder().encode('a,b\n1,2\n')]);
    expect(browserFileLimit).toBe(2 ** 31 - 1);
  });

  it('refuses a file over 2 GB before reading it, saying it is too large for the tab and what to do, in English and Japanese', async () => {
    const file = new HugeFile(['x']);
    const error = await refusal(file);
    expect(file.read).toBe(false);
    expect(error.kind).toBe('unreadable-file');
    expect(error.message).toBe(
      'The file is 3.0 GB, too large for a browser tab (at most 2 GB); split it into smaller files, or load it on the command line with kura run or kura query.',
    );
    expect(error.message).not.toMatch(/permission/i);
    expect(error.sentence).toEqual({ key: 'refuse.tooLargeForBrowser', values: { gigabytes: '3.0' } });
    expect(translate('ja', 'refuse.tooLargeForBrowser', error.sentence!.values)).toBe(
      'このファイルは 3.0 GB あり、ブラウザのタブで読める大きさ（2 GB まで）を超えています。小さなファイルに分けるか、コマンドラインの kura run または kura query で読み込んでください。',
    );
  });

  it('says a file that can no longer be read should be chosen again, not that permissions are wrong', async () => {
    const error = await refusal(new VanishedFile(['x']));
    expect(error.message).toBe(
      'The browser could not read the file; it may have been moved or changed after you chose it. Choose it again.',
    );
    expect(error.sentence?.key).toBe('refuse.notReadable');
  });
});
