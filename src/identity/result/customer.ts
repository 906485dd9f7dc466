/**
 * One customer on one screen (job `identityCustomer`): the golden record with each value's source, row and the
 * survivorship rule that chose it; every member record with its whole source row; the strongest links inside the
 * cluster with their waterfalls; the household not merged; and what other cells know per customer (orders, RFM,
 * churn, segments), found by the member records' own ids (an order's contact_id is a CRM record's id).
 */
import { tableFromIPC } from 'apache-arrow';
import type { Engine } from '../../engine/engine.ts';
import { quoteIdent, quoteLiteral, type Sql } from '../../engine/sql.ts';
import { queryRows, type PlainRow } from '../../engine/plain-rows.ts';
import { clustersTable } from '../cluster/cluster.ts';
import { decisionsTable } from '../cluster/decisions.ts';
import { defaultSurvivorship, goldenFields, goldenTable } from '../golden/golden.ts';
import type { RecordRef, Survivorship, SurvivorshipRule } from '../model/spec.ts';
import { inputTable } from '../prepare/prepare.ts';
import { identityError } from '../identity-error.ts';
import { explainPairs, identityModelTable, identityPairsTable, storedModel } from '../job.ts';
import type { PairExplanation, RecordSummary } from './explain.ts';
import { recordSummary, recordSummarySql } from './records.ts';
import { existingTableNames } from '../../engine/catalog.ts';

/** What one cell of the notebook knows per customer id (declared by its kind; see src/cells/kind.ts). */
export interface CustomerFactSource {
  /** The cell's name, shown as the heading of what it says. */
  cell: string;
  /** The cell's kind word (rfm, churn, segment…), for the view's wording. */
  kind: string;
  /** A table with at most one row per customer id (RFM scores, churn scores, a segment's members). */
  perCustomer?: { table: string; key: string; columns?: readonly string[] };
  /** Dated events per customer id (orders), drawn as a timeline. */
  events?: { table: string; key: string; date: string; amount?: string };
  /** Checks on a source's rows (an audit's rules): `failsSql` holds in a WHERE over `table` when the row fails. */
  rowChecks?: readonly { table: string; label: string; failsSql: string }[];
}

export interface CustomerSpec {
  clusterId: number;
  /** The match cell's survivorship (default: the matcher's), to name the rule behind each golden value. */
  survivorship?: Survivorship;
  facts?: readonly CustomerFactSource[];
}

export interface CustomerGoldenValue {
  field: string;
  value: string | null;
  source: string | null;
  row: number | null;
  /** The survivorship rule that chose the value, or `pinned` when a reviewer's decision did. */
  rule: SurvivorshipRule | 'pinned';
}

export interface CustomerMember extends RecordSummary {
  /** The record's id in its source (the mapped id column), which other tables refer to. */
  id: string | null;
  /** The whole source row, every column as text, in the source's column order. */
  columns: { name: string; value: string | null }[];
}

export interface CustomerFact {
  cell: string;
  kind: string;
  table: string;
  /** The rows keyed by one of the members' ids (a customer in two sources may have two). */
  rows: PlainRow[];
}

export interface CustomerEvents {
  cell: string;
  table: string;
  /** Every event of the customer, oldest first (at most `eventLimit`), with date, amount and the row's other columns. */
  rows: PlainRow[];
  count: number;
  total: number | null;
  first: string | null;
  last: string | null;
}

/** A member record that fails a check on its source's rows. */
export interface CustomerFailure {
  cell: string;
  source: string;
  row: number;
  rule: string;
}

export interface CustomerProfile {
  clusterId: number;
  /** The id the customer keeps from run to run (src/identity/cluster/customer-ids.ts). */
  customerId: number | null;
  golden: CustomerGoldenValue[];
  /** When the customer's earliest record was created (`YYYY-MM-DD HH:MM:SS`), and which record that is; null when no record says. */
  customerSince: { value: string; source: string | null; row: number | null } | null;
  members: CustomerMember[];
  /** How many member records the cluster has (members lists at most `memberLimit`). */
  records: number;
  /** The strongest links between member records, each with its waterfall. */
  links: PairExplanation[];
  household: { clusterId: number; name: string | null }[];
  facts: CustomerFact[];
  events: CustomerEvents[];
  /** The audit rules this customer's records fail. */
  failures: CustomerFailure[];
  /** The reviewer's decisions (indices into the match cell's `decisions`) that name one of this customer's records. */
  decisions: number[];
  ms: number;
}

const memberLimit = 50;
const linkLimit = 3;
const eventLimit = 500;

const rows = (engine: Engine, query: string | Sql) => queryRows(engine, query);
const text = (value: unknown) => (value == null ? null : String(value));

export async function identityCustomer(engine: Engine, spec: CustomerSpec): Promise<CustomerProfile> {
  const started = performance.now();
  const clusterId = Math.trunc(Number(spec.clusterId));
  if (!Number.isFinite(clusterId)) throw identityError('identity.noCustomer', { id: String(spec.clusterId) });
  const known = new Set(await existingTableNames(engine, [goldenTable, decisionsTable, identityModelTable]));
  if (!known.has(goldenTable)) throw identityError('identity.noGolden');
  const [golden] = await rows(engine, `SELECT * FROM ${goldenTable} WHERE cluster_id = ${clusterId}`);
  if (!golden) throw identityError('identity.noCustomer', { id: String(clusterId) });

  // identity_input is in unique_id order: one equality per member lets the scan skip to its row group.
  const memberIds = (
    await rows(engine, `SELECT unique_id FROM ${clustersTable} WHERE cluster_id = ${clusterId} ORDER BY unique_id LIMIT ${memberLimit}`)
  ).map((row) => Number(row.unique_id));
  const memberRows = await rows(
    engine,
    `SELECT * FROM (${memberIds
      .map(
        (id) =>
          `SELECT m.source AS source_m, m.row AS row_m, m.source_id, m.unique_id, ${recordSummarySql('m')} FROM ${inputTable} m WHERE m.unique_id = ${id}`,
      )
      .join(' UNION ALL ')}) ORDER BY source_m, row_m`,
  );
  const members: CustomerMember[] = [];
  for (const row of memberRows) {
    members.push({
      ...recordSummary(row, 'm'),
      id: text(row.source_id),
      columns: await sourceRow(engine, String(row.source_m), Number(row.row_m)),
    });
  }
  const ids = [...new Set(members.map((member) => member.id).filter((id): id is string => id !== null))];

  const survivorship = spec.survivorship ?? defaultSurvivorship;
  const household = await rows(
    engine,
    `SELECT DISTINCT h.cluster_id, g.name FROM ${clustersTable} c JOIN ${clustersTable} h ON h.household_id = c.household_id AND h.cluster_id <> c.cluster_id
     JOIN ${goldenTable} g ON g.cluster_id = h.cluster_id WHERE c.cluster_id = ${clusterId} ORDER BY h.cluster_id LIMIT 20`,
  );
  const decided = known.has(decisionsTable) ? await customerDecisions(engine, clusterId) : [];
  const pinned = new Set(decided.filter((row) => row.kind === 'pin').map((row) => String(row.field)));
  const facts: CustomerFact[] = [];
  const events: CustomerEvents[] = [];
  const seenEvents = new Set<string>();
  for (const source of spec.facts ?? []) {
    if (source.perCustomer && ids.length > 0) {
      const fact = await factRows(engine, source.perCustomer, ids);
      if (fact) facts.push({ cell: source.cell, kind: source.kind, table: source.perCustomer.table, rows: fact });
    }
    const key = source.events && `${source.events.table}\u0000${source.events.key}`;
    if (source.events && key && !seenEvents.has(key) && ids.length > 0) {
      seenEvents.add(key);
      const found = await eventRows(engine, source.events, ids);
      if (found) events.push({ cell: source.cell, ...found });
    }
  }
  const failures: CustomerFailure[] = [];
  for (const source of spec.facts ?? []) failures.push(...(await failedChecks(engine, source, members)));
  return {
    clusterId,
    customerId: golden.customer_id == null ? null : Number(golden.customer_id),
    records: Number(golden.records),
    golden: Object.keys(goldenFields).map((field) => ({
      field,
      value: text(golden[field]),
      source: text(golden[`${field}_source`]),
      row: golden[`${field}_row`] == null ? null : Number(golden[`${field}_row`]),
      rule: pinned.has(field) ? 'pinned' : (survivorship.fields?.[field] ?? survivorship.default),
    })),
    customerSince:
      golden.customer_since == null
        ? null
        : {
            value: String(golden.customer_since),
            source: text(golden.customer_since_source),
            row: golden.customer_since_row == null ? null : Number(golden.customer_since_row),
          },
    members,
    links: members.length > 1 ? await strongestLinks(engine, memberIds, known) : [],
    household: household.map((row) => ({ clusterId: Number(row.cluster_id), name: text(row.name) })),
    facts,
    events,
    failures,
    decisions: [...new Set(decided.map((row) => Number(row.decision)))],
    ms: performance.now() - started,
  };
}

/** The row checks of one cell that the members' rows fail: one query per source table, every check a CASE in it. */
async function failedChecks(engine: Engine, source: CustomerFactSource, members: readonly CustomerMember[]): Promise<CustomerFailure[]> {
  const failures: CustomerFailure[] = [];
  const tables = new Set((source.rowChecks ?? []).map((check) => check.table));
  for (const table of tables) {
    const rowids = members.filter((member) => member.source === table).map((member) => member.row - 1);
    const checks = (source.rowChecks ?? []).filter((check) => check.table === table);
    if (rowids.length === 0) continue;
    const failingSql = (indices: readonly number[]) =>
      `SELECT rowid AS r, array_to_string(list_filter([${indices.map((index) => `CASE WHEN ${checks[index]!.failsSql} THEN ${index} END`).join(', ')}], x -> x IS NOT NULL), ',') AS failing
       FROM ${quoteIdent(table)} WHERE rowid IN (${rowids.join(', ')}) ORDER BY rowid`;
    const all = checks.map((_, index) => index);
    // A check that cannot run (its column is gone) is the audit cell's to report: the others still count.
    const found = await rows(engine, failingSql(all)).catch(async () =>
      (await Promise.all(all.map((index) => rows(engine, failingSql([index])).catch(() => [])))).flat(),
    );
    for (const row of found) {
      for (const index of String(row.failing ?? '')
        .split(',')
        .filter(Boolean))
        failures.push({ cell: source.cell, source: table, row: Number(row.r) + 1, rule: checks[Number(index)]!.label });
    }
  }
  return failures;
}

/** The decisions naming a record of the customer. */
async function customerDecisions(engine: Engine, clusterId: number): Promise<PlainRow[]> {
  return rows(
    engine,
    `SELECT d.decision, d.kind, d.field FROM ${decisionsTable} d JOIN ${clustersTable} c ON c.unique_id = d.unique_id WHERE c.cluster_id = ${clusterId} ORDER BY d.decision`,
  );
}

/** A source row as text by its 1-based row number (the table's insertion order, as the matcher read it). */
async function sourceRow(engine: Engine, table: string, row: number): Promise<{ name: string; value: string | null }[]> {
  const [values] = await rows(engine, `SELECT * FROM ${quoteIdent(table)} WHERE rowid = ${row - 1}`).catch(() => []);
  return values ? Object.entries(values).map(([name, value]) => ({ name, value: text(value) })) : [];
}

const idList = (ids: readonly string[]) => ids.map(quoteLiteral).join(', ');

/** A table's columns from an empty result (cheaper than the information schema); none when the table is gone. */
async function columnsOf(engine: Engine, table: string): Promise<string[]> {
  try {
    return tableFromIPC(await engine.query(`SELECT * FROM ${quoteIdent(table)} LIMIT 0`)).schema.fields.map((field) => field.name);
  } catch {
    return [];
  }
}

/** The rows of a per-customer table keyed by the members' ids; undefined when the table or its key is gone (the cell has not run). */
async function factRows(
  engine: Engine,
  source: NonNullable<CustomerFactSource['perCustomer']>,
  ids: readonly string[],
): Promise<PlainRow[] | undefined> {
  const columns = await columnsOf(engine, source.table);
  if (!columns.includes(source.key)) return undefined;
  const shown = (source.columns ?? columns).filter((column) => columns.includes(column));
  return rows(
    engine,
    `SELECT ${shown.map(quoteIdent).join(', ')} FROM ${quoteIdent(source.table)} WHERE ${quoteIdent(source.key)}::VARCHAR IN (${idList(ids)}) LIMIT 20`,
  );
}

async function eventRows(
  engine: Engine,
  source: NonNullable<CustomerFactSource['events']>,
  ids: readonly string[],
): Promise<Omit<CustomerEvents, 'cell'> | undefined> {
  const columns = await columnsOf(engine, source.table);
  if (!columns.includes(source.key) || !columns.includes(source.date)) return undefined;
  const amount = source.amount && columns.includes(source.amount) ? `TRY_CAST(${quoteIdent(source.amount)} AS DOUBLE)` : 'NULL';
  const where = `${quoteIdent(source.key)}::VARCHAR IN (${idList(ids)})`;
  const [summary] = await rows(
    engine,
    `SELECT count(*) AS count, sum(${amount}) AS total, min(TRY_CAST(${quoteIdent(source.date)} AS DATE))::VARCHAR AS first, max(TRY_CAST(${quoteIdent(source.date)} AS DATE))::VARCHAR AS last
     FROM ${quoteIdent(source.table)} WHERE ${where}`,
  );
  const listed = await rows(
    engine,
    `SELECT TRY_CAST(${quoteIdent(source.date)} AS DATE)::VARCHAR AS event_date, ${amount} AS event_amount, * FROM ${quoteIdent(source.table)}
     WHERE ${where} ORDER BY event_date NULLS LAST LIMIT ${eventLimit}`,
  );
  return {
    table: source.table,
    rows: listed,
    count: Number(summary?.count ?? 0),
    total: summary?.total == null ? null : Number(summary.total),
    first: text(summary?.first),
    last: text(summary?.last),
  };
}

/** The member pairs the matcher scored highest, explained; pairs across the whole cluster, strongest first. */
async function strongestLinks(engine: Engine, uniqueIds: readonly number[], known: ReadonlySet<string>): Promise<PairExplanation[]> {
  const { trained } = await storedModel(engine, known);
  const list = uniqueIds.join(', ');
  // First the few strongest pairs from the narrow id and weight columns, then only those explained (an IN list
  // in the explaining join would scan the whole input table).
  const strongest = await rows(
    engine,
    `SELECT unique_id_l, unique_id_r FROM ${identityPairsTable} WHERE unique_id_l IN (${list}) AND unique_id_r IN (${list}) ORDER BY match_weight DESC LIMIT ${linkLimit}`,
  );
  if (strongest.length === 0) return [];
  const pairs = strongest
    .map(
      (pair) =>
        `SELECT * FROM ${identityPairsTable} WHERE unique_id_l = ${Number(pair.unique_id_l)} AND unique_id_r = ${Number(pair.unique_id_r)}`,
    )
    .join(' UNION ALL ');
  return explainPairs(engine, trained, `(${pairs})`, 'p.match_weight DESC');
}

/**
 * The customer a source record belongs to: by the record's own id in any source (an order's contact_id, a CRM id in
 * a list of people), or by source and id or row.
 */
export async function identityCustomerOf(engine: Engine, spec: { recordId?: string; record?: RecordRef }): Promise<{ clusterId: number }> {
  if ((await existingTableNames(engine, [goldenTable])).length === 0) throw identityError('identity.noGolden');
  const ref = spec.record;
  const where = ref
    ? `i.source = ${quoteLiteral(ref.source)} AND ${ref.id !== undefined ? `i.source_id = ${quoteLiteral(String(ref.id))}` : `i.row = ${Math.trunc(Number(ref.row))}`}`
    : `i.source_id = ${quoteLiteral(String(spec.recordId))}`;
  const [record] = await rows(
    engine,
    `SELECT c.cluster_id FROM ${inputTable} i JOIN ${clustersTable} c ON c.unique_id = i.unique_id WHERE ${where} ORDER BY i.unique_id LIMIT 1`,
  );
  if (!record) throw identityError('identity.noRecord', { id: ref ? `${ref.source}:${ref.id ?? ref.row}` : String(spec.recordId) });
  return { clusterId: Number(record.cluster_id) };
}
