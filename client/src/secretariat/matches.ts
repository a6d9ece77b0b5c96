/** Case- and accent-insensitive form of a text, for filtering lists ("turkiye" finds "Türkiye"). */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** True when `filter` is empty or found in one of `texts`. */
export function matches(filter: string, ...texts: string[]): boolean {
  const wanted = fold(filter.trim());
  return wanted === '' || texts.some((t) => fold(t).includes(wanted));
}
