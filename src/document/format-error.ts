import { KuraError } from '../engine/engine.ts';

/** A notebook file Kura cannot read; `line` is 1-based and also named in the message. */
export class NotebookFormatError extends KuraError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message, 'notebook-format');
    this.name = 'NotebookFormatError';
  }
}
