import { unreadable } from './refusal.ts';

/** The most a browser tab reads from one file: Blob.arrayBuffer() fails beyond 2 GB. */
export const browserFileLimit = 2 ** 31 - 1;

/**
 * The bytes of a file the user chose or dropped. Its size is checked before reading, because past the limit the
 * browser fails with NotReadableError, whose own text blames permissions.
 */
export async function readChosenFile(file: Blob): Promise<Uint8Array> {
  if (file.size > browserFileLimit) throw unreadable('refuse.tooLargeForBrowser', { gigabytes: (file.size / 1024 ** 3).toFixed(1) });
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    if ((error as { name?: unknown }).name === 'NotReadableError')
      throw unreadable('refuse.notReadable', undefined, String((error as Error).message));
    throw error;
  }
}
