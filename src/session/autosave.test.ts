import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoadReport } from '../ingest/types.ts';
import { Autosave, type SavedNotebook } from './autosave.svelte.ts';

/** The browser's localStorage as Node lacks it: strings by key, and a quota that can run out. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  full = false;
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

const notebookText = '---\nkura: 1\ntitle: Saved\n---\n\n# Hello\n';
const load = { rows: 3, columns: [{ name: 'id', type: 'INTEGER' }] } as unknown as LoadReport;

describe('Autosave', () => {
  let storage: MemoryStorage;
  let current: SavedNotebook;
  let failures: unknown[];
  const autosave = (writer = { ready: Promise.resolve(true), isWriter: true }) =>
    new Autosave(
      storage,
      () => current,
      (error) => failures.push(error),
      writer,
    );

  beforeEach(() => {
    vi.useFakeTimers();
    storage = new MemoryStorage();
    current = { text: notebookText, notRunYet: true, loads: { contacts: load } };
    failures = [];
  });
  afterEach(() => vi.useRealTimers());

  it('writes the notebook a moment after the last edit, and reads it back', async () => {
    const saving = autosave();
    await saving.ready();
    expect(saving.elsewhere).toBe(false);
    saving.schedule();
    saving.schedule();
    expect(saving.unsavedEdits).toBe(true);
    expect(saving.savedText()).toBeNull();
    vi.advanceTimersByTime(399);
    expect(saving.savedText()).toBeNull();
    vi.advanceTimersByTime(1);
    expect(saving.savedText()).toBe(notebookText);
    expect(saving.savedNotRunYet()).toBe(true);
    expect(saving.savedLoads()).toEqual({ contacts: load });
    expect(saving.savedAt).toBeInstanceOf(Date);
    expect(saving.unsavedEdits).toBe(false);
  });

  it('writes a pending save at once when flushed, and nothing when none is pending', () => {
    const saving = autosave();
    saving.flush();
    expect(saving.savedText()).toBeNull();
    saving.schedule();
    saving.flush();
    expect(saving.savedText()).toBe(notebookText);
  });

  it('says when the storage refuses to write', () => {
    const saving = autosave();
    storage.full = true;
    saving.saveNow();
    expect(failures).toHaveLength(1);
    expect(saving.savedAt).toBeNull();
  });

  it('writes nothing in a tab where another tab autosaves', async () => {
    const saving = autosave({ ready: Promise.resolve(false), isWriter: false });
    await saving.ready();
    expect(saving.elsewhere).toBe(true);
    saving.schedule();
    vi.runAllTimers();
    expect(storage.length).toBe(0);
    expect(saving.unsavedEdits).toBe(true);
    expect(saving.keepReplaced(notebookText).title).toBe('Saved');
    expect(storage.length).toBe(0);
  });

  it('keeps a replaced or unreadable notebook under its own key', () => {
    const saving = autosave();
    saving.saveNow();
    expect(saving.keepReplaced(notebookText)).toEqual({ text: notebookText, title: 'Saved', notRunYet: true });
    expect(saving.keepReplaced('not a notebook ```')).toMatchObject({ title: '' });
    saving.keepUnreadable('---\nkura: 99\n');
    expect([...storage.items.keys()].sort()).toEqual([
      'kura.loads.v1',
      'kura.notebook.notRunYet',
      'kura.notebook.replaced.v1',
      'kura.notebook.v1',
      'kura.notebook.v1.unreadable',
    ]);
  });
});
