import { Problems } from './validation';

export type DecodedMessage =
  { ok: true; value: unknown } | { ok: false; problems: Problems; received: unknown };

/** Bytes or text to JSON; the position of a syntax error, never the text around it (it may be PHI). */
export function decodeMessage(raw: unknown): DecodedMessage {
  const value = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    return {
      ok: false,
      problems: [`event: not valid JSON${at ? ` (at position ${at[1]})` : ''}`],
      received: value,
    };
  }
}
