import type { Role } from './delegation.js';

/**
 * The EU Member States, listed one by one: the Declaration's chapeau names them only as "EU
 * Member States", but each takes part as a delegation of its own.
 */
export const EU_MEMBER_STATES: readonly string[] = [
  'Austria',
  'Belgium',
  'Bulgaria',
  'Croatia',
  'Cyprus',
  'Czech Republic',
  'Denmark',
  'Estonia',
  'Finland',
  'France',
  'Germany',
  'Greece',
  'Hungary',
  'Ireland',
  'Italy',
  'Latvia',
  'Lithuania',
  'Luxembourg',
  'Malta',
  'Netherlands',
  'Poland',
  'Portugal',
  'Romania',
  'Slovakia',
  'Slovenia',
  'Spain',
  'Sweden',
];

/** An international organisation as the meeting summaries name it. */
export interface KnownOrganisation {
  /** Short name used as the delegation's name. */
  name: string;
  /** Full names and older names by which the summaries may call it. */
  aliases: readonly string[];
}

/**
 * Organisations that may appear in the meeting summaries. Only those the summaries actually
 * name become delegations. EASO is the EUAA's name before 2022: one delegation, not two.
 */
export const KNOWN_ORGANISATIONS: readonly KnownOrganisation[] = [
  { name: 'European Commission', aliases: ['European Commission'] },
  {
    name: 'EUAA',
    aliases: ['European Union Agency for Asylum', 'EUAA', 'European Asylum Support Office', 'EASO'],
  },
  { name: 'ICMPD', aliases: ['International Centre for Migration Policy Development', 'ICMPD'] },
  { name: 'IOM', aliases: ['International Organization for Migration', 'IOM'] },
  { name: 'UNODC', aliases: ['United Nations Office on Drugs and Crime', 'UNODC'] },
  { name: 'UNHCR', aliases: ['United Nations High Commissioner for Refugees', 'UNHCR'] },
  { name: 'ILO', aliases: ['International Labour Organization', 'ILO'] },
  { name: 'EEAS', aliases: ['European External Action Service', 'EEAS'] },
  { name: 'Frontex', aliases: ['European Border and Coast Guard Agency', 'FRONTEX', 'Frontex'] },
  { name: 'MARRI', aliases: ['Migration, Asylum, Refugees Regional Initiative', 'MARRI'] },
  { name: 'Council of the European Union', aliases: ['Council of the European Union'] },
  { name: 'Bali Process RSO', aliases: ['Regional Support Office to the Bali Process'] },
];

/**
 * Roles of the 2024 negotiation (seeds 000 and 004): Türkiye chairs, Hungary co-chairs, ICMPD
 * hosts the Secretariat. The seeds do not name the Reference Group's members; this choice is
 * the demo's, and the Secretariat can change it.
 */
export const BUDAPEST_ROLES: Readonly<Record<string, readonly Role[]>> = {
  Türkiye: ['chair', 'reference-group'],
  Hungary: ['co-chair', 'reference-group'],
  ICMPD: ['secretariat'],
  Pakistan: ['reference-group'],
  Bulgaria: ['reference-group'],
  Iraq: ['reference-group'],
};
