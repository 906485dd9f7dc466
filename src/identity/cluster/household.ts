/**
 * Households: customers who are not one person but live together. Records sharing an address or a phone with the
 * same family name (in writing or in reading) are one household, and so is every record of one customer; the
 * household id (the smallest unique_id in it, so a customer alone is its own household with its cluster id) is
 * written beside the cluster id in `identity_clusters`. A group of more than `maxHousehold` records on one address
 * or phone and family name is an office or a building, not a family, and joins nobody.
 */
import type { Engine } from '../../engine/engine.ts';
import { components, createOrReplaceTable } from './cluster.ts';

export const maxHousehold = 8;

const sharedKeys = [
  ['address_key', 'family_key'],
  ['address_key', 'family_romaji'],
  ['phone', 'family_key'],
  ['phone', 'family_romaji'],
] as const;

/** Edges between records of one household: each shared (place, family name) group chained by its smallest member. */
export function householdEdgesSql(input: string, clusters: string): string {
  const groups = sharedKeys.map(
    ([
      place,
      family,
    ]) => `SELECT unique_id AS a, min(unique_id) OVER (PARTITION BY ${place}, ${family}) AS b, count(*) OVER (PARTITION BY ${place}, ${family}) AS n
        FROM ${input} WHERE ${place} IS NOT NULL AND ${family} IS NOT NULL`,
  );
  return `CREATE OR REPLACE TEMP TABLE identity_household_edges AS
    SELECT a, b FROM (${groups.join('\nUNION ALL ')}) WHERE n BETWEEN 2 AND ${maxHousehold} AND a <> b
    UNION ALL SELECT unique_id AS a, cluster_id AS b FROM ${clusters} WHERE unique_id <> cluster_id`;
}

/**
 * Adds `household_id` to the clusters table, writing `output` (by default the clusters table itself) in one
 * statement, so a reader never sees the clusters without their households.
 */
export async function assignHouseholds(
  engine: Engine,
  input: string,
  clusters: string,
  signal?: AbortSignal,
  output: string = clusters,
): Promise<void> {
  await engine.exec(householdEdgesSql(input, clusters));
  await components(engine, 'identity_household_edges', 'identity_household_labels', signal);
  await engine.exec(`
    ${createOrReplaceTable(output)} AS
    SELECT c.*, coalesce(h.label, c.cluster_id) AS household_id
    FROM ${clusters} c LEFT JOIN identity_household_labels h ON h.node = c.unique_id ORDER BY c.unique_id;
    DROP TABLE identity_household_labels; DROP TABLE identity_household_edges;${output === clusters ? '' : ` DROP TABLE ${clusters};`}`);
}
