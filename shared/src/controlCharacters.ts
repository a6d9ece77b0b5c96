/**
 * Characters that have no place in what people write in a negotiation: control characters.
 * Text that may run over lines (a justification, a comment) keeps tabs and line breaks; the
 * text of one block, a name or a quote keeps none.
 */

/** A control character other than tab and line breaks. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Any control character, tab and line breaks included. */
// eslint-disable-next-line no-control-regex
export const CONTROL_OR_LINE_BREAK = /[\u0000-\u001F\u007F]/;
