/** `unionhall members import FILE --org ORG [--dry-run]`: the registry import from a local file, with a progress bar. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { AppError } from '../kernel/http/errors.js';
import { importMembersFromFile, importReportLines } from '../modules/members/index.js';
import { cliAuditDetails, withDeps } from './context.js';
import { CliFailure, type Command, UsageError } from './io.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `[#########...........]  45%  12,345 rows  3 errors` */
export function progressBar(share: number, rows: number, errors: number, width = 30): string {
  const done = Math.round(Math.max(0, Math.min(1, share)) * width);
  const pct = String(Math.floor(share * 100)).padStart(3);
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${pct}%  ${rows.toLocaleString('en')} rows  ${errors.toLocaleString('en')} errors`;
}

const HELP = `Usage: unionhall members import FILE --org ORG_ID [--dry-run | --all-or-nothing]
                               [--consent-attested] [--report REPORT.csv] [--lang zh-CN|en]

Imports members from a CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16 with BOM) or XLSX file
into the grassroots union, branch or group ORG_ID. The template and the accepted headers (Chinese or
English) are described in docs/members.md.

  --dry-run           validate only: report row errors and duplicates, store nothing
  --all-or-nothing    import nothing if any row has an error (default: import the valid rows)
  --consent-attested  confirm that the members consented (signed form) to their ID number, phone
                      and address being stored; required unless --dry-run
  --report FILE       write the full row-by-row report as CSV
  --lang              language of the report (default zh-CN)

Rows whose ID number the union already holds are skipped, so running the same file again creates
nothing new. Exit code 0 when the job finished (even with row errors in the default mode), 1 when it
failed (missing columns, unreadable file, or --all-or-nothing with errors).`;

export const membersImportCommand: Command = {
  path: ['members', 'import'],
  summary: 'Import members from a CSV or XLSX file',
  help: HELP,
  run: async (args, io) => {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          org: { type: 'string' },
          'dry-run': { type: 'boolean' },
          'all-or-nothing': { type: 'boolean' },
          'consent-attested': { type: 'boolean' },
          report: { type: 'string' },
          lang: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const v = parsed.values as Record<string, string | boolean | undefined>;
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    const [file, ...rest] = parsed.positionals;
    if (!file || rest.length) throw new UsageError('give exactly one FILE');
    const org = typeof v.org === 'string' ? v.org : '';
    if (!UUID.test(org)) throw new UsageError('--org must be an organisation id (a UUID)');
    if (v['dry-run'] && v['all-or-nothing'])
      throw new UsageError('--dry-run and --all-or-nothing exclude each other');
    const mode = v['dry-run'] ? 'dry_run' : v['all-or-nothing'] ? 'all_or_nothing' : 'valid_only';
    if (mode !== 'dry_run' && !v['consent-attested']) {
      throw new UsageError(
        '--consent-attested is required to store ID numbers, phones and addresses (or use --dry-run)',
      );
    }
    const lang = v.lang === 'en' ? 'en' : 'zh-CN';
    return withDeps(io, async (deps) => {
      let job: Awaited<ReturnType<typeof importMembersFromFile>>;
      try {
        job = await importMembersFromFile(deps, {
          file,
          orgId: org,
          mode,
          audit: cliAuditDetails(),
          onProgress: (p) => io.progress(progressBar(p.progress ?? 0, p.total_rows ?? 0, p.error_rows ?? 0)),
        });
      } catch (err) {
        if (err instanceof AppError)
          throw new CliFailure(`${err.code}: ${JSON.stringify(err.details ?? {})}`);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliFailure(`no such file: ${file}`);
        throw err;
      }
      if (typeof v.report === 'string') {
        const out = createWriteStream(v.report);
        for await (const line of importReportLines(deps, job.id, lang))
          if (!out.write(line)) await once(out, 'drain');
        out.end();
        await once(out, 'finish');
      }
      io.out(
        `${job.status === 'succeeded' ? 'OK' : `FAILED (${job.errorCode})`}: ${job.totalRows} rows, ` +
          `${job.createdRows} created, ${job.existingRows} already registered, ${job.errorRows} with errors` +
          `${mode === 'dry_run' ? ' (dry run: nothing stored)' : ''}; encoding ${job.encoding ?? '?'}; job ${job.id}`,
      );
      for (const e of job.errors.slice(0, 20))
        io.out(`  row ${e.rowNo}, ${e.column}: ${e.code}${e.refRow ? ` (row ${e.refRow})` : ''}`);
      if (job.errorRows > 20 && typeof v.report !== 'string')
        io.out('  ... use --report FILE for the full report');
      if (job.errorDetails && Object.keys(job.errorDetails).length)
        io.out(`  ${JSON.stringify(job.errorDetails)}`);
      return job.status === 'succeeded' ? 0 : 1;
    });
  },
};
