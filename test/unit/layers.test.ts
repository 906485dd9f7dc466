import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { check, unitOf } from '../../scripts/check-layers.mjs';

const probe = new URL('../../src/engine/layer-probe.ts', import.meta.url);

describe('the layer check', () => {
  it('finds no upward import and no circle in the project', () => {
    expect(check()).toEqual([]);
  });

  it('reports an import that runs up the layers, type-only included', () => {
    writeFileSync(probe, "import type { CellKind } from '../cells/kind.ts';\nexport type Probe = CellKind;\n");
    try {
      expect(check()).toEqual([
        expect.stringContaining('src/engine/layer-probe.ts imports src/cells/kind.ts: engine may not import cells'),
      ]);
    } finally {
      rmSync(probe);
    }
  });

  it('puts cell views above the UI kit and cell logic below it', () => {
    expect([
      unitOf('src/cells/rfm/RfmCellView.svelte'),
      unitOf('src/cells/views.ts'),
      unitOf('src/cells/rfm/kind.ts'),
      unitOf('workers/x.ts'),
    ]).toEqual(['cell-views', 'cell-views', 'cells', 'workers']);
  });
});
