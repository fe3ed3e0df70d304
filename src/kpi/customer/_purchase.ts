/**
 * What the customer-value KPIs read from a purchase, and helpers. Internal.
 *
 * @module
 * @internal
 */
import type { Money } from '../../model/money';
import { purchaseMargin, purchaseValue } from '../../model/purchase';
import { requireDate, requireMoney } from '../pipeline/_internal';
import { issue, throwIfIssues } from '../../_lib/validation';

/** The fields of a purchase the customer KPIs read (a stored `Purchase` satisfies it). One purchase = one purchase act. */
export interface PurchaseLike {
  /** The customer. */
  readonly contactId: string;
  /** When the purchase happened. */
  readonly purchasedAt: Date;
  /** Lines: value (not negative) and optional margin, all in one currency. */
  readonly lines: readonly { readonly value: Money; readonly margin?: Money | undefined }[];
}

/** Which amount of a purchase a money KPI uses: its `value` (revenue) or its `margin`. */
export type PurchaseBasis = 'value' | 'margin';

/** @internal Validates a purchase and returns its date and amount on the basis. */
export function readPurchase(purchase: PurchaseLike, basis: PurchaseBasis): { contactId: string; at: Date; amount: Money } {
  if (typeof purchase.contactId !== 'string') throwIfIssues('purchase', [issue(['contactId'], 'must be a string')]);
  const at = requireDate(purchase.purchasedAt, 'purchase', ['purchasedAt']);
  if (!Array.isArray(purchase.lines) || purchase.lines.length === 0) {
    throwIfIssues('purchase', [issue(['lines'], 'a purchase needs at least one line')]);
  }
  purchase.lines.forEach((line, i) => {
    requireMoney(line.value, 'purchase', ['lines', i, 'value']);
    if (line.margin !== undefined) requireMoney(line.margin, 'purchase', ['lines', i, 'margin'], true);
  });
  let amount: Money;
  if (basis === 'margin') {
    const margin = purchaseMargin(purchase);
    if (margin === undefined) {
      const index = purchase.lines.findIndex((line) => line.margin === undefined);
      throwIfIssues('purchase', [issue(['lines', index, 'margin'], 'basis "margin" needs a margin on every line')]);
    }
    amount = margin as Money;
  } else {
    amount = purchaseValue(purchase);
  }
  return { contactId: purchase.contactId, at, amount };
}

/** @internal Checks a basis option. */
export function checkBasis(basis: unknown, issues: { code: string; path: readonly PropertyKey[]; message: string }[]): void {
  if (basis !== 'value' && basis !== 'margin') issues.push(issue(['basis'], 'must be "value" or "margin"'));
}
