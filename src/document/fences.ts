/** Markdown code fences (CommonMark): 3 or more backticks or tildes, indented at most 3 spaces. */
export interface FenceOpening {
  marker: '`' | '~';
  length: number;
  indent: number;
  /** The info string, trimmed. */
  info: string;
}

const OPENING = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CLOSING = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

export function fenceOpening(line: string): FenceOpening | null {
  const match = OPENING.exec(line);
  if (!match) return null;
  const [, indent = '', fence = '', info = ''] = match;
  const marker = fence[0] as '`' | '~';
  // CommonMark: a backtick fence's info string cannot contain a backtick (that is inline code).
  if (marker === '`' && info.includes('`')) return null;
  return { marker, length: fence.length, indent: indent.length, info: info.trim() };
}

export function closesFence(line: string, opening: FenceOpening): boolean {
  const match = CLOSING.exec(line);
  if (!match) return false;
  const fence = match[1] ?? '';
  return fence[0] === opening.marker && fence.length >= opening.length;
}

/** A backtick fence longer than any backtick run that starts a line of the body, so the body cannot close it. */
export function fenceFor(body: string): string {
  let longest = 2;
  for (const line of body.split('\n')) {
    const run = /^ {0,3}(`+)/.exec(line)?.[1]?.length ?? 0;
    longest = Math.max(longest, run);
  }
  return '`'.repeat(longest + 1);
}
