/** The `unionhall users ...` commands: argument parsing and output around the functions in users.ts. */
import { withDeps } from './context.js';
import { CliFailure, type CliIo, type Command, parseOptions, required, UsageError } from './io.js';
import {
  type CreateUserInput,
  checkCreateUser,
  createUserFromCli,
  disableUserFromCli,
  resetMfaFromCli,
} from './users.js';

const USERNAME = /^[A-Za-z0-9_.@-]{3,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function username(v: Record<string, unknown>): string {
  const u = required(v, 'username');
  if (!USERNAME.test(u)) throw new UsageError('--username must be 3-64 characters of A-Z a-z 0-9 _ . @ -');
  return u;
}

function orgIdOption(v: Record<string, unknown>, name: string): string {
  const id = required(v, name);
  if (!UUID.test(id)) throw new UsageError(`--${name} must be an organisation id (a UUID)`);
  return id;
}

async function readNewPassword(io: CliIo, user: string): Promise<string> {
  const password = await io.readSecret(`New password for ${user}: `);
  if (!password) throw new UsageError('No password given: type it at the prompt or pipe it on stdin.');
  if (io.interactive && (await io.readSecret('Repeat the password: ')) !== password) {
    throw new CliFailure('The passwords do not match.');
  }
  return password;
}

const helpFlag = (io: CliIo, text: string) => {
  io.out(text);
  return 0;
};

export const usersCreateCommand: Command = {
  path: ['users', 'create'],
  summary: 'Create an account (optionally with a role)',
  help: `Usage: unionhall users create --username U --org ORG_ID --display-name NAME
                              [--email E] [--role ROLE [--grant-org ORG_ID]]

Creates an account whose home is the organisation ORG_ID. The password is read from a hidden
prompt, or from the first line of stdin when piped (never from the command line):
  printf '%s\\n' "$PASSWORD" | unionhall users create --username li.na --org ... --display-name 李娜
With --role the account also gets that role on --grant-org (default: --org); officers enrol
two-factor authentication at their first sign-in. Audited as user.created / grant.added.

Options:
  --username U        3-64 characters: letters, digits, _ . @ -
  --org ORG_ID        the account's organisation (UUID)
  --display-name N    the name shown to others
  --email E           optional e-mail address
  --role ROLE         e.g. chair, vice_chair, finance_officer, case_handler, admin
  --grant-org ORG_ID  where the role applies (the node and everything below it)
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, {
      username: { type: 'string' },
      org: { type: 'string' },
      'display-name': { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      'grant-org': { type: 'string' },
    });
    if (v.help) return helpFlag(io, usersCreateCommand.help);
    const input: CreateUserInput = {
      username: username(v),
      orgId: orgIdOption(v, 'org'),
      displayName: required(v, 'display-name'),
      ...(v.email ? { email: v.email } : {}),
      ...(v.role ? { role: v.role } : {}),
      ...(v['grant-org'] ? { grantOrgId: orgIdOption(v, 'grant-org') } : {}),
    };
    if (input.grantOrgId && !input.role) throw new UsageError('--grant-org needs --role');
    const created = await withDeps(io, async (deps) => {
      await checkCreateUser(deps, input);
      return createUserFromCli(deps, input, await readNewPassword(io, input.username));
    });
    io.out(`Created account ${created.username} (id ${created.id}).`);
    if (created.grant) {
      io.out(
        `Granted role ${created.grant.roleKey} on ${created.grant.orgId}; two-factor enrolment at first sign-in.`,
      );
    }
    return 0;
  },
};

export const usersResetMfaCommand: Command = {
  path: ['users', 'reset-mfa'],
  summary: 'Break-glass: remove an account’s second factor',
  help: `Usage: unionhall users reset-mfa --username U --reason TEXT

For a person who lost their authenticator and recovery codes. Removes the TOTP secret and the
recovery codes and ends all the account's sessions; at the next sign-in (with the password) the
person must enrol a new authenticator before reaching anything else. Audited as user.mfa_reset
with the reason and the operating-system user who ran it. Verify the person's identity first.

Options:
  --username U
  --reason TEXT   why (kept in the audit log)
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, { username: { type: 'string' }, reason: { type: 'string' } });
    if (v.help) return helpFlag(io, usersResetMfaCommand.help);
    const user = username(v);
    const reason = required(v, 'reason');
    const r = await withDeps(io, (deps) => resetMfaFromCli(deps, user, reason));
    io.out(
      r.hadMfa
        ? `Removed the second factor of ${user} and ended its sessions; a new authenticator is enrolled at next sign-in.`
        : `${user} had no active second factor; recovery codes and sessions were cleared anyway.`,
    );
    return 0;
  },
};

export const usersDisableCommand: Command = {
  path: ['users', 'disable'],
  summary: 'Disable an account and end its sessions',
  help: `Usage: unionhall users disable --username U --reason TEXT

Disables the account (it can no longer sign in) and ends its sessions immediately. Audited as
user.disabled with the reason. Re-enable it from the officer console (Users).

Options:
  --username U
  --reason TEXT   why (kept in the audit log)
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, { username: { type: 'string' }, reason: { type: 'string' } });
    if (v.help) return helpFlag(io, usersDisableCommand.help);
    const user = username(v);
    const reason = required(v, 'reason');
    const r = await withDeps(io, (deps) => disableUserFromCli(deps, user, reason));
    io.out(
      r.changed
        ? `Disabled ${user} and ended its sessions.`
        : `${user} was already disabled; nothing changed.`,
    );
    return 0;
  },
};
