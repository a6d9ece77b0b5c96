import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost as log2 N: 15 is N=2^15, r=8 (32 MiB, ~100 ms), slow for guessing. */
export const DEFAULT_SCRYPT_COST = 15;

/** The costs a server accepts: 10 (tests, ~2 ms) to 20 (1 GiB). */
export const SCRYPT_COST_RANGE = { min: 10, max: 20 } as const;

const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      // scrypt needs 128·N·r bytes: room for the largest cost a stored hash may carry.
      { ...params, maxmem: 2 * 128 * R * 2 ** SCRYPT_COST_RANGE.max },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/**
 * Hashes and checks passwords with scrypt at a cost chosen per server (ACCORD_SCRYPT_COST):
 * production pays ~100 ms per sign-in, tests a few milliseconds. A hash keeps its own
 * parameters ("scrypt$N$r$p$salt$hash"), so one made at one cost verifies under any other.
 */
export class PasswordHasher {
  private readonly params: ScryptOptions;
  /** A hash of a random password, made at once so that no sign-in pays for making it. */
  private readonly dummy: Promise<string>;

  /** `cost` is log2 N. */
  constructor(readonly cost: number = DEFAULT_SCRYPT_COST) {
    if (!Number.isInteger(cost) || cost < SCRYPT_COST_RANGE.min || cost > SCRYPT_COST_RANGE.max)
      throw new RangeError(
        `the scrypt cost must be ${SCRYPT_COST_RANGE.min} to ${SCRYPT_COST_RANGE.max}`,
      );
    this.params = { N: 2 ** cost, r: R, p: P };
    this.dummy = this.hash(randomBytes(16).toString('hex'));
    // Awaited by verifyNobody; a failure surfaces there, not as an unhandled rejection.
    this.dummy.catch(() => undefined);
  }

  /** Hashes a password with a fresh salt: "scrypt$N$r$p$salt$hash" (base64url parts). */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.params);
    const { N, r, p } = this.params;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** Checks a password against a stored hash in constant time. A malformed hash never matches. */
  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const key = await derive(password, Buffer.from(salt, 'base64url'), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /**
   * Spends the time of a check for a user name that does not exist, so that a failed sign-in
   * takes as long whether or not the account exists. Always false.
   */
  async verifyNobody(password: string): Promise<false> {
    await this.verify(password, await this.dummy);
    return false;
  }
}
