/**
 * Inputs of the initiative KPIs: the model records they read (narrowed to the fields used, so a
 * script can pass plain objects without any store), the periods, and the tagged record stream
 * every initiative accumulator consumes.
 *
 * @module
 */
import type { CampaignMember } from '../../model/campaign-member';
import type { ExternalSpend } from '../../model/external-spend';
import type { Purchase } from '../../model/purchase';
import type { SurveyResponse } from '../../model/survey-response';

/**
 * The fields of a {@link CampaignMember} the initiative KPIs read (a stored member satisfies it).
 * Ids are plain strings here so that a script can pass records it built itself.
 */
export type InitiativeMember = Pick<CampaignMember, 'group' | 'responded'> &
  Partial<Pick<CampaignMember, 'firstRespondedAt'>> & { readonly contactId: string; readonly campaignId: string };

/**
 * The fields of a {@link Purchase} the initiative KPIs read. One record is one **purchase act**
 * (one basket, one order), whatever its number of lines.
 */
export type InitiativePurchase = Pick<Purchase, 'purchasedAt' | 'lines'> & { readonly contactId: string };

/** The fields of a {@link SurveyResponse} the initiative KPIs read. */
export type InitiativeSurveyResponse = Pick<SurveyResponse, 'respondedAt'> &
  Partial<Pick<SurveyResponse, 'satisfaction' | 'nps' | 'affinity' | 'aware'>> & { readonly contactId?: string };

/** The fields of an {@link ExternalSpend} the initiative KPIs read. */
export type InitiativeExternalSpend = Pick<ExternalSpend, 'category' | 'periodStart' | 'periodEnd' | 'value'> &
  Partial<Pick<ExternalSpend, 'purchaseActs'>> & { readonly contactId: string };

/** One item of the stream an initiative accumulator consumes: a record tagged with its kind. */
export type InitiativeRecord =
  | { readonly kind: 'member'; readonly record: InitiativeMember }
  | { readonly kind: 'purchase'; readonly record: InitiativePurchase }
  | { readonly kind: 'survey'; readonly record: InitiativeSurveyResponse }
  | { readonly kind: 'externalSpend'; readonly record: InitiativeExternalSpend };

/**
 * The records of an initiative as plain iterables (arrays, generators). `purchases` must include
 * the history before the period when trial is wanted (a first-ever purchase needs it).
 */
export interface InitiativeData {
  /** Campaign members (target and control). */
  readonly members: Iterable<InitiativeMember>;
  /** Purchases of the members (others are ignored), including history. */
  readonly purchases?: Iterable<InitiativePurchase>;
  /** Survey responses (those without a `contactId` are ignored). */
  readonly surveys?: Iterable<InitiativeSurveyResponse>;
  /** What members spent elsewhere in the categories. */
  readonly externalSpend?: Iterable<InitiativeExternalSpend>;
}

/** Like {@link InitiativeData}, each source may also be an async iterable (a store stream, a CSV reader). */
export interface InitiativeDataAsync {
  /** Campaign members (target and control). */
  readonly members: AsyncIterable<InitiativeMember> | Iterable<InitiativeMember>;
  /** Purchases of the members, including history. */
  readonly purchases?: AsyncIterable<InitiativePurchase> | Iterable<InitiativePurchase>;
  /** Survey responses. */
  readonly surveys?: AsyncIterable<InitiativeSurveyResponse> | Iterable<InitiativeSurveyResponse>;
  /** What members spent elsewhere in the categories. */
  readonly externalSpend?: AsyncIterable<InitiativeExternalSpend> | Iterable<InitiativeExternalSpend>;
}

/**
 * Turns {@link InitiativeData} into the tagged record stream the accumulators consume
 * (members, then purchases, surveys, external spend; the order does not matter to the result).
 *
 * @param data - the records as iterables
 * @returns a generator of {@link InitiativeRecord}s
 *
 * @example
 * ```ts
 * import { initiativeRecords } from 'crmkit/kpi';
 * [...initiativeRecords({ members: [member], purchases: [purchase] })].map((r) => r.kind);
 * //=> ['member', 'purchase']
 * ```
 */
export function* initiativeRecords(data: InitiativeData): Generator<InitiativeRecord> {
  for (const record of data.members) yield { kind: 'member', record };
  for (const record of data.purchases ?? []) yield { kind: 'purchase', record };
  for (const record of data.surveys ?? []) yield { kind: 'survey', record };
  for (const record of data.externalSpend ?? []) yield { kind: 'externalSpend', record };
}

/**
 * Async version of {@link initiativeRecords}: each source may be an async iterable; feed the
 * result to `accumulateAsync` with any initiative accumulator.
 *
 * @param data - the records as sync or async iterables
 * @returns an async generator of {@link InitiativeRecord}s
 *
 * @example
 * ```ts
 * import { accumulateAsync, initiativeRecordsAsync, penetrationAccumulator } from 'crmkit/kpi';
 * await accumulateAsync(penetrationAccumulator({ period }), initiativeRecordsAsync({ members: store.stream('campaignMember'), purchases: store.stream('purchase') }));
 * //=> { targetSize: …, buyers: …, rate: … }
 * ```
 */
export async function* initiativeRecordsAsync(data: InitiativeDataAsync): AsyncGenerator<InitiativeRecord> {
  for await (const record of data.members) yield { kind: 'member', record };
  for await (const record of data.purchases ?? []) yield { kind: 'purchase', record };
  for await (const record of data.surveys ?? []) yield { kind: 'survey', record };
  for await (const record of data.externalSpend ?? []) yield { kind: 'externalSpend', record };
}
