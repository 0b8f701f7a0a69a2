import { useEffect, useState } from 'react';
import { isApiError } from '../../../shared/api/errors';

/** Seconds left before a rate-limited form may be sent again (0 when not limited). */
export function useRetryCountdown(error: unknown): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    const seconds = isApiError(error) && error.status === 429 ? (error.retryAfterSeconds ?? 0) : 0;
    setLeft(Math.ceil(seconds));
    if (seconds <= 0) return;
    const timer = window.setInterval(() => {
      setLeft((s) => {
        if (s <= 1) window.clearInterval(timer);
        return Math.max(0, s - 1);
      });
    }, 1000);
    return () => window.clearInterval(timer);
  }, [error]);
  return left;
}
