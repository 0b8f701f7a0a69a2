import { Type } from '@sinclair/typebox';
import { Reason, Uuid } from '../../kernel/http/schemas.js';
import { OrgKind, OrgName } from '../orgs/index.js';

const closed = { additionalProperties: false } as const;

export const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
// No length rules here: the password policy answers with precise, translatable problems.
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
// Mainland mobile numbers (11 digits starting with 1[3-9]) or E.164 international numbers.
export const Phone = Type.String({ pattern: '^(1[3-9]\\d{9}|\\+[1-9]\\d{6,14})$' });
export const TotpCode = Type.String({ pattern: '^\\d{6}$' });

export const CsrfReply = Type.Object({ csrfToken: Type.String() });
export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  closed,
);
export const LoginReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('mfa_required')]),
  csrfToken: Type.String(),
});
export const MfaVerifyBody = Type.Union([
  Type.Object({ code: TotpCode }, closed),
  Type.Object({ recoveryCode: Type.String({ minLength: 6, maxLength: 32 }) }, closed),
]);
export const ReauthBody = Type.Object({ password: Password }, closed);
export const EnrollReply = Type.Object({
  secret: Type.String(),
  otpauthUrl: Type.String(),
  qrSvg: Type.String(),
});
export const ActivateBody = Type.Object({ code: TotpCode }, closed);
export const ActivateReply = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: Password }, closed);
export const ResetRequestBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 254 }) },
  closed,
);
export const ResetBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }), newPassword: Password },
  closed,
);
export const ContactBody = Type.Object(
  {
    email: Type.Optional(Type.Union([Email, Type.Literal('')])),
    phone: Type.Optional(Type.Union([Phone, Type.Literal('')])),
  },
  { ...closed, minProperties: 1 },
);

export const MeReply = Type.Object({
  user: Type.Object({
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    emailMasked: Type.Union([Type.String(), Type.Null()]),
    phoneMasked: Type.Union([Type.String(), Type.Null()]),
    orgId: Uuid,
    orgName: Type.String(),
    mfaEnabled: Type.Boolean(),
    mfaRequired: Type.Boolean(),
    mfaPassed: Type.Boolean(),
    isOfficer: Type.Boolean(),
  }),
  grants: Type.Array(Type.Object({ id: Uuid, roleKey: Type.String(), orgId: Uuid, orgName: Type.String() })),
  abilities: Type.Object({ permissions: Type.Array(Type.String()) }),
  csrfToken: Type.String(),
});

export const SetupStatusReply = Type.Object({ needsSetup: Type.Boolean() });
export const SetupBody = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 200 }),
    orgName: OrgName,
    orgKind: OrgKind,
    username: Username,
    displayName: DisplayName,
    email: Type.Optional(Email),
    password: Password,
  },
  closed,
);

export const UserSummary = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  emailMasked: Type.Union([Type.String(), Type.Null()]),
  orgId: Uuid,
  orgName: Type.String(),
  status: Type.String(),
  mfaEnabled: Type.Boolean(),
  isOfficer: Type.Boolean(),
});
export const GrantView = Type.Object({
  id: Uuid,
  roleKey: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
});
export const UserDetail = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  emailMasked: Type.Union([Type.String(), Type.Null()]),
  orgId: Uuid,
  orgName: Type.String(),
  status: Type.String(),
  mfaEnabled: Type.Boolean(),
  grants: Type.Array(GrantView),
});
export const UsersQuery = Type.Object(
  {
    orgId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  closed,
);
export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    email: Type.Optional(Email),
    orgId: Uuid,
    password: Password,
  },
  closed,
);
export const StatusBody = Type.Object({ reason: Reason }, closed);
export const RolesReply = Type.Object({
  items: Type.Array(Type.Object({ key: Type.String(), permissions: Type.Array(Type.String()) })),
});
export const GrantBody = Type.Object(
  { userId: Uuid, roleKey: Type.String({ minLength: 1, maxLength: 64 }), orgId: Uuid },
  closed,
);
export const GrantReply = Type.Object({
  id: Uuid,
  userId: Uuid,
  roleKey: Type.String(),
  orgId: Uuid,
  orgName: Type.String(),
});
export const RevealReply = Type.Object({
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
});
