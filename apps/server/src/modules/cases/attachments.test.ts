/**
 * Attachments: stored encrypted under random names outside the web root, downloaded only with access
 * as attachments with nosniff; oversize 413, wrong magic bytes 415, a path-traversal name stored
 * safely, and an aborted or refused upload leaves no file behind.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { fileCase, makeMember } from './case-fixtures.test.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'uh-attach-'));
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
  Buffer.from('IHDR-fake-image-body-受伤照片'),
]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');

let ctx: TestContext;
let member: TestClient;
let handler: TestClient;
let stranger: TestClient;
let caseId: string;

beforeAll(async () => {
  ctx = await buildTestApp({ env: { UNIONHALL_DATA_DIR: dataDir } });
  const tree = await createTree(ctx);
  const m = await createUser(ctx, { username: 'att_member', org: tree.branch1 });
  await makeMember(ctx, m, tree.branch1, tree.union);
  member = await loginAs(ctx, m, uniqueIp());
  handler = await loginAs(
    ctx,
    await createUser(ctx, { username: 'att_h1', org: tree.branch1, roles: ['case_handler'] }),
    uniqueIp(),
  );
  stranger = await loginAs(
    ctx,
    await createUser(ctx, { username: 'att_h2', org: tree.branch2, roles: ['case_handler'] }),
    uniqueIp(),
  );
  caseId = await fileCase(member);
});
afterAll(() => ctx.close());

const upload = (client: TestClient, url: string, body: Buffer | string, type: string, name?: string) =>
  client.request('POST', url, body, {
    'content-type': type,
    ...(name ? { 'x-file-name': encodeURIComponent(name) } : {}),
  });

describe('attachments', () => {
  it('stores a photo encrypted under a random name and serves it back only as an attachment', async () => {
    const res = await upload(
      member,
      `/api/my/cases/${caseId}/attachments`,
      PNG,
      'image/png',
      '../../etc/passwd 手.png',
    );
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ fileName: 'passwd 手.png', mime: 'image/png', sizeBytes: PNG.length });
    const stored = files();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^[0-9a-f]{32}$/);
    const onDisk = readFileSync(path.join(dir, stored[0]!));
    expect(onDisk.includes(PNG.subarray(0, 8))).toBe(false);
    expect(onDisk.includes(Buffer.from('受伤照片'))).toBe(false);

    for (const [client, url] of [
      [member, `/api/my/cases/${caseId}/attachments/${a.id}`],
      [handler, `/api/cases/${caseId}/attachments/${a.id}`],
    ] as const) {
      const d = await client.get(url);
      expect(d.statusCode).toBe(200);
      expect(d.rawPayload.equals(PNG)).toBe(true);
      expect(d.headers['content-disposition']).toMatch(
        /^attachment; filename="passwd__.png"; filename\*=UTF-8''/,
      );
      expect(d.headers['x-content-type-options']).toBe('nosniff');
      expect(d.headers['content-type']).toBe('image/png');
    }
    expect((await stranger.get(`/api/cases/${caseId}/attachments/${a.id}`)).statusCode).toBe(404);
    const detail = (await handler.get(`/api/cases/${caseId}`)).json();
    expect(detail.attachments.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const pdf = await upload(
      handler,
      `/api/cases/${caseId}/attachments`,
      PDF,
      'application/octet-stream',
      'report.pdf',
    );
    expect(pdf.json().mime).toBe('application/pdf');
  });

  it('refuses wrong types with 415 and oversize files with 413, leaving nothing behind', async () => {
    const before = files().length;
    const url = `/api/my/cases/${caseId}/attachments`;
    expect(
      (await upload(member, url, Buffer.from('<html><script>x</script></html>'), 'image/png')).statusCode,
    ).toBe(415);
    expect((await upload(member, url, PNG, 'image/jpeg')).statusCode).toBe(415);
    expect((await upload(member, url, 'plain text', 'text/plain')).statusCode).toBe(415);
    expect(
      (await upload(member, url, Buffer.from('MZ\x90\x00executable'), 'application/octet-stream')).statusCode,
    ).toBe(415);
    expect((await upload(member, url, 'GIF89a', 'image/gif')).statusCode).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(member, url, big, 'image/png');
    expect(tooBig.statusCode).toBe(413);
    expect(files().length).toBe(before);
    expect(files().some((f) => f.endsWith('.part'))).toBe(false);
  });

  it('an aborted upload leaves no temporary file', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const cookie = [...member.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const send = (abort: boolean) =>
      new Promise<number | 'aborted'>((resolve) => {
        const total = PNG.length + 256 * 1024 * (abort ? 4 : 1);
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/api/my/cases/${caseId}/attachments`,
            headers: {
              cookie,
              'x-csrf-token': member.csrf ?? '',
              origin: `http://127.0.0.1:${port}`,
              host: `127.0.0.1:${port}`,
              'content-type': 'image/png',
              'content-length': String(total),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', () => resolve('aborted'));
        req.write(PNG);
        req.write(Buffer.alloc(256 * 1024));
        if (abort) {
          // the server is now writing the partial file; the client goes away mid-body
          setTimeout(() => {
            req.destroy();
            resolve('aborted');
          }, 300);
        } else req.end();
      });
    // the same request completed over the socket is accepted (so the aborted one reached the service)
    expect(await send(false)).toBe(201);
    const before = files().length;
    expect(await send(true)).toBe('aborted');
    await expect.poll(() => files().filter((f) => f.endsWith('.part')).length, { timeout: 5000 }).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(files().length).toBe(before);
  });
});
