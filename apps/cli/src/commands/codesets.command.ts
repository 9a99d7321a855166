import type { Command } from 'commander';
import * as fs from 'node:fs';
import {
  CmsReleaseFiles,
  icdEntry,
  ICD_FY_BASE,
  importCmsRelease,
  ImportError,
  importDir,
  loadReferenceTables,
  MUE_DME,
  MUE_OUTPATIENT,
  MUE_PRACTITIONER,
  procedureId,
  snapshotPath,
} from '@revcycle/codesets';

interface ImportFlags extends CmsReleaseFiles {
  release: string;
  fiscalYear?: string;
  dir?: string;
  allowErrors?: boolean;
}

export function registerCodesets(program: Command): void {
  const codesets = program
    .command('codesets')
    .description('reference code sets and CMS edit tables: info, lookup, import a new release');

  codesets
    .command('info')
    .description(
      'print the loaded tables, their source files, releases and row counts, and the snapshot path',
    )
    .action(() => {
      const t0 = Date.now();
      const t = loadReferenceTables();
      const info = {
        loadMs: Date.now() - t0,
        snapshot: snapshotPath(),
        snapshotMB: Math.round(t.buffer.byteLength / 1e5) / 10,
        importDir: importDir(),
        icdFiscalYears: t.meta.icdFiscalYears,
        procedureCodes: t.proc.count,
        ptpPairs: { practitioner: t.ptpPractitioner.pairs, outpatient: t.ptpOutpatient.pairs },
        sources: t.meta.sources,
      };
      process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    });

  codesets
    .command('lookup')
    .description('show what the tables hold for CPT/HCPCS or ICD-10-CM codes')
    .argument('<codes...>', 'e.g. 45380 E11.65')
    .action((codes: string[]) => {
      const t = loadReferenceTables();
      for (const code of codes) {
        const out: Record<string, unknown> = { code };
        const id = procedureId(t.proc, code);
        if (id) {
          const mue = (k: number) =>
            t.proc.mueMai[id * 3 + k]
              ? { value: t.proc.mueValue[id * 3 + k], mai: t.proc.mueMai[id * 3 + k] }
              : undefined;
          out['procedure'] = {
            hcpcsAddDate: t.proc.hcpcsAdd[id] || undefined,
            hcpcsTerminationDate: t.proc.hcpcsTerm[id] || undefined,
            mue: {
              practitioner: mue(MUE_PRACTITIONER),
              outpatientHospital: mue(MUE_OUTPATIENT),
              dmeSupplier: mue(MUE_DME),
            },
            addOnType: t.proc.aocType[id] || undefined,
          };
        }
        const e = icdEntry(t.icd, code);
        if (e >= 0) {
          const years = (mask: number) =>
            Array.from({ length: 32 }, (_, b) => b)
              .filter((b) => (mask & (1 << b)) !== 0)
              .map((b) => ICD_FY_BASE + b);
          out['icd10cm'] = {
            code: t.meta.icdCodes[e],
            inFiscalYears: years(t.icd.presentMask[e]),
            billableInFiscalYears: years(t.icd.billableMask[e]),
            mceFlags: t.icd.flags[e],
            ages: t.icd.ageMin[e] === 255 ? undefined : [t.icd.ageMin[e], t.icd.ageMax[e]],
          };
        }
        if (!out['procedure'] && !out['icd10cm']) out['found'] = false;
        process.stdout.write(`${JSON.stringify(out)}\n`);
      }
    });

  codesets
    .command('import')
    .description(
      'load a CMS quarterly release / CDC ICD-10-CM year in its original file format (see libs/codesets/README.md) and rebuild the snapshot',
    )
    .requiredOption('--release <label>', 'release label, e.g. 2025-01-01 (recorded with the tables)')
    .option(
      '--ptp-practitioner <files...>',
      'NCCI PTP practitioner file(s) of the quarter (CMS -f1 … -f4 .txt, or xlsx saved as tab/CSV)',
    )
    .option('--ptp-outpatient <files...>', 'NCCI PTP outpatient hospital file(s)')
    .option('--mue-practitioner <file>', 'MUE practitioner services table (CSV/tab)')
    .option('--mue-outpatient <file>', 'MUE outpatient hospital services table')
    .option('--mue-dme <file>', 'MUE DME supplier services table')
    .option('--aoc <file>', 'NCCI add-on code edits table')
    .option('--hcpcs <file>', 'HCPCS Level II quarterly file (xlsx saved as tab/CSV)')
    .option('--icd10cm <file>', 'CDC ICD-10-CM order file (icd10cm-order-YYYY.txt)')
    .option('--fiscal-year <year>', 'ICD-10-CM fiscal year of --icd10cm (default: year in its file name)')
    .option('--dir <dir>', 'import folder (default REVCYCLE_CODESETS_IMPORT_DIR or .data/codesets)')
    .option('--allow-errors', 'import even when some rows cannot be read (they are listed and skipped)')
    .action((opts: ImportFlags) => {
      const files: CmsReleaseFiles = {
        ptpPractitioner: opts.ptpPractitioner,
        ptpOutpatient: opts.ptpOutpatient,
        muePractitioner: opts.muePractitioner,
        mueOutpatient: opts.mueOutpatient,
        mueDme: opts.mueDme,
        aoc: opts.aoc,
        hcpcs: opts.hcpcs,
        icd10cm: opts.icd10cm,
      };
      if (!Object.values(files).some(Boolean))
        throw new Error(
          'codesets import: give at least one file (--ptp-practitioner, --mue-practitioner, --aoc, --hcpcs, --icd10cm …)',
        );
      for (const f of Object.values(files).flat())
        if (f && !fs.existsSync(f)) throw new Error(`${f}: no such file`);
      try {
        const report = importCmsRelease(files, {
          release: opts.release,
          ...(opts.fiscalYear ? { fiscalYear: Number(opts.fiscalYear) } : {}),
          ...(opts.dir ? { dir: opts.dir } : {}),
          allowErrors: Boolean(opts.allowErrors),
        });
        for (const [name, r] of Object.entries(report.tables)) {
          for (const e of r.errors.slice(0, 20))
            process.stderr.write(`revcycle codesets import: ${r.file}:${e.line}: ${e.message} (skipped)\n`);
          process.stdout.write(
            `${JSON.stringify({ table: name, file: r.file, rows: r.rows, skipped: r.errors.length })}\n`,
          );
        }
        process.stdout.write(
          `${JSON.stringify({ manifest: report.manifestPath, snapshot: snapshotPath({ importDir: opts.dir }), icdFiscalYears: report.reference.meta.icdFiscalYears })}\n`,
        );
      } catch (err) {
        if (err instanceof ImportError) {
          for (const e of err.errors.slice(0, 20))
            process.stderr.write(`revcycle codesets import: ${err.file}:${e.line}: ${e.message}\n`);
        }
        throw err;
      }
    });
}
