/**
 * Normalisation applied to contact data on input: e-mails trimmed and lower-cased, phone
 * numbers to E.164 (with libphonenumber-js, not regexes), web domains lower-cased without
 * scheme, path or `www.`.
 *
 * @module
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Trims and lower-cases an e-mail address. The whole address is lower-cased: mailbox names are
 * case-insensitive at every provider that matters, and duplicates must match.
 *
 * @param email - raw e-mail
 * @returns the normalised address (not validated; use `EmailAddressSchema` for that)
 *
 * @example
 * ```ts
 * import { normalizeEmail } from 'crmkit';
 * normalizeEmail('  Ada.Lovelace@Example.COM '); //=> 'ada.lovelace@example.com'
 * ```
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Parses a phone number in any common notation into E.164 (`+390612345678`). A number
 * without an international prefix needs `defaultCountry`.
 *
 * @param phone - raw phone number (`'06 1234 5678'`, `'+1 (415) 555-2671'`)
 * @param defaultCountry - ISO 3166-1 alpha-2 country for national numbers
 * @returns the E.164 form, or `undefined` when the text is not a valid phone number
 *
 * @example
 * ```ts
 * import { normalizePhone } from 'crmkit';
 * normalizePhone('+1 (415) 555-2671');   //=> '+14155552671'
 * normalizePhone('06 1234 5678', 'IT');  //=> '+390612345678'
 * normalizePhone('not a phone');         //=> undefined
 * ```
 */
export function normalizePhone(phone: string, defaultCountry?: string): string | undefined {
  const country = defaultCountry?.toUpperCase() as CountryCode | undefined;
  const parsed = country === undefined ? parsePhoneNumberFromString(phone) : parsePhoneNumberFromString(phone, country);
  if (parsed === undefined || !parsed.isValid()) return undefined;
  return parsed.number;
}

/**
 * Reduces a URL or host name to a bare, lower-case domain: scheme, credentials, port, path,
 * query, trailing dot and a leading `www.` are removed.
 *
 * @param input - `'https://www.Example.com/about?x=1'`, `'example.com'`…
 * @returns the domain, or `undefined` when nothing domain-like is left
 *
 * @example
 * ```ts
 * import { normalizeDomain } from 'crmkit';
 * normalizeDomain('https://www.Example.com/about?x=1'); //=> 'example.com'
 * normalizeDomain('ACME.io.');                          //=> 'acme.io'
 * ```
 */
export function normalizeDomain(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  text = text.replace(/^[^@/]*@/, '');
  text = text.split(/[/?#]/, 1)[0] ?? '';
  text = text.replace(/:\d*$/, '').replace(/\.$/, '').replace(/^www\./, '');
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  const domain = new RegExp(`^(?:${label}\\.)+[a-z][a-z0-9-]{0,62}$`);
  return text.length <= 253 && domain.test(text) ? text : undefined;
}

/** An e-mail address: trimmed, lower-cased, then validated. */
export const EmailAddressSchema = z
  .string()
  .max(320)
  .transform(normalizeEmail)
  .pipe(z.email({ message: 'Invalid e-mail address' }));

/**
 * A phone number that must already carry its international prefix; it is normalised to E.164.
 * (National numbers need a country: normalise them with {@link normalizePhone} first.)
 */
export const PhoneNumberSchema = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const e164 = normalizePhone(value);
    if (e164 === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Invalid phone number: expected international format, e.g. +14155552671' });
      return z.NEVER;
    }
    return e164;
  });

/** A web domain, normalised with {@link normalizeDomain}. */
export const DomainSchema = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    const domain = normalizeDomain(value);
    if (domain === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Invalid domain' });
      return z.NEVER;
    }
    return domain;
  });
