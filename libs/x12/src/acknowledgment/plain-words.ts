/**
 * An IG code title as words inside a sentence: capitalised words lower-cased, acronyms and codes kept
 * ("Unrecognized segment ID" → "unrecognized segment ID", "Data Element Too Long" → "data element too long").
 */
export function plainWords(title: string): string {
  return title.replace(
    /\b([A-Z])([a-z]+)\b/g,
    (_m, first: string, rest: string) => first.toLowerCase() + rest,
  );
}
