import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { participantsFromSeeds, type Delegation } from '@accord/shared';
import type { Directory } from './storage/Directory.js';
import type { Logger } from './logger.js';
import { findDeclarationSeed, findSeed } from './seedDocuments.js';
import type { PasswordHasher } from './auth/password.js';

/** The meeting summaries that name the organisations taking part. */
const MEETING_SEED_PREFIXES = ['000', '001', '002'];

/**
 * Demo accounts, one per kind of participant, so a new user can try every role. User names are
 * listed in README.md; each is created only if its delegation exists.
 */
export const DEMO_ACCOUNTS: readonly {
  username: string;
  delegationId: string;
  displayName: string;
}[] = [
  { username: 'germany', delegationId: 'germany', displayName: 'Delegate of Germany' },
  { username: 'pakistan', delegationId: 'pakistan', displayName: 'Delegate of Pakistan' },
  { username: 'turkiye', delegationId: 'turkiye', displayName: 'Delegate of Türkiye' },
  { username: 'hungary', delegationId: 'hungary', displayName: 'Delegate of Hungary' },
  { username: 'icmpd', delegationId: 'icmpd', displayName: 'Delegate of ICMPD' },
  { username: 'canada', delegationId: 'canada', displayName: 'Delegate of Canada' },
  { username: 'iom', delegationId: 'iom', displayName: 'Delegate of IOM' },
  { username: 'bulgaria', delegationId: 'bulgaria', displayName: 'Delegate of Bulgaria' },
];

/** Without seeds there is still a Secretariat, so someone can sign in and set things up. */
const FALLBACK_SECRETARIAT: Delegation = {
  id: 'secretariat',
  name: 'Secretariat',
  kind: 'organisation',
  roles: ['secretariat'],
};

/**
 * Creates the negotiation's delegations from the seeds when the directory is empty, and the
 * demo accounts when nobody exists yet. Passwords are ACCORD_DEMO_PASSWORD when given, else
 * random; they are returned (and printed by the caller) once, never stored in clear. They are
 * hashed at the server's cost (`passwords`), which tests make cheap.
 */
export async function seedParticipants(
  directory: Directory,
  seedsDir: string | null,
  demoPassword: string | null,
  logger: Logger,
  passwords: PasswordHasher,
): Promise<{ username: string; password: string; delegation: string }[]> {
  if (await directory.isEmpty()) {
    const declaration = seedsDir ? findDeclarationSeed(seedsDir) : null;
    const meetings = MEETING_SEED_PREFIXES.flatMap((p) =>
      seedsDir ? (findSeed(seedsDir, p) ?? []) : [],
    );
    const delegations = declaration
      ? participantsFromSeeds(
          fs.readFileSync(declaration, 'utf8'),
          meetings.map((m) => fs.readFileSync(m, 'utf8')),
        )
      : [FALLBACK_SECRETARIAT];
    const created = await directory.createDelegations(delegations);
    if (created !== true) throw new Error(`could not create the delegations: ${created}`);
    logger.info('created the delegations', {
      count: delegations.length,
      fromSeeds: declaration !== null,
    });
  }
  if ((await directory.listPeople()).length > 0) return [];
  const accounts = [];
  const delegations = new Map((await directory.listDelegations()).map((d) => [d.id, d]));
  const wanted = delegations.has('icmpd')
    ? DEMO_ACCOUNTS
    : [
        {
          username: 'secretariat',
          delegationId: FALLBACK_SECRETARIAT.id,
          displayName: 'Secretariat',
        },
      ];
  for (const account of wanted) {
    const delegation = delegations.get(account.delegationId);
    if (!delegation) continue;
    const password = demoPassword ?? randomBytes(9).toString('base64url');
    const person = await directory.createPerson({
      ...account,
      passwordHash: await passwords.hash(password),
    });
    if (typeof person === 'string')
      throw new Error(`could not create demo account ${account.username}: ${person}`);
    accounts.push({ username: account.username, password, delegation: delegation.name });
  }
  return accounts;
}
