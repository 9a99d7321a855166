import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse837 } from '../837/reader';
import { write837 } from '../837/writer';
import { parse835 } from '../835/reader';
import { write835 } from '../835/writer';

const dir = path.join(__dirname, '..', '__fixtures__');
const bases = fs
  .readdirSync(dir)
  .filter((f) => !f.endsWith('.md'))
  .map((f) => fs.readFileSync(path.join(dir, f)));
it('re-writing a damaged file that was read back either works or fails with a RangeError naming the bad value (no TypeError)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...bases),
      fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 32, max: 126 }) }), { maxLength: 8 }),
      (base, flips) => {
        const buf = Buffer.from(base);
        for (const f of flips) if (buf.length) buf[f.at % buf.length] = f.byte;
        for (const [p, w] of [
          [parse837, write837],
          [parse835, write835],
        ] as const) {
          const r = (p as (b: Buffer) => { file: unknown })(buf);
          try {
            (w as (f: unknown) => string)(r.file);
          } catch (e) {
            if (!(e instanceof RangeError)) throw e;
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});
