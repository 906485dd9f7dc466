/** Where a command writes; tests and main both pass their own. */
export interface CommandIo {
  /** Text, or bytes as they are (a CSV in CP932). */
  stdout(text: string | Uint8Array): Promise<void>;
  stderr(text: string): Promise<void>;
}

export type Command = (args: string[], io: CommandIo) => Promise<number>;
