import { useState } from 'react';

let captured: { pathname: string; token: string } | null = null;

/**
 * Takes `token` from the URL fragment (`#token=…`, which browsers never send to a server) and
 * removes the fragment from the address bar and history at once. main.tsx calls this through
 * app/boot.ts before the router reads the URL, so the token never enters router state.
 */
export function captureHashToken(): void {
  const { hash, pathname, search } = window.location;
  if (!hash) return;
  const token = (new URLSearchParams(hash.slice(1)).get('token') ?? '').trim();
  if (!token) return;
  captured = { pathname, token };
  window.history.replaceState(window.history.state, '', pathname + search);
}

/** The token the page was opened with, if it was opened at `pathname` (e.g. /setup). */
export function useHashToken(pathname: string): string {
  const [token] = useState(() => (captured?.pathname === pathname ? captured.token : ''));
  return token;
}
