import { LineCounter, isMap, isScalar, parseDocument, stringify, type Pair } from 'yaml';
import { NotebookFormatError } from './format-error.ts';

/** A YAML mapping read from a notebook, with the file line of each key for error messages. */
export interface YamlMapping {
  values: Record<string, unknown>;
  /** Key → 1-based line in the notebook file. */
  keyLines: Map<string, number>;
}

/**
 * Parses `text` (which starts on `firstLine` of the notebook) as a YAML mapping.
 * `what` names the piece in error messages, e.g. 'The header' or 'The spec of source cell "contacts"'.
 */
export function parseYamlMapping(text: string, firstLine: number, what: string): YamlMapping {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const line = firstLine - 1 + (lineCounter.linePos(error.pos[0]).line || 1);
    throw new NotebookFormatError(`${what} is not valid YAML at line ${line}: ${plainYamlMessage(error.message)}`, line);
  }
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { values: {}, keyLines: new Map() };
  if (!isMap(contents)) {
    const line = firstLine - 1 + lineCounter.linePos(contents.range?.[0] ?? 0).line;
    throw new NotebookFormatError(`${what} at line ${line} must be a list of "key: value" lines.`, line);
  }
  const keyLines = new Map<string, number>();
  for (const pair of contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    keyLines.set(key, firstLine - 1 + lineCounter.linePos(offset).line);
  }
  return { values: document.toJS() as Record<string, unknown>, keyLines };
}

/** Canonical YAML for a mapping whose keys are already in the order to write. */
export function yamlText(values: Record<string, unknown>): string {
  return stringify(values, { lineWidth: 0, minContentWidth: 0 });
}

function plainYamlMessage(message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/\s*at line \d+, column \d+:?\s*$/, '').trim();
  const lowered = first.charAt(0).toLowerCase() + first.slice(1);
  return /[.!?]$/.test(lowered) ? lowered : `${lowered}.`;
}
