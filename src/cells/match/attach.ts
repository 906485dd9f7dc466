import type { JobEngine } from '../../jobs/job.ts';
import type { Cell } from '../../document/model.ts';
import type { MatchResult } from '../../identity/job.ts';
import type { IncrementalResult } from '../../identity/incremental/incremental.ts';
import { clusteredSources, matchSources, type MatchCellSpec } from './spec.ts';

/** What attaching needs of the engine: the browser's cell host or the engine of a run. */
type AttachEngine = Pick<JobEngine, 'query' | 'runJob'>;

/** What attaching one export to the matched customers did. */
export type AttachedExport = IncrementalResult & { source: string };

/** The match cell's value: the match, and the exports attached to its customers after it. */
export type MatchCellResult = MatchResult & { attached?: AttachedExport[] };

/** Records the customers hold: the matched ones and the attached exports'. */
export function recordsHeld(value: Pick<MatchCellResult, 'records' | 'attached'>): number {
  return value.records + (value.attached ?? []).reduce((sum, outcome) => sum + outcome.records, 0);
}

/**
 * Attaches the records of each source cell named in `names`, in order, to the customers in the warehouse (the
 * incremental match): each joins a customer, is offered for review or becomes a new customer.
 */
export async function attachExports(
  engine: AttachEngine,
  spec: MatchCellSpec,
  names: readonly string[],
  cells: readonly Cell[],
): Promise<AttachedExport[]> {
  const attached: AttachedExport[] = [];
  for (const source of await matchSources(engine, names, cells)) {
    const outcome = await engine.runJob('identityMatchIncremental', {
      sources: [source],
      threshold: spec.threshold,
      ...(spec.survivorship ? { survivorship: spec.survivorship } : {}),
    });
    attached.push({ source: source.name, ...outcome });
  }
  return attached;
}

/**
 * The match's shown value after attaching: its customer counts are the last attach's. With decisions, every record
 * is clustered again with them (decisions may name attached records), as a decision made after an attach does.
 */
export async function afterAttaching(
  engine: AttachEngine,
  spec: MatchCellSpec,
  matched: MatchCellResult,
  attached: readonly AttachedExport[],
): Promise<MatchCellResult> {
  const last = attached.at(-1);
  if (!last) return matched;
  const value: MatchCellResult = {
    ...matched,
    attached: [...(matched.attached ?? []), ...attached],
    goldenRecords: last.goldenRecords,
    clusters: last.clusters,
  };
  if (spec.decisions.length === 0) return value;
  const { threshold: _kept, ...reclustered } = await engine.runJob('identityRecluster', {
    threshold: spec.threshold,
    sources: clusteredSources(spec),
    ...(spec.survivorship ? { survivorship: spec.survivorship } : {}),
    decisions: spec.decisions,
  });
  return { ...value, ...reclustered };
}
