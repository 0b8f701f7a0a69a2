/** Quiet hours: a daily window in the member's time zone during which non-essential messages wait. */

/** Minutes since local midnight of `at` in `timeZone` (IANA name; falls back to Asia/Shanghai). */
export function localMinutes(at: Date, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
  } catch {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
  }
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return n('hour') * 60 + n('minute');
}

/**
 * When a non-essential message may go out: `now` outside the window, else the window's end.
 * The window [start, end) may wrap midnight (22:00-07:00); start === end means no quiet hours.
 */
export function afterQuietHours(
  now: Date,
  quiet: { start: number | null; end: number | null; timeZone: string },
): Date {
  const { start, end } = quiet;
  if (start === null || end === null || start === end) return now;
  const m = localMinutes(now, quiet.timeZone);
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return now;
  const wait = (end - m + 1440) % 1440;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}

/** @returns whether the IANA time zone name is known to this runtime. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
