/** The one seeded source of randomness of the people set (mulberry32; its own, so no other generator's draws shift it). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String(Math.floor(this.next() * 10));
    return text;
  }
}

/** Items drawn by weight in O(log n): cumulative weights and a binary search. */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((weight, i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  draw(random: Random): T {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low]!;
  }

  /** The share of item i in the draws. */
  share(i: number): number {
    return (this.cumulative[i]! - (i > 0 ? this.cumulative[i - 1]! : 0)) / this.total;
  }
}

/** Picks one of `options` by the weights given beside them: `choose(random, [['a', 0.7], ['b', 0.3]])`. */
export function choose<T>(random: Random, options: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const option of options) total += option[1];
  let target = random.next() * total;
  for (const [item, weight] of options) {
    target -= weight;
    if (target < 0) return item;
  }
  return options[options.length - 1]![0];
}

/** The index of a weight drawn in proportion to it, for choices whose options are costly to build up front. */
export function chooseIndex(random: Random, weights: readonly number[]): number {
  let total = 0;
  for (const weight of weights) total += weight;
  let target = random.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target < 0) return i;
  }
  return weights.length - 1;
}
