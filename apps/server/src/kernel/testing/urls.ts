/** The maintenance database of a server URL, and the same server with another database. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export function adminUrl(url: string): string {
  return withDatabase(url, 'postgres');
}
