import { KuraError, sentenceError } from './engine.ts';
import { engineSentences } from './error-sentences.ts';
import { sealRefusal } from './network-seal.ts';

/**
 * Turns a raw DuckDB error (same wording from native DuckDB and DuckDB-WASM) into one
 * plain sentence a user can act on. The original text stays in `detail`.
 */
export function toKuraError(error: unknown): KuraError {
  if (error instanceof KuraError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const detail = fromWasmJson(raw.trim());
  const firstLine = detail.split('\n')[0] ?? detail;

  if (/interrupted|cancel/i.test(firstLine)) {
    return new KuraError('The query was cancelled.', 'cancelled', detail);
  }
  // Before the network check: DuckDB's out-of-memory message ends with a link to its documentation. DuckDB-WASM's
  // threaded build out of memory may fail in JavaScript instead, reading a result its heap could not grow to hold
  // (seen matching 1M records in the tab: the single-threaded build said Out of Memory for the same work).
  if (/Out of Memory/i.test(firstLine) || /\b(offset is out of bounds|array buffer allocation failed)\b/i.test(firstLine)) {
    return new KuraError(
      'The engine ran out of memory for this query; work on fewer rows (filter or sample first), or run the notebook on native DuckDB with `kura run`.',
      'out-of-memory',
      detail,
    );
  }
  if (
    detail.includes(sealRefusal) ||
    /httpfs|extensions\.duckdb\.org|enable_external_access|Failed to download/i.test(detail) ||
    /https?:\/\/|network/i.test(firstLine)
  ) {
    return new KuraError(
      'Kura is sealed from the network, so SQL cannot read URLs or download extensions; load the file into Kura instead.',
      'network-blocked',
      detail,
    );
  }
  const table = /Table with name (\S+) does not exist/i.exec(firstLine);
  if (table) {
    return sentenceError(engineSentences, 'sql.noTable', { table: table[1]! }, 'sql', detail);
  }
  const column = /Referenced column "?([^"\s]+)"? not found/i.exec(firstLine);
  if (column) {
    return sentenceError(engineSentences, 'sql.noColumn', { column: column[1]! }, 'sql', detail);
  }
  if (/^Parser Error/i.test(firstLine)) {
    const near = /syntax error at or near "([^"]*)"/i.exec(firstLine);
    return near
      ? sentenceError(engineSentences, 'sql.syntaxNear', { near: near[1]! }, 'sql', detail)
      : sentenceError(engineSentences, 'sql.syntax', undefined, 'sql', detail);
  }
  const kind = /^([A-Za-z ]+) Error:/.exec(firstLine);
  const message = kind ? firstLine.slice(kind[0].length).trim() : firstLine;
  return new KuraError(sentence(message || 'The engine reported an unknown error.'), 'sql', detail);
}

/** DuckDB-WASM reports errors as JSON ({"exception_type":"Parser","exception_message":…}); native as "Parser Error: …". */
function fromWasmJson(message: string): string {
  if (!message.startsWith('{')) return message;
  try {
    const parsed = JSON.parse(message) as { exception_type?: string; exception_message?: string };
    if (parsed.exception_message === undefined) return message;
    return parsed.exception_type ? `${parsed.exception_type} Error: ${parsed.exception_message}` : parsed.exception_message;
  } catch {
    return message;
  }
}

function sentence(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?。]$/.test(capital) ? capital : `${capital}.`;
}
