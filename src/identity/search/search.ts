/**
 * Typo-tolerant customer search over the golden records: an in-memory character bigram and trigram index built in the
 * worker (job `identitySearchIndex`) and queried there (job `identitySearch`). Text is folded the way the
 * matcher folds it (NFKC, lower case, itaiji), and kana become romaji too, so "やまだ たろう", "ﾔﾏﾀﾞ" and
 * "yamada taro" reach 山田太郎 through the reading the sources carried. Scores are IDF-weighted shares of the
 * query's grams found in a record (1 = every gram present). Bigrams forgive a typo; trigrams keep letters in their
 * order, so "sasaki" finds 佐々木 before Misaki Takahashi, whose words hold every bigram of it.
 */
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';
import { KuraError } from '../../engine/engine.ts';
import { quoteIdent } from '../../engine/sql.ts';
import { queryRows } from '../../engine/plain-rows.ts';
import type { JobContext } from '../../jobs/job.ts';
import { foldItaiji, kanaToRomaji, toKatakana } from '../normalize/index.ts';
import { identityError } from '../identity-error.ts';

export interface SearchDocument {
  id: number;
  /** Texts the record can be found by (names, readings, company, e-mail, phone, address). */
  texts: string[];
}

const KANA_RUN = /[\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;

/** NFKC, lower case, itaiji folded, kana as katakana, punctuation as spaces, one space between words. */
export function foldSearchText(text: string): string {
  return toKatakana(foldItaiji(text.normalize('NFKC').toLowerCase()))
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The folded text and, when it has kana, the same with kana spelled in romaji. */
export function searchVariants(text: string): string[] {
  const folded = foldSearchText(text);
  if (folded === '') return [];
  const romaji = folded
    .replace(KANA_RUN, (run) => ` ${kanaToRomaji(run)} `)
    .replace(/\s+/g, ' ')
    .trim();
  return romaji === folded ? [folded] : [folded, romaji];
}

/** Character bigrams and trigrams of each word, padded with a space on both ends (so one-letter words count too). */
export function searchGrams(text: string, into: Set<string> = new Set()): Set<string> {
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const chars = [' ', ...word, ' '];
    for (let i = 0; i + 1 < chars.length; i++) {
      into.add(chars[i]! + chars[i + 1]!);
      if (i + 2 < chars.length) into.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
    }
  }
  return into;
}

export interface SearchHit {
  id: number;
  score: number;
}

export class SearchIndex {
  private readonly gramIds = new Map<string, number>();
  private readonly idf: Float64Array;
  /** CSR postings: documents of gram g are docs[starts[g] .. starts[g+1]). */
  private readonly starts: Int32Array;
  private readonly docs: Int32Array;
  private readonly ids: Int32Array | Float64Array;
  private readonly scores: Float64Array;

  constructor(documents: readonly SearchDocument[]) {
    const perDoc: number[][] = [];
    const counts: number[] = [];
    for (const document of documents) {
      const grams = new Set<string>();
      for (const text of document.texts) for (const variant of searchVariants(text)) searchGrams(variant, grams);
      const ids: number[] = [];
      for (const gram of grams) {
        let id = this.gramIds.get(gram);
        if (id === undefined) {
          id = this.gramIds.size;
          this.gramIds.set(gram, id);
          counts.push(0);
        }
        counts[id]!++;
        ids.push(id);
      }
      perDoc.push(ids);
    }
    this.starts = new Int32Array(counts.length + 1);
    for (let g = 0; g < counts.length; g++) this.starts[g + 1] = this.starts[g]! + counts[g]!;
    this.docs = new Int32Array(this.starts[counts.length]!);
    const fill = this.starts.slice(0, counts.length);
    perDoc.forEach((grams, doc) => {
      for (const gram of grams) this.docs[fill[gram]!++] = doc;
    });
    const n = Math.max(documents.length, 1);
    this.idf = Float64Array.from(counts, (count) => Math.log(1 + n / count));
    this.ids = Float64Array.from(documents, (document) => document.id);
    this.scores = new Float64Array(documents.length);
  }

  get size(): number {
    return this.ids.length;
  }

  get grams(): number {
    return this.gramIds.size;
  }

  search(query: string, limit = 20): SearchHit[] {
    let best: SearchHit[] = [];
    for (const variant of searchVariants(query)) {
      const hits = this.searchVariant(variant, limit);
      best = mergeHits(best, hits, limit);
    }
    return best;
  }

  private searchVariant(text: string, limit: number): SearchHit[] {
    const grams = [...searchGrams(text)];
    let total = 0;
    const touched: number[] = [];
    for (const gram of grams) {
      const id = this.gramIds.get(gram);
      // An unknown gram still counts against the query (a typo costs something), at the rarest weight.
      const weight = id === undefined ? Math.log(1 + this.size) : this.idf[id]!;
      total += weight;
      if (id === undefined) continue;
      for (let p = this.starts[id]!; p < this.starts[id + 1]!; p++) {
        const doc = this.docs[p]!;
        if (this.scores[doc] === 0) touched.push(doc);
        this.scores[doc]! += weight;
      }
    }
    const hits: SearchHit[] = [];
    let floor = 0;
    for (const doc of touched) {
      const score = this.scores[doc]! / total;
      this.scores[doc] = 0;
      if (hits.length < limit || score > floor) {
        hits.push({ id: this.ids[doc]!, score });
        if (hits.length > limit * 4) {
          hits.sort((a, b) => b.score - a.score || a.id - b.id);
          hits.length = limit;
          floor = hits[limit - 1]!.score;
        }
      }
    }
    return hits.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, limit);
  }
}

function mergeHits(a: SearchHit[], b: SearchHit[], limit: number): SearchHit[] {
  const byId = new Map<number, number>();
  for (const hit of [...a, ...b]) byId.set(hit.id, Math.max(byId.get(hit.id) ?? 0, hit.score));
  return [...byId]
    .map(([id, score]) => ({ id, score }))
    .sort((x, y) => y.score - x.score || x.id - y.id)
    .slice(0, limit);
}

// --- jobs -------------------------------------------------------------------------------------------

/**
 * Indexes live in the worker between jobs: one per engine and golden table, the table named with the schema in use
 * (each notebook has its own `customers_golden`: opening another notebook must not search this one's customers).
 */
let indexes = new WeakMap<Engine, Map<string, SearchIndex>>();

async function indexKey(engine: Engine, table: string): Promise<string> {
  const [row] = await queryRows(engine, 'SELECT current_schema() AS name');
  return `${String(row?.name)}.${table}`;
}

function indexesOf(engine: Engine): Map<string, SearchIndex> {
  let held = indexes.get(engine);
  if (!held) indexes.set(engine, (held = new Map()));
  return held;
}

export interface SearchIndexSpec {
  /** Default `customers_golden`; `identity_clusters` and `identity_input` supply readings and keys. */
  table?: string;
}

export interface SearchIndexResult {
  records: number;
  grams: number;
  ms: number;
}

export interface SearchSpec {
  query: string;
  limit?: number;
  table?: string;
}

export interface CustomerHit {
  cluster_id: number;
  /** The customer's lasting id (src/identity/cluster/customer-ids.ts), when the table has one. */
  customer_id: number | null;
  score: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  address: string | null;
}

export interface SearchResult {
  hits: CustomerHit[];
  /** Time spent in the index, without fetching the rows. */
  ms: number;
}

export async function identitySearchIndex(engine: Engine, spec: SearchIndexSpec, context?: JobContext): Promise<SearchIndexResult> {
  const table = spec.table ?? 'customers_golden';
  const started = performance.now();
  let ipc: Uint8Array;
  try {
    ipc = await engine.query(`
      WITH keys AS (
        SELECT c.cluster_id, string_agg(DISTINCT concat_ws(' ', i.name, i.name_romaji, i.company, i.email, i.phone, i.mobile, i.address, i.city), ' ') AS extra
        FROM identity_clusters c JOIN identity_input i ON i.unique_id = c.unique_id GROUP BY c.cluster_id)
      SELECT g.cluster_id, concat_ws(' ', g.name, g.email, g.phone, g.company, g.address, g.postal_code) AS main, k.extra
      FROM ${quoteIdent(table)} g LEFT JOIN keys k USING (cluster_id) ORDER BY g.cluster_id`);
  } catch {
    throw identityError('identity.noGolden');
  }
  const result = tableFromIPC(ipc);
  if (context?.signal.aborted) throw new KuraError('Search indexing was cancelled.', 'cancelled');
  const ids = result.getChild('cluster_id')!;
  const main = result.getChild('main')!;
  const extra = result.getChild('extra')!;
  const documents: SearchDocument[] = [];
  for (let i = 0; i < result.numRows; i++) {
    documents.push({ id: Number(ids.get(i)), texts: [String(main.get(i) ?? ''), String(extra.get(i) ?? '')] });
  }
  const index = new SearchIndex(documents);
  indexesOf(engine).set(await indexKey(engine, table), index);
  return { records: index.size, grams: index.grams, ms: performance.now() - started };
}

export async function identitySearch(engine: Engine, spec: SearchSpec, context?: JobContext): Promise<SearchResult> {
  const table = spec.table ?? 'customers_golden';
  const key = await indexKey(engine, table);
  if (!indexesOf(engine).has(key)) await identitySearchIndex(engine, { table }, context);
  const index = indexesOf(engine).get(key)!;
  const started = performance.now();
  const hits = index.search(spec.query, spec.limit ?? 20);
  const ms = performance.now() - started;
  if (hits.length === 0) return { hits: [], ms };
  const rows = await queryRows(engine, `SELECT * FROM ${quoteIdent(table)} WHERE cluster_id IN (${hits.map((hit) => hit.id).join(', ')})`);
  const byId = new Map(rows.map((row) => [Number(row.cluster_id), row]));
  return {
    hits: hits.map((hit) => {
      const row: Record<string, unknown> = byId.get(hit.id) ?? {};
      const text = (key: string) => (row[key] == null ? null : String(row[key]));
      return {
        cluster_id: hit.id,
        customer_id: row.customer_id == null ? null : Number(row.customer_id),
        score: hit.score,
        name: text('name'),
        email: text('email'),
        phone: text('phone'),
        company: text('company'),
        address: text('address'),
      };
    }),
    ms,
  };
}

/** Forgets the worker's search indexes (after a new match run). */
export function dropSearchIndexes(): void {
  indexes = new WeakMap();
}
