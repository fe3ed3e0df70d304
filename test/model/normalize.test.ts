import { describe, expect, it } from 'vitest';
import { DomainSchema, EmailAddressSchema, normalizeDomain, normalizeEmail, normalizePhone, PhoneNumberSchema } from '../../src/model/normalize';

describe('normalisation', () => {
  it('trims and lower-cases e-mail addresses', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    expect(EmailAddressSchema.parse(' X@Y.io')).toBe('x@y.io');
    expect(EmailAddressSchema.safeParse('not-an-email').success).toBe(false);
  });

  it('turns phone numbers into E.164 with libphonenumber', () => {
    expect(normalizePhone('+1 (415) 555-2671')).toBe('+14155552671');
    expect(normalizePhone('06 1234 5678', 'IT')).toBe('+390612345678');
    expect(normalizePhone('020 7946 0958', 'gb')).toBe('+442079460958');
    expect(normalizePhone('06 1234 5678')).toBeUndefined();
    expect(normalizePhone('not a phone')).toBeUndefined();
    expect(PhoneNumberSchema.parse('+44 20 7946 0958')).toBe('+442079460958');
    const bad = PhoneNumberSchema.safeParse('12');
    expect(bad.success).toBe(false);
  });

  it('reduces URLs to bare lower-case domains', () => {
    expect(normalizeDomain('https://www.Example.com/about?x=1')).toBe('example.com');
    expect(normalizeDomain('ACME.io.')).toBe('acme.io');
    expect(normalizeDomain('http://user:pw@shop.acme.co.uk:8080/x')).toBe('shop.acme.co.uk');
    expect(normalizeDomain('localhost')).toBeUndefined();
    expect(normalizeDomain('not a domain')).toBeUndefined();
    expect(DomainSchema.parse('HTTPS://Acme.IO/')).toBe('acme.io');
    expect(DomainSchema.safeParse('').success).toBe(false);
  });
});
