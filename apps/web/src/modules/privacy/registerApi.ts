/** The processing register and the protection officer's contact (/api/privacy/unions, /api/privacy-contact). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../shared/api/client';

export const LEGAL_BASES = [
  'consent',
  'contract',
  'hr_management',
  'legal_duty',
  'public_health',
  'news_reporting',
  'published_info',
  'other_law',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const SENSITIVE_KINDS = [
  'specific_identity',
  'health',
  'financial',
  'biometric',
  'religion',
  'location',
  'minor',
  'other',
] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];
export const PROCESSOR_ROLES = ['entrusted', 'joint', 'recipient'] as const;
export const TRANSFER_MECHANISMS = [
  'standard_contract',
  'certification',
  'security_assessment',
  'exempt',
] as const;
/** Fields the list marks as still to complete. */
export const COMPLETE_FIELDS = [
  'individuals',
  'dataCategories',
  'source',
  'retention',
  'securityMeasures',
  'responsible',
] as const;

export interface Processor {
  name: string;
  role: (typeof PROCESSOR_ROLES)[number];
  service: string;
  country: string;
  contractRef: string;
  crossBorder: boolean;
  transferMechanism: (typeof TRANSFER_MECHANISMS)[number] | null;
}
export interface Content {
  name: string;
  purpose: string;
  legalBasis: LegalBasis;
  legalBasisNote: string;
  individuals: string[];
  dataCategories: string[];
  sensitive: SensitiveKind[];
  source: string;
  recipients: string;
  processors: Processor[];
  retention: string;
  securityMeasures: string;
  responsible: string;
  reviewedOn: string | null;
  retired: boolean;
}
export interface UnionSummary {
  id: string;
  name: string;
  kind: string;
  depth: number;
  contact: 'own' | 'inherited' | 'none';
  entries: number;
  reviewDue: number;
}
export interface EntrySummary {
  id: string;
  builtinKey: string | null;
  version: number;
  name: string;
  legalBasis: LegalBasis;
  sensitive: SensitiveKind[];
  processors: number;
  crossBorder: boolean;
  reviewedOn: string | null;
  reviewDue: boolean;
  missing: string[];
  retired: boolean;
  updatedAt: string;
}
export interface Version {
  version: number;
  content: Content;
  changeNote: string | null;
  createdAt: string;
  createdBy: string;
}
export interface Entry {
  id: string;
  union: { id: string; name: string; kind: string };
  builtinKey: string | null;
  version: number;
  content: Content;
  reviewDue: boolean;
  missing: string[];
  createdAt: string;
  updatedAt: string;
  history: Version[];
}
export interface Builtin {
  key: string;
  content: Content;
  derivedFrom: string[];
  adoptedId: string | null;
}
export interface PublishedContact {
  name: string;
  title: string;
  phone: string;
  email: string;
  postalAddress: string | null;
}
export interface PublicContact {
  union: { id: string; name: string } | null;
  contact: PublishedContact | null;
  source: { unionId: string; unionName: string; inherited: boolean } | null;
  updatedAt: string | null;
}
export interface OfficerContact {
  union: { id: string; name: string; kind: string };
  own: (PublishedContact & { updatedAt: string; updatedBy: string }) | null;
  effective: PublicContact;
}
/** What a create or an edit sends. */
export type ContentInput = Omit<Content, 'processors'> & {
  processors: Array<
    Omit<Processor, 'country' | 'transferMechanism'> & { country?: string; transferMechanism?: string }
  >;
};

export type Lang = 'zh-CN' | 'en';
export const langOf = (language: string): Lang => (language.startsWith('en') ? 'en' : 'zh-CN');

const root = ['privacy', 'register'] as const;
const unionPath = (unionId: string) => `/privacy/unions/${unionId}`;

export function useUnions() {
  return useQuery({
    queryKey: [...root, 'unions'],
    queryFn: () => api.get<{ items: UnionSummary[] }>('/privacy/unions'),
  });
}

export function useRegister(unionId: string | undefined) {
  return useQuery({
    queryKey: [...root, 'list', unionId],
    enabled: !!unionId,
    queryFn: () =>
      api.get<{ union: { id: string; name: string }; items: EntrySummary[]; reviewMonths: number }>(
        `${unionPath(unionId!)}/register`,
      ),
  });
}

export function useEntry(id: string | undefined) {
  return useQuery({
    queryKey: [...root, 'entry', id],
    enabled: !!id,
    queryFn: () => api.get<Entry>(`/privacy/register/${id}`),
  });
}

export function useBuiltins(unionId: string | undefined, lang: Lang, enabled: boolean) {
  return useQuery({
    queryKey: [...root, 'builtins', unionId, lang],
    enabled: !!unionId && enabled,
    queryFn: () =>
      api.get<{ items: Builtin[] }>(`${unionPath(unionId!)}/register/builtins`, { query: { lang } }),
  });
}

export function useOfficerContact(unionId: string | undefined) {
  return useQuery({
    queryKey: [...root, 'contact', unionId],
    enabled: !!unionId,
    queryFn: () => api.get<OfficerContact>(`${unionPath(unionId!)}/contact`),
  });
}

export function usePublicContact(unionId: string | undefined) {
  return useQuery({
    queryKey: ['privacy', 'public-contact', unionId ?? 'root'],
    queryFn: () =>
      unionId
        ? api.get<PublicContact>(`/privacy-contact/${unionId}`, { redirectOn401: false }).then((c) => [c])
        : api
            .get<{ items: PublicContact[] }>('/privacy-contact', { redirectOn401: false })
            .then((r) => r.items),
    retry: false,
  });
}

export function useMyContact() {
  return useQuery({
    queryKey: ['privacy', 'my-contact'],
    queryFn: () => api.get<PublicContact>('/my/privacy-contact'),
  });
}

/** Every write refreshes the register's queries (lists, entries, contact, union counts). */
export function useRegisterMutations(unionId: string | undefined) {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: root });
  return {
    setContact: useMutation({
      mutationFn: (v: PublishedContact) =>
        apiRequest<OfficerContact>('PUT', `${unionPath(unionId!)}/contact`, { body: v }),
      onSuccess,
    }),
    clearContact: useMutation({
      mutationFn: () => api.delete<OfficerContact>(`${unionPath(unionId!)}/contact`),
      onSuccess,
    }),
    create: useMutation({
      mutationFn: (v: ContentInput & { changeNote?: string }) =>
        api.post<Entry>(`${unionPath(unionId!)}/register`, v),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, ...v }: ContentInput & { id: string; baseVersion: number; changeNote?: string }) =>
        apiRequest<Entry>('PUT', `/privacy/register/${id}`, { body: v }),
      onSuccess,
    }),
    review: useMutation({
      mutationFn: (v: { id: string; baseVersion: number }) =>
        api.post<Entry>(`/privacy/register/${v.id}/review`, { baseVersion: v.baseVersion }),
      onSuccess,
    }),
    adopt: useMutation({
      mutationFn: (v: { key: string; lang: Lang }) =>
        api.post<Entry>(`${unionPath(unionId!)}/register/adopt`, v),
      onSuccess,
    }),
  };
}

/** The download URL of the register (a plain link: the session cookie authenticates it). */
export const exportUrl = (unionId: string, format: 'csv' | 'md', lang: Lang) =>
  `/api${unionPath(unionId)}/register/export?format=${format}&lang=${lang}`;
