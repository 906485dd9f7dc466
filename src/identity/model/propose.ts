/**
 * The model Kura proposes from the key columns the prepared data actually has. It is plain data: the
 * user (or the notebook file) can edit every rule and level.
 */
import { derivedKeys } from '../blocking/blocking.ts';
import type { BlockingRule, Comparison, MatchModel } from './spec.ts';
import { givenUnreadColumn, nameFormColumn } from '../compare/compare.ts';

/**
 * `distinctShare`: distinct values / records per column, when known; an extra column is a blocking key only
 * when most of its values are distinct (an id, not a gender or a street number).
 */
/** Switches of the proposal (defaults on); for comparing variants on benchmark data. */
export interface ProposeOptions {
  /** Separate family and given name comparisons where the data has both parts and no workplace fields. */
  splitNames?: boolean;
  /** …also where it has workplace fields (off: the whole-name comparison and its caps keep colleagues apart). */
  splitWithWorkplace?: boolean;
  /** A "same postal district (and city)" address level. */
  postalDistrict?: boolean;
  /** Weight caps on weak name levels only where workplace fields exist. */
  capsWorkplaceOnly?: boolean;
  noCaps?: boolean;
  /** "Different, personal vs work e-mail" levels on e-mail, phone and address where companies are given. */
  channels?: boolean;
  /** A nickname level (Bob and Robert) on separate given names. */
  givenNicknames?: boolean;
}

/**
 * The most a capped pair weighs, in bits: −5 is a match probability of 3%. On the people set's tuning seeds 0–15%
 * of the pairs at a capped level are one person (2% of "same family name", 3–15% of "kanji against a reading"),
 * and the model's estimate counts every pair left apart at its probability: at −1 bit (a third) it put the recall
 * of 3,000 people at 0.77 against the truth's 0.94, at −5 at 0.95. Both are under the threshold; at −1 (0.33) a
 * capped pair could still add to the group evidence between two clusters (pairs ≥ 0.3), at −5 it cannot. The
 * clusters of the tuning seeds did not change.
 */
export const weakNameCap = -5;

/** The family names equal (`family`: as written, or their readings) and the given names' readings alike. */
const givenAlike = (label: string, family: string): Comparison['levels'][number] => ({
  label,
  kind: 'exact',
  column: family,
  and: [{ label: 'given name reading jaro-winkler ≥ 0.92', kind: 'jaroWinkler', column: 'given_romaji', min: 0.92 }],
});

export function proposeModel(
  presentColumns: readonly string[],
  distinctShare: Readonly<Record<string, number>> = {},
  given: ProposeOptions = {},
): MatchModel {
  const options: ProposeOptions = {
    splitNames: true,
    postalDistrict: true,
    capsWorkplaceOnly: true,
    channels: true,
    givenNicknames: true,
    ...given,
  };
  const has = (column: string) => presentColumns.includes(column);
  const comparisons: Comparison[] = [];
  const blocking: BlockingRule[] = [];
  const block = (...keys: string[]) => {
    if (keys.every((key) => has(key) || derivedKeys[key]?.from.every(has))) blocking.push({ keys });
  };

  // Where workplace fields exist (a phone line, a company) the whole-name comparison with its caps keeps
  // colleagues and namesakes apart (generated set: split parts P 0.97 → 0.87); in person registers without
  // them (historical_50k, FEBRL, fake_1000) separate family and given names with their own term frequencies win.
  const workplace = has('phone') || has('mobile') || has('company_core');
  const split = !!options.splitNames && has('family_key') && has('given_key') && !(workplace && !options.splitWithWorkplace);
  if (split) {
    // Name parts without titles (sir, lady, rt hon, baronet…): a title in a name field is a missing name, not one shared.
    comparisons.push({
      name: 'family_name',
      trainingSession: true,
      nullWhenMissing: ['family_clean'],
      termFrequency: 'family_clean',
      levels: [
        { label: 'exact', kind: 'exact', column: 'family_clean', swapWith: 'given_clean' },
        ...(has('family_romaji')
          ? [
              { label: 'same reading', kind: 'exact' as const, column: 'family_romaji_clean' },
              { label: 'jaro-winkler ≥ 0.92', kind: 'jaroWinkler' as const, column: 'family_romaji_clean', min: 0.92 },
              { label: 'jaro-winkler ≥ 0.8', kind: 'jaroWinkler' as const, column: 'family_romaji_clean', min: 0.8 },
            ]
          : []),
        { label: 'different', kind: 'else' },
      ],
    });
    comparisons.push({
      name: 'given_name',
      trainingSession: true,
      nullWhenMissing: ['given_clean'],
      termFrequency: 'given_clean',
      levels: [
        { label: 'exact', kind: 'exact', column: 'given_clean', swapWith: 'family_clean' },
        ...(options.givenNicknames && has('given_nicknames')
          ? [{ label: 'nickname', kind: 'overlap' as const, column: 'given_nicknames' }]
          : []),
        ...(has('given_romaji')
          ? [
              { label: 'same reading', kind: 'exact' as const, column: 'given_romaji_clean' },
              { label: 'jaro-winkler ≥ 0.92', kind: 'jaroWinkler' as const, column: 'given_romaji_clean', min: 0.92 },
              { label: 'jaro-winkler ≥ 0.8', kind: 'jaroWinkler' as const, column: 'given_romaji_clean', min: 0.8 },
            ]
          : []),
        // A lone name (one part, kept as the given name: historical_50k has 9% lone surnames in the first-name
        // field) against the other record's family name, weighed by how common that family name is.
        {
          label: "the other's family name",
          kind: 'exactCross',
          column: 'given_clean',
          other: 'family_clean',
          termFrequency: 'family_clean',
        },
        { label: 'different', kind: 'else' },
      ],
    });
  }
  if (has('name_key') && !split) {
    comparisons.push({
      name: 'name',
      trainingSession: true,
      nullWhenMissing: ['name_key'],
      termFrequency: 'name_key',
      ...(has('family_key') && has('given_key') ? { termFrequencyParts: ['family_key', 'given_key'] as [string, string] } : {}),
      levels: [
        { label: 'exact', kind: 'exact', column: 'name_key' },
        { label: 'swapped', kind: 'exact', column: 'name_swapped' },
        // Weighed by how common the reading is, read from its parts as the exact name's is: Torimori Tomona against
        // 鳥森 友奈 is as telling as the name written alike, Watanabe Hanako against 渡辺 花子 is not.
        ...(has('name_romaji')
          ? [
              {
                label: 'same reading',
                kind: 'exact' as const,
                column: 'name_romaji_swapped',
                ...(has('family_romaji') && has('given_romaji')
                  ? {
                      termFrequency: 'name_romaji_swapped',
                      termFrequencyParts: ['family_romaji', 'given_romaji'] as [string, string],
                    }
                  : {}),
              },
            ]
          : []),
        // Bob and Robert, Sandy and Sandra, Maggie and Peggy Smith (src/identity/normalize/nicknames.ts).
        ...(has('name_ascii') && has('family_key') && has('given_nicknames')
          ? [{ label: 'nickname', kind: 'overlap' as const, column: 'given_nicknames', andSame: ['family_key'] }]
          : []),
        // A typo or another kanji for one reading in the given name (Chhristopher Hollwood, 北木 健斗 and 北木 健人): not
        // another member of the family, whose given name is another name (Stephanie and Jonathan, yuna and nao).
        ...(has('family_key') && has('given_romaji') ? [givenAlike('same family name, given name alike', 'family_key')] : []),
        // Before every jaro-winkler level: Stephanie and Jonathan Whitestone, or takesaka yuna and takesaka nao
        // (family name first), are alike by jaro-winkler only through the family name they share, and a family's
        // members are the commonest near-miss at one address. The reading counts too (今淵 with its reading
        // learnt from the data against Imabuchi).
        ...(has('family_key')
          ? [{ label: 'same family name', kind: 'exact' as const, column: 'family_key', termFrequency: 'family_key' }]
          : []),
        // The same in two scripts, by the readings: 梅澄 誠太 (seita) and Seiita Umesumi, 岩田 智介 and Tmoosuke Iwata.
        ...(has('family_romaji') && has('given_romaji') ? [givenAlike('same family name reading, given name alike', 'family_romaji')] : []),
        // 荒森 悠太 (no reading for 悠太 in the data or the dictionary) and Yuta Aramori with yutaaramori@…, one e-mail
        // for both that spells the reading's given name: the e-mail says how the kanji is read. Not for a kanji name
        // whose given name has a reading (from the dictionary, or other records): a family's one e-mail is often
        // named after one member (taro.yamada@ for 山田 花子 too).
        ...(has('family_romaji') && has('given_romaji') && has('name_ascii') && has('email_local') && has('email_canonical')
          ? [
              {
                label: 'given name unread, spelt by the one e-mail',
                kind: 'differ' as const,
                column: givenUnreadColumn,
                andSame: ['email_canonical'],
                and: [
                  {
                    label: 'e-mail spelling the given name',
                    kind: 'containsOther' as const,
                    column: 'email_local',
                    other: 'given_romaji',
                    minLength: 3,
                  },
                ],
              },
            ]
          : []),
        // 梅本 奈佳 (no reading for 奈佳 in the data or the dictionary) and Naka Umemoto: the family readings agree,
        // the given names cannot be compared; not the household's "same family name reading" (another given name).
        // Either part of the other name: a Japanese name in Latin letters is often written family name first.
        ...(has('family_romaji') && has('given_romaji') && has('name_ascii')
          ? [
              {
                label: 'same family name reading, given name unread',
                kind: 'differ' as const,
                column: givenUnreadColumn,
                and: [{ label: 'same family name reading', kind: 'exactAny' as const, columns: ['family_romaji', 'given_romaji'] }],
              },
            ]
          : []),
        ...(has('family_romaji') ? [{ label: 'same family name reading', kind: 'exact' as const, column: 'family_romaji' }] : []),
        ...(has('name_ascii')
          ? [
              { label: 'jaro-winkler ≥ 0.94', kind: 'jaroWinkler' as const, column: 'name_ascii', min: 0.94 },
              ...(has('name_romaji_swapped')
                ? [{ label: 'swapped, jaro-winkler ≥ 0.94', kind: 'jaroWinkler' as const, column: 'name_romaji_swapped', min: 0.94 }]
                : []),
            ]
          : []),
        ...(has('name_ascii') ? [{ label: 'jaro-winkler ≥ 0.85', kind: 'jaroWinkler' as const, column: 'name_ascii', min: 0.85 }] : []),
        { label: 'similar characters', kind: 'charJaccard', column: 'name_key', min: 0.5 },
        // A name in kanji without its reading against one in kana or romaji (工藤 彩代 / クドウ アヤヨ) cannot be
        // compared: a level of its own, not "different", and capped like a weak name unless a personal field agrees.
        ...(has('name_ascii') ? [{ label: 'kanji against a reading', kind: 'differ' as const, column: nameFormColumn }] : []),
        { label: 'different', kind: 'else' },
      ],
    });
  }
  if (has('name_key')) {
    block('name_key');
    // Bob and Robert Smith, Tommie and Thomas Walsh: the family name and the given name's nickname group.
    block('name_nickname');
    block('name_swapped');
    block('name_romaji_swapped');
    block('family_any', 'postal');
    block('given_key', 'postal');
    block('family_romaji', 'birth_date');
    block('given_romaji', 'birth_date');
    // Robust keys for corrupted names and missing dates (Splink's historical_50k settings block likewise).
    block('given_prefix', 'family_prefix');
    block('initials_birth_year');
    block('postal_district', 'birth_date');
  }
  // Where people give an employer, one record may carry the work channel (work e-mail, office phone and address)
  // and the other the personal one (free mail, home phone and address): "different" there is expected, not
  // evidence against (and the three differ together, not independently). A level of its own lets EM weigh it.
  const channel =
    options.channels && has('email') && has('email_domain') && has('company_core')
      ? [{ label: 'different, personal vs work e-mail', kind: 'differ' as const, column: 'email_personal' }]
      : [];
  if (has('email')) {
    comparisons.push({
      name: 'email',
      trainingSession: true,
      nullWhenMissing: ['email'],
      termFrequency: 'email_canonical',
      levels: [
        { label: 'exact', kind: 'exact', column: 'email_canonical' },
        // No "same local part elsewhere" or "similar local part" levels: local parts repeat the name
        // (hanako.sato@, hanakosato12@gmail), so namesakes would score on their name twice.
        ...channel,
        { label: 'different', kind: 'else' },
      ],
    });
    block('email_canonical');
  }
  if (has('phone') || has('mobile')) {
    const phones = ['phone', 'mobile'].filter(has);
    const lineFrequency = phones.includes('phone') ? 'phone' : 'mobile';
    comparisons.push({
      name: 'phone',
      trainingSession: true,
      nullWhenMissing: phones,
      termFrequency: has('mobile_number') ? 'mobile_number' : lineFrequency,
      levels: [
        // A Japanese mobile number is one person's: families share a home line and colleagues a switchboard, not a
        // mobile. It is a level of its own, and lifts the caps on names that differ as an e-mail does.
        ...(has('mobile_number') ? [{ label: 'same mobile number', kind: 'exact' as const, column: 'mobile_number' }] : []),
        { label: 'same number', kind: 'exactAny', columns: phones, ...(has('mobile_number') ? { termFrequency: lineFrequency } : {}) },
        // Two mobile numbers that differ are two phones of two people, or one person's old and new: EM weighs it.
        // Not neutral when the e-mails are of different kinds, as an office line against a home or mobile one is.
        ...(has('mobile_number') ? [{ label: 'different mobile numbers', kind: 'differ' as const, column: 'mobile_number' }] : []),
        { label: 'different', kind: 'else' },
      ],
      ...(channel.length ? { neutralWhen: channel[0] } : {}),
    });
    for (const phone of phones) block(phone);
  }
  if (has('birth_date')) {
    comparisons.push({
      name: 'birth_date',
      trainingSession: true,
      nullWhenMissing: ['birth_date'],
      termFrequency: 'birth_date',
      levels: [
        { label: 'exact', kind: 'exact', column: 'birth_date' },
        { label: 'one character off', kind: 'levenshtein', column: 'birth_date', max: 1 },
        { label: 'within a year', kind: 'dateWithin', column: 'birth_day', days: 365 },
        { label: 'different', kind: 'else' },
      ],
    });
    block('birth_date', 'family_any');
    block('birth_date', 'given_key');
    block('birth_date', 'postal');
  }
  if (has('company_core')) {
    comparisons.push({
      name: 'company',
      nullWhenMissing: ['company_core'],
      termFrequency: 'company_core',
      levels: [
        { label: 'exact', kind: 'exact', column: 'company_core' },
        { label: 'jaro-winkler ≥ 0.9', kind: 'jaroWinkler', column: 'company_core', min: 0.9 },
        { label: 'similar characters', kind: 'charJaccard', column: 'company_core', min: 0.6 },
        { label: 'different', kind: 'else' },
      ],
    });
    block('company_core', 'family_key');
    block('company_core', 'family_romaji');
    // A sign-up with a personal e-mail and phone shares only the name and the employer with the CRM record.
    block('company_core', 'name_romaji_swapped');
  }
  // Postal code, street address and city describe one place (and colleagues share it), so they are one
  // comparison: counting them separately would add up the same evidence three times.
  const place = ['address_key', 'postal', 'city_key'].filter(has);
  if (place.length > 0) {
    comparisons.push({
      name: 'address',
      nullWhenMissing: place,
      termFrequency: has('address_key') ? 'address_key' : place[0],
      levels: [
        ...(has('address_key')
          ? [
              { label: 'same address', kind: 'exact' as const, column: 'address_key' },
              { label: 'same street', kind: 'exact' as const, column: 'address_street' },
              { label: 'address jaro-winkler ≥ 0.9', kind: 'jaroWinkler' as const, column: 'address_key', min: 0.9 },
              { label: 'address similar characters ≥ 0.7', kind: 'charJaccard' as const, column: 'address_key', min: 0.7 },
            ]
          : []),
        ...(has('postal') ? [{ label: 'same postal code', kind: 'exact' as const, column: 'postal' }] : []),
        ...(has('postal') ? [{ label: 'postal code one character off', kind: 'levenshtein' as const, column: 'postal', max: 1 }] : []),
        ...(options.postalDistrict && has('postal_district') && has('city_key')
          ? [{ label: 'same postal district and city', kind: 'exact' as const, column: 'postal_district', andSame: ['city_key'] }]
          : []),
        ...(has('city_key') ? [{ label: 'same city', kind: 'exact' as const, column: 'city_key', termFrequency: 'city_key' }] : []),
        ...(options.postalDistrict && has('postal_district')
          ? [{ label: 'same postal district', kind: 'exact' as const, column: 'postal_district' }]
          : []),
        ...(has('city_key') ? [{ label: 'city jaro-winkler ≥ 0.9', kind: 'jaroWinkler' as const, column: 'city_key', min: 0.9 }] : []),
        { label: 'different', kind: 'else' },
      ],
      ...(channel.length ? { neutralWhen: channel[0] } : {}),
    });
    block('address_key');
    block('city_key', 'family_any');
    block('city_key', 'given_key');
    block('city_key', 'birth_date');
  }
  for (const extra of presentColumns.filter((column) => column.startsWith('x_'))) {
    comparisons.push({
      name: extra.slice(2),
      trainingSession: true,
      nullWhenMissing: [extra],
      termFrequency: extra,
      // A few distinct values (a gender, a country) are categories: near spellings mean nothing there.
      levels:
        (distinctShare[extra] ?? 1) < 0.001
          ? [
              { label: 'exact', kind: 'exact', column: extra },
              { label: 'different', kind: 'else' },
            ]
          : [
              { label: 'exact', kind: 'exact', column: extra },
              { label: 'one character off', kind: 'levenshtein', column: extra, max: 1 },
              { label: 'jaro-winkler ≥ 0.9', kind: 'jaroWinkler', column: extra, min: 0.9 },
              { label: 'different', kind: 'else' },
            ],
    });
    if ((distinctShare[extra] ?? 0) >= 0.3) block(extra);
  }
  // A phone number does not lift the cap (switchboards and home phones are shared) unless it is the same mobile number.
  const personal = comparisons
    .filter((c) => c.trainingSession && c.name !== 'name' && (c.name !== 'phone' || has('mobile_number')))
    .map((c) => c.name);
  // Where workplace fields exist (a phone line, a company), colleagues with similar names share them: a loosely
  // similar name (jaro-winkler 0.85–0.94, similar characters) is then capped too, unless a personal field agrees.
  const weakNames = [
    'different',
    'kanji against a reading',
    'same family name reading, given name unread',
    // Hiroya and Hiroyo Takagi at one address are two people; with one e-mail or birth date, one with a typo.
    'same family name, given name alike',
    'same family name reading, given name alike',
    'same family name',
    'same family name reading',
    ...(workplace ? ['jaro-winkler ≥ 0.85', 'similar characters', 'same given name'] : []),
  ];
  const caps: NonNullable<MatchModel['caps']> = [];
  if (!options.noCaps && (workplace || !options.capsWorkplaceOnly)) {
    if (split) {
      caps.push({
        comparison: 'given_name',
        levels: ['different', ...(workplace ? ['jaro-winkler ≥ 0.8'] : [])],
        maxWeight: weakNameCap,
        unlessExact: personal,
      });
      caps.push({
        comparison: 'family_name',
        levels: ['different', ...(workplace ? ['jaro-winkler ≥ 0.8'] : [])],
        maxWeight: weakNameCap,
        unlessExact: personal,
      });
    } else if (has('name_key')) {
      // Family members share a family name and often one e-mail (yamadafamily@…), sometimes a parent's mobile: with
      // the same family name and another given name, only a birth date or an extra identifier lifts the cap.
      const household: string[] = weakNames.filter((level) => level === 'same family name' || level === 'same family name reading');
      caps.push({
        comparison: 'name',
        levels: weakNames.filter((level) => !household.includes(level)),
        maxWeight: weakNameCap,
        unlessExact: personal,
      });
      if (household.length)
        caps.push({
          comparison: 'name',
          levels: household,
          maxWeight: weakNameCap,
          unlessExact: personal.filter((name) => name !== 'email' && name !== 'phone'),
        });
    }
  }
  return { blocking, caps, maxBlockSize: 100, comparisons, uSamplePairs: 300_000, emIterations: 40 };
}
