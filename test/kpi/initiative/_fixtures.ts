/** Small builders of the plain records the initiative KPIs read (no store, no parse). */
import type {
  InitiativeExternalSpend,
  InitiativeMember,
  InitiativePurchase,
  InitiativeSurveyResponse,
} from '../../../src/kpi/initiative';

export const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export function member(contactId: string, options: { group?: 'target' | 'control'; respondedAt?: string } = {}): InitiativeMember {
  const base = { campaignId: 'cmp1', contactId, group: options.group ?? 'target', responded: options.respondedAt !== undefined } as const;
  return options.respondedAt === undefined ? base : { ...base, firstRespondedAt: d(options.respondedAt) };
}

export function purchase(
  contactId: string,
  at: string,
  lines: readonly { quantity: number; value: number; margin?: number | undefined; category?: string; currency?: string }[],
): InitiativePurchase {
  return {
    contactId,
    purchasedAt: d(at),
    lines: lines.map((l) => {
      const currency = l.currency ?? 'EUR';
      const line = { category: l.category ?? 'coffee', quantity: l.quantity, value: { amountMinor: l.value, currency } };
      return l.margin === undefined ? line : { ...line, margin: { amountMinor: l.margin, currency } };
    }),
  };
}

export function survey(contactId: string | undefined, at: string, fields: Omit<InitiativeSurveyResponse, 'respondedAt' | 'contactId'>): InitiativeSurveyResponse {
  return contactId === undefined ? { respondedAt: d(at), ...fields } : { contactId, respondedAt: d(at), ...fields };
}

export function spend(
  contactId: string,
  periodStart: string,
  periodEnd: string,
  value: number,
  options: { purchaseActs?: number; category?: string; currency?: string } = {},
): InitiativeExternalSpend {
  const base = { contactId, category: options.category ?? 'coffee', periodStart, periodEnd, value: { amountMinor: value, currency: options.currency ?? 'EUR' } };
  return options.purchaseActs === undefined ? base : { ...base, purchaseActs: options.purchaseActs };
}
