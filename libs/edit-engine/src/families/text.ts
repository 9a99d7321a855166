import { ClaimEdit, ScrubResult } from '../claim';
import { EDITS, EditId } from '../edit-catalogue';

/** A field as text: strings as they are, numbers/booleans printed, anything else (objects, null) empty. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}

/** Upper-cases only when needed (no allocation for the usual upper-case input). */
export function upper(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

export function edit(id: EditId, line: number | null, codes: string[], message: string): ClaimEdit {
  const d = EDITS[id];
  return { id, category: d.category, severity: d.severity, line, codes, message };
}

export function isDigits(s: string, n: number): boolean {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** true when empty or only whitespace (no allocation, unlike trim()). */
export function blank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}

export function sortEdits(edits: ClaimEdit[]): void {
  if (edits.length > 1) edits.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

export function statusOf(edits: ClaimEdit[]): ScrubResult['status'] {
  if (edits.length === 0) return 'clean';
  for (const e of edits) if (e.severity === 'reject') return 'rejected';
  return 'warning';
}
