import type { NotebookHeader } from './model.ts';
import { NotebookFormatError } from './format-error.ts';
import { parseYamlMapping, yamlText } from './yaml-mapping.ts';

/** What a notebook id may be: it names the notebook's schema in the warehouse (src/notebook/namespace.ts). */
const notebookIdPattern = /^[A-Za-z0-9_-]{1,40}$/;

/** The header of a notebook whose file has no front matter. */
export function defaultHeader(): NotebookHeader {
  return { kura: 1, title: '' };
}

/** Reads the front matter's YAML (the lines between the `---` lines, starting at `firstLine`). */
export function parseHeader(yaml: string, firstLine: number): NotebookHeader {
  const { values, keyLines } = parseYamlMapping(yaml, firstLine, 'The header');
  const lineOf = (key: string) => keyLines.get(key) ?? firstLine;
  const { kura = 1, title = '', lang, id, ...rest } = values;
  if (kura !== 1) {
    throw new NotebookFormatError(
      `The header at line ${lineOf('kura')} says "kura: ${String(kura)}", but this version of Kura reads only "kura: 1".`,
      lineOf('kura'),
    );
  }
  if (typeof title === 'object' && title !== null) {
    throw new NotebookFormatError(`The title at line ${lineOf('title')} must be one line of text.`, lineOf('title'));
  }
  if (lang !== undefined && lang !== 'ja' && lang !== 'en') {
    throw new NotebookFormatError(`The language at line ${lineOf('lang')} must be "ja" or "en".`, lineOf('lang'));
  }
  if (id !== undefined && (typeof id !== 'string' || !notebookIdPattern.test(id))) {
    throw new NotebookFormatError(
      `The notebook id at line ${lineOf('id')} must be 1 to 40 letters, digits, "-" or "_", like the one Kura writes.`,
      lineOf('id'),
    );
  }
  const header: NotebookHeader = { kura: 1, title: title === null ? '' : String(title) };
  if (lang !== undefined) header.lang = lang;
  if (id !== undefined) header.id = id;
  return Object.assign(header, rest);
}

/** Canonical front matter: kura, title, lang, id, then other keys in their order. */
export function headerText(header: NotebookHeader): string {
  const { kura: _kura, title, lang, id, ...rest } = header;
  const ordered: Record<string, unknown> = { kura: 1 };
  if (title !== '') ordered.title = title;
  if (lang !== undefined) ordered.lang = lang;
  if (id !== undefined) ordered.id = id;
  Object.assign(ordered, rest);
  return `---\n${yamlText(ordered)}---\n`;
}
