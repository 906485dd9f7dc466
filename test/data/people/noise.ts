/** How records write the same fact differently (SPEC.md, Noise): typos, phone and postal-code forms, old kanji forms. */
import { fullWidth } from './kana.ts';
import type { Address } from './places.ts';
import { chooseIndex, type Random } from './random.ts';

const keyboardNeighbours: Record<string, string> = {
  a: 'sqz',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'w',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'x',
};

/** One keyboard slip in an ASCII word: a neighbour key, a dropped, doubled or swapped letter. */
export function typo(random: Random, text: string): string {
  if (text.length < 3) return text;
  const i = random.int(1, text.length - 2);
  const char = text[i]!;
  switch (random.int(0, 3)) {
    case 0: {
      const lower = char.toLowerCase();
      const options = keyboardNeighbours[lower];
      if (!options) return text;
      const replacement = random.pick([...options]);
      return text.slice(0, i) + (char === lower ? replacement : replacement.toUpperCase()) + text.slice(i + 1);
    }
    case 1:
      return text.slice(0, i) + text.slice(i + 1);
    case 2:
      return text.slice(0, i) + char + text.slice(i);
    default:
      return text.slice(0, i) + text[i + 1] + char + text.slice(i + 2);
  }
}

/** A phone number as one record writes it; `canonical` is the national form with hyphens (03-1234-5678). */
export function phoneForm(random: Random, canonical: string, country: Address['country'], wide: boolean): string {
  const digits = canonical.replace(/\D/g, '');
  let text: string;
  if (country === 'JP') {
    const [area, middle, last] = canonical.split('-') as [string, string, string];
    switch (chooseIndex(random, [40, 25, 8, 4, 10, 5, 8])) {
      case 0:
        text = canonical;
        break;
      case 1:
        text = digits;
        break;
      case 2:
        text = `${area}(${middle})${last}`;
        break;
      case 3:
        text = `(${area})${middle}-${last}`;
        break;
      case 4:
        text = `+81 ${area.slice(1)}-${middle}-${last}`;
        break;
      case 5:
        text = `+81${digits.slice(1)}`;
        break;
      default:
        text = `${area} ${middle} ${last}`;
    }
  } else if (country === 'US') {
    const [area, exchange, line] = canonical.split('-') as [string, string, string];
    switch (chooseIndex(random, [35, 30, 15, 10, 10])) {
      case 0:
        text = `(${area}) ${exchange}-${line}`;
        break;
      case 1:
        text = canonical;
        break;
      case 2:
        text = `+1 ${area} ${exchange} ${line}`;
        break;
      case 3:
        text = digits;
        break;
      default:
        text = `+1${digits}`;
    }
  } else {
    const form = chooseIndex(random, [50, 30, 20]);
    text = form === 0 ? canonical : form === 1 ? `+44 ${canonical.slice(1)}` : digits;
  }
  return wide ? fullWidth(text) : text;
}

export function postalForm(random: Random, address: Address, wide: boolean, mark: number): string {
  let text = address.postalCode;
  if (address.country === 'JP') {
    if (random.chance(0.15)) text = text.replace('-', '');
    if (wide) text = fullWidth(text);
    if (random.chance(mark)) text = `〒${text}`;
  }
  return text;
}

const kanjiNumbers = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** The street part of an address: 緑町2丁目3番4号, 緑町2-3-4, 緑町二丁目3-4, 12 Main St; with or without the building. */
export function streetForm(random: Random, address: Address, wide: boolean, romanised: boolean): string {
  const [a, b, c] = address.numbers;
  let street: string;
  if (address.country !== 'JP') {
    street = `${a} ${address.town}${address.building && random.chance(0.7) ? `, ${address.building}` : ''}`;
    return street;
  }
  if (romanised) return `${a}-${b}-${c} ${address.townRomaji}`;
  const form = chooseIndex(random, [35, 45, 20]);
  street =
    form === 0
      ? `${address.town}${a}丁目${b}番${c}号`
      : form === 1
        ? `${address.town}${a}-${b}-${c}`
        : `${address.town}${kanjiNumbers[a]}丁目${b}-${c}`;
  if (address.building && random.chance(0.7)) street += (random.chance(0.5) ? ' ' : '') + address.building;
  return wide ? fullWidth(street) : street;
}

/** The prefecture as written: 東京都, or 東京 without its suffix now and then. */
export function regionForm(random: Random, address: Address): string {
  if (address.country === 'JP' && address.region !== '北海道' && random.chance(0.1)) return address.region.replace(/[都府県]$/, '');
  return address.region;
}
