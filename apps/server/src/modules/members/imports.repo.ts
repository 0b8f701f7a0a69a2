/** SQL of member_imports (the job and its progress) and member_import_errors (the row report). */
import type { Database } from '../../kernel/db/pool.js';
import type { MemberImportsTable } from '../../kernel/db/types.js';

export type ImportJobRow = {
  id: string;
  union_id: string;
  org_id: string;
  created_by: string | null;
  created_at: Date;
  mode: MemberImportsTable['mode'];
  format: 'csv' | 'xlsx';
  file_name: string | null;
  file_sha256: string;
  file_bytes: number;
  encoding: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  total_rows: number;
  valid_rows: number;
  error_rows: number;
  existing_rows: number;
  created_rows: number;
  committed: boolean;
  error_code: string | null;
  error_details: Record<string, unknown> | null;
  preview: Array<Record<string, unknown>>;
  heartbeat_at: Date | null;
  finished_at: Date | null;
};

export type Progress = Partial<
  Pick<
    ImportJobRow,
    | 'status'
    | 'progress'
    | 'total_rows'
    | 'valid_rows'
    | 'error_rows'
    | 'existing_rows'
    | 'created_rows'
    | 'committed'
    | 'encoding'
    | 'error_code'
    | 'heartbeat_at'
    | 'finished_at'
  >
> & { preview?: Array<Record<string, unknown>>; error_details?: Record<string, unknown> };

export function importsRepo(db: Database) {
  return {
    insert: (row: {
      id: string;
      union_id: string;
      org_id: string;
      created_by: string | null;
      created_at: Date;
      mode: ImportJobRow['mode'];
      format: ImportJobRow['format'];
      file_name: string | null;
      file_sha256: string;
      file_bytes: number;
    }) =>
      db
        .insertInto('member_imports')
        .values({ ...row, preview: '[]' })
        .execute(),

    findById: (id: string) =>
      db.selectFrom('member_imports').selectAll().where('id', '=', id).executeTakeFirst() as Promise<
        ImportJobRow | undefined
      >,

    update: (id: string, p: Progress) =>
      db
        .updateTable('member_imports')
        .set({
          ...p,
          preview: p.preview ? JSON.stringify(p.preview) : undefined,
          error_details: p.error_details ? JSON.stringify(p.error_details) : undefined,
        })
        .where('id', '=', id)
        .execute(),

    insertErrors: async (
      rows: { import_id: string; row_no: number; column_key: string; code: string; ref_row: number | null }[],
    ) => {
      if (rows.length) await db.insertInto('member_import_errors').values(rows).execute();
    },

    /** A page of the report, in row order. */
    errors: (id: string, afterId: number, limit: number) =>
      db
        .selectFrom('member_import_errors')
        .select(['id', 'row_no', 'column_key', 'code', 'ref_row'])
        .where('import_id', '=', id)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute(),
  };
}
