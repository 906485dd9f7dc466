import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref, safeImageSrc } from './render.ts';

// These run without a DOM, so they exercise the escaping path; DOMPurify's pass is covered by browser tests.
describe('safeHref', () => {
  it('keeps http(s), mailto and in-page fragments', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref(' http://example.com ')).toBe('http://example.com/');
    expect(safeHref('mailto:someone@example.com')).toBe('mailto:someone@example.com');
    expect(safeHref('#section')).toBe('#section');
  });

  it('drops script, data, file, relative and obfuscated URLs', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<b>',
      'file:///etc/passwd',
      'vbscript:x',
      '/app/secret',
      'notes.md',
      '//evil.example/x',
    ]) {
      expect(safeHref(href), href).toBeNull();
    }
  });
});

describe('safeImageSrc', () => {
  it('keeps only inline raster data', () => {
    expect(safeImageSrc('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(safeImageSrc('https://tracker.example/pixel.gif')).toBeNull();
    expect(safeImageSrc('data:image/svg+xml;base64,PHN2Zz4=')).toBeNull();
    expect(safeImageSrc('/logo.png')).toBeNull();
  });
});

describe('renderMarkdown without a DOM', () => {
  it('renders markdown', () => {
    const html = renderMarkdown('# 顧客データ\n\n**bold** and `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h1>顧客データ</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<table>');
  });

  it('escapes raw HTML', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('gives links rel and drops unsafe ones', () => {
    expect(renderMarkdown('[docs](https://duckdb.org)')).toContain(
      '<a href="https://duckdb.org/" rel="noopener noreferrer" target="_blank">docs</a>',
    );
    const bad = renderMarkdown('[click](javascript:alert(1))');
    expect(bad).not.toContain('href');
    expect(bad).toContain('click');
  });

  it('drops remote images, keeping their alt text', () => {
    const html = renderMarkdown('![tracking pixel](https://tracker.example/p.gif)');
    expect(html).not.toContain('<img');
    expect(html).toContain('tracking pixel');
    expect(renderMarkdown('![dot](data:image/png;base64,iVBORw0KGgo=)')).toContain(
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">',
    );
  });

  it('escapes attribute-breaking titles', () => {
    const html = renderMarkdown('[x](https://a.example "a\\" onmouseover=\\"alert(1)")');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });
});
