import { describe, expect, it } from 'vitest';
import { PasswordHasher } from '../../server/src/auth/password.js';

describe('PasswordHasher (the scrypt cost is the server’s to choose)', () => {
  it('AC1 a hash carries its own cost: one made at 2^10 verifies under 2^11 and the reverse', async () => {
    const cheap = new PasswordHasher(10);
    const dearer = new PasswordHasher(11);
    const a = await cheap.hash('budapest-2024');
    const b = await dearer.hash('budapest-2024');
    expect(a.split('$')[1]).toBe(String(2 ** 10));
    expect(b.split('$')[1]).toBe(String(2 ** 11));
    expect(await dearer.verify('budapest-2024', a)).toBe(true);
    expect(await cheap.verify('budapest-2024', b)).toBe(true);
    expect(await cheap.verify('budapest-2025', b)).toBe(false);
  });

  it('AC1 a malformed stored hash never matches, and a cost outside 10 to 20 is refused', async () => {
    const hasher = new PasswordHasher(10);
    expect(await hasher.verify('x', 'scrypt$1024$8')).toBe(false);
    expect(await hasher.verify('x', 'bcrypt$whatever')).toBe(false);
    expect(() => new PasswordHasher(9)).toThrow(/10 to 20/);
    expect(() => new PasswordHasher(21)).toThrow(/10 to 20/);
  });
});
