import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Page, api } from './client';

/** A payer of the directory (charts GET /payers: names and electronic ids, no PHI). */
export interface Payer {
  id: string;
  name: string;
  /** The electronic payer id (837 2010BB NM109; an 835 names its payer by it). */
  payerId: string;
}

const PAGE = 500;

async function everyPayer(): Promise<Payer[]> {
  const payers: Payer[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api<Page<Payer>>(`/payers?limit=${PAGE}&offset=${offset}`);
    payers.push(...page.items);
    if (page.items.length < PAGE || payers.length >= page.total) return payers;
  }
}

/** A uuid shortened for a table cell (the whole id stays in the title). */
export const shortId = (id: string) => (id.length > 12 ? id.slice(0, 8) : id);

export interface PayerDirectory {
  payers: Payer[];
  /** The payer's name by its charts id or its electronic id; undefined when the directory lacks it. */
  nameOf: (id: string) => string | undefined;
  /** The payer's name, else its id shortened (a payer the directory lacks, or before it loads). */
  label: (id: string) => string;
}

/**
 * The payer directory, one query for every screen that names payers (payer:read: every portal
 * role, finance included, which reads no chart). Loaded once and kept for the session's screens.
 */
export function usePayerDirectory(): PayerDirectory {
  const query = useQuery({ queryKey: ['/payers', 'directory'], queryFn: everyPayer, staleTime: 300_000 });
  return useMemo(() => {
    const payers = query.data ?? [];
    const byId = new Map<string, Payer>();
    for (const p of payers) {
      byId.set(p.payerId, p);
      byId.set(p.id, p);
    }
    const nameOf = (id: string) => byId.get(id)?.name;
    return { payers, nameOf, label: (id: string) => nameOf(id) ?? shortId(id) };
  }, [query.data]);
}
