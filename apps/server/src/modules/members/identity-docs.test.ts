import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifySearchTerm,
  isValidIdNumber,
  normalisePhone,
  parseResidentId,
  residentIdCheckChar,
} from './identity-docs.js';

const today = new Date('2026-01-01T00:00:00Z');

describe('GB 11643 resident ID', () => {
  it('accepts valid numbers, including the X check character', () => {
    expect(parseResidentId('11010519491231002X', today)).toEqual({
      birthDate: '1949-12-31',
      gender: 'female',
    });
    expect(parseResidentId('11010519491231002x', today)).not.toBeNull();
    const first17 = '44052419800101001';
    expect(parseResidentId(first17 + residentIdCheckChar(first17), today)).toEqual({
      birthDate: '1980-01-01',
      gender: 'male',
    });
  });
  it('refuses a wrong check character, a bad date, a future date and wrong lengths', () => {
    expect(parseResidentId('110105194912310021', today)).toBeNull();
    expect(parseResidentId('110105194902300025', today)).toBeNull(); // 30 February
    const future = '11010520300101001';
    expect(parseResidentId(future + residentIdCheckChar(future), today)).toBeNull();
    expect(parseResidentId('11010519491231002', today)).toBeNull();
    expect(parseResidentId('110105491231002', today)).toBeNull(); // old 15-digit cards are refused
  });
  it('detects every single-digit change (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const valid = '11010519491231002X';
        const digits = valid.split('');
        digits[pos] = String((Number(digits[pos]) + delta) % 10);
        const changed = digits.join('');
        return changed === valid || parseResidentId(changed, today) === null || pos >= 6;
      }),
    );
    // The check digit itself: any other value than the computed one fails.
    for (const c of '0123456789') {
      const id = `11010519491231002${c}`;
      expect(isValidIdNumber('resident_id', id, today)).toBe(false);
    }
  });
  it('validates other document types by pattern', () => {
    expect(isValidIdNumber('passport', 'E12345678')).toBe(true);
    expect(isValidIdNumber('hk_macau_permit', 'H12345678')).toBe(true);
    expect(isValidIdNumber('hk_macau_permit', 'X12345678')).toBe(false);
    expect(isValidIdNumber('taiwan_permit', '12345678')).toBe(true);
    expect(isValidIdNumber('passport', '12')).toBe(false);
  });
});

describe('mainland mobile phones', () => {
  it('normalises prefixes and separators and refuses non-mobiles', () => {
    expect(normalisePhone('138 0013 8000')).toBe('13800138000');
    expect(normalisePhone('+86 138-0013-8000')).toBe('13800138000');
    expect(normalisePhone('008613800138000')).toBe('13800138000');
    expect(normalisePhone('12800138000')).toBe(null);
    expect(normalisePhone('010-12345678')).toBe(null);
    expect(normalisePhone('+85291234567')).toBe('+85291234567');
    expect(normalisePhone('+8612345')).toBe(null);
  });
  it('classifies search terms', () => {
    expect(classifySearchTerm('13800138000')).toBe('phone');
    expect(classifySearchTerm('11010519491231002X')).toBe('id_number');
    expect(classifySearchTerm('张三')).toBe('text');
    expect(classifySearchTerm('zs')).toBe('text');
  });
});
