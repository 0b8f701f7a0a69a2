/**
 * Wire types of the Unionhall HTTP API (docs/api.md). Hand-written until the server publishes
 * types generated from its TypeBox schemas; fields the guide does not name are optional.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type OrgKind = 'federation' | 'grassroots' | 'branch' | 'group' | 'industrial';

export interface OrgAbilities {
  create: boolean;
  rename: boolean;
  move: boolean;
  close: boolean;
  manageGrants: boolean;
}

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  name: string;
  status: 'active' | 'closed';
  depth: number;
  /** Kinds a child of this node may have, as the server rules say. */
  childKinds: OrgKind[];
  abilities: OrgAbilities;
}

export interface MeUser {
  id: string;
  username: string;
  displayName: string;
  emailMasked: string | null;
  phoneMasked: string | null;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  mfaPassed: boolean;
  isOfficer: boolean;
  /** The organisation the user belongs to (a member's own union or group). */
  orgId: string;
  orgName: string;
}

export interface MeGrant {
  id: string;
  roleKey: string;
  orgId: string;
  orgName: string;
}

export interface Me {
  user: MeUser;
  grants: MeGrant[];
  abilities: { permissions: string[] };
  csrfToken: string;
}

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  emailMasked: string | null;
  orgId: string;
  orgName: string;
  /** 'active' or 'disabled' today; other values are shown as they come. */
  status: string;
  mfaEnabled: boolean;
  /** In list rows only. */
  isOfficer?: boolean;
}

export interface Grant {
  id: string;
  userId?: string;
  roleKey: string;
  orgId: string;
  orgName?: string;
}

export interface UserDetail extends UserSummary {
  grants: Grant[];
}

export interface Role {
  key: string;
  permissions: string[];
}

export interface AuditEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  orgId: string | null;
  details: Record<string, unknown>;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq?: number;
  reason?: string;
}

export interface RevealedContact {
  email: string | null;
  phone: string | null;
}

export interface CsrfResponse {
  csrfToken: string;
}

export interface LoginResponse extends CsrfResponse {
  status: 'ok' | 'mfa_required';
}

export interface MfaEnrollResponse {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}
