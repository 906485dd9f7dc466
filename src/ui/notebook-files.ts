/** Opening and saving notebook files: the File System Access API where the browser has it, a file input and a download otherwise. */

interface PickerWindow {
  showOpenFilePicker?: (options: object) => Promise<FileSystemFileHandle[]>;
  showSaveFilePicker?: (options: object) => Promise<FileSystemFileHandle>;
}

const notebookTypes = [{ description: 'Kura notebook', accept: { 'text/markdown': ['.kura.md', '.md'] } }];
const openableTypes = [
  { description: 'Kura notebook or share bundle', accept: { 'text/markdown': ['.kura.md', '.md'], 'application/zip': ['.kura'] } },
];

export interface OpenedFile {
  file: File;
  handle?: FileSystemFileHandle;
}

/** Asks for a notebook (.kura.md) or a share bundle (.kura); null when the user cancels. */
export async function openNotebookFile(): Promise<OpenedFile | null> {
  const picker = (window as PickerWindow).showOpenFilePicker;
  if (picker) {
    try {
      const [handle] = await picker({ types: openableTypes, multiple: false });
      return { file: await handle!.getFile(), handle };
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return null;
      throw error;
    }
  }
  const file = await chooseFile('.md,.kura.md,.kura,text/markdown,application/zip');
  return file ? { file } : null;
}

/** A share bundle is a zip: its first bytes are "PK\x03\x04", whatever the file is called. */
export async function isShareBundle(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Saves to the handle the notebook was opened from, else asks where; returns the handle to reuse, if any. */
export async function saveNotebookFile(
  text: string,
  suggestedName: string,
  handle?: FileSystemFileHandle,
): Promise<FileSystemFileHandle | undefined> {
  const picker = (window as PickerWindow).showSaveFilePicker;
  if (handle || picker) {
    try {
      const target = handle ?? (await picker!({ suggestedName, types: notebookTypes }));
      const writable = await target.createWritable();
      await writable.write(text);
      await writable.close();
      return target;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return handle;
      throw error;
    }
  }
  downloadBytes(new TextEncoder().encode(text), suggestedName, 'text/markdown');
  return undefined;
}

export function downloadBytes(bytes: Uint8Array, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks for one file through a hidden file input. */
export function chooseFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

export function notebookFileName(title: string, extension = '.kura.md'): string {
  const base =
    title
      .trim()
      .replace(/[\\/:*?"<>|]+/g, '_')
      .slice(0, 80) || 'notebook';
  return `${base}${extension}`;
}
