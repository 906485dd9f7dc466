import type { SourceSpec } from './model.ts';
import { NotebookFormatError } from './format-error.ts';
import { parseYamlMapping, yamlText } from './yaml-mapping.ts';

const TEXT_KEYS = ['format', 'encoding', 'sheet', 'preset'] as const;

/** Reads a source cell's YAML body (starting on `firstLine` of the file) into a SourceSpec. */
export function parseSourceSpec(yaml: string, firstLine: number, cellName: string): SourceSpec {
  const what = `The spec of source cell "${cellName}"`;
  const { values, keyLines } = parseYamlMapping(yaml, firstLine, what);
  const lineOf = (key: string) => keyLines.get(key) ?? firstLine;
  const { file, mapping, ...rest } = values;
  if (file === undefined || file === null || file === '') {
    const line = firstLine - 1;
    throw new NotebookFormatError(`Source cell "${cellName}" at line ${line} needs a "file:" line naming the file it loads.`, line);
  }
  const spec: SourceSpec = { file: scalarText(file, 'file', lineOf('file'), what) };
  for (const key of TEXT_KEYS) {
    const value = rest[key];
    delete rest[key];
    if (value !== undefined && value !== null) spec[key] = scalarText(value, key, lineOf(key), what);
  }
  if (mapping !== undefined && mapping !== null) spec.mapping = parseMapping(mapping, lineOf('mapping'), what);
  return Object.assign(spec, rest);
}

/** Canonical YAML: file, format, encoding, sheet, preset, mapping (in its own order), then other keys. */
export function sourceSpecText(spec: SourceSpec): string {
  const { file, format, encoding, sheet, preset, mapping, ...rest } = spec;
  const ordered: Record<string, unknown> = { file, format, encoding, sheet, preset, mapping, ...rest };
  for (const key of Object.keys(ordered)) if (ordered[key] === undefined) delete ordered[key];
  return yamlText(ordered);
}

function parseMapping(value: unknown, line: number, what: string): Record<string, string> {
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new NotebookFormatError(`${what} has a "mapping" at line ${line} that is not a list of "field: column" lines.`, line);
  }
  const mapping: Record<string, string> = {};
  for (const [field, column] of Object.entries(value as Record<string, unknown>)) {
    mapping[field] = scalarText(column, `mapping.${field}`, line, what);
  }
  return mapping;
}

function scalarText(value: unknown, key: string, line: number, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new NotebookFormatError(`${what} has a "${key}" at line ${line} that must be one value, not a list or a block.`, line);
}
