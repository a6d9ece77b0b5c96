import { seededRandom } from '@accord/shared';

/** Letters typed by the fuzz: plain words and spaces, plus a few non-ASCII characters. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz      éüğ';

/**
 * The fuzz's only source of chance: every choice it makes comes from here, so one seed replays
 * the same choices (shared's mulberry32, the importer's and the bench's generator).
 */
export class Random {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = seededRandom(seed);
  }

  /** A number in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** One key of `weights`, chosen with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.float() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** A short run of typed characters. */
  word(maxLength = 8): string {
    let out = '';
    const length = this.between(1, maxLength);
    for (let i = 0; i < length; i++) out += ALPHABET[this.int(ALPHABET.length)];
    return out;
  }

  /** A 32-bit unsigned integer, e.g. a Yjs client id or a child seed. */
  uint32(): number {
    return Math.floor(this.next() * 2 ** 32) >>> 0;
  }
}
