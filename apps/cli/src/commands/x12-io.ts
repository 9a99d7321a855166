import * as fs from 'node:fs';
import type { X12Issue } from '@revcycle/x12';

/** Counts the issues of severity error (warnings do not fail a command). */
export function errorCount(issues: readonly X12Issue[]): number {
  let n = 0;
  for (const i of issues) if (i.severity === 'error') n++;
  return n;
}

/** Exit status of a reading command: 1 when the file has errors, 0 when it has none (2 is usage or I/O, from main). */
export function exitWithFileErrors(hasErrors: boolean): void {
  process.exitCode = hasErrors ? 1 : 0;
}

/** Reads FILE, or stdin when FILE is "-". Throws (→ exit 2) with a plain message on I/O errors. */
export async function readInput(file: string): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks);
  }
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? `${file}: no such file`
        : code === 'EISDIR'
          ? `${file}: is a directory`
          : `${file}: cannot read (${code ?? (err as Error).message})`,
    );
  }
}

/** Opens FILE (or stdin for "-") as a stream of chunks, for commands that stream large files. */
export function openInput(file: string): AsyncIterable<Buffer> {
  if (file === '-') return process.stdin as AsyncIterable<Buffer>;
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code})`);
  }
  return fs.createReadStream(file, { highWaterMark: 1 << 20 });
}

/** Writes text to --out FILE, or stdout. */
export async function writeOutput(text: string, out: string | undefined): Promise<void> {
  if (out && out !== '-') {
    try {
      fs.writeFileSync(out, text);
    } catch (err) {
      throw new Error(
        `${out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    return;
  }
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(text, (e) => (e ? reject(e) : resolve())),
  );
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
