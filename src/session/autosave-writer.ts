/**
 * One tab at a time autosaves the notebook. Tabs of one origin share localStorage, so two tabs that both
 * autosave overwrite each other's work without a word. The first tab takes a Web Lock and holds it for its
 * lifetime; a tab that finds it taken never autosaves (the session says so; Save to a file still works), so
 * the first tab's work is never overwritten by an older copy. Reloading a tab after the other one closed
 * makes it the writer. Where Web Locks are missing (Node, old browsers) every tab writes, as before.
 */
export class AutosaveWriter {
  private holding = false;
  private releaseLock: () => void = () => {};
  /** Resolves once it is known whether this tab writes: true when it does. */
  readonly ready: Promise<boolean>;

  constructor(name: string) {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) {
      this.holding = true;
      this.ready = Promise.resolve(true);
      return;
    }
    const held = new Promise<void>((resolve) => (this.releaseLock = resolve));
    this.ready = new Promise((resolve) => {
      void locks.request(name, { ifAvailable: true }, (lock) => {
        this.holding = lock !== null;
        resolve(this.holding);
        return lock ? held : undefined;
      });
    });
  }

  /** Whether this tab may write the autosave. */
  get isWriter(): boolean {
    return this.holding;
  }

  close(): void {
    this.releaseLock();
  }
}
