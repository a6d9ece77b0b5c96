/**
 * The feed's counter in memory, one per storage: the amendment and thread stores both take it,
 * so a seq orders amendments, compromises and threads of a document together (AF2), as the one
 * `amendment_seq` row does in SQLite.
 */
export class SeqCounter {
  private value = 0;

  /** The next seq; call it only once a save can no longer fail, so a refused save leaves no gap. */
  next(): number {
    return ++this.value;
  }
}
