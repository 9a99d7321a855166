/** What a scrub found, for the history: edit ids and counts only (an edit's message may name codes). */
export function scrubReason(edits: ReadonlyArray<{ id: string; severity: 'reject' | 'warn' }>): string {
  if (edits.length === 0) return 'scrubbed clean';
  const rejects = edits.filter((e) => e.severity === 'reject');
  const ids = [...new Set(edits.map((e) => e.id))].join(', ');
  return `scrubbed: ${rejects.length} rejecting and ${edits.length - rejects.length} warning edits (${ids})`;
}
