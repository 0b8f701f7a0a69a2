/**
 * SLA clocks as pure functions. A clock has a budget; while paused its due time is unknown, and on
 * resume the due time moves later by exactly the time spent paused. Breach = running time > budget.
 */
export type SlaClock = {
  startedAt: Date;
  budgetMs: number;
  /** Total paused time before the current pause. */
  pausedMs: number;
  pausedAt: Date | null;
  stoppedAt: Date | null;
};

export function startClock(now: Date, budgetMs: number): SlaClock {
  return { startedAt: now, budgetMs, pausedMs: 0, pausedAt: null, stoppedAt: null };
}

export function pauseClock(c: SlaClock, now: Date): SlaClock {
  if (c.pausedAt || c.stoppedAt) return c;
  return { ...c, pausedAt: now };
}

export function resumeClock(c: SlaClock, now: Date): SlaClock {
  if (!c.pausedAt || c.stoppedAt) return c;
  return { ...c, pausedMs: c.pausedMs + Math.max(0, now.getTime() - c.pausedAt.getTime()), pausedAt: null };
}

export function stopClock(c: SlaClock, now: Date): SlaClock {
  if (c.stoppedAt) return c;
  return { ...resumeClock(c, now), stoppedAt: now };
}

/** Time the clock has run (excluding pauses) up to `now` (or its stop). */
export function runningMs(c: SlaClock, now: Date): number {
  const end = (c.stoppedAt ?? now).getTime();
  const currentPause = c.pausedAt ? end - c.pausedAt.getTime() : 0;
  return Math.max(0, end - c.startedAt.getTime() - c.pausedMs - currentPause);
}

/** When the clock breaches if nothing changes; null while paused or stopped. */
export function dueAt(c: SlaClock): Date | null {
  if (c.pausedAt || c.stoppedAt) return null;
  return new Date(c.startedAt.getTime() + c.pausedMs + c.budgetMs);
}

export function isBreached(c: SlaClock, now: Date): boolean {
  return runningMs(c, now) > c.budgetMs;
}
