/**
 * `npm run bench:x12` — parse throughput of libs/x12 against node-x12 and x12-parser on the same
 * generated 835 and 837 files, 837 generation speed, and peak RSS streaming a ≥ 1 GB generated 835.
 * Prints ratios; the last line is one JSON object with the figures.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { parse835, stream835 } from '../835/reader';
import { write835 } from '../835/writer';
import type { ClaimPayment, RemittanceFile } from '../835/model';
import { parse837, stream837 } from '../837/reader';
import { manyClaimsFile } from '../837/sample-claims';
import { write837 } from '../837/writer';
import { InMemoryControlNumbers } from '../envelope/writer';
import { readTransactionSets } from '../envelope/reader';
import { X12Tokenizer } from '../tokenizer/tokenizer';

const { X12Parser: NodeX12Parser } = require('node-x12') as {
  X12Parser: new () => { parse(edi: string): unknown };
};
const { X12parser: StreamX12Parser } = require('x12-parser') as {
  X12parser: new () => NodeJS.ReadWriteStream;
};

const MB = 1024 * 1024;

function remittance(claims: number, seed = 0): RemittanceFile {
  const list: ClaimPayment[] = [];
  for (let i = 0; i < claims; i++) {
    const lines = [0, 1, 2].map((j) => {
      const charge = 5000 + ((i * 7 + j * 13 + seed) % 400) * 25;
      const co = Math.floor(charge * 0.3);
      const pr = j === 0 ? 2000 : 0;
      return {
        procedure: {
          qualifier: 'HC',
          code: ['99213', '36415', '80053'][j],
          modifiers: j === 0 ? ['25'] : undefined,
        },
        chargeCents: charge,
        paidCents: charge - co - pr,
        units: 1,
        dates: [{ qualifier: '472', date: '2024-02-20' }],
        adjustments: pr
          ? [
              { group: 'CO', reason: '45', amountCents: co },
              { group: 'PR', reason: '2', amountCents: pr },
            ]
          : [{ group: 'CO', reason: '45', amountCents: co }],
        lineItemControlNumber: `L${i}-${j}`,
        amounts: [{ qualifier: 'B6', cents: charge - co }],
      };
    });
    for (const l of lines) if (!l.procedure.modifiers) delete l.procedure.modifiers;
    const charge = lines.reduce((s, l) => s + l.chargeCents, 0);
    const paid = lines.reduce((s, l) => s + l.paidCents, 0);
    list.push({
      headerNumber: '1',
      claimId: `PCN${String(i).padStart(9, '0')}`,
      status: '1',
      chargeCents: charge,
      paidCents: paid,
      patientResponsibilityCents: 2000,
      filingIndicator: 'CI',
      payerClaimControlNumber: `ACME${String(i + seed).padStart(12, '0')}`,
      facilityCode: '11',
      frequencyCode: '1',
      adjustments: [],
      parties: [
        {
          entityCode: 'QC',
          entityType: 'person',
          name: 'TESTPATIENT',
          firstName: 'ALEX',
          idQualifier: 'MI',
          id: `MBR${i}`,
        },
      ],
      dates: [{ qualifier: '050', date: '2024-03-01' }],
      serviceLines: lines,
    });
  }
  const total = list.reduce((s, c) => s + c.paidCents, 0);
  return {
    interchange: { senderId: 'ACMEHEALTH', receiverId: 'REVCYCLE01', usage: 'T' },
    transactions: [
      {
        payment: {
          handlingCode: 'I',
          totalPaidCents: total,
          creditDebit: 'C',
          method: 'ACH',
          format: 'CCP',
          date: '2024-03-15',
        },
        trace: { typeCode: '1', traceNumber: `EFT${seed}`, originatorId: '1999999999' },
        payer: {
          entityType: 'organization',
          name: 'ACME HEALTH PLAN',
          address: { line1: '1 PAYER WAY', city: 'CHICAGO', state: 'IL', postalCode: '60601' },
          contacts: [{ function: 'BL', numbers: [{ qualifier: 'TE', value: '8005550100' }] }],
        },
        payee: {
          entityType: 'organization',
          name: 'RIVERSIDE FAMILY MEDICINE',
          idQualifier: 'XX',
          id: '1234567893',
        },
        claims: list,
        providerAdjustments: [],
      },
    ],
  };
}

async function runX12Parser(buf: Buffer): Promise<number> {
  // Same 64 KB chunking as stream835 gets.
  return new Promise((resolve, reject) => {
    let n = 0;
    const parser = new StreamX12Parser();
    parser.on('data', () => n++);
    parser.on('end', () => resolve(n));
    parser.on('error', reject);
    const chunks: Buffer[] = [];
    for (let i = 0; i < buf.length; i += 64 * 1024) chunks.push(buf.subarray(i, i + 64 * 1024));
    Readable.from(chunks).pipe(parser);
  });
}

/** Best of `reps` runs, in seconds. */
async function time(reps: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function streamChild(file: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  let firstHalfPeak = 0;
  let bytes = 0;
  const size = fs.statSync(file).size;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (bytes < size / 2) firstHalfPeak = peak;
  };
  const timer = setInterval(sample, 50);
  let claims = 0;
  const t0 = performance.now();
  const source = fs.createReadStream(file, { highWaterMark: MB });
  source.on('data', (chunk) => (bytes += chunk.length));
  const summary = await stream835(source, {
    claim: () => {
      if (++claims % 20000 === 0) sample();
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.send?.({
    seconds,
    peakRssMB: peak / MB,
    firstHalfPeakRssMB: firstHalfPeak / MB,
    claims: summary.claims,
    balanced: summary.balanced,
    transactions: summary.transactions,
  });
}

type CaseName =
  | 'tokenize'
  | 'envelope'
  | 'parse835'
  | 'stream835'
  | 'parse837'
  | 'stream837'
  | 'generate837'
  | 'node-x12'
  | 'x12-parser';

/** One measurement, run in a fresh child process so no case inherits another's heap. Best of `reps`, seconds. */
async function caseChild(name: CaseName, file: string): Promise<void> {
  const buf = fs.readFileSync(file);
  const text = buf.toString('latin1');
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 64 * 1024) chunks.push(buf.subarray(i, i + 64 * 1024));
  const claims = manyClaimsFile(20_000);
  const runs: Record<CaseName, () => unknown> = {
    tokenize: () => {
      let n = 0;
      const t = new X12Tokenizer({ segment: () => n++ });
      t.write(buf);
      t.end();
      return n;
    },
    envelope: () => readTransactionSets(buf),
    parse835: () => parse835(buf),
    stream835: () => stream835(Readable.from(chunks), {}),
    parse837: () => parse837(buf),
    stream837: () => stream837(Readable.from(chunks), {}),
    generate837: () => write837(claims),
    'node-x12': () => new NodeX12Parser().parse(text),
    'x12-parser': () => runX12Parser(buf),
  };
  const slow = name === 'node-x12' || name === 'x12-parser';
  await runs[name](); // warm-up
  const seconds = await time(slow ? 3 : 5, runs[name]);
  process.send?.({ seconds });
}

function measure(name: CaseName, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--case', name, file], { execArgv: process.execArgv });
    child.on('message', (m) => resolve((m as { seconds: number }).seconds));
    child.on('error', reject);
    child.on('exit', (code) => code !== 0 && reject(new Error(`bench case ${name} exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--stream-child') return streamChild(process.argv[3]);
  if (process.argv[2] === '--case') return caseChild(process.argv[3] as CaseName, process.argv[4]);
  const streamGB = Number(process.env['BENCH_STREAM_GB'] ?? '1');
  console.log(
    `x12 benchmark — node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}; each figure: best of 3–5 runs in a fresh process`,
  );

  // Same files for every parser.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-bench-'));
  const file835 = path.join(dir, 'remit.835');
  const file837 = path.join(dir, 'claims.837');
  fs.writeFileSync(file835, write835(remittance(25_000), { controlNumbers: new InMemoryControlNumbers(1) }));
  fs.writeFileSync(file837, write837(manyClaimsFile(20_000)));
  const mb835 = fs.statSync(file835).size / MB;
  const mb837 = fs.statSync(file837).size / MB;
  console.log(
    `835 test file: ${round(mb835)} MB, 25000 claims; 837 test file: ${round(mb837)} MB, 20000 claims`,
  );
  const check = parse835(fs.readFileSync(file835));
  if (!check.summary.balanced || check.summary.claims !== 25_000)
    throw new Error('generated 835 does not read back balanced');

  let oursStream837 = 0;
  let ours835 = 0,
    oursStream835 = 0,
    nodeX12835 = 0,
    x12Parser835 = 0,
    ours837 = 0,
    nodeX12837 = 0,
    x12Parser837 = 0,
    oursTok835 = 0,
    oursEnv835 = 0,
    oursTok837 = 0,
    generate = 0;
  try {
    ours835 = await measure('parse835', file835);
    oursStream835 = await measure('stream835', file835);
    nodeX12835 = await measure('node-x12', file835);
    x12Parser835 = await measure('x12-parser', file835);
    ours837 = await measure('parse837', file837);
    oursStream837 = await measure('stream837', file837);
    nodeX12837 = await measure('node-x12', file837);
    x12Parser837 = await measure('x12-parser', file837);
    // Segment level, the same output the peers give: a stream of segments (x12-parser) or an in-memory
    // interchange of segments (node-x12).
    oursTok835 = await measure('tokenize', file835);
    oursEnv835 = await measure('envelope', file835);
    oursTok837 = await measure('tokenize', file837);
    generate = await measure('generate837', file837);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const row = (name: string, seconds: number, mb: number, claims: number) =>
    `  ${name.padEnd(22)} ${round(mb / seconds)
      .toString()
      .padStart(8)} MB/s ${Math.round(claims / seconds)
      .toString()
      .padStart(10)} claims/s`;
  console.log('835, segment level (what the peers produce)');
  console.log(
    row('libs/x12 tokenizer', oursTok835, mb835, 25_000) +
      `  (${round(x12Parser835 / oursTok835)}× x12-parser stream)`,
  );
  console.log(
    row('libs/x12 envelope model', oursEnv835, mb835, 25_000) +
      `  (${round(nodeX12835 / oursEnv835)}× node-x12 interchange)`,
  );
  console.log(
    row('libs/x12 tokenizer 837', oursTok837, mb837, 20_000) +
      `  (${round(x12Parser837 / oursTok837)}× x12-parser stream)`,
  );
  console.log('835 parse (libs/x12: typed remittance model + IG balancing; peers: segment objects only)');
  console.log(row('libs/x12 parse835', ours835, mb835, 25_000) + '  (in memory)');
  console.log(row('libs/x12 stream835', oursStream835, mb835, 25_000) + '  (streamed, claims not retained)');
  console.log(row('node-x12 X12Parser', nodeX12835, mb835, 25_000));
  console.log(row('x12-parser (stream)', x12Parser835, mb835, 25_000));
  console.log('837 parse');
  console.log(row('libs/x12 parse837', ours837, mb837, 20_000) + '  (in memory)');
  console.log(row('libs/x12 stream837', oursStream837, mb837, 20_000) + '  (streamed, claims not retained)');
  console.log(row('node-x12 X12Parser', nodeX12837, mb837, 20_000));
  console.log(row('x12-parser (stream)', x12Parser837, mb837, 20_000));
  // Like for like: in-memory typed parse vs node-x12's in-memory parse; typed streaming vs x12-parser's stream.
  const vsNodeX12 = nodeX12835 / ours835;
  const vsX12Parser = x12Parser835 / oursStream835;
  const vsNodeX12837 = nodeX12837 / ours837;
  const vsX12Parser837 = x12Parser837 / oursStream837;
  console.log(
    `ratios 835 typed: ${round(vsNodeX12)}× node-x12 (in memory), ${round(vsX12Parser)}× x12-parser (streaming); 837 typed: ${round(vsNodeX12837)}× node-x12 (in memory), ${round(vsX12Parser837)}× x12-parser (streaming)`,
  );
  console.log(`837 generation: ${Math.round(20_000 / generate)} claims/s (${round(mb837 / generate)} MB/s)`);

  // ≥ 1 GB streamed 835: one generated interchange repeated with distinct control numbers, in a child process.
  const file = path.join(os.tmpdir(), `revcycle-bench-${process.pid}.835`);
  let streamed = {
    seconds: 0,
    peakRssMB: 0,
    firstHalfPeakRssMB: 0,
    claims: 0,
    balanced: false,
    transactions: 0,
  };
  let fileMB = 0;
  try {
    const unit = write835(remittance(20_000, 7), { controlNumbers: new InMemoryControlNumbers(1) });
    const copies = Math.ceil((streamGB * 1024 * MB) / Buffer.byteLength(unit));
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < copies; i++) {
      const cn = String(i + 1).padStart(9, '0');
      fs.writeSync(
        fd,
        unit.replace(/\*000000001\*0\*T\*:~/, `*${cn}*0*T*:~`).replace(/IEA\*1\*000000001~/, `IEA*1*${cn}~`),
      );
    }
    fs.closeSync(fd);
    fileMB = fs.statSync(file).size / MB;
    streamed = await new Promise((resolve, reject) => {
      const child = fork(__filename, ['--stream-child', file], { execArgv: process.execArgv });
      child.on('message', (m) => resolve(m as typeof streamed));
      child.on('error', reject);
      child.on('exit', (code) => code !== 0 && reject(new Error(`stream child exited with ${code}`)));
    });
  } finally {
    fs.rmSync(file, { force: true });
  }
  console.log(
    `streamed ${round(fileMB / 1024, 2)} GB 835 (${streamed.transactions} transactions, ${streamed.claims} claims, balanced=${streamed.balanced}): ${round(fileMB / streamed.seconds)} MB/s, peak RSS ${round(streamed.peakRssMB)} MB (first half of the file: ${round(streamed.firstHalfPeakRssMB)} MB: ${streamed.peakRssMB <= streamed.firstHalfPeakRssMB * 1.25 + 16 ? 'flat' : 'GROWING'})`,
  );

  console.log(
    JSON.stringify({
      parse835MBps: round(mb835 / ours835),
      parse835ClaimsPerSec: Math.round(25_000 / ours835),
      stream835MBps: round(mb835 / oursStream835),
      parse837MBps: round(mb837 / ours837),
      parse837ClaimsPerSec: Math.round(20_000 / ours837),
      stream837MBps: round(mb837 / oursStream837),
      nodeX12Parse835MBps: round(mb835 / nodeX12835),
      x12ParserParse835MBps: round(mb835 / x12Parser835),
      tokenize835MBps: round(mb835 / oursTok835),
      tokenizeVsX12Parser: round(x12Parser835 / oursTok835),
      envelopeVsNodeX12: round(nodeX12835 / oursEnv835),
      vsNodeX12: round(vsNodeX12),
      vsX12Parser: round(vsX12Parser),
      vsNodeX12On837: round(vsNodeX12837),
      vsX12ParserOn837: round(vsX12Parser837),
      generate837ClaimsPerSec: Math.round(20_000 / generate),
      streamFileGB: round(fileMB / 1024, 2),
      streamMBps: round(fileMB / streamed.seconds),
      streamPeakRssMB: round(streamed.peakRssMB),
      streamPeakRssFirstHalfMB: round(streamed.firstHalfPeakRssMB),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
