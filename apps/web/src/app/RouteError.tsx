import { useRouteError } from 'react-router';
import { CrashResult } from './CrashResult';

/** The router's errorElement: loader, lazy-import and render errors below the root route. */
export function RouteError() {
  const error = useRouteError();
  console.error('Route error', error);
  return <CrashResult error={error} />;
}
