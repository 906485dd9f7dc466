import Encoding from 'encoding-japanese';

/** The characters CP932 (Shift_JIS) cannot hold: encoding them and decoding again does not give them back. */
export function notInCp932(characters: readonly string[]): string[] {
  return characters.filter((character) => {
    const bytes = Encoding.convert(Encoding.stringToCode(character), { to: 'SJIS', from: 'UNICODE' });
    return Encoding.codeToString(Encoding.convert(bytes, { to: 'UNICODE', from: 'SJIS' })) !== character;
  });
}
