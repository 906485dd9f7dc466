import type { Attachment } from 'svelte/attachments';

/**
 * Svelte's `bind:clientHeight` / `bind:offsetHeight` without their first read, which lays the page out at once while
 * it is still being built (a long task when a notebook's cells mount): the size comes from a ResizeObserver, after the
 * browser's own layout.
 */
export function elementSize(type: 'clientHeight' | 'offsetHeight', set: (size: number) => void): Attachment<HTMLElement> {
  return (element) => {
    const observer = new ResizeObserver(() => set(element[type]));
    observer.observe(element, { box: type === 'offsetHeight' ? 'border-box' : 'content-box' });
    return () => observer.disconnect();
  };
}
