/** Where a command writes; tests and main both pass their own. */
export interface CommandIo {
  stdout(text: string): Promise<void>;
  stderr(text: string): Promise<void>;
}

export type Command = (args: string[], io: CommandIo) => Promise<number>;
