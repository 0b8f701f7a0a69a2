/** Prints the demo sign-in details as aligned tables (CJK characters take two columns in a terminal). */
import { totpCode } from '../../kernel/auth/totp.js';

export type DemoLogin = {
  username: string;
  displayName: string;
  roles: { role: string; title: string; orgName: string }[];
  password: string;
  totpSecret: string;
};

export type DemoMemberLogin = { username: string; displayName: string; orgName: string; password: string };

/** Terminal columns a string occupies: East Asian wide and full-width characters count twice. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** Rows of cells as lines with columns padded to the widest cell. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Prints every officer with a current TOTP code, and a few members. Demo only: it prints secrets. */
export function printDemoLogins(
  say: (m: string) => void,
  officers: DemoLogin[],
  members: DemoMemberLogin[],
  memberCount: number,
  now: Date,
): void {
  const first = officers[0];
  const officerPassword = first?.password ?? '';
  say('Demo sign-in details (DEMO ONLY: shared passwords, TOTP secrets printed in clear):');
  say(`  Officer password: ${officerPassword}`);
  say('  Officers also need a TOTP code: add the secret to an authenticator app (e.g. otpauth),');
  say('  or use the code printed here, which is valid for about 30 seconds from this moment.');
  const rows = officers.map((o) => [
    o.username,
    o.roles.map((r) => `${r.title} (${r.role})`).join(', '),
    o.roles.map((r) => r.orgName).join(', '),
    o.displayName,
    o.totpSecret,
    totpCode(o.totpSecret, now),
  ]);
  for (const l of formatTable(['username', 'role', 'org', 'name', 'TOTP secret', 'code now'], rows))
    say(`  ${l}`);
  if (members.length > 0) {
    say(
      `  Members m00001 to m${String(memberCount).padStart(5, '0')} (password ${members[0]!.password}, no second factor), e.g.:`,
    );
    const memberRows = members.map((m) => [m.username, m.displayName, m.orgName]);
    for (const l of formatTable(['username', 'name', 'org'], memberRows)) say(`  ${l}`);
  }
}
