import { type Static, Type } from '@sinclair/typebox';
import { Reason, Uuid } from '../../kernel/http/schemas.js';

export const OrgKind = Type.Union([
  Type.Literal('federation'),
  Type.Literal('grassroots'),
  Type.Literal('branch'),
  Type.Literal('group'),
  Type.Literal('industrial'),
]);

export const OrgName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const OrgNode = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  kind: OrgKind,
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  depth: Type.Integer(),
  /** The kinds a child of this node may have (DOMAIN.md), so clients need not repeat the rule. */
  childKinds: Type.Array(OrgKind),
  abilities: Type.Object({
    create: Type.Boolean(),
    rename: Type.Boolean(),
    move: Type.Boolean(),
    close: Type.Boolean(),
    manageGrants: Type.Boolean(),
  }),
});
export type OrgNode = Static<typeof OrgNode>;

export const CreateOrgBody = Type.Object(
  { parentId: Uuid, name: OrgName, kind: OrgKind },
  { additionalProperties: false },
);
export const RenameOrgBody = Type.Object({ name: OrgName }, { additionalProperties: false });
export const MoveOrgBody = Type.Object({ parentId: Uuid }, { additionalProperties: false });
export const CloseOrgBody = Type.Object({ reason: Reason }, { additionalProperties: false });
