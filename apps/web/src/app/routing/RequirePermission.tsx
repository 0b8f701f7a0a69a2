import type { ReactNode } from 'react';
import { hasPermission, useMe } from '../../shared/auth/session';
import { Forbidden } from '../../shared/components/Forbidden';

/** Renders children when the caller holds any of the permissions, a 403 result otherwise. */
export function RequirePermission({ anyOf, children }: { anyOf: string[]; children: ReactNode }) {
  const me = useMe().data;
  if (!anyOf.some((p) => hasPermission(me, p))) return <Forbidden />;
  return <>{children}</>;
}
