import type { RelayMessage, RelayPayload } from './relayMessage.js';

/** What the relay reports to `GET /api/health`. */
export interface RelayHealth {
  ok: boolean;
  detail: string;
}

/**
 * How the processes of one Accord deployment tell each other what they stored and what their
 * users did (CL1–CL5). Delivery is best effort: a process that may have missed messages is
 * told (`onResync`) and catches up from the database, which holds everything that matters.
 */
export interface Relay {
  /** This process's id on the relay; messages it sent come back to nobody. */
  readonly id: string;
  /** Sends a message to every other process. */
  publish(payload: RelayPayload): void;
  /** Hears every other process's messages. */
  onMessage(handler: (message: RelayMessage) => void): void;
  /** Hears that messages may have been missed (the relay was unreachable and is back). */
  onResync(handler: () => void): void;
  /** Whether the relay answers now. */
  health(): Promise<RelayHealth>;
  /** Stops sending and hearing. */
  close(): Promise<void>;
}
