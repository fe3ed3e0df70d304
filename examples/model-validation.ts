/**
 * Validating untrusted input with crmkit's model: parse a contact from a web form, collect
 * every problem of a bad one, work with money without mixing currencies.
 *
 * Run: npx tsx examples/model-validation.ts
 */
import assert from 'node:assert/strict';
import {
  addMoney,
  ContactDataSchema,
  CurrencyMismatchError,
  formatMoney,
  moneyFromMajor,
  normalizePhone,
  parseDeal,
  safeParseWith,
  sumByCurrency,
  ValidationError,
} from 'crmkit/model';

// 1. A web form posts a new contact. Normalisation happens on the way in.
const form = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  emails: [{ address: '  Ada.Lovelace@Example.COM ' }],
  phones: [{ number: normalizePhone('020 7946 0958', 'GB') ?? '' }],
  source: { channel: 'paid_search', utm: { source: 'google', campaign: 'spring' } },
};
const ok = safeParseWith(ContactDataSchema, 'contact', form);
assert.ok(ok.success);
console.log('parsed contact:', ok.data.emails[0]?.address, ok.data.phones[0]?.number, ok.data.lifecycleStage);
assert.equal(ok.data.emails[0]?.address, 'ada.lovelace@example.com');
assert.equal(ok.data.phones[0]?.number, '+442079460958');

// 2. A bad submission: every issue is reported with its path, not just the first.
const bad = safeParseWith(ContactDataSchema, 'contact', {
  firstName: 'Bob',
  emails: [{ address: 'bob@example.com' }, { address: 'not-an-email' }],
  lifecycleStage: 'prospect',
  favouriteColour: 'blue',
});
assert.ok(!bad.success);
for (const issue of bad.error.issues) console.log(`  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
assert.deepEqual(
  bad.error.issues.map((issue) => issue.path.join('.')).sort(),
  ['', 'emails.1.address', 'lifecycleStage'],
);

// 3. A deal record from an API: cross-field rules are checked (a lost deal needs a reason).
try {
  parseDeal({
    id: 'd1', workspaceId: 'w1', version: 1, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
    name: 'Acme renewal', pipelineId: 'sales', stageId: 'lost', status: 'lost', closedAt: '2025-02-01T00:00:00Z',
  });
  assert.fail('a lost deal without a reason must be refused');
} catch (error) {
  assert.ok(error instanceof ValidationError);
  console.log('refused:', error.message);
}

// 4. Money never mixes currencies silently.
const total = addMoney(moneyFromMajor('19.99', 'EUR'), moneyFromMajor(5, 'EUR'));
console.log('total:', formatMoney(total, 'en-GB'));
assert.deepEqual(total, { amountMinor: 2499, currency: 'EUR' });
assert.throws(() => addMoney(total, moneyFromMajor(1, 'USD')), CurrencyMismatchError);
console.log('per currency:', sumByCurrency([total, moneyFromMajor(3, 'USD'), moneyFromMajor(1, 'EUR')]));
