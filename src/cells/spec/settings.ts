import { getContext, setContext, type Snippet } from 'svelte';

/**
 * How a kind's view hands its controls to the shared frame (SpecCellView): the view shows its result, and wraps
 * its controls in <CellSettings>, which gives them to the frame; the frame shows them after the result, behind
 * "Edit settings", with the YAML spec as "Advanced: YAML".
 */
export interface SettingsSlot {
  set(controls: Snippet | null): void;
}

const key = Symbol('kura.cell-settings');

export function provideSettingsSlot(slot: SettingsSlot): void {
  setContext(key, slot);
}

export function settingsSlot(): SettingsSlot | undefined {
  return getContext<SettingsSlot | undefined>(key);
}
