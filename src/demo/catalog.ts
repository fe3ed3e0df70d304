/**
 * Static vocabularies and model parameters of the demo data set: names, cities, products,
 * acquisition sources with their conversion speeds, seasonality weights.
 *
 * @module
 */
import type { Channel } from '../model/common';

/** @internal */
export const FIRST_NAMES = [
  'Ada', 'Alan', 'Grace', 'Linus', 'Marie', 'Nikola', 'Rosa', 'Enzo', 'Giulia', 'Luca', 'Sofia', 'Marco',
  'Emma', 'Noah', 'Olivia', 'Liam', 'Mia', 'Lukas', 'Hannah', 'Felix', 'Chiara', 'Matteo', 'Elena', 'Paul',
  'Sara', 'Jonas', 'Lea', 'Tom', 'Anna', 'David', 'Clara', 'Omar', 'Yuki', 'Priya', 'Diego', 'Ines',
] as const;

/** @internal */
export const LAST_NAMES = [
  'Rossi', 'Bianchi', 'Müller', 'Schmidt', 'Smith', 'Johnson', 'Ferrari', 'Romano', 'Weber', 'Fischer',
  'Brown', 'Garcia', 'Martin', 'Bernard', 'Conti', 'Ricci', 'Wagner', 'Becker', 'Taylor', 'Moore',
  'Costa', 'Greco', 'Lopez', 'Dubois', 'Novak', 'Kowalski', 'Jensen', 'Larsen', 'Silva', 'Tanaka',
] as const;

/** @internal */
export const COMPANY_WORDS_A = ['Bright', 'Nord', 'Blue', 'Green', 'Alpine', 'Silver', 'Rapid', 'Urban', 'Prime', 'Terra', 'Nova', 'Solid'] as const;
/** @internal */
export const COMPANY_WORDS_B = ['wave', 'licht', 'forge', 'field', 'works', 'stone', 'line', 'port', 'craft', 'leaf', 'gate', 'mark'] as const;
/** @internal */
export const COMPANY_SUFFIXES = ['GmbH', 'S.r.l.', 'Ltd', 'Inc.', 'S.p.A.', 'AG'] as const;

/** NACE codes with labels (a realistic mix of customers of an office-supplies and coffee business). */
export const INDUSTRIES = [
  { code: '62.01', label: 'Computer programming activities' },
  { code: '47.91', label: 'Retail sale via mail order houses or via Internet' },
  { code: '56.10', label: 'Restaurants and mobile food service activities' },
  { code: '69.20', label: 'Accounting, bookkeeping and auditing activities' },
  { code: '71.12', label: 'Engineering activities and related technical consultancy' },
  { code: '86.21', label: 'General medical practice activities' },
  { code: '85.59', label: 'Other education' },
] as const;

/** @internal */
export const CITIES = [
  { city: 'Milano', country: 'IT' },
  { city: 'Torino', country: 'IT' },
  { city: 'Bologna', country: 'IT' },
  { city: 'München', country: 'DE' },
  { city: 'Berlin', country: 'DE' },
  { city: 'Hamburg', country: 'DE' },
  { city: 'San Francisco', country: 'US' },
  { city: 'Austin', country: 'US' },
] as const;

/** @internal */
export const JOB_TITLES = ['Office Manager', 'Head of Operations', 'Purchasing Manager', 'CFO', 'Founder', 'Facility Manager', 'Team Assistant', 'IT Manager'] as const;

/** A product of the demo catalogue (prices in major units of the demo currency). */
export interface DemoProductSpec {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly price: number;
  readonly cost: number;
}

/** The demo catalogue: five categories, realistic unit prices and costs. */
export const PRODUCTS: readonly DemoProductSpec[] = [
  { sku: 'COF-ESP-1K', name: 'Espresso beans 1 kg', category: 'coffee', price: 24.9, cost: 11.2 },
  { sku: 'COF-FIL-1K', name: 'Filter coffee 1 kg', category: 'coffee', price: 19.5, cost: 8.4 },
  { sku: 'COF-CAP-100', name: 'Coffee capsules ×100', category: 'coffee', price: 32, cost: 13.5 },
  { sku: 'COF-DEC-500', name: 'Decaf beans 500 g', category: 'coffee', price: 14.9, cost: 6.9 },
  { sku: 'TEA-GRN-50', name: 'Green tea ×50', category: 'tea', price: 9.9, cost: 3.1 },
  { sku: 'TEA-BLK-50', name: 'Black tea ×50', category: 'tea', price: 8.5, cost: 2.8 },
  { sku: 'TEA-HRB-50', name: 'Herbal tea ×50', category: 'tea', price: 10.5, cost: 3.4 },
  { sku: 'MAC-BEAN-PRO', name: 'Bean-to-cup machine Pro', category: 'machines', price: 1490, cost: 920 },
  { sku: 'MAC-CAP-S', name: 'Capsule machine S', category: 'machines', price: 189, cost: 104 },
  { sku: 'MAC-GRD-60', name: 'Grinder 60 mm', category: 'machines', price: 429, cost: 250 },
  { sku: 'ACC-CUP-6', name: 'Cups ×6', category: 'accessories', price: 29, cost: 9 },
  { sku: 'ACC-MLK-JUG', name: 'Milk jug', category: 'accessories', price: 19, cost: 6 },
  { sku: 'ACC-CLN-KIT', name: 'Cleaning kit', category: 'accessories', price: 24, cost: 8.5 },
  { sku: 'SUB-COF-M', name: 'Coffee subscription (month)', category: 'subscriptions', price: 59, cost: 31 },
  { sku: 'SUB-SVC-Y', name: 'Service plan (year)', category: 'subscriptions', price: 290, cost: 95 },
];

/** Weight of each category when a line is drawn (consumables are bought far more often). */
export const CATEGORY_WEIGHTS = { coffee: 46, tea: 18, accessories: 18, subscriptions: 10, machines: 8 } as const;

/**
 * Acquisition sources: share of new contacts, mean days from becoming a lead to winning (the
 * conversion hazard is 1 / meanDaysToWin, competing with a loss hazard shared by all sources),
 * and a UTM medium for paid channels.
 */
export const SOURCES: Readonly<Record<string, { readonly channel: Channel; readonly weight: number; readonly meanDaysToWin: number; readonly medium?: string; readonly detail: string }>> = {
  organic_search: { channel: 'organic_search', weight: 24, meanDaysToWin: 70, detail: 'google' },
  paid_search: { channel: 'paid_search', weight: 18, meanDaysToWin: 60, medium: 'cpc', detail: 'google ads' },
  paid_social: { channel: 'paid_social', weight: 14, meanDaysToWin: 160, medium: 'paid_social', detail: 'linkedin' },
  email: { channel: 'email', weight: 10, meanDaysToWin: 80, medium: 'email', detail: 'newsletter' },
  referral: { channel: 'referral', weight: 10, meanDaysToWin: 24, detail: 'customer referral' },
  events: { channel: 'events', weight: 8, meanDaysToWin: 40, detail: 'trade fair' },
  direct: { channel: 'direct', weight: 11, meanDaysToWin: 95, detail: 'website' },
  partner: { channel: 'partner', weight: 5, meanDaysToWin: 32, detail: 'reseller' },
};

/** Mean days from becoming a lead to being disqualified or recycled (same for every source). */
export const MEAN_DAYS_TO_LOSS = 75;

/** Relative volume of new contacts by calendar month (January first): a summer dip, an autumn peak. */
export const MONTH_WEIGHTS = [0.85, 0.95, 1.1, 1.05, 1.0, 0.9, 0.7, 0.55, 1.1, 1.25, 1.3, 0.95] as const;

/** Relative volume of new contacts by weekday (Sunday first): weekdays busy, weekends quiet. */
export const WEEKDAY_WEIGHTS = [0.25, 1.2, 1.25, 1.2, 1.1, 0.95, 0.3] as const;

/** Monthly growth of the contact inflow (2 % a month). */
export const MONTHLY_GROWTH = 1.02;

/** Channels of later touchpoints in a journey, with weights. */
export const JOURNEY_CHANNELS = {
  email: 30,
  organic_search: 18,
  paid_search: 12,
  paid_social: 12,
  direct: 14,
  display: 6,
  referral: 4,
  events: 4,
} as const;

/** Deal pipeline stages of the demo pipeline. */
export const DEMO_STAGES = [
  { id: 'qualification', name: 'Qualification', order: 1, probability: 0.1, forecastCategory: 'pipeline', kind: 'open' },
  { id: 'discovery', name: 'Discovery', order: 2, probability: 0.25, forecastCategory: 'pipeline', kind: 'open' },
  { id: 'proposal', name: 'Proposal', order: 3, probability: 0.5, forecastCategory: 'best_case', kind: 'open' },
  { id: 'negotiation', name: 'Negotiation', order: 4, probability: 0.75, forecastCategory: 'commit', kind: 'open' },
  { id: 'won', name: 'Closed won', order: 5, probability: 1, forecastCategory: 'closed', kind: 'won' },
  { id: 'lost', name: 'Closed lost', order: 6, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
] as const;

/** Reasons a lead is disqualified. */
export const DISQUALIFY_REASONS = ['no budget', 'not a fit', 'went with a competitor', 'unresponsive', 'student / private use'] as const;
