/** Reading and writing the segments the 837 and 835 share: NM1/N3/N4/REF/PER/PRV/DMG, DTP, CAS, AMT. */
import type { ElementValue, SegmentValues } from '../envelope/writer';
import type { Segment } from '../tokenizer/segment';
import { el } from '../tokenizer/segment';
import { formatCents, formatQuantity, isoToX12Date, parseCents, parseQuantity, x12DateToIso } from './format';
import type { Adjustment, Amount, Party, QualifiedDate, RawSegment } from './model';

/**
 * Appends to an optional list and returns the list to store back: an absent or empty list is replaced by
 * a new one holding the item. A list started this way is as long as it needs to be, whereas `[]` followed by
 * `push` reserves 16 slots: for a file of many claims held in memory, that spare room is most of what the
 * garbage collector has to copy.
 */
export function append<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined || list.length === 0) return [item];
  list.push(item);
  return list;
}

export function opt(text: string): string | undefined {
  return text === '' ? undefined : text;
}

/** NM1 → Party (name and id only). Absent fields stay undefined (JSON drops them): one object shape, fast. */
export function readNm1(seg: Segment): Party {
  return {
    entityType: el(seg, 2) === '1' ? 'person' : 'organization',
    name: opt(el(seg, 3)),
    firstName: opt(el(seg, 4)),
    middleName: opt(el(seg, 5)),
    suffix: opt(el(seg, 7)),
    idQualifier: opt(el(seg, 8)),
    id: opt(el(seg, 9)),
    address: undefined,
    references: undefined,
    contacts: undefined,
    specialty: undefined,
    birthDate: undefined,
    gender: undefined,
    extraSegments: undefined,
  };
}

/**
 * `{ entityCode, ...party }` for a party fresh from `readNm1`, as one object literal: the spread would copy
 * into an object whose fields do not all fit in it, which costs time and memory on every provider.
 */
export function withEntityCode(entityCode: string, p: Party): Party & { entityCode: string } {
  return {
    entityCode,
    entityType: p.entityType,
    name: p.name,
    firstName: p.firstName,
    middleName: p.middleName,
    suffix: p.suffix,
    idQualifier: p.idQualifier,
    id: p.id,
    address: p.address,
    references: p.references,
    contacts: p.contacts,
    specialty: p.specialty,
    birthDate: p.birthDate,
    gender: p.gender,
    extraSegments: p.extraSegments,
  };
}

export function setIf<T extends object, K extends keyof T>(target: T, key: K, value: string): void {
  if (value !== '') (target as Record<K, unknown>)[key] = value;
}

/** Applies N3/N4/REF/PER/PRV/DMG to the party they follow; returns false for any other segment. */
export function applyPartySegment(party: Party, seg: Segment): boolean {
  switch (seg.id) {
    case 'N3': {
      const a = party.address;
      party.address = {
        line1: el(seg, 1),
        line2: opt(el(seg, 2)),
        city: a?.city ?? '',
        state: a?.state,
        postalCode: a?.postalCode,
        countryCode: a?.countryCode,
        countrySubdivision: a?.countrySubdivision,
      };
      return true;
    }
    case 'N4': {
      const a = party.address;
      party.address = {
        line1: a?.line1 ?? '',
        line2: a?.line2,
        city: el(seg, 1),
        state: opt(el(seg, 2)),
        postalCode: opt(el(seg, 3)),
        countryCode: opt(el(seg, 4)),
        countrySubdivision: opt(el(seg, 7)),
      };
      return true;
    }
    case 'REF':
      party.references = append(party.references, { qualifier: el(seg, 1), value: el(seg, 2) });
      return true;
    case 'PER': {
      let numbers: { qualifier: string; value: string }[] | undefined;
      for (let i = 3; i + 1 < seg.elements.length; i += 2)
        if (el(seg, i)) numbers = append(numbers, { qualifier: el(seg, i), value: el(seg, i + 1) });
      party.contacts = append(party.contacts, {
        function: opt(el(seg, 1)),
        name: opt(el(seg, 2)),
        numbers: numbers ?? [],
      });
      return true;
    }
    case 'PRV':
      party.specialty = { role: el(seg, 1), taxonomy: el(seg, 3) };
      return true;
    case 'DMG': {
      party.birthDate = x12DateToIso(el(seg, 2));
      party.gender = opt(el(seg, 3));
      return true;
    }
    default:
      return false;
  }
}

export interface PartyWriteOptions {
  /** PRV right after NM1 (2310/2420 providers); billing-provider PRV is written at 2000A instead. */
  prv?: boolean;
  dmg?: boolean;
  /** Segments that go between N4/DMG and REF (e.g. 2330B DTP*573). */
  beforeRef?: SegmentValues[];
  per?: boolean;
}

export function writeParty(entityCode: string, p: Party, options: PartyWriteOptions = {}): SegmentValues[] {
  const out: SegmentValues[] = [
    [
      'NM1',
      entityCode,
      p.entityType === 'person' ? '1' : '2',
      p.name,
      p.firstName,
      p.middleName,
      undefined,
      p.suffix,
      p.idQualifier,
      p.id,
    ],
  ];
  if (options.prv && p.specialty) out.push(['PRV', p.specialty.role, 'PXC', p.specialty.taxonomy]);
  if (p.address) {
    const a = p.address;
    out.push(['N3', a.line1, a.line2]);
    out.push([
      'N4',
      a.city,
      a.state,
      a.postalCode,
      a.countryCode,
      undefined,
      undefined,
      a.countrySubdivision,
    ]);
  }
  if (options.dmg && (p.birthDate || p.gender))
    out.push(['DMG', 'D8', p.birthDate ? isoToX12Date(p.birthDate) : undefined, p.gender]);
  if (options.beforeRef) out.push(...options.beforeRef);
  for (const r of p.references ?? []) out.push(['REF', r.qualifier, r.value]);
  if (options.per !== false) {
    for (const c of p.contacts ?? []) {
      const row: SegmentValues = ['PER', c.function ?? 'IC', c.name];
      for (const n of c.numbers.slice(0, 3)) row.push(n.qualifier, n.value);
      out.push(row);
    }
  }
  for (const x of p.extraSegments ?? []) out.push(fromRaw(x));
  return out;
}

/** DTP/DTM date: D8 → date, RD8 → date + endDate, other formats kept verbatim. */
export function readQualifiedDate(qualifier: string, format: string, value: string): QualifiedDate {
  if (format === 'D8') {
    const date = x12DateToIso(value);
    if (date) return { qualifier, date };
  } else if (format === 'RD8') {
    const [from, to] = value.split('-');
    const date = x12DateToIso(from);
    const endDate = x12DateToIso(to);
    if (date && endDate) return { qualifier, date, endDate };
  }
  return { qualifier, format, value };
}

export function readDtp(seg: Segment): QualifiedDate {
  return readQualifiedDate(el(seg, 1), el(seg, 2), el(seg, 3));
}

export function dateFormatAndValue(d: QualifiedDate): [string, string] {
  if (d.format !== undefined && d.value !== undefined) return [d.format, d.value];
  if (!d.date) throw new RangeError(`date ${d.qualifier} has neither date nor format/value`);
  if (d.endDate) return ['RD8', `${isoToX12Date(d.date)}-${isoToX12Date(d.endDate)}`];
  return ['D8', isoToX12Date(d.date)];
}

export function writeDtp(d: QualifiedDate): SegmentValues {
  const [format, value] = dateFormatAndValue(d);
  return ['DTP', d.qualifier, format, value];
}

/** CAS → adjustments (up to six reason/amount/quantity triplets per segment), appended to `into` (see `append`). */
export function readCas(seg: Segment, into?: Adjustment[]): Adjustment[] {
  const group = el(seg, 1);
  let out = into;
  for (let i = 2; i < seg.elements.length; i += 3) {
    const reason = el(seg, i);
    if (!reason) continue;
    out = append(out, {
      group,
      reason,
      amountCents: parseCents(el(seg, i + 1)) ?? 0,
      quantity: parseQuantity(el(seg, i + 2)),
    });
  }
  return out ?? [];
}

/** Adjustments → CAS segments: consecutive adjustments of one group share a segment, six per segment. */
export function writeCas(adjustments: Adjustment[] | undefined): SegmentValues[] {
  const out: SegmentValues[] = [];
  let current: SegmentValues | undefined;
  let triplets = 0;
  let group = '';
  for (const a of adjustments ?? []) {
    if (!current || a.group !== group || triplets === 6) {
      current = ['CAS', a.group];
      out.push(current);
      group = a.group;
      triplets = 0;
    }
    current.push(
      a.reason,
      formatCents(a.amountCents),
      a.quantity === undefined ? undefined : formatQuantity(a.quantity),
    );
    triplets++;
  }
  return out;
}

export function readAmount(seg: Segment): Amount {
  return { qualifier: el(seg, 1), cents: parseCents(el(seg, 2)) ?? 0 };
}

export function writeAmount(a: Amount): SegmentValues {
  return ['AMT', a.qualifier, formatCents(a.cents)];
}

/** A segment kept verbatim (composites as arrays). */
export function toRaw(seg: Segment): RawSegment {
  const c = seg.delimiters.component;
  return seg.elements.map((e, i) => (i > 0 && e.includes(c) ? e.split(c) : e));
}

export function fromRaw(raw: RawSegment): SegmentValues {
  return raw.map((v) => (Array.isArray(v) ? [...v] : v)) as SegmentValues;
}

export function money(cents: number | undefined): ElementValue {
  return cents === undefined ? undefined : formatCents(cents);
}
