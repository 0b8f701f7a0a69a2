/**
 * A small JSON client for preparing data through the HTTP API (Node fetch with its own cookie jar and
 * CSRF header), and the administrator the journeys share.
 */
import { baseUrl, readState, setupToken, writeState } from './env';
import { freshTotp } from './totp';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} -> ${status} ${JSON.stringify(body)}`);
  }
}

export class ApiClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;

  async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', origin: baseUrl };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(new URL(url, baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) throw new ApiError(res.status, data, `${method} ${url}`);
    if (data && typeof data === 'object' && typeof (data as { csrfToken?: unknown }).csrfToken === 'string') {
      this.csrf = (data as { csrfToken: string }).csrfToken;
    }
    return data as T;
  }
}

export type Account = {
  username: string;
  password: string;
  displayName: string;
  secret?: string;
  lastStep?: number;
};
export type OrgNode = { id: string; parentId: string | null; kind: string; name: string; depth: number };

export const ROOT_ORG = '滨江示范企业工会';
export const ADMIN: Account = {
  username: 'admin.e2e',
  password: 'Harbour-Lantern-2931!',
  displayName: '王建国',
};

/** The administrator saved by whichever journey ran the setup (UI or API). */
export function savedAdmin(): Account | undefined {
  return readState<Account>('admin');
}

export function saveAccount(name: string, account: Account): void {
  writeState(name, account);
}

/**
 * Makes sure the install is set up and returns the administrator with a TOTP secret. When no journey
 * did the setup yet (a journey run on its own), it is done through the API.
 */
export async function ensureAdmin(): Promise<Account> {
  const saved = savedAdmin();
  if (saved) return saved;
  const api = new ApiClient();
  const status = await api.call<{ needsSetup: boolean }>('GET', '/api/setup/status');
  if (!status.needsSetup) throw new Error('the install is set up but no journey recorded its administrator');
  await api.call('POST', '/api/setup', {
    token: setupToken(),
    orgName: ROOT_ORG,
    orgKind: 'grassroots',
    username: ADMIN.username,
    displayName: ADMIN.displayName,
    email: 'admin@example.org',
    password: ADMIN.password,
  });
  const { secret } = await api.call<{ secret: string }>('POST', '/api/auth/mfa/enroll');
  const totp = await freshTotp(secret);
  await api.call('POST', '/api/auth/mfa/activate', { code: totp.code });
  const admin = { ...ADMIN, secret, lastStep: totp.step };
  saveAccount('admin', admin);
  return admin;
}

/** Signs an account in through the API, passing the second factor when it has one. */
export async function signIn(name: string, account: Account): Promise<ApiClient> {
  const api = new ApiClient();
  const r = await api.call<{ status: string }>('POST', '/api/auth/login', {
    username: account.username,
    password: account.password,
  });
  if (r.status === 'mfa_required') {
    if (!account.secret) throw new Error(`${account.username} needs MFA but no secret is known`);
    const totp = await freshTotp(account.secret, account.lastStep ?? 0);
    await api.call('POST', '/api/auth/mfa/verify', { code: totp.code });
    account.lastStep = totp.step;
    saveAccount(name, account);
  }
  return api;
}

export async function listOrgs(api: ApiClient): Promise<OrgNode[]> {
  return (await api.call<{ items: OrgNode[] }>('GET', '/api/orgs')).items;
}

/** Creates an org node under `parentId` (as an officer allowed to) and returns it. */
export async function createOrg(
  api: ApiClient,
  parentId: string,
  name: string,
  kind: string,
): Promise<OrgNode> {
  return api.call<OrgNode>('POST', '/api/orgs', { parentId, name, kind });
}

/**
 * A new officer with a password, a role on `orgId` and an activated second factor (through the API);
 * the account is saved under `name` with its TOTP secret and last step.
 */
export async function createOfficerWithMfa(
  admin: ApiClient,
  name: string,
  account: Account,
  roleKey: string,
  orgId: string,
): Promise<Account> {
  const user = await admin.call<{ id: string }>('POST', '/api/users', {
    username: account.username,
    displayName: account.displayName,
    orgId,
    password: account.password,
  });
  await admin.call('POST', '/api/grants', { userId: user.id, roleKey, orgId });
  const api = new ApiClient();
  await api.call('POST', '/api/auth/login', { username: account.username, password: account.password });
  const { secret } = await api.call<{ secret: string }>('POST', '/api/auth/mfa/enroll');
  const totp = await freshTotp(secret);
  await api.call('POST', '/api/auth/mfa/activate', { code: totp.code });
  const out = { ...account, secret, lastStep: totp.step };
  saveAccount(name, out);
  return out;
}

/**
 * A member with a portal login in `orgId` (a branch or group of the union `unionId`): the account is
 * created with a password, applies to join online (linking the application to the account), and an
 * officer approves it and places the member in `orgId`. Returns the member id.
 */
export async function createMemberWithLogin(
  admin: ApiClient,
  account: Account,
  unionId: string,
  orgId: string,
): Promise<string> {
  await admin.call('POST', '/api/users', {
    username: account.username,
    displayName: account.displayName,
    orgId,
    password: account.password,
  });
  const self = new ApiClient();
  await self.call('POST', '/api/auth/login', { username: account.username, password: account.password });
  const passport = `E${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)}`;
  await self.call('POST', `/api/join/${unionId}`, {
    name: account.displayName,
    idType: 'passport',
    idNumber: passport,
    phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    consentSensitivePi: true,
  });
  const found = await admin.call<{ items: { id: string; name: string; status: string }[] }>(
    'GET',
    '/api/members?status=applicant&pageSize=200',
  );
  const m = found.items.find((x) => x.name === account.displayName && x.status === 'applicant');
  if (!m) throw new Error(`the join application of ${account.displayName} was not found`);
  await admin.call('POST', `/api/members/${m.id}/transition`, {
    action: 'approve',
    reason: '网上入会审核通过',
  });
  await admin.call('PATCH', `/api/members/${m.id}`, { orgId });
  return m.id;
}
