/** Schemas of the import endpoints. */
import { type Static, Type } from '@sinclair/typebox';
import { Uuid } from '../../kernel/http/schemas.js';

const closed = { additionalProperties: false } as const;

export const ImportMode = Type.Union([
  Type.Literal('dry_run'),
  Type.Literal('valid_only'),
  Type.Literal('all_or_nothing'),
]);
export const ImportQuery = Type.Object(
  {
    orgId: Type.Optional(Uuid),
    mode: Type.Optional(ImportMode),
    /** The officer confirms members consented (paper form) to their sensitive data being stored. */
    consentAttested: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ImportView = Type.Object({
  id: Uuid,
  orgId: Uuid,
  mode: ImportMode,
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  fileName: Type.Union([Type.String(), Type.Null()]),
  fileSha256: Type.String(),
  fileBytes: Type.Integer(),
  encoding: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
  ]),
  progress: Type.Number(),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  errorRows: Type.Integer(),
  existingRows: Type.Integer(),
  createdRows: Type.Integer(),
  committed: Type.Boolean(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  errorDetails: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  preview: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  errors: Type.Array(
    Type.Object({
      rowNo: Type.Integer(),
      column: Type.String(),
      code: Type.String(),
      refRow: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
export type ImportView = Static<typeof ImportView>;

export const LangQuery = Type.Object(
  { lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) },
  closed,
);
export const TemplateQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
    lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
  },
  closed,
);
