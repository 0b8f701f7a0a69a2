/** All SQL of case_attachments. */
import type { Insertable, Selectable } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { CaseAttachmentsTable } from '../../kernel/db/types.js';

export type AttachmentRow = Selectable<CaseAttachmentsTable>;

export function attachmentsRepo(db: Database) {
  return {
    insert: (row: Insertable<CaseAttachmentsTable>) =>
      db.insertInto('case_attachments').values(row).returningAll().executeTakeFirstOrThrow(),
    find: (caseId: string, id: string): Promise<AttachmentRow | undefined> =>
      db
        .selectFrom('case_attachments')
        .selectAll()
        .where('case_id', '=', caseId)
        .where('id', '=', id)
        .executeTakeFirst(),
    listForCase: (caseId: string) =>
      db
        .selectFrom('case_attachments')
        .select(['id', 'file_name', 'mime', 'size_bytes', 'uploader_role', 'created_at'])
        .where('case_id', '=', caseId)
        .orderBy('created_at')
        .execute(),
  };
}
