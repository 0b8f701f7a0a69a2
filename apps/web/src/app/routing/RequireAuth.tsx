import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../../shared/auth/session';
import { Loading } from '../../shared/components/Loading';
import { CrashResult } from '../CrashResult';

/**
 * Signed-in users only. The intended path travels in router state (never in the URL), and a
 * session still waiting for its second factor goes back to the login page's code step.
 */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading full />;
  if (me.isError) return <CrashResult error={me.error} />;
  const from = location.pathname;
  if (!me.data) return <Navigate to="/login" replace state={{ from }} />;
  const u = me.data.user;
  if (u.mfaEnabled && !u.mfaPassed) return <Navigate to="/login" replace state={{ from }} />;
  return <Outlet />;
}
