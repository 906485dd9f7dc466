import * as Comlink from 'comlink';
import { KuraError, type Sentence } from './engine.ts';
import { toKuraError } from './errors.ts';

interface SerializedError {
  message: string;
  kind: string;
  detail?: string;
  sentence?: Sentence;
}

/**
 * Comlink's default keeps only an error's message and stack; Kura's UI also needs its kind.
 * Installed on both sides of the worker boundary, this carries every thrown error across
 * as a KuraError.
 */
export function installKuraErrorTransfer(): void {
  const comlinkThrow = Comlink.transferHandlers.get('throw')!;
  Comlink.transferHandlers.set('throw', {
    canHandle: comlinkThrow.canHandle,
    serialize: ({ value }: { value: unknown }) => {
      const error = toKuraError(value);
      const serialized: SerializedError = { message: error.message, kind: error.kind, detail: error.detail, sentence: error.sentence };
      return [serialized, []];
    },
    deserialize: (serialized: unknown) => {
      const { message, kind, detail, sentence } = serialized as SerializedError;
      throw new KuraError(message, kind, detail, sentence);
    },
  } as Comlink.TransferHandler<unknown, unknown>);
}
