import { describe, expect, it } from 'vitest';
import { ContactDataSchema } from '../../src/model/contact';

/** Parses contact data that must pass. */
function parse(input: unknown) {
  const result = ContactDataSchema.safeParse(input);
  if (!result.success) throw new Error(`expected the contact to pass: ${result.error.message}`);
  return result.data;
}

/** Parses contact data that must fail and returns its issues (message and path). */
function issues(input: unknown) {
  const result = ContactDataSchema.safeParse(input);
  if (result.success) throw new Error('expected the contact to be rejected');
  return result.error.issues.map((issue) => ({ message: issue.message, path: issue.path }));
}

describe('contact e-mails and phones', () => {
  it('make the first item primary when none is flagged, with `primary` as its last key', () => {
    const contact = parse({ emails: [{ address: ' A@X.io ', label: 'work' }, { address: 'b@x.io', primary: false }] });
    expect(contact.emails).toEqual([
      { address: 'a@x.io', label: 'work', primary: true },
      { address: 'b@x.io', primary: false },
    ]);
    expect(contact.emails.map((email) => Object.keys(email))).toEqual([
      ['address', 'label', 'primary'],
      ['address', 'primary'],
    ]);
  });

  it('keep the flagged item primary, with the keys in schema order when the input gave `primary`', () => {
    const contact = parse({
      phones: [
        { number: '+14155552671', label: 'work' },
        { primary: true, number: '+442079460958', label: 'mobile' },
      ],
      firstName: 'Ada',
    });
    expect(contact.phones).toEqual([
      { number: '+14155552671', label: 'work', primary: false },
      { number: '+442079460958', label: 'mobile', primary: true },
    ]);
    expect(contact.phones.map((phone) => Object.keys(phone))).toEqual([
      ['number', 'label', 'primary'],
      ['number', 'label', 'primary'],
    ]);
  });

  it('never share objects with the input', () => {
    const input = { emails: [{ address: 'a@x.io', primary: true }] };
    const contact = parse(input);
    expect(contact.emails).not.toBe(input.emails);
    expect(contact.emails[0]).not.toBe(input.emails[0]);
    contact.emails[0]!.primary = false;
    expect(input.emails[0]!.primary).toBe(true);
  });

  it('reject two primary items and duplicate addresses', () => {
    expect(
      issues({
        emails: [
          { address: 'a@x.io', primary: true },
          { address: 'b@x.io', primary: true },
        ],
      }),
    ).toEqual([{ message: 'Only one e-mail can be primary', path: ['emails'] }]);
    expect(issues({ emails: [{ address: 'a@x.io' }, { address: 'b@x.io' }, { address: ' A@X.IO' }, { address: 'b@x.io' }] })).toEqual([
      { message: 'Duplicate e-mail address', path: ['emails', 2, 'address'] },
      { message: 'Duplicate e-mail address', path: ['emails', 3, 'address'] },
    ]);
  });

  it('accept one e-mail or none (a name is then required)', () => {
    expect(parse({ emails: [{ address: 'a@x.io' }] }).emails).toEqual([{ address: 'a@x.io', primary: true }]);
    expect(issues({ emails: [] })).toEqual([{ message: 'A contact needs a first name, a last name or an e-mail', path: ['firstName'] }]);
  });
});

describe('contact tags', () => {
  it('reject a repeated tag and accept distinct ones', () => {
    expect(issues({ firstName: 'Ada', tags: ['vip', 'new', 'vip'] })).toEqual([{ message: 'Duplicate tag', path: ['tags'] }]);
    expect(parse({ firstName: 'Ada', tags: ['vip'] }).tags).toEqual(['vip']);
    expect(parse({ firstName: 'Ada', tags: ['vip', 'VIP'] }).tags).toEqual(['vip', 'VIP']);
    expect(parse({ firstName: 'Ada' }).tags).toEqual([]);
  });
});
