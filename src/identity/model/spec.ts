/**
 * The identity-resolution spec: plain, serialisable data (it lives in the notebook file as YAML).
 * Sources say which tables to read and how their columns map to the common customer model; the
 * model says how to block, compare and decide; survivorship says how the golden record is built.
 */

/** One input table. `mapping` is common-model field → column; without it Kura proposes one from the headers. */
export interface IdentitySource {
  /** The name written into results (`source` column): the file's base name in the CLI, the source cell's name in a notebook. */
  name: string;
  table: string;
  mapping?: Record<string, string>;
  /** Extra columns compared as they are (e.g. a national id), by model name → column. */
  extras?: Record<string, string>;
  /**
   * Phone region (ISO 3166 alpha-2) for numbers without a country code when the row says none (country, postal code,
   * state or prefecture, address) and the number's shape names none (normalize/phone-region.ts); else JP.
   */
  phoneRegion?: string;
}

/** A prepared column of `identity_input` (see prepare/columns.ts). */
export type KeyColumn = string;

/** Pairs are records equal on every key of a rule; rules are unioned, a pair counted once. */
export interface BlockingRule {
  /** Columns of identity_input, or a derived key of blocking/blocking.ts (`derivedKeys`: family_any, given_clean…). */
  keys: KeyColumn[];
}

/**
 * Every level may state `m`, its prior P(level | match) for EM (see `MatchModel.mPriorPairs`), and `andSame`:
 * columns that must also be equal for the level to hold (a typo in the local part, but the same e-mail domain).
 */
export type ComparisonLevel = {
  m?: number;
  andSame?: KeyColumn[];
  /**
   * Term-frequency adjustment of this level by this column's value (the first level uses the comparison's
   * `termFrequency`): "same family name" weighs less for 佐藤 or Smith than for a rare family name.
   */
  termFrequency?: KeyColumn;
  /** Reads this level's `termFrequency` from two parts of the value, as `Comparison.termFrequencyParts` does for the first level. */
  termFrequencyParts?: [KeyColumn, KeyColumn];
  /** Further conditions that must hold too (both name parts similar: family and given Jaro-Winkler). */
  and?: ComparisonLevel[];
} & (
  | {
      label: string;
      kind: 'exact';
      column: KeyColumn;
      /** Also agree when l.column = r.swapWith (swapped first/last). */ swapWith?: KeyColumn;
    }
  | { label: string; kind: 'exactAny'; columns: KeyColumn[] } // any column of l equals any column of r (phone vs mobile)
  | { label: string; kind: 'differ'; column: KeyColumn } // both sides have the flag and it differs (one personal, one work e-mail: `email_personal`)
  | { label: string; kind: 'exactCross'; column: KeyColumn; other: KeyColumn } // l.column = r.other or l.other = r.column (a lone name vs the other's family name)
  | { label: string; kind: 'jaroWinkler'; column: KeyColumn; min: number }
  | { label: string; kind: 'levenshtein'; column: KeyColumn; max: number }
  | { label: string; kind: 'charJaccard'; column: KeyColumn; min: number } // code-point aware, for Japanese text
  | { label: string; kind: 'dateWithin'; column: KeyColumn; days: number }
  // l.column holds r.other (of at least minLength characters) or r.column holds l.other: an e-mail's local part
  // spelling the other record's given name.
  | { label: string; kind: 'containsOther'; column: KeyColumn; other: KeyColumn; minLength: number }
  // Both values are sets written `a|b|c` that have a member in common (a given name's nickname tokens).
  | { label: string; kind: 'overlap'; column: KeyColumn }
  | { label: string; kind: 'else' }
);

export interface Comparison {
  /** Stable name, e.g. `name`, `email`; also the output column `gamma_<name>`. */
  name: string;
  /** Columns whose NULL on either side makes the comparison neutral (the null level, weight 0). */
  nullWhenMissing: KeyColumn[];
  /** Best first; the last one is usually `else`. */
  levels: ComparisonLevel[];
  /**
   * When this holds and no level but the last (`else`) does, the comparison counts as missing (weight 0) instead of
   * "different": a work phone and a home phone differ because one record came through the personal channel.
   */
  neutralWhen?: ComparisonLevel;
  /** Term-frequency adjustment on the first level: common values (佐藤, gmail.com, a switchboard number) weigh less. */
  termFrequency?: KeyColumn;
  /**
   * Reads the first level's value frequency from two parts of the value (family and given name) instead of the
   * whole value's share, which a person's own records inflate (see `partsShareSql`); such an adjustment may then
   * raise the weight as far as it may lower it (`tfCap`).
   */
  termFrequencyParts?: [KeyColumn, KeyColumn];
  /**
   * A person identifier (name, e-mail, phone, birth date, an id): pairs agreeing on a rare value of it form a
   * training session for the other comparisons' m. Not for workplace or household fields (company, address),
   * which colleagues and family share.
   */
  trainingSession?: boolean;
}

export interface MatchModel {
  blocking: BlockingRule[];
  /** A blocking-key value shared by more records than this makes no pairs (empty-ish or switchboard values). */
  maxBlockSize: number;
  /**
   * Pair budget of one blocking rule, per input record (default 1; at least 50,000 pairs a rule): a rule whose
   * blocks would make more pairs keeps only its smaller blocks (rarer values), counted before pairing.
   */
  maxPairsPerRecord?: number;
  /** Records of a block over its rule's cap meet this many neighbours each, in birth date / postal code / e-mail order (default 3; 0 = none), at most 2 × records × window such pairs in all. */
  blockWindow?: number;
  comparisons: Comparison[];
  /** Random record pairs drawn to estimate u. */
  uSamplePairs: number;
  emIterations: number;
  /**
   * How many pairs' worth of belief the levels' prior m values carry in EM. Small candidate sets (a few
   * hundred pairs, where colleagues sharing company and address could pass for duplicates) lean on the
   * priors; large ones on the data.
   */
  mPriorPairs?: number;
  /**
   * Ceilings on a pair's match weight: when `comparison` is at one of `levels`, the pair weighs at most
   * `maxWeight`. Fellegi-Sunter adds evidence as if independent, but a switchboard number, a company and an
   * office address (or a home phone and address) are one fact shared by colleagues or family; a cap on
   * "the names differ" keeps that shared fact from merging different people. `unlessExact`: comparisons
   * whose first level lifts the cap (an identical e-mail, birth date or national id is personal evidence).
   */
  caps?: { comparison: string; levels: string[]; maxWeight: number; unlessExact?: string[] }[];
}

export type SurvivorshipRule = 'sourcePriority' | 'mostRecent' | 'mostComplete' | 'mostFrequent';

export interface Survivorship {
  /** Per golden field; fields not named use `default`. */
  fields?: Record<string, SurvivorshipRule>;
  default: SurvivorshipRule;
  /** Source names, most trusted first (for sourcePriority, and as the tie-break of every rule). */
  sourcePriority?: string[];
}

/** A source record named by its id in the source (kept across new exports) or, without one, its 1-based row. */
export interface RecordRef {
  source: string;
  id?: string;
  row?: number;
}

/**
 * A reviewer's decision, kept in the notebook and applied on every run after the model has scored the pairs:
 * `split` takes a record out of whatever customer the pairs put it in; `merge` makes two records one customer;
 * `pin` makes a record's value of a golden field the customer's, whatever the survivorship rule says.
 */
export type CustomerDecision = { at?: string; note?: string } & (
  | { decision: 'split'; record: RecordRef }
  | { decision: 'merge'; records: [RecordRef, RecordRef] }
  | { decision: 'pin'; record: RecordRef; field: string }
);

export interface MatchSpec {
  sources: IdentitySource[];
  /** `dedupeAndLink` also finds duplicates inside one source; `linkOnly` pairs records of different sources only. */
  linkType?: 'dedupeAndLink' | 'linkOnly';
  /** Omitted: proposed from the fields the sources have (`proposeModel`). */
  model?: MatchModel;
  /** Match probability at or above which two records are the same customer. Default 0.9. */
  threshold?: number;
  survivorship?: Survivorship;
  /** How many uncertain pairs the result explains. Default 200. */
  reviewPairs?: number;
  decisions?: CustomerDecision[];
  /** Same / different answers on pairs offered for teaching (`source:row|source:row`): they correct the trained model (fellegi-sunter/labels.ts). */
  labels?: { pair: string; same: boolean }[];
  /** Sources attached to the customers after this match (incrementally): their records' lasting ids are kept for that attach. */
  attachedSources?: string[];
}

export const defaultThreshold = 0.9;
