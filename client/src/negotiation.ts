import type { DocumentKind } from '@accord/shared';

/**
 * The negotiation this deployment serves. A constant until negotiations become data on the
 * server (design.md: a negotiation holds documents, participants and rounds).
 */
export const NEGOTIATION = {
  dialogue: 'Budapest Process',
  meeting: '7th Ministerial Conference 2024',
  /** How the header names it. */
  name: 'Budapest Process — 7th Ministerial Conference 2024',
} as const;

/** How a document kind is named to people. */
export const DOCUMENT_KIND_NAMES: Readonly<Record<DocumentKind, string>> = {
  declaration: 'Ministerial Declaration',
  'call-for-action': 'Call for Action',
};
