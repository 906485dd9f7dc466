/**
 * English given names and their short forms: Bob and Robert, Cindy and Cynthia, Sandy and Sandra. Two lists: the
 * common groups below, and the longer genealogy list of nicknames-data.ts, where one short form may stand for several
 * names (Sandy for Alexander, Alexandra and Sandra; Sam for Samuel and Samantha).
 */
import { latinKey } from './person-name.ts';
import { nicknameRowsCsv } from './nicknames-data.ts';

// Groups of English given names that are the same person's name: the first entry names the group.
const NICKNAME_GROUPS: readonly string[][] = [
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby', 'elisabeth'],
  ['katherine', 'kate', 'katie', 'kathy', 'catherine', 'kathryn', 'cathy', 'kat'],
  ['michael', 'mike', 'mikey', 'mick', 'mickey'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['thomas', 'tom', 'tommy'],
  ['richard', 'dick', 'rick', 'ricky', 'rich', 'richie'],
  ['margaret', 'peggy', 'maggie', 'meg', 'marge', 'margie'],
  ['john', 'jack', 'johnny', 'jon'],
  ['jonathan', 'jon', 'jonny'],
  ['joseph', 'joe', 'joey'],
  ['charles', 'charlie', 'chuck', 'chas'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['anthony', 'tony'],
  ['christopher', 'chris', 'kit'],
  ['daniel', 'dan', 'danny'],
  ['david', 'dave', 'davey'],
  ['matthew', 'matt'],
  ['andrew', 'andy', 'drew'],
  ['steven', 'steve', 'stephen', 'stevie'],
  ['benjamin', 'ben', 'benny'],
  ['samuel', 'sam', 'sammy'],
  ['alexander', 'alex', 'sandy', 'xander'],
  ['nicholas', 'nick', 'nicky'],
  ['patrick', 'pat', 'paddy'],
  ['timothy', 'tim', 'timmy'],
  ['gregory', 'greg'],
  ['lawrence', 'larry', 'laurence'],
  ['kenneth', 'ken', 'kenny'],
  ['ronald', 'ron', 'ronnie'],
  ['donald', 'don', 'donnie'],
  ['susan', 'sue', 'susie'],
  ['jennifer', 'jen', 'jenny'],
  ['patricia', 'patty', 'trish', 'tricia'],
  ['deborah', 'debbie', 'deb', 'debra'],
  ['rebecca', 'becky', 'becca'],
  ['victoria', 'vicky', 'tori'],
  ['abigail', 'abby'],
  ['samantha', 'sam', 'sammy'],
  ['alexandra', 'alex', 'lexi', 'sandra'],
  ['jessica', 'jess', 'jessie'],
  ['christine', 'chris', 'christina', 'tina'],
  ['barbara', 'barb', 'babs'],
  // The long list ties Cindy to Cinderella only.
  ['cynthia', 'cindy'],
];

/** The long list's rows, a name then its short forms. */
const longRows: readonly string[][] = nicknameRowsCsv
  .split('\n')
  .map((row) => row.split(',').filter((name) => /^[a-z]+$/.test(name)))
  .filter((row) => row.length >= 2);
const longRowOf = new Map(longRows.map(([name, ...shortForms]) => [name!, new Set(shortForms)]));

/**
 * The long list comes from genealogy and ties names that are names in their own right today (Emily and Emma, Helen
 * and Ellen, Jane and Jean, Eric and Rick): two sisters at one address must not read as one woman. A short form is
 * kept when it is shorter than the name and is not a name with short forms of its own, unless its own row names the
 * name back (Sandy, Sandra; Kim, Kimberly).
 */
function keptShortForm(name: string, short: string): boolean {
  const own = longRowOf.get(short);
  return short.length < name.length && (!own || own.has(name));
}

/** The long list's rows with the short forms kept. */
const keptLongRows: readonly string[][] = longRows
  .map(([name, ...shortForms]) => [name!, ...shortForms.filter((short) => keptShortForm(name!, short))])
  .filter((row) => row.length >= 2);

/** Each name's group: the common groups' first, then the first name the long list gives it as a short form of. */
const NICKNAME_INDEXES: readonly ReadonlyMap<string, string>[] = (() => {
  const common = new Map<string, string>();
  // Names shared by two groups (sam, alex, chris, jon) keep their first group: a level, not proof.
  for (const group of NICKNAME_GROUPS) for (const name of group) if (!common.has(name)) common.set(name, group[0]!);
  const long = new Map<string, string>();
  for (const [name, ...shortForms] of keptLongRows) for (const short of shortForms) if (!long.has(short)) long.set(short, name!);
  return [common, long];
})();

/**
 * Each name's tokens: for the common groups, one token per group it is in; for the long list, one
 * token per name it is directly tied to (a row's name and each of its short forms) and one per longer name it is a
 * short form of. Two names share a token when they are in one group (Stephen and Steve), one is a short
 * form of the other, or both are shorter forms of one name (Maggie and Peggy); not when two names merely share a
 * short form (Christopher and Christine, both Chris: a couple at one address; the long list has Christopher as a form
 * of Chris too, hence "shorter").
 */
const NICKNAME_TOKENS: ReadonlyMap<string, readonly string[]> = (() => {
  const tied = new Map<string, Set<string>>();
  const add = (name: string, token: string) => {
    let tokens = tied.get(name);
    if (!tokens) tied.set(name, (tokens = new Set()));
    tokens.add(token);
  };
  for (const group of NICKNAME_GROUPS) for (const name of group) add(name, `#${group[0]}`);
  for (const [name, ...shortForms] of keptLongRows)
    for (const short of shortForms) {
      if (short === name) continue;
      const pair = name < short ? `${name}/${short}` : `${short}/${name}`;
      add(name!, pair);
      add(short, pair);
      if (short.length < name!.length) add(short, `~${name}`);
    }
  // Tokens are only ever compared for equality: each is written as a short number (base 36), to keep the column small.
  const ids = new Map<string, string>();
  const id = (token: string) => ids.get(token) ?? ids.set(token, ids.size.toString(36)).get(token)!;
  return new Map([...tied].map(([name, tokens]) => [name, [...tokens].map(id)]));
})();

/** The formal name a Latin given name or nickname belongs to (`Bob` → `robert`); otherwise the name itself, lower-cased. */
export function nicknameGroup(given: string | null | undefined): string {
  const key = latinKey(given ?? '');
  for (const index of NICKNAME_INDEXES)
    for (const spelling of [key, ...otherDiminutiveSpellings(key)]) {
      const group = index.get(spelling);
      if (group) return group;
    }
  return key;
}

/**
 * A Latin given name's nickname tokens joined by `|`, for the `overlap` comparison level: two given names share one
 * when one is the other's nickname or both are nicknames of one name (see NICKNAME_TOKENS). Null for a name without
 * nicknames.
 */
export function nicknameTokens(given: string | null | undefined): string | null {
  const key = latinKey(given ?? '');
  const tokens = [key, ...otherDiminutiveSpellings(key)].flatMap((spelling) => NICKNAME_TOKENS.get(spelling) ?? []);
  return tokens.length ? [...new Set(tokens)].sort().join('|') : null;
}

/** A diminutive's other spellings in -y and -ie (Tommie and Tommy, Robby and Robbie, Jimmey and Jimmy). */
function otherDiminutiveSpellings(name: string): string[] {
  if (name.length < 4) return [];
  if (/(?:ie|ey|i)$/.test(name)) return [name.replace(/(?:ie|ey|i)$/, 'y')];
  if (name.endsWith('y')) return [`${name.slice(0, -1)}ie`];
  return [];
}
