import writeXlsxFile, { type Row } from 'write-excel-file/universal';

/**
 * An import file as an Excel workbook: one sheet, the header in bold, every value written as text, so a phone number
 * keeps its leading 0 and +, a postal code its hyphen, and a value starting with = stays a value, never a formula.
 */
export async function xlsxBytes(header: readonly string[], rows: readonly (readonly (string | null)[])[]): Promise<Uint8Array> {
  const sheet: Row[] = [
    header.map((name) => ({ value: name, type: String, fontWeight: 'bold' as const })),
    ...rows.map((row) => row.map((value) => (value === null ? null : { value, type: String }))),
  ];
  const blob = await writeXlsxFile(sheet, { stickyRowsCount: 1 }).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}
