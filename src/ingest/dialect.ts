/** How a delimited text file is split, worked out in JS from its first records. */
export interface Dialect {
  delimiter: string;
  /** The header row as written in the file. */
  header: string[];
  /** Fields per data row in most sampled rows. */
  typicalWidth: number;
}

const delimiterCandidates = [',', '\t', ';', '|'];
const sampleRecords = 200;

/** Splits text into records of fields (RFC 4180 quoting); a record cut off by the end of a partial text is dropped. */
export function parseRecords(text: string, delimiter: string, limit: number, textIsComplete: boolean): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let index = 0;
  while (index < text.length && records.length < limit) {
    const char = text[index]!;
    if (inQuotes) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (char === '"') inQuotes = false;
      else field += char;
      index++;
      continue;
    }
    if (char === '"' && field === '') inQuotes = true;
    else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      if (char === '\r' && text[index + 1] === '\n') index++;
    } else field += char;
    index++;
  }
  if (textIsComplete && !inQuotes && (field !== '' || fields.length > 0) && records.length < limit) {
    fields.push(field);
    records.push(fields);
  }
  return records.filter((record) => !(record.length === 1 && record[0] === ''));
}

/** Picks the delimiter that splits the sampled rows into the same number of fields (more than one) most consistently. */
export function sniffDialect(head: string, textIsComplete: boolean, preferTab: boolean): Dialect {
  let best: Dialect & { consistency: number } = {
    delimiter: preferTab ? '\t' : ',',
    header: [],
    typicalWidth: 1,
    consistency: -1,
  };
  for (const delimiter of delimiterCandidates) {
    const records = parseRecords(head, delimiter, sampleRecords, textIsComplete);
    const header = records[0] ?? [];
    const rows = records.slice(1);
    const typicalWidth = mostCommon(rows.map((row) => row.length)) ?? header.length;
    const width = Math.max(header.length, typicalWidth);
    if (width < 2) {
      if (best.consistency < 0 && delimiter === best.delimiter) best = { delimiter, header, typicalWidth, consistency: 0 };
      continue;
    }
    const matching = rows.filter((row) => row.length === header.length).length;
    const consistency = rows.length === 0 ? 0.5 : matching / rows.length;
    const better =
      consistency > best.consistency || (consistency === best.consistency && width > Math.max(best.header.length, best.typicalWidth));
    if (better) best = { delimiter, header, typicalWidth, consistency };
  }
  const { consistency: _, ...dialect } = best;
  return dialect;
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
