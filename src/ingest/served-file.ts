import { unreadable } from './refusal.ts';

/** What a fetch answered, as much as the check needs (a Response fits). */
export interface ServedAnswer {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
}

/**
 * Refuses a file fetched from the app itself (the demo's notebooks and data) that the server did not really
 * send: an error status, or a web page in its place, which is how a dev or single-page server answers for a
 * missing file (with the app's index.html and status 200).
 */
export function checkServedFile(path: string, answer: ServedAnswer): void {
  if (!answer.ok) throw unreadable('refuse.notServed', { file: path, status: answer.status });
  const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const askedForPage = /\.x?html?$/i.test(path);
  if (!askedForPage && (type === 'text/html' || type === 'application/xhtml+xml')) throw unreadable('refuse.servedPage', { file: path });
}
