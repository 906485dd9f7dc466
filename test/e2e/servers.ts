import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

/** A running local HTTP server and every request it received (method and URL). */
export interface TestServer {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * Serves a built app the way a plain static host does: files only, with `headers` (none by default,
 * so no CSP, COOP or COEP reaches the page or its workers).
 */
export function serveStatic(root: string, headers: Record<string, string> = {}): Promise<TestServer> {
  return listen(async (request) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(root))) return { status: 403, headers };
    const found = await stat(file).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!found) return { status: 404, headers };
    return {
      status: 200,
      headers: { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' },
      body: await readFile(file),
    };
  });
}

/** A server on another port that answers every request with a small CSV and records it: any request it sees is a leak. */
export function recordingServer(): Promise<TestServer> {
  return listen(async () => ({
    status: 200,
    headers: { 'Content-Type': 'text/csv', 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' },
    body: Buffer.from('leaked\n1\n'),
  }));
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

async function listen(answer: (request: IncomingMessage) => Promise<Answer>): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    answer(request).then(
      ({ status, headers, body }) => {
        response.writeHead(status, headers);
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      () => {
        response.writeHead(500);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
