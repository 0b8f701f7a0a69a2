/**
 * The one WebSocket per tab (/api/ws): chat events and in-app notifications. Reconnects with backoff
 * and resumes each room from the last seq it saw, so nothing is lost or shown twice.
 */
export type RealtimeEvent = { type: string; [k: string]: unknown };
type Listener = (e: RealtimeEvent) => void;

const listeners = new Set<Listener>();
const lastSeq = new Map<string, number>();
let socket: WebSocket | null = null;
let wanted = 0;
let retry = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function url(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/ws`;
}

function connect(): void {
  if (socket || wanted === 0) return;
  const ws = new WebSocket(url());
  socket = ws;
  ws.onmessage = (msg) => {
    let e: RealtimeEvent;
    try {
      e = JSON.parse(String(msg.data)) as RealtimeEvent;
    } catch {
      return;
    }
    if (e.type === 'ready') {
      retry = 0;
      ws.send(JSON.stringify({ type: 'resume', rooms: Object.fromEntries(lastSeq) }));
    }
    if (e.type === 'message') {
      const m = e.message as { roomId: string; seq: number };
      if ((lastSeq.get(m.roomId) ?? 0) >= m.seq) return;
      lastSeq.set(m.roomId, m.seq);
    }
    for (const l of listeners) l(e);
  };
  ws.onclose = () => {
    socket = null;
    if (wanted === 0) return;
    retry = Math.min(retry + 1, 6);
    timer = setTimeout(connect, 500 * 2 ** retry);
  };
}

/** Subscribes to realtime events while mounted; the socket lives while anyone listens. */
export function subscribeRealtime(listener: Listener): () => void {
  listeners.add(listener);
  wanted++;
  connect();
  return () => {
    listeners.delete(listener);
    wanted--;
    if (wanted === 0) {
      clearTimeout(timer);
      socket?.close();
      socket = null;
    }
  };
}

/** Sends over the socket when open; returns false otherwise (callers fall back to HTTP). */
export function sendRealtime(v: unknown): boolean {
  if (socket?.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(v));
  return true;
}

/** Records messages fetched over HTTP so the socket does not deliver them again. */
export function noteSeen(roomId: string, seq: number): void {
  if ((lastSeq.get(roomId) ?? 0) < seq) lastSeq.set(roomId, seq);
}
