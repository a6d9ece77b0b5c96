/** Alphabet of block ids: URL- and attribute-safe. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Length of a generated block id: 62^10 ≈ 8·10^17, collision-free in practice. */
export const BLOCK_ID_LENGTH = 10;

const BLOCK_ID_PATTERN = /^[0-9A-Za-z_-]{4,32}$/;

/** True when `value` has the shape of a block id (generated here or by an importer). */
export function isBlockId(value: unknown): value is string {
  return typeof value === 'string' && BLOCK_ID_PATTERN.test(value);
}

/** A source of random numbers in [0, 1); injectable so tests and seeds can be deterministic. */
export type RandomSource = () => number;

/** Random numbers from the platform's CSPRNG (browser and Node both have `crypto`). */
export const cryptoRandom: RandomSource = () => {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return (buf[0] ?? 0) / 2 ** 32;
};

/** A deterministic random source (mulberry32) for reproducible imports and tests. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Makes a fresh random block id. */
export function newBlockId(random: RandomSource = cryptoRandom): string {
  let id = '';
  for (let i = 0; i < BLOCK_ID_LENGTH; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return id;
}

/**
 * A block id derived from `seed` (e.g. a duplicated id and the Yjs item that repeats it): the
 * same seed gives the same id everywhere, so two servers repairing the same duplicate agree.
 */
export function derivedBlockId(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return newBlockId(seededRandom(h >>> 0));
}
