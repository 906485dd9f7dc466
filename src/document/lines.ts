/** One line of a text file: its content and the line ending that followed it ('' on a last line without one). */
export interface Line {
  text: string;
  end: '' | '\n' | '\r\n';
  /** 1-based. */
  number: number;
}

export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < source.length) {
    const newline = source.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ text: source.slice(start), end: '', number: lines.length + 1 });
      break;
    }
    const crlf = newline > start && source[newline - 1] === '\r';
    lines.push({
      text: source.slice(start, crlf ? newline - 1 : newline),
      end: crlf ? '\r\n' : '\n',
      number: lines.length + 1,
    });
    start = newline + 1;
  }
  return lines;
}

export function joinLines(lines: readonly Line[]): string {
  return lines.map((line) => line.text + line.end).join('');
}

/** The lines' content joined with LF, without a final line ending: how cell bodies and prose live in the model. */
export function contentOf(lines: readonly Line[]): string {
  return lines.map((line) => line.text).join('\n');
}

export function isBlank(line: Line): boolean {
  return /^[ \t]*$/.test(line.text);
}
