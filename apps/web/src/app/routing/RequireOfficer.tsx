import { Navigate, Outlet } from 'react-router';
import { useMe } from '../../shared/auth/session';

/** The officer console: officers only, and only once their second factor is set up. */
export function RequireOfficer() {
  const me = useMe().data;
  if (!me) return null;
  if (!me.user.isOfficer) return <Navigate to="/" replace />;
  if (me.user.mfaRequired && !me.user.mfaEnabled) return <Navigate to="/account/mfa" replace />;
  return <Outlet />;
}
