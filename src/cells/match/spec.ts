import type { Engine } from '../../engine/engine.ts';
import { sourceMapping } from '../../ingest/mapping/propose.ts';
import type { CustomerDecision, IdentitySource, MatchModel, MatchSpec, RecordRef, Survivorship } from '../../identity/model/spec.ts';
import type { Cell, SourceCell } from '../../document/model.ts';
import { specError } from '../../document/spec-error.ts';
import { identityError } from '../../identity/identity-error.ts';
import { checkMatchModel } from '../../identity/model/check.ts';
import { columnNames } from '../../engine/catalog.ts';

/**
 * The match cell's YAML body. `sources` names source cells; matching reads each one's table with the column
 * mapping of its source cell (preset or corrections).
 *
 *     sources: [crm_contacts, marketing_signups, support_tickets]
 *     threshold: 0.9
 *     model: …          # written here when the user edits the proposed model; else proposed each run
 *     attach: [weekly_signups]   # exports attached to these customers after the match, without matching them again
 *     survivorship: {default: mostComplete, sourcePriority: [crm_contacts]}
 *     labels:           # the reviewer's answers on pairs: `check` ones (drawn at random) check the estimate,
 *                       # `teach` ones (chosen to change the result most) correct the model; all re-tune the threshold
 *       - {pair: "crm_contacts:12|marketing_signups:40", weight: 7.2, accepted: true, use: teach}
 *     decisions:        # made in the customer view, applied on every run (identity/cluster/decisions.ts)
 *       - {decision: split, record: {source: crm_contacts, id: 003Kd0000000001QAA}, at: 2026-12-04T10:00:00Z}
 *       - {decision: merge, records: [{source: crm_contacts, id: 003A}, {source: marketing_signups, id: "70002"}]}
 *       - {decision: pin, record: {source: crm_contacts, id: 003A}, field: email}
 */
export interface MatchCellSpec {
  sources: string[];
  /** Source cells whose records join the matched customers one by one (incremental match), in this order. */
  attach: string[];
  threshold: number;
  model?: MatchModel;
  survivorship?: Survivorship;
  labels: MatchLabel[];
  decisions: CustomerDecision[];
}

export interface MatchLabel {
  pair: string;
  weight: number;
  accepted: boolean;
  /** `teach`: offered for teaching, corrects the model and is never counted by the check; else (`check`, or none in older notebooks) it checks the estimate. */
  use?: 'check' | 'teach';
}

/** The labels that teach the model, as the identity jobs take them. */
export function teachingLabels(labels: readonly MatchLabel[]): { pair: string; same: boolean }[] {
  return labels.filter((label) => label.use === 'teach').map((label) => ({ pair: label.pair, same: label.accepted }));
}

export function readMatchCellSpec(spec: Record<string, unknown>): MatchCellSpec {
  const sources = Array.isArray(spec.sources) ? spec.sources.map(String) : [];
  const attach = Array.isArray(spec.attach) ? spec.attach.map(String) : typeof spec.attach === 'string' ? [spec.attach] : [];
  const both = attach.find((name) => sources.includes(name));
  if (both !== undefined) throw specError('spec.matchAttachMatched', { name: both });
  const threshold = typeof spec.threshold === 'number' ? spec.threshold : 0.9;
  if (!(threshold > 0 && threshold < 1)) throw identityError('identity.threshold', undefined, 'invalid-spec');
  const labels = Array.isArray(spec.labels)
    ? spec.labels
        .filter(
          (label): label is MatchLabel =>
            typeof label?.pair === 'string' && typeof label.weight === 'number' && typeof label.accepted === 'boolean',
        )
        .map((label) =>
          label.use === 'teach' || label.use === 'check' ? label : { pair: label.pair, weight: label.weight, accepted: label.accepted },
        )
    : [];
  return {
    sources,
    attach,
    threshold,
    model: spec.model === undefined || spec.model === null ? undefined : checkMatchModel(spec.model),
    survivorship: spec.survivorship as Survivorship | undefined,
    labels,
    decisions: Array.isArray(spec.decisions) ? spec.decisions.map(readDecision) : [],
  };
}

function readRecordRef(value: unknown): RecordRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { source, id, row } = value as Record<string, unknown>;
  if (typeof source !== 'string' || source === '') return undefined;
  if (typeof id === 'string' || typeof id === 'number') return { source, id: String(id) };
  if (typeof row === 'number' && Number.isInteger(row) && row > 0) return { source, row };
  return undefined;
}

function readDecision(value: unknown, index: number): CustomerDecision {
  const fail = () => specError('spec.matchDecision', { index: index + 1 });
  if (typeof value !== 'object' || value === null) throw fail();
  const entry = value as Record<string, unknown>;
  const extra = {
    ...(typeof entry.at === 'string' ? { at: entry.at } : entry.at instanceof Date ? { at: entry.at.toISOString() } : {}),
    ...(typeof entry.note === 'string' && entry.note !== '' ? { note: entry.note } : {}),
  };
  if (entry.decision === 'merge') {
    const records = Array.isArray(entry.records) ? entry.records.map(readRecordRef) : [];
    if (records.length !== 2 || !records[0] || !records[1]) throw fail();
    return { decision: 'merge', records: [records[0], records[1]], ...extra };
  }
  const record = readRecordRef(entry.record);
  if (!record) throw fail();
  if (entry.decision === 'split') return { decision: 'split', record, ...extra };
  if (entry.decision === 'pin' && typeof entry.field === 'string' && entry.field !== '')
    return { decision: 'pin', record, field: entry.field, ...extra };
  throw fail();
}

/** The identity job's spec: each source's table with the column mapping its source cell uses (preset or corrections). */
export async function matchJobSpec(engine: Pick<Engine, 'query'>, cell: MatchCellSpec, cells: readonly Cell[]): Promise<MatchSpec> {
  if (cell.sources.length === 0) throw identityError('identity.noSources', undefined, 'invalid-spec');
  const sources = await matchSources(engine, cell.sources, cells);
  const labels = teachingLabels(cell.labels);
  return {
    sources,
    ...(cell.attach.length ? { attachedSources: cell.attach } : {}),
    threshold: cell.threshold,
    ...(labels.length ? { labels } : {}),
    ...(cell.model ? { model: cell.model } : {}),
    ...(cell.survivorship ? { survivorship: cell.survivorship } : {}),
    ...(cell.decisions.length ? { decisions: cell.decisions } : {}),
  };
}

/** Each named source cell's table with the column mapping it uses (preset or corrections); one not loaded is an error. */
export async function matchSources(
  engine: Pick<Engine, 'query'>,
  names: readonly string[],
  cells: readonly Cell[],
): Promise<IdentitySource[]> {
  const sources: IdentitySource[] = [];
  for (const name of names) {
    const sourceCell = cells.find((candidate): candidate is SourceCell => candidate.kind === 'source' && candidate.name === name);
    const headers = await columnNames(engine, name);
    if (!sourceCell || headers.length === 0) throw specError('spec.matchNoSource', { name });
    sources.push({ name, table: name, mapping: sourceMapping(sourceCell.spec, headers) });
  }
  return sources;
}

/** Whether a source's mapped columns hold people: a name, an e-mail or a phone. */
export function mapsPeople(mappedColumns: readonly string[]): boolean {
  return mappedColumns.some((column) => /^(full_name|family_name|given_name|email|phone|mobile_phone)$/.test(column));
}

/** Whether a match cell's spec, read or not, matches or attaches `source`. */
export function matchHoldsSource(spec: Record<string, unknown>, source: string): boolean {
  return [spec.sources, spec.attach].some((names) => (Array.isArray(names) ? names.map(String) : [names]).includes(source));
}

/** Every source whose records the match's customers hold: the matched ones, then the attached ones. */
export function clusteredSources(cell: MatchCellSpec): string[] {
  return [...cell.sources, ...cell.attach];
}

export function pairKey(left: { source: string; row: number }, right: { source: string; row: number }): string {
  return `${left.source}:${left.row}|${right.source}:${right.row}`;
}
