import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { KuraError } from '../engine/engine.ts';
import { translate } from '../ui/i18n-table.ts';
import { detectFormat } from './detect.ts';
import { pngBytes, utf16, utf8, xlsx } from './fixtures.test-helpers.ts';
import { readXlsx } from './xlsx.ts';

function refusal(run: () => unknown): KuraError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KuraError);
    return error as KuraError;
  }
  throw new Error('not refused');
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const withTail = (head: Uint8Array) => {
  const out = new Uint8Array(600);
  out.set(head);
  return out;
};

/** The vite dev server's answer for a missing file: the app's own page. */
const appIndexHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Kura</title>
  </head>
  <body><div id="app"></div><script type="module" src="/src/main.ts"></script></body>
</html>
`;

describe('detectFormat refuses what is not a table, naming what it seems to be', () => {
  it.each([
    [
      'the app page a server sends for a missing file',
      'orders.csv',
      utf8(appIndexHtml),
      'This file is a web page (HTML), not a table; choose a CSV, TSV, Excel, Parquet or JSON file.',
    ],
    [
      'HTML after a BOM, a comment and blank lines',
      'x.csv',
      utf8('\uFEFF\n\n<!-- saved --><HTML><body>1,2</body></HTML>'),
      /web page \(HTML\)/,
    ],
    ['an HTML table fragment', 'x.xls', utf8('<table><tr><td>id</td></tr></table>'), /web page \(HTML\)/],
    ['UTF-16 HTML', 'x.csv', utf16('<!DOCTYPE html><html></html>', 'le'), /web page \(HTML\)/],
    [
      'an XML export',
      'contacts.csv',
      utf8('<?xml version="1.0"?><contacts><contact id="1"/></contacts>'),
      'This file is an XML document, not a table; export the data as CSV, Excel or JSON and load that.',
    ],
    ['XML without a declaration', 'feed.csv', utf8('<rss version="2.0"><channel></channel></rss>'), /XML document/],
    ['an SVG picture', 'logo.csv', utf8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), /SVG picture/],
    ['a PNG', 'x.csv', pngBytes, /PNG picture/],
    ['a WebP', 'x.csv', withTail(utf8('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ')), /WebP picture/],
    ['a TIFF', 'x.csv', withTail(bytes(0x49, 0x49, 0x2a, 0x00)), /TIFF picture/],
    ['a HEIC photo', 'x.csv', withTail(bytes(0, 0, 0, 0x18, ...utf8('ftypheic'))), /HEIC picture/],
    ['a PDF', 'x.csv', utf8('%PDF-1.7\n'), /PDF document/],
    ['an RTF document', 'x.csv', utf8('{\\rtf1\\ansi hello}'), /Rich Text \(RTF\) document/],
    ['a gzip archive', 'x.csv.gz', withTail(bytes(0x1f, 0x8b, 8)), /gzip archive/],
    ['an xz archive', 'x.csv', withTail(bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)), /compressed \(xz\) archive/],
    ['a bzip2 archive', 'x.csv', withTail(bytes(0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59)), /bzip2 archive/],
    ['a zstd archive', 'x.csv', withTail(bytes(0x28, 0xb5, 0x2f, 0xfd)), /Zstandard archive/],
    [
      'a tar archive',
      'x.tar',
      (() => {
        const tar = withTail(utf8('data.csv'));
        tar.set(utf8('ustar'), 257);
        return tar;
      })(),
      /tar archive/,
    ],
    ['an empty ZIP', 'x.zip', withTail(bytes(0x50, 0x4b, 0x05, 0x06)), /ZIP file is not an Excel workbook/],
    [
      'UTF-32 LE',
      'x.csv',
      bytes(0xff, 0xfe, 0, 0, 0x69, 0, 0, 0),
      'This file is UTF-32 text, which Kura does not read; save it as UTF-8 CSV and load it again.',
    ],
    ['UTF-32 BE', 'x.csv', bytes(0, 0, 0xfe, 0xff, 0, 0, 0, 0x69), /UTF-32/],
  ])('%s', (_, name, content, sentence) => {
    const error = refusal(() => detectFormat(content, name));
    expect(error.kind).toBe('unreadable-file');
    if (typeof sentence === 'string') expect(error.message).toBe(sentence);
    else expect(error.message).toMatch(sentence);
    expect(translate('ja', error.sentence!.key as never, error.sentence!.values)).toMatch(/[\u3040-\u30ff]/);
  });

  it.each([
    ['a CSV whose header starts with BZh', 'x.csv', 'BZh,name\n1,a\n', 'csv'],
    ['a CSV whose header starts with a tag-like name', 'x.csv', '<id>,name\n1,a\n', 'csv'],
    ['a CSV starting with markup that is not closed', 'x.csv', '<b>bold,name\n1,a\n', 'csv'],
    ['JSON', 'x.json', '  [{"id":1}]', 'json'],
    ['NDJSON', 'x.ndjson', '{"id":1}\n', 'ndjson'],
    ['TSV', 'x.tsv', 'id\tname\n', 'tsv'],
  ])('still reads %s', (_, name, text, format) => {
    expect(detectFormat(utf8(text), name)).toBe(format);
  });
});

describe('a ZIP file that is not a workbook says what it is', () => {
  it.each([
    [
      'a Word document',
      { 'word/document.xml': strToU8('<w:document/>'), '[Content_Types].xml': strToU8('<Types/>') },
      /Word \(\.docx\) document/,
    ],
    ['a PowerPoint deck', { 'ppt/presentation.xml': strToU8('<p/>') }, /PowerPoint \(\.pptx\) document/],
    [
      'an OpenDocument spreadsheet',
      { mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') },
      /OpenDocument spreadsheet \(\.ods\)/,
    ],
    [
      'a ZIP of CSV files',
      { 'a.csv': strToU8('id\n1\n'), 'b.csv': strToU8('id\n2\n') },
      'This ZIP file is not an Excel workbook; choose an .xlsx, CSV, Parquet or JSON file.',
    ],
  ])('%s', async (_, files, sentence) => {
    const zip = zipSync(files);
    expect(detectFormat(zip, 'file.xlsx')).toBe('xlsx');
    const error = await readXlsx(zip, undefined).then(
      () => undefined,
      (e: unknown) => e as KuraError,
    );
    expect(error).toBeInstanceOf(KuraError);
    if (typeof sentence === 'string') expect(error!.message).toBe(sentence);
    else expect(error!.message).toMatch(sentence);
  });

  it('reads a real workbook', async () => {
    expect((await readXlsx(xlsx({ S: [['id'], ['1']] }), undefined)).sheet).toBe('S');
  });
});
