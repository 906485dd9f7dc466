/**
 * A worker thread of the command line's prepare step (see parallel-keys.ts): keys batches with its own KeyMaker
 * (memoised normalisers) and sends the lines back as UTF-8 bytes.
 */
import { parentPort } from 'node:worker_threads';
import { keyBatchText, type KeyBatch } from '../identity/prepare/batch.ts';
import { KeyMaker } from '../identity/prepare/keys.ts';

const maker = new KeyMaker();
const encoder = new TextEncoder();

parentPort!.on('message', ({ id, batch }: { id: number; batch: KeyBatch }) => {
  try {
    const bytes = encoder.encode(keyBatchText(maker, batch));
    parentPort!.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
