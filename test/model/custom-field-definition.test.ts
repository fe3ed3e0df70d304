import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issuePaths } from './_helpers';
import {
  type CustomFieldDefinitionData,
  type CustomFieldDefinitionInput,
  CustomFieldDefinitionDataSchema,
  CustomFieldDefinitionEntity,
  assertCustomFields,
  parseCustomFieldDefinition,
  safeParseCustomFieldDefinition,
  validateCustomFields,
} from '../../src/model/custom-field-definition';

const meta = {
  id: 'cf1',
  workspaceId: 'w1',
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const minimal = { ...meta, entity: 'contact', key: 'shoeSize', label: 'Shoe size', type: 'number' };

describe('custom field definition', () => {
  it('parses a full valid record', () => {
    const definition = parseCustomFieldDefinition({
      ...meta,
      entity: 'deal',
      key: 'competitor',
      label: 'Main competitor',
      type: 'enum',
      required: true,
      unique: false,
      options: [{ value: 'acme', label: 'ACME Corp' }, { value: 'globex' }],
      description: 'Who else is bidding',
      archived: false,
    });
    expect(definition.options).toEqual([{ value: 'acme', label: 'ACME Corp' }, { value: 'globex' }]);
    expect(definition.required).toBe(true);
    expect(CustomFieldDefinitionEntity.name).toBe('customFieldDefinition');
  });

  it('parses number bounds, text length and a money currency on their own types', () => {
    expect(parseCustomFieldDefinition({ ...minimal, min: 30, max: 50 })).toMatchObject({ min: 30, max: 50 });
    expect(parseCustomFieldDefinition({ ...minimal, type: 'text', maxLength: 20 }).maxLength).toBe(20);
    expect(parseCustomFieldDefinition({ ...minimal, type: 'money', currency: 'eur' }).currency).toBe('EUR');
  });

  it('applies the defaults', () => {
    expect(CustomFieldDefinitionDataSchema.parse({ entity: 'contact', key: 'vip', label: 'VIP', type: 'boolean' })).toEqual({
      entity: 'contact',
      key: 'vip',
      label: 'VIP',
      type: 'boolean',
      required: false,
      unique: false,
      archived: false,
    });
  });

  it('rejects a key that is not an identifier', () => {
    for (const key of ['Shoe', '1size', 'shoe-size', 'a'.repeat(65)]) {
      expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, key }))).toEqual([['key']]);
    }
  });

  it('rejects an enum or multi_enum without options, and duplicate option values', () => {
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, type: 'enum' }))).toEqual([['options']]);
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, type: 'multi_enum', options: [] }))).toEqual([['options']]);
    expect(
      issuePaths(() =>
        parseCustomFieldDefinition({ ...minimal, type: 'enum', options: [{ value: 'a' }, { value: 'b' }, { value: 'a' }] }),
      ),
    ).toEqual([['options', 2, 'value']]);
  });

  it('rejects options on a type other than enum and multi_enum', () => {
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, type: 'text', options: [{ value: 'a' }] }))).toEqual([
      ['options'],
    ]);
  });

  it('rejects a currency, bounds or a maximum length on the wrong type', () => {
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, currency: 'EUR' }))).toEqual([['currency']]);
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, type: 'text', min: 1, max: 2 }))).toEqual([['min'], ['max']]);
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, maxLength: 10 }))).toEqual([['maxLength']]);
  });

  it('rejects a max below the min', () => {
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, min: 10, max: 5 }))).toEqual([['max']]);
  });

  it('rejects unknown keys', () => {
    expect(issuePaths(() => parseCustomFieldDefinition({ ...minimal, placeholder: '42' }))).toEqual([[]]);
  });

  it('returns success false from safeParse instead of throwing', () => {
    const result = safeParseCustomFieldDefinition({ ...minimal, type: 'enum' });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((issue) => issue.path)).toEqual([['options']]);
    expect(safeParseCustomFieldDefinition(minimal).success).toBe(true);
  });
});

const def = (input: Omit<CustomFieldDefinitionInput, 'entity' | 'label'> & { entity?: CustomFieldDefinitionInput['entity'] }) =>
  CustomFieldDefinitionDataSchema.parse({ entity: 'contact', label: input.key, ...input });

const definitions: CustomFieldDefinitionData[] = [
  def({ key: 'nickname', type: 'text', maxLength: 10 }),
  def({ key: 'shoeSize', type: 'number', min: 30, max: 50 }),
  def({ key: 'vip', type: 'boolean' }),
  def({ key: 'birthday', type: 'date' }),
  def({ key: 'tier', type: 'enum', required: true, options: [{ value: 'gold' }, { value: 'silver' }] }),
  def({ key: 'interests', type: 'multi_enum', options: [{ value: 'coffee' }, { value: 'tea' }] }),
  def({ key: 'creditLimit', type: 'money', currency: 'EUR' }),
  def({ key: 'anyMoney', type: 'money' }),
  def({ key: 'website', type: 'url' }),
  def({ key: 'billingEmail', type: 'email' }),
  def({ key: 'faxNumber', type: 'text', archived: true }),
  def({ entity: 'deal', key: 'seats', type: 'number', required: true }),
];

const valid = {
  nickname: 'Ada',
  shoeSize: 38.5,
  vip: true,
  birthday: '1815-12-10',
  tier: 'gold',
  interests: ['coffee', 'tea'],
  creditLimit: { amountMinor: 100_000, currency: 'EUR' },
  anyMoney: { amountMinor: -500, currency: 'JPY' },
  website: 'https://example.com/ada',
  billingEmail: 'billing@example.com',
};

/** Validates one contact field and returns `[code, path]` of each issue. */
function check(key: string, value: unknown): Array<[string, PropertyKey[]]> {
  return validateCustomFields({ tier: 'gold', [key]: value } as never, definitions, { entity: 'contact' }).map((issue) => [
    issue.code,
    [...issue.path],
  ]);
}

describe('validateCustomFields', () => {
  it('accepts a valid value of every type', () => {
    expect(validateCustomFields(valid, definitions, { entity: 'contact' })).toEqual([]);
  });

  it('accepts null for every non-required field', () => {
    const cleared = Object.fromEntries(Object.keys(valid).filter((key) => key !== 'tier').map((key) => [key, null]));
    expect(validateCustomFields({ ...cleared, tier: 'silver' }, definitions, { entity: 'contact' })).toEqual([]);
  });

  it('checks text: type and maxLength', () => {
    expect(check('nickname', 42)).toEqual([['invalid_type', ['customFields', 'nickname']]]);
    expect(check('nickname', 'x'.repeat(11))).toEqual([['too_big', ['customFields', 'nickname']]]);
    expect(check('nickname', 'x'.repeat(10))).toEqual([]);
  });

  it('checks number: type, min and max (inclusive)', () => {
    expect(check('shoeSize', '38')).toEqual([['invalid_type', ['customFields', 'shoeSize']]]);
    expect(check('shoeSize', 29.9)).toEqual([['too_small', ['customFields', 'shoeSize']]]);
    expect(check('shoeSize', 50.1)).toEqual([['too_big', ['customFields', 'shoeSize']]]);
    expect(check('shoeSize', 30)).toEqual([]);
    expect(check('shoeSize', 50)).toEqual([]);
    expect(check('shoeSize', Number.NaN)).toEqual([['invalid_type', ['customFields', 'shoeSize']]]);
  });

  it('checks boolean', () => {
    expect(check('vip', 'yes')).toEqual([['invalid_type', ['customFields', 'vip']]]);
    expect(check('vip', false)).toEqual([]);
  });

  it('checks date: a real YYYY-MM-DD day', () => {
    expect(check('birthday', '2024-02-30')).toEqual([['invalid_format', ['customFields', 'birthday']]]);
    expect(check('birthday', '10/12/1815')).toEqual([['invalid_format', ['customFields', 'birthday']]]);
    expect(check('birthday', '2024-02-29T00:00:00Z')).toEqual([['invalid_format', ['customFields', 'birthday']]]);
    expect(check('birthday', 18151210)).toEqual([['invalid_type', ['customFields', 'birthday']]]);
    expect(check('birthday', '2024-02-29')).toEqual([]);
  });

  it('checks enum membership', () => {
    expect(check('tier', 'bronze')).toEqual([['invalid_value', ['customFields', 'tier']]]);
    expect(check('tier', ['gold'])).toEqual([['invalid_type', ['customFields', 'tier']]]);
  });

  it('checks multi_enum: a list of distinct options', () => {
    expect(check('interests', ['coffee', 'wine'])).toEqual([['invalid_value', ['customFields', 'interests']]]);
    expect(check('interests', ['tea', 'tea'])).toEqual([['invalid_value', ['customFields', 'interests']]]);
    expect(check('interests', 'coffee')).toEqual([['invalid_type', ['customFields', 'interests']]]);
    expect(check('interests', [])).toEqual([]);
  });

  it('checks money: shape, currency code and the fixed currency', () => {
    expect(check('creditLimit', 1000)).toEqual([['invalid_type', ['customFields', 'creditLimit']]]);
    expect(check('creditLimit', { amountMinor: 10.5, currency: 'EUR' })).toEqual([['invalid_type', ['customFields', 'creditLimit']]]);
    expect(check('creditLimit', { amountMinor: 10, currency: 'EUR', note: 'x' })).toEqual([
      ['invalid_type', ['customFields', 'creditLimit']],
    ]);
    expect(check('creditLimit', { amountMinor: 10, currency: 'USD' })).toEqual([['invalid_value', ['customFields', 'creditLimit']]]);
    expect(check('anyMoney', { amountMinor: 10, currency: 'XYZ' })).toEqual([['invalid_value', ['customFields', 'anyMoney']]]);
    expect(check('anyMoney', { amountMinor: 10, currency: 'usd' })).toEqual([['invalid_value', ['customFields', 'anyMoney']]]);
    expect(check('anyMoney', { amountMinor: 10, currency: 'USD' })).toEqual([]);
  });

  it('checks url: http(s) with a domain name', () => {
    expect(check('website', 'example.com')).toEqual([['invalid_format', ['customFields', 'website']]]);
    expect(check('website', 'javascript:alert(1)')).toEqual([['invalid_format', ['customFields', 'website']]]);
    expect(check('website', 'ftp://example.com')).toEqual([['invalid_format', ['customFields', 'website']]]);
    expect(check('website', true)).toEqual([['invalid_type', ['customFields', 'website']]]);
    expect(check('website', 'http://shop.example.co.uk/a?b=1')).toEqual([]);
  });

  it('checks email', () => {
    expect(check('billingEmail', 'billing@')).toEqual([['invalid_format', ['customFields', 'billingEmail']]]);
    expect(check('billingEmail', 7)).toEqual([['invalid_type', ['customFields', 'billingEmail']]]);
  });

  it('reports a required field that is absent, unless the values are partial', () => {
    expect(validateCustomFields({}, definitions, { entity: 'contact' })).toEqual([
      { code: 'required', path: ['customFields', 'tier'], message: 'Custom field "tier" is required' },
    ]);
    expect(validateCustomFields({}, definitions, { entity: 'contact', partial: true })).toEqual([]);
  });

  it('reports null on a required field even when partial', () => {
    expect(validateCustomFields({ tier: null }, definitions, { entity: 'contact', partial: true })).toEqual([
      { code: 'required', path: ['customFields', 'tier'], message: 'Custom field "tier" is required' },
    ]);
  });

  it('rejects unknown keys, including keys defined only for another entity', () => {
    expect(validateCustomFields({ tier: 'gold', shoe: 1, seats: 3 }, definitions, { entity: 'contact' })).toEqual([
      { code: 'unrecognized_keys', path: ['customFields', 'shoe'], message: 'Unknown custom field "shoe"' },
      { code: 'unrecognized_keys', path: ['customFields', 'seats'], message: 'Unknown custom field "seats"' },
    ]);
  });

  it('rejects a value for an archived field, but accepts null to clear it', () => {
    expect(check('faxNumber', '+390612345678')).toEqual([['archived_field', ['customFields', 'faxNumber']]]);
    expect(check('faxNumber', null)).toEqual([]);
  });

  it('uses the definitions of the requested entity only', () => {
    expect(validateCustomFields({}, definitions, { entity: 'deal' }).map((issue) => issue.path)).toEqual([['customFields', 'seats']]);
    expect(validateCustomFields({ seats: 12 }, definitions, { entity: 'deal' })).toEqual([]);
  });

  it('uses every definition when no entity is given', () => {
    expect(validateCustomFields({ tier: 'gold' }, definitions).map((issue) => issue.path)).toEqual([['customFields', 'seats']]);
  });

  it('reports every problem at once: values first, then missing required fields', () => {
    const issues = validateCustomFields({ shoeSize: 99, vip: 'no', website: 'nope' }, definitions, { entity: 'contact' });
    expect(issues.map((issue) => [issue.code, issue.path[1]])).toEqual([
      ['too_big', 'shoeSize'],
      ['invalid_type', 'vip'],
      ['invalid_format', 'website'],
      ['required', 'tier'],
    ]);
  });

  it('prefers an active definition over an archived one with the same key', () => {
    const both = [def({ key: 'code', type: 'number', archived: true }), def({ key: 'code', type: 'text' })];
    expect(validateCustomFields({ code: 'A1' }, both)).toEqual([]);
  });

  it('accepts plain rule objects as definitions', () => {
    expect(validateCustomFields({ seats: 0 }, [{ key: 'seats', type: 'number', min: 1 }])).toEqual([
      { code: 'too_small', path: ['customFields', 'seats'], message: 'Expected at least 1' },
    ]);
  });
});

describe('assertCustomFields', () => {
  it('returns normally when the values are valid', () => {
    expect(assertCustomFields(valid, definitions, { entity: 'contact' })).toBeUndefined();
  });

  it('throws a ValidationError carrying every issue', () => {
    try {
      assertCustomFields({ shoeSize: 20 }, definitions, { entity: 'contact' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.subject).toBe('custom fields');
      expect(validation.code).toBe('VALIDATION_FAILED');
      expect(validation.issues.map((issue) => issue.path)).toEqual([
        ['customFields', 'shoeSize'],
        ['customFields', 'tier'],
      ]);
      expect(validation.message).toBe(
        'Invalid custom fields: customFields.shoeSize: Expected at least 30; customFields.tier: Custom field "tier" is required',
      );
    }
  });
});
