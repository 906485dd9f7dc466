/**
 * The network seal every Kura worker applies to itself, so that it holds however the app is hosted.
 *
 * Threat model: notebook content is untrusted, and its SQL runs inside DuckDB-WASM. DuckDB reads any
 * path that is not a registered file over the network (synchronous XMLHttpRequest in DuckDB's worker,
 * for `http(s)://…` and for relative paths, which resolve against the app's own server), so SQL such as
 * `read_text('/x/' || getvariable('v'))` could put table contents into request URLs, to another host or
 * to the host serving Kura. A Content-Security-Policy only reaches a worker from its own response
 * headers, which a plain static host does not send, and `connect-src 'self'` lets same-origin requests
 * through anyway. So each worker replaces its network primitives before any other code runs: fetch,
 * XMLHttpRequest and importScripts may reach only the exact asset URLs listed (DuckDB's .wasm and
 * worker scripts) and, in the warehouse worker, the app's own demo files; WebSocket, EventSource,
 * WebTransport, SharedWorker and sendBeacon are refused; `new Worker` starts only listed scripts, each
 * inside a blob worker that applies the same seal first (DuckDB's threaded build starts its pthread
 * workers this way). This guards against SQL; it is not a sandbox for script: only Kura's and
 * DuckDB-WASM's own code runs in these workers.
 */
export interface SealPolicy {
  /** Absolute URLs that may be fetched, imported or started as a worker, exactly. */
  allow: string[];
  /** Absolute URL prefixes this worker (not the workers it starts) may fetch: the app's demo files. */
  allowPrefixes: string[];
  /** Absolute URL that relative URLs resolve against (a blob worker's own URL cannot serve as a base). */
  base: string;
  /** The error message of a refused request; engine errors are recognised by it (src/engine/errors.ts). */
  refusal: string;
}

/** Marks an engine error as caused by the seal. */
export const sealRefusal = 'Kura is sealed from the network: this request was refused.';

/**
 * Applies the seal to the worker it runs in. It must be self-contained (no reference to anything
 * outside its body): its source text is also what seals the blob workers it starts.
 */
export function sealNetwork(policy: SealPolicy): void {
  const scope = self as unknown as Record<string, unknown> & { navigator?: Record<string, unknown> };
  const resolve = (url: unknown): string => {
    try {
      return new URL(String(url instanceof Request ? url.url : url), policy.base).href;
    } catch {
      return '';
    }
  };
  const listed = (url: unknown) => policy.allow.includes(resolve(url));
  const allowed = (url: unknown) => {
    const href = resolve(url);
    return policy.allow.includes(href) || policy.allowPrefixes.some((prefix) => href.startsWith(prefix));
  };
  const refuse = (): never => {
    throw new TypeError(policy.refusal);
  };

  const originalFetch = scope.fetch as typeof fetch;
  scope.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    allowed(input) ? originalFetch.call(self, input, init) : Promise.reject(new TypeError(policy.refusal));

  const OriginalRequest = scope.XMLHttpRequest as typeof XMLHttpRequest | undefined;
  if (OriginalRequest) {
    scope.XMLHttpRequest = class SealedXMLHttpRequest extends OriginalRequest {
      override open(method: string, url: string | URL, ...rest: [boolean?, string?, string?]): void {
        if (!allowed(url)) refuse();
        (super.open as (...args: unknown[]) => void)(method, url, ...rest);
      }
    };
  }

  const originalImport = scope.importScripts as ((...urls: string[]) => void) | undefined;
  if (originalImport) {
    scope.importScripts = (...urls: string[]) => {
      for (const url of urls) if (!String(url).startsWith('blob:') && !listed(url)) refuse();
      originalImport.apply(self, urls);
    };
  }

  const OriginalWorker = scope.Worker as typeof Worker | undefined;
  if (OriginalWorker) {
    const childPolicy: SealPolicy = { ...policy, allowPrefixes: [] };
    const ownSource = `(${String(sealNetwork)})`;
    scope.Worker = function SealedWorker(url: string | URL, options?: WorkerOptions): Worker {
      if (!listed(url) || options?.type === 'module') refuse();
      const source = `${ownSource}(${JSON.stringify(childPolicy)});\nimportScripts(${JSON.stringify(resolve(url))});\n`;
      const blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      return new OriginalWorker(blobUrl, options);
    } as unknown as typeof Worker;
  }

  for (const name of ['WebSocket', 'EventSource', 'WebTransport', 'SharedWorker', 'RTCPeerConnection']) {
    if (name in scope)
      scope[name] = function Sealed() {
        refuse();
      };
  }
  if (scope.navigator && 'sendBeacon' in scope.navigator) scope.navigator.sendBeacon = () => false;
}
