export { normalizeEmail, emailParts, type EmailParts } from './email.ts';
export { normalizePhone, phoneKind, regionFromCountry, type PhoneKind } from './phone.ts';
export {
  phoneRegionFor,
  regionFromRecord,
  regionFromNumberShape,
  regionFromPostalCode,
  regionFromState,
  regionFromAddress,
} from './phone-region.ts';
export { toKatakana, toHiragana, isKana, kanaToRomaji, foldRomaji } from './kana.ts';
export { ITAIJI, foldItaiji } from './itaiji.ts';
export { normalizePersonName, nameKeys, fullName, type NameKeys } from './person-name.ts';
export { nicknameGroup, nicknameTokens } from './nicknames.ts';
export { companyKey, type CompanyKey } from './company.ts';
export { normalizePostalCode, formatPostalCode } from './postal.ts';
export { PREFECTURES, normalizePrefecture, kanjiToNumber, addressKey, type AddressKey } from './address.ts';
