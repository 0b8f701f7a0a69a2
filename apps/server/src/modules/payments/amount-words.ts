/** Amounts in fen as yuan text (¥1,234.50) and as the Chinese capital amount (大写金额). */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A 4-digit group (1..9999) in capital digits, with inner zeros collapsed. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + UNITS[i]!;
  }
  return out;
}

/**
 * 大写: 123456 fen -> 壹仟贰佰叁拾肆元伍角陆分; 10000 -> 壹佰元整; 5 -> 伍分; 100005 -> 壹仟元零伍分.
 * @throws RangeError for negative or non-integer fen.
 */
export function capitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError('fen must be a non-negative integer');
  if (fen === 0) return '零元整';
  let y = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const fenDigit = fen % 10;
  let head = '';
  let gi = 0;
  let needZero = false;
  while (y > 0) {
    const g = y % 10_000;
    if (g > 0) {
      const text = group(g) + GROUPS[gi]!;
      head = text + (needZero ? '零' : '') + head;
      needZero = g < 1000;
    } else if (head) {
      needZero = true;
    }
    y = Math.floor(y / 10_000);
    gi++;
  }
  let out = head ? `${head}元` : '';
  if (jiao === 0 && fenDigit === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (head) out += '零';
  if (fenDigit > 0) out += `${DIGITS[fenDigit]}分`;
  else out += '整';
  return out;
}
