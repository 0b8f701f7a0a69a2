/**
 * Canonical JSON: RFC 8785 (JCS) restricted to integers. Object keys sorted by UTF-16 code
 * units, no whitespace, strings escaped exactly as JSON.stringify does, numbers only as safe
 * integers. Hashes are taken over this form, so any two implementations that follow it agree
 * byte for byte.
 */

/** A JSON value the canonical form accepts. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/**
 * Serialise `value` canonically. Keys whose value is `undefined` are omitted (as JSON.stringify
 * does) so optional fields can be left out.
 * @throws Error on non-integer numbers, numbers beyond 2^53, or non-JSON values.
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new Error(`canonical JSON allows only safe integers, got ${value}`);
      // -0 prints as 0 in JSON.stringify; normalise explicitly so the rule is visible.
      out.push(String(value === 0 ? 0 : value));
      return;
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          write(value[i], out);
        }
        out.push(']');
        return;
      }
      const obj = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, which is what RFC 8785 prescribes.
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      out.push('{');
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out.push(',');
        const k = keys[i]!;
        out.push(JSON.stringify(k), ':');
        write(obj[k], out);
      }
      out.push('}');
      return;
    }
    default:
      throw new Error(`canonical JSON cannot encode ${typeof value}`);
  }
}
