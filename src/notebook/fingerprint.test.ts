import { describe, expect, it } from 'vitest';
import { parseNotebook } from './format.ts';
import { notebookGraph } from './graph.ts';
import { cellFingerprints } from './fingerprint.ts';

const notebook = (segmentValue: number) =>
  parseNotebook(`---
kura: 1
title: Prints
---

\`\`\`source orders
file: orders.csv
\`\`\`

\`\`\`segment big_buyers
base: orders
key: customer_id
where: {field: amount, op: ">", value: ${segmentValue}}
\`\`\`
`).cells;

async function prints(cells: ReturnType<typeof notebook>, content: string, today: string): Promise<string[]> {
  const byId = await cellFingerprints(cells, notebookGraph(cells), new Map([['orders', content]]), today);
  return cells.map((cell) => byId.get(cell.id) ?? 'none');
}

describe('cell fingerprints', () => {
  it('are equal for the same cells, source contents and day, and differ when any of them changes', async () => {
    const same = await prints(notebook(100), '3:42', '2026-12-05');
    expect(same.every((print) => /^[0-9a-f]{64}$/.test(print))).toBe(true);
    expect(await prints(notebook(100), '3:42', '2026-12-05')).toEqual(same);
    const otherContent = await prints(notebook(100), '4:43', '2026-12-05');
    expect([otherContent[0] === same[0], otherContent[1] === same[1]]).toEqual([false, false]);
    const otherSpec = await prints(notebook(200), '3:42', '2026-12-05');
    expect([otherSpec[0] === same[0], otherSpec[1] === same[1]]).toEqual([true, false]);
    // A segment without as_of counts days up to today: tomorrow nothing is reused.
    const tomorrow = await prints(notebook(100), '3:42', '2026-12-06');
    expect(tomorrow[1]).not.toBe(same[1]);
  });

  it('gives no fingerprint to a source that is not loaded, nor to the cells that read it', async () => {
    const cells = notebook(100);
    const byId = await cellFingerprints(cells, notebookGraph(cells), new Map(), '2026-12-05');
    expect(byId.size).toBe(0);
  });
});
