import type { SignedInServer } from './server.js';

/** One parsed server-sent event of a document's feed. */
export interface FeedEvent<D = { seq: number }> {
  id: number;
  event: string;
  data: D;
}

/**
 * A document's feed (`/api/documents/:id/amendments/events`) read as one user with fetch, parsed
 * as it arrives. It also keeps the raw text received, so a test can grep every byte a reader got
 * (CM1: an internal thread's words must never be among them).
 */
export class FeedReader<D = { seq: number }> {
  readonly events: FeedEvent<D>[] = [];
  /** Everything the stream carried, comments and keepalives included. */
  raw = '';
  ended = false;
  private readonly controller = new AbortController();
  private buffer = '';

  /** Opens the feed as `user`; throws unless it is answered as an event stream. */
  static open<D = { seq: number }>(
    world: SignedInServer,
    user: string,
    query = '',
    headers: Record<string, string> = {},
    documentId = 'declaration',
  ): Promise<FeedReader<D>> {
    return FeedReader.openPath<D>(
      world,
      user,
      `/api/documents/${documentId}/amendments/events${query}`,
      headers,
    );
  }

  /** Opens any event stream of the API (e.g. `/api/negotiation/events`) as `user`. */
  static async openPath<D>(
    world: SignedInServer,
    user: string,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<FeedReader<D>> {
    const reader = new FeedReader<D>();
    const res = await fetch(`${world.server.url}${path}`, {
      headers: { cookie: world.cookie(user), ...headers },
      signal: reader.controller.signal,
    });
    const type = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !type.startsWith('text/event-stream'))
      throw new Error(`feed refused: ${res.status} ${type}`);
    void reader.pump(res.body!.getReader());
    return reader;
  }

  private async pump(body: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await body.read();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        this.raw += chunk;
        this.buffer += chunk;
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by the test
    }
    this.ended = true;
  }

  private parse(block: string): void {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const at = line.indexOf(':');
      if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
    }
    if (!fields.has('data')) return;
    this.events.push({
      id: Number(fields.get('id')),
      event: fields.get('event') ?? 'message',
      data: JSON.parse(fields.get('data')!) as D,
    });
  }

  /** The event ids received, in order. */
  get ids(): number[] {
    return this.events.map((e) => e.id);
  }

  /** Ends the stream. */
  close(): void {
    this.controller.abort();
  }
}
