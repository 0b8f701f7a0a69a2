/**
 * Announcement images and attachments: stored encrypted under random names outside the web root,
 * magic bytes and size checked, served only to the announcement's audience and officers, removable.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'uh-annfiles-'));
const dir = path.join(dataDir, 'attachments');
const files = () => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR-fake-image-海报'),
]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');

let ctx: TestContext;
let officer: TestClient;
let member: TestClient;
let outsider: TestClient;
let annId: string;

const upload = (client: TestClient, id: string, body: Buffer | string, type: string, name?: string) =>
  client.request('POST', `/api/announcements/${id}/files`, body, {
    'content-type': type,
    ...(name ? { 'x-file-name': encodeURIComponent(name) } : {}),
  });

beforeAll(async () => {
  ctx = await buildTestApp({ env: { UNIONHALL_DATA_DIR: dataDir } });
  const tree = await createTree(ctx);
  officer = await loginAs(
    ctx,
    await createUser(ctx, { username: 'af_officer', org: tree.branch1, roles: ['committee_member'] }),
    uniqueIp(),
  );
  member = await loginAs(
    ctx,
    await createUser(ctx, { username: 'af_member', org: tree.branch1 }),
    uniqueIp(),
  );
  outsider = await loginAs(ctx, await createUser(ctx, { username: 'af_out', org: tree.branch2 }), uniqueIp());
  const res = await officer.post('/api/announcements', {
    orgId: tree.branch1.id,
    title: '带附件的公告',
    body: '<p>见附件</p>',
  });
  expect(res.statusCode, res.body).toBe(201);
  annId = res.json().id;
});
afterAll(() => ctx.close());

describe('announcement files', () => {
  it('stores an image encrypted under a random name; the audience downloads it after publishing', async () => {
    const res = await upload(officer, annId, PNG, 'image/png', '../../海报.png');
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    expect(f).toMatchObject({ fileName: '海报.png', mime: 'image/png', sizeBytes: PNG.length });
    expect(f.url).toBe(`/api/announcements/${annId}/files/${f.id}`);
    const stored = files();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(path.join(dir, stored[0]!)).includes(PNG.subarray(8))).toBe(false);
    // a draft is not in the member's feed yet
    expect((await member.get(f.url)).statusCode).toBe(404);
    // the body may show the image
    const body = `<p>海报</p><img src="${f.url}" alt="海报">`;
    const pub = await officer.patch(`/api/announcements/${annId}`, { body, action: 'publish' });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().bodyHtml).toContain(`src="${f.url}"`);
    const mine = await member.get(`/api/my/announcements/${annId}`);
    expect(mine.json().files.map((x: { id: string }) => x.id)).toEqual([f.id]);
    const d = await member.get(f.url);
    expect(d.statusCode).toBe(200);
    expect(d.rawPayload.equals(PNG)).toBe(true);
    expect(d.headers['content-type']).toBe('image/png');
    expect(d.headers['x-content-type-options']).toBe('nosniff');
    expect(d.headers['content-disposition']).toMatch(/^attachment; /);
    expect((await officer.get(f.url)).statusCode).toBe(200);
    expect((await outsider.get(f.url)).statusCode).toBe(404);
    expect((await upload(outsider, annId, PDF, 'application/pdf')).statusCode).toBe(404);
    expect((await upload(member, annId, PDF, 'application/pdf')).statusCode).toBe(404);
  });

  it('refuses wrong types (415) and oversize files (413), leaving nothing behind', async () => {
    const before = files().length;
    expect((await upload(officer, annId, '<html><script>x</script></html>', 'image/png')).statusCode).toBe(
      415,
    );
    expect((await upload(officer, annId, PNG, 'application/pdf')).statusCode).toBe(415);
    expect((await upload(officer, annId, 'GIF89a', 'image/gif')).statusCode).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    expect((await upload(officer, annId, big, 'image/png')).statusCode).toBe(413);
    expect(files().length).toBe(before);
    expect(files().some((f) => f.endsWith('.part'))).toBe(false);
  });

  it('a PDF attachment can be added and removed (blob deleted, audited)', async () => {
    const res = await upload(officer, annId, PDF, 'application/pdf', '通知.pdf');
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    expect(files()).toHaveLength(2);
    expect((await outsider.request('DELETE', f.url)).statusCode).toBe(404);
    const del = await officer.request('DELETE', f.url);
    expect(del.statusCode, del.body).toBe(200);
    expect(files()).toHaveLength(1);
    expect((await member.get(f.url)).statusCode).toBe(404);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .where('target_id', '=', annId)
      .where('action', 'in', ['announcement.file_added', 'announcement.file_removed'])
      .select('action')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'announcement.file_added',
      'announcement.file_added',
      'announcement.file_removed',
    ]);
  });
});
