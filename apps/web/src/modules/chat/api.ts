/** Chat queries over HTTP; live events come through the shared realtime socket. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export interface ChatRoom {
  id: string;
  kind: 'direct' | 'org' | 'custom';
  name: string;
  role: 'owner' | 'member';
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  lastMessageAt: string | null;
}
export interface ChatMessage {
  id: string;
  roomId: string;
  seq: number;
  senderId: string | null;
  senderName: string | null;
  body: string;
  createdAt: string;
  clientId: string | null;
}
export const roomsKey = ['chat', 'rooms'] as const;

export function useRooms() {
  return useQuery({ queryKey: roomsKey, queryFn: () => api.get<{ items: ChatRoom[] }>('/chat/rooms') });
}

export const chatApi = {
  /** Joins the group of the caller's org node (idempotent). */
  joinOrgRoom: () => api.post<{ id: string }>('/chat/org-room', {}),
  history: (roomId: string, beforeSeq?: number) =>
    api.get<{ items: ChatMessage[] }>(
      `/chat/rooms/${roomId}/messages?limit=50${beforeSeq ? `&beforeSeq=${beforeSeq}` : ''}`,
    ),
  send: (roomId: string, body: string, clientId: string) =>
    api.post<ChatMessage>(`/chat/rooms/${roomId}/messages`, { body, clientId }),
  read: (roomId: string, seq: number) => api.post(`/chat/rooms/${roomId}/read`, { seq }),
};
