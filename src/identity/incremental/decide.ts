/**
 * The decision for each new record of an incremental match, over small inputs (one best existing customer per new
 * record, the new–new pairs at or above the threshold). New records that match each other at the threshold form
 * one group: a record whose best existing customer is at or above the threshold (or whose pairs to it are group
 * evidence, as the clustering's second pass joins clusters) is attached to it; the group's
 * other records go with its likeliest attached record; a group with none becomes one new customer, each of its
 * records offered for review when its best existing customer is in the review band. A new customer whose records had
 * an id before (the export was attached in an earlier run) gets it back: the id most of them had, each id to one
 * customer. Other fresh ids count up from `nextId` in the order of each new customer's first record key, as
 * assignCustomerIds hands them out.
 */

export interface NewRecordDecision {
  id: number;
  customerId: number;
  /** Whether `customerId` is a fresh id (a new customer). */
  fresh: boolean;
  decision: 'attached' | 'review' | 'new';
  /** The probability behind the decision: the best pair to the customer attached to, else to the best existing customer. */
  probability: number | null;
  /** The best existing customer of a record offered for review (or left new below the band). */
  candidateCustomerId: number | null;
  /** The smallest new record id of the record's group (a new customer's cluster id). */
  component: number;
}

export interface DecideInput {
  records: readonly { id: number; key: string }[];
  /** Per new record, its likeliest existing customer; `grouped` when its pairs to it together say so although none reaches the threshold. */
  best: readonly { id: number; customerId: number; probability: number; grouped?: boolean }[];
  edges: readonly { a: number; b: number; probability: number }[];
  threshold: number;
  reviewFrom: number;
  nextId: number;
  /** The ids new records had before (none held by an existing customer). */
  earlier?: readonly { id: number; customerId: number }[];
}

export function decideNewRecords(input: DecideInput): NewRecordDecision[] {
  const parent = new Map<number, number>(input.records.map((r) => [r.id, r.id]));
  const root = (id: number): number => {
    let at = id;
    while (parent.get(at) !== at) at = parent.get(at)!;
    parent.set(id, at);
    return at;
  };
  for (const edge of input.edges) {
    if (edge.probability < input.threshold || !parent.has(edge.a) || !parent.has(edge.b)) continue;
    const [a, b] = [root(edge.a), root(edge.b)];
    if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
  }
  const best = new Map(input.best.map((b) => [b.id, b]));
  const attached = (id: number) => {
    const b = best.get(id);
    return b && (b.probability >= input.threshold || b.grouped) ? b : undefined;
  };
  // Per group: its likeliest attached record's customer (ties: the smaller customer id), else none.
  const groupCustomer = new Map<number, { customerId: number; probability: number }>();
  const groupKey = new Map<number, string>();
  for (const record of input.records) {
    const group = root(record.id);
    if (!groupKey.has(group) || record.key < groupKey.get(group)!) groupKey.set(group, record.key);
    const b = attached(record.id);
    const held = groupCustomer.get(group);
    if (b && (!held || b.probability > held.probability || (b.probability === held.probability && b.customerId < held.customerId)))
      groupCustomer.set(group, b);
  }
  const freshGroups = [...groupKey.keys()].filter((group) => !groupCustomer.has(group));
  freshGroups.sort((a, b) => (groupKey.get(a)! < groupKey.get(b)! ? -1 : groupKey.get(a)! > groupKey.get(b)! ? 1 : a - b));
  // Per group, how many of its records had each earlier id.
  const heldBy = new Map<number, Map<number, number>>();
  for (const { id, customerId } of input.earlier ?? []) {
    if (!parent.has(id)) continue;
    const group = root(id);
    if (groupCustomer.has(group)) continue;
    const held = heldBy.get(group) ?? new Map<number, number>();
    held.set(customerId, (held.get(customerId) ?? 0) + 1);
    heldBy.set(group, held);
  }
  const freshIds = new Map<number, number>();
  const taken = new Set<number>();
  for (const group of freshGroups) {
    const [kept] = [...(heldBy.get(group) ?? [])].filter(([id]) => !taken.has(id)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (!kept) continue;
    freshIds.set(group, kept[0]);
    taken.add(kept[0]);
  }
  let nextId = input.nextId;
  for (const group of freshGroups) if (!freshIds.has(group)) freshIds.set(group, nextId++);
  // The strongest new–new pair of each record, for a record that joins a customer through another new record.
  const strongest = new Map<number, number>();
  for (const edge of input.edges) {
    if (edge.probability < input.threshold) continue;
    for (const id of [edge.a, edge.b]) strongest.set(id, Math.max(strongest.get(id) ?? 0, edge.probability));
  }

  return input.records.map((record) => {
    const group = root(record.id);
    const own = best.get(record.id);
    const customer = groupCustomer.get(group);
    if (customer) {
      const direct = attached(record.id);
      return {
        id: record.id,
        customerId: direct?.customerId ?? customer.customerId,
        fresh: false,
        decision: 'attached',
        probability: direct?.probability ?? strongest.get(record.id) ?? null,
        candidateCustomerId: null,
        component: group,
      };
    }
    return {
      id: record.id,
      customerId: freshIds.get(group)!,
      fresh: true,
      decision: own && own.probability >= input.reviewFrom ? 'review' : 'new',
      probability: own?.probability ?? null,
      candidateCustomerId: own?.customerId ?? null,
      component: group,
    };
  });
}
