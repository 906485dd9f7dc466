/**
 * The golden record: one row per cluster, each field chosen by its survivorship rule, with the (source, row)
 * it came from. Rules: source priority, most recent (updated/created date), most complete (the record with
 * the most keys), most frequent (ties: most recent, then source priority, then input order). Every rule but source
 * priority first prefers well-formed values (goldenQuality): a name written "Family, Given", a person's name with
 * a company mark, an e-mail that does not validate or a phone that did not parse survives only when the
 * customer has no better one.
 */
import { quoteIdent, quoteLiteral } from '../../engine/sql.ts';
import type { Survivorship, SurvivorshipRule } from '../model/spec.ts';

export const goldenTable = 'customers_golden';

/** Golden field → the value expression over identity_input. */
export const goldenFields: Record<string, string> = {
  name: 'name',
  email: 'email_display',
  phone: 'coalesce(phone, phone_display)',
  mobile_phone: 'coalesce(mobile, mobile_display)',
  company: 'company',
  postal_code: `CASE WHEN regexp_full_match(postal, '\\d{7}') THEN substr(postal, 1, 3) || '-' || substr(postal, 4) ELSE postal_display END`,
  address: 'address',
  city: 'city',
  region: 'region',
  country: 'country',
  birth_date: 'birth_date',
};

/** Company marks that have no place in a person's name: ㈱, (株), 株式会社, Inc., Ltd.… */
const COMPANY_MARK = `㈱|㈲|[(（][株有][)）]|株式会社|有限会社|合同会社|\\b(?:inc|ltd|llc|corp|co)\\b\\.?`;

/**
 * Golden field → how well-formed its value is (higher is better; the first thing every rule but source priority
 * compares). A name scores a point each for not being comma-swapped, carrying no company mark, having a family and
 * a given part, not being in capitals only, and having its parts in place (its family name is used as a family name
 * in the data at least as often as a given name, and its given name likewise: 中島 隆, not 隆 中島 from a sign-up
 * form whose First Name took the family name); an e-mail for validating; a phone for parsing to E.164; a postal code
 * for a Japanese or US shape; a company for its full legal form (株式会社, not ㈱ or (株)).
 */
export const goldenQuality: Record<string, string> = {
  name: `(CASE WHEN contains(name, ',') OR contains(name, '，') THEN 0 ELSE 1 END)
    + (CASE WHEN regexp_matches(name, ${quoteLiteral(COMPANY_MARK)}, 'i') THEN 0 ELSE 1 END)
    + (CASE WHEN family_key IS NOT NULL AND given_key IS NOT NULL THEN 1 ELSE 0 END)
    + (CASE WHEN regexp_matches(name, '[A-Z]') AND NOT regexp_matches(name, '[a-z]') THEN 0 ELSE 1 END)
    + (CASE WHEN name_parts_in_place THEN 1 ELSE 0 END)`,
  email: 'CASE WHEN email IS NOT NULL THEN 1 ELSE 0 END',
  phone: 'CASE WHEN phone IS NOT NULL THEN 1 ELSE 0 END',
  mobile_phone: 'CASE WHEN mobile IS NOT NULL THEN 1 ELSE 0 END',
  company: `CASE WHEN regexp_matches(company, '㈱|㈲|[(（][株有][)）]') THEN 0 ELSE 1 END`,
  postal_code: `CASE WHEN regexp_full_match(postal, '\\d{7}') OR regexp_full_match(postal_display, '\\d{5}(-\\d{4})?') THEN 1 ELSE 0 END`,
};

export const defaultSurvivorship: Survivorship = {
  default: 'mostRecent',
  fields: { name: 'mostFrequent', birth_date: 'mostFrequent', phone: 'mostFrequent' },
};

function orderFor(rule: SurvivorshipRule): string {
  const tieBreak = 'priority, unique_id';
  switch (rule) {
    case 'sourcePriority':
      return `priority, quality DESC, recency DESC NULLS LAST, unique_id`;
    case 'mostRecent':
      return `quality DESC, recency DESC NULLS LAST, ${tieBreak}`;
    case 'mostComplete':
      return `quality DESC, completeness DESC, length(value) DESC, ${tieBreak}`;
    case 'mostFrequent':
      return `quality DESC, frequency DESC, recency DESC NULLS LAST, ${tieBreak}`;
  }
}

/** SQL creating `customers_golden` (or `target`) from `identity_clusters` and `identity_input`. */
export function goldenSql(
  input: string,
  clusters: string,
  survivorship: Survivorship,
  sources: readonly string[],
  target: string = goldenTable,
): string {
  const priorities = survivorship.sourcePriority ?? sources;
  const priority = priorities.length
    ? `CASE source ${priorities.map((name, index) => `WHEN ${quoteLiteral(name)} THEN ${index}`).join(' ')} ELSE ${priorities.length} END`
    : '0';
  const fields = Object.entries(goldenFields);
  const picks = fields.map(([field, expression]) => {
    const rule = survivorship.fields?.[field] ?? survivorship.default;
    return `pick_${field} AS (
      SELECT cluster_id, value, source, row FROM (
        SELECT *, row_number() OVER (PARTITION BY cluster_id ORDER BY ${orderFor(rule)}) AS rank FROM (
          SELECT *, count(*) OVER (PARTITION BY cluster_id, value) AS frequency FROM (
            SELECT cluster_id, unique_id, source, row, recency, completeness, ${priority} AS priority, ${goldenQuality[field] ?? '0'} AS quality, CAST(${expression} AS VARCHAR) AS value
            FROM member_records) WHERE value IS NOT NULL))
      WHERE rank = 1)`;
  });
  const columns = fields.flatMap(([field]) => [
    `pick_${field}.value AS ${quoteIdent(field)}`,
    `pick_${field}.source AS ${quoteIdent(`${field}_source`)}`,
    `pick_${field}.row AS ${quoteIdent(`${field}_row`)}`,
  ]);
  const joins = fields.map(([field]) => `LEFT JOIN pick_${field} USING (cluster_id)`);
  // Customer since: when the customer's earliest record was created, whatever the survivorship.
  const since = `since AS (
      SELECT cluster_id, strftime(created, '%Y-%m-%d %H:%M:%S') AS value, source, row FROM (
        SELECT c.cluster_id, i.created, i.source, i.row, row_number() OVER (PARTITION BY c.cluster_id ORDER BY i.created, i.unique_id) AS rank
        FROM ${quoteIdent(clusters)} c JOIN ${quoteIdent(input)} i ON i.unique_id = c.unique_id WHERE i.created IS NOT NULL)
      WHERE rank = 1)`;
  // A warehouse or match state from before `created` was kept has none: its customers have no "since".
  return `ALTER TABLE ${quoteIdent(input)} ADD COLUMN IF NOT EXISTS created TIMESTAMP;
    CREATE OR REPLACE ${target.startsWith('temp.') ? 'TEMP ' : ''}TABLE ${target} AS
    WITH members AS (SELECT cluster_id, min(customer_id) AS customer_id, count(*) AS records, list(DISTINCT source ORDER BY source) AS sources FROM ${quoteIdent(clusters)} GROUP BY cluster_id),
    name_roles AS (
      SELECT part, count(*) FILTER (WHERE family) AS as_family, count(*) FILTER (WHERE NOT family) AS as_given FROM (
        SELECT family_key AS part, true AS family FROM ${quoteIdent(input)} WHERE family_key IS NOT NULL
        UNION ALL SELECT given_key, false FROM ${quoteIdent(input)} WHERE given_key IS NOT NULL)
      GROUP BY part),
    member_records AS (
      SELECT c.cluster_id, i.*, coalesce(f.as_family >= f.as_given, true) AND coalesce(g.as_given >= g.as_family, true) AS name_parts_in_place
      FROM ${quoteIdent(clusters)} c JOIN ${quoteIdent(input)} i ON i.unique_id = c.unique_id
        LEFT JOIN name_roles f ON f.part = i.family_key LEFT JOIN name_roles g ON g.part = i.given_key),
    ${picks.join(',\n    ')},
    ${since}
    SELECT cluster_id, customer_id, records, array_to_string(sources, ';') AS sources, ${columns.join(', ')},
      since.value AS customer_since, since.source AS customer_since_source, since.row AS customer_since_row
    FROM members ${joins.join(' ')} LEFT JOIN since USING (cluster_id)
    ORDER BY cluster_id`;
}
