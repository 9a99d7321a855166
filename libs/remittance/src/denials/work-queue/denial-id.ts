/**
 * A denial's id: its claim posting and the line (1-based SVC position in the CLP) it is on, 0 for a
 * denied claim — `<posting uuid>.<position>`, stable for as long as the posting stands.
 */
const DENIAL_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,4})$/i;

export interface DenialKey {
  postingId: string;
  linePosition: number;
}

export const denialId = (k: DenialKey): string => `${k.postingId}.${k.linePosition}`;

export function parseDenialId(id: string): DenialKey | undefined {
  const m = DENIAL_ID.exec(id);
  return m ? { postingId: m[1].toLowerCase(), linePosition: Number(m[2]) } : undefined;
}
