/**
 * Headers every response of the app carries (dev server, preview server, and any static host).
 * Threat model: notebook content and data are untrusted; whatever they contain, nothing may
 * leave the page's origin. `connect-src 'self'` covers fetch/XHR/WebSocket from the page and,
 * because the header is on the worker scripts' responses too, from the workers where DuckDB runs.
 * COOP/COEP make the page cross-origin isolated so DuckDB-WASM can use its threaded build.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};
