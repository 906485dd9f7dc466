import type { ColumnMapping, FieldId } from './customer-model.ts';
import { mappingPresets, presetById, type MappingPreset } from './presets.ts';
import { specError } from '../../document/spec-error.ts';

export interface MappingProposal {
  /** The preset that recognises the headers best, or null when none recognises any. */
  preset: string | null;
  /** Share of the headers the mapping uses, 0–1. */
  score: number;
  mapping: ColumnMapping;
  /** Headers no field was mapped to, in file order; they stay available under their own names. */
  unmapped: string[];
}

/**
 * The form headers are compared in: NFKC (full-width → ASCII, half-width kana → full-width),
 * lower case, and no spaces, underscores or punctuation, so "Mailing_City", "mailing city"
 * and "ＭａｉｌｉｎｇＣｉｔｙ" are the same header.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, (char) => (char === '〒' ? char : ''));
}

/** Maps `headers` with one preset; each header is used at most once, earlier candidates first. */
export function mappingFromPreset(presetId: string, headers: readonly string[]): ColumnMapping {
  const preset = presetById(presetId);
  if (!preset) throw specError('spec.mappingPreset', { preset: presetId }, 'mapping');
  return mapWithPreset(preset, headers);
}

/**
 * Picks the preset that best explains `headers` and maps them with it. Each matched header
 * counts 1 / (number of presets that know its name), so columns shared by many systems
 * ("Email") count little and a preset's distinctive columns ("MailingCity", "Lead Status",
 * "StageName") decide between Salesforce Contact, Lead, HubSpot and the generic presets.
 */
export function proposeMapping(headers: readonly string[]): MappingProposal {
  let best: { preset: MappingPreset; mapping: ColumnMapping; weight: number } | null = null;
  for (const preset of mappingPresets) {
    const mapping = mapWithPreset(preset, headers);
    const weight = Object.values(mapping).reduce((sum, header) => sum + 1 / presetsKnowing(header), 0);
    if (weight > 0 && (!best || weight > best.weight + 1e-9)) best = { preset, mapping, weight };
  }
  const mapping = best?.mapping ?? {};
  const used = new Set(Object.values(mapping));
  return {
    preset: best?.preset.id ?? null,
    score: headers.length === 0 ? 0 : used.size / headers.length,
    mapping,
    unmapped: headers.filter((header) => !used.has(header)),
  };
}

function mapWithPreset(preset: MappingPreset, headers: readonly string[]): ColumnMapping {
  const unused = new Map<string, string>();
  for (const header of headers) {
    const key = normalizeHeader(header);
    if (key !== '' && !unused.has(key)) unused.set(key, header);
  }
  const mapping: ColumnMapping = {};
  for (const [field, candidates] of Object.entries(preset.headers) as [FieldId, readonly string[]][]) {
    for (const candidate of candidates) {
      const key = normalizeHeader(candidate);
      const header = unused.get(key);
      if (header === undefined) continue;
      mapping[field] = header;
      unused.delete(key);
      break;
    }
  }
  return mapping;
}

let presetCountByHeader: Map<string, number> | null = null;

function presetsKnowing(header: string): number {
  if (!presetCountByHeader) {
    presetCountByHeader = new Map();
    for (const preset of mappingPresets) {
      const names = new Set(Object.values(preset.headers).flat().map(normalizeHeader));
      for (const name of names) presetCountByHeader.set(name, (presetCountByHeader.get(name) ?? 0) + 1);
    }
  }
  return presetCountByHeader.get(normalizeHeader(header)) ?? 1;
}

/**
 * The mapping a source cell uses: its stored `mapping` as it is (the user's corrections are
 * written back whole), else its preset applied to the headers, else the best proposal.
 */
export function sourceMapping(
  spec: { preset?: string; mapping?: Record<string, string> },
  headers: readonly string[],
): Record<string, string> {
  if (spec.mapping) return spec.mapping;
  const mapping = spec.preset ? mappingFromPreset(spec.preset, headers) : proposeMapping(headers).mapping;
  return mapping as Record<string, string>;
}
