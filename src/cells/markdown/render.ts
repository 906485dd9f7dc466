/**
 * Markdown cells → HTML for `{@html}`.
 * Threat model: a notebook is untrusted (it may come from anyone). Its markdown must not run
 * script, must not make the page fetch anything (a remote image would leak that the notebook was
 * opened, and to whom), and its links must not get a handle on this page. So:
 * - marked renders; DOMPurify (in the browser) removes script, event handlers, forms, styles;
 * - links keep only http(s), mailto and #fragment targets, and open with rel="noopener noreferrer";
 * - images keep only inline `data:image/…` sources; every other attribute that loads or points somewhere (`src` of
 *   video/audio/source/track, `srcset`, `poster`, `background`, `xlink:href`, `ping`, …) keeps only a `#fragment`
 *   of this document, so nothing auto-loads from anywhere; links are the one remote reference kept (a click, not a
 *   request the page makes);
 * - without a DOM (unit tests, server code) raw HTML in the markdown is escaped instead of purified.
 * CSP (img-src 'self' data: blob:, no inline script) is the second wall behind this one.
 */
import { Marked, type MarkedExtension, type Tokens } from 'marked';
import DOMPurify from 'dompurify';
import { escapeHtml } from '../../document/html-text.ts';

const linkProtocols = new Set(['http:', 'https:', 'mailto:']);

/** The href to keep for a link, or null to render the link as plain text. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^#[^\s]*$/.test(trimmed)) return trimmed;
  try {
    const url = new URL(trimmed);
    return linkProtocols.has(url.protocol) ? url.href : null;
  } catch {
    // Relative URLs would resolve against the app itself; they have no meaning in a notebook.
    return null;
  }
}

/** The src to keep for an image: only inline raster data, which loads nothing from anywhere. */
export function safeImageSrc(src: string): string | null {
  const trimmed = src.trim();
  return /^data:image\/(png|jpeg|gif|webp|avif);base64,[a-z0-9+/=\s]*$/i.test(trimmed) ? trimmed : null;
}

/** Attributes through which an element loads something or points somewhere. */
const urlAttributes = [
  'src',
  'srcset',
  'href',
  'xlink:href',
  'poster',
  'background',
  'action',
  'formaction',
  'data',
  'ping',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'cite',
  'codebase',
  'archive',
  'manifest',
  'icon',
];

/** What a URL attribute may keep: a link's safe href, an image's inline data, else only a fragment of this document. */
function safeReference(element: Element, name: string, value: string): string | null {
  if (name === 'href' && (element instanceof HTMLAnchorElement || element instanceof HTMLAreaElement)) return safeHref(value);
  if (name === 'src' && element instanceof HTMLImageElement) return safeImageSrc(value);
  return /^#[^\s]*$/.test(value.trim()) ? value : null;
}

function rendererFor(rawHtml: 'pass' | 'escape'): MarkedExtension['renderer'] {
  return {
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link): string {
      const inner = this.parser.parseInline(token.tokens);
      const href = safeHref(token.href);
      if (href === null) return inner;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      const external = href.startsWith('#') ? '' : ' rel="noopener noreferrer" target="_blank"';
      return `<a href="${escapeHtml(href)}"${title}${external}>${inner}</a>`;
    },
    image(token: Tokens.Image): string {
      const src = safeImageSrc(token.href);
      if (src === null) return escapeHtml(token.text);
      return `<img src="${escapeHtml(src)}" alt="${escapeHtml(token.text)}">`;
    },
    html(token: Tokens.HTML | Tokens.Tag): string {
      return rawHtml === 'pass' ? token.text : escapeHtml(token.text);
    },
  } as MarkedExtension['renderer'];
}

const markedForPurifier = new Marked({ gfm: true, async: false, renderer: rendererFor('pass') });
const markedEscaping = new Marked({ gfm: true, async: false, renderer: rendererFor('escape') });

type Purifier = { sanitize(html: string): string };
let purifier: Purifier | null | undefined;

/** A DOMPurify of our own (hooks on it do not affect anyone else's), or null where there is no DOM. */
function browserPurifier(): Purifier | null {
  if (purifier !== undefined) return purifier;
  if (typeof window === 'undefined' || typeof document === 'undefined') return (purifier = null);
  const instance = DOMPurify(window);
  if (!instance.isSupported) return (purifier = null);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    for (const name of urlAttributes) {
      const value = node.getAttribute(name);
      if (value !== null && safeReference(node, name, value) === null) node.removeAttribute(name);
    }
    if (node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement) {
      const href = node.getAttribute('href');
      if (href !== null && !href.trim().startsWith('#')) {
        node.setAttribute('rel', 'noopener noreferrer');
        node.setAttribute('target', '_blank');
      }
    } else if (node instanceof HTMLInputElement) {
      // GFM task lists are the only inputs markdown makes; anything else goes.
      if (node.type !== 'checkbox') node.remove();
      else node.setAttribute('disabled', '');
    }
  });
  const config = {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'button', 'textarea', 'select', 'option', 'iframe', 'object', 'embed', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'srcset', 'formaction', 'action', 'background', 'poster'],
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['target'],
  };
  return (purifier = { sanitize: (html) => String(instance.sanitize(html, config)) });
}

/** Markdown to HTML that is safe to put in the page. */
export function renderMarkdown(text: string): string {
  const purify = browserPurifier();
  if (purify) return purify.sanitize(markedForPurifier.parse(text) as string);
  return markedEscaping.parse(text) as string;
}
