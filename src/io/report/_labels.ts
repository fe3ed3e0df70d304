/**
 * Display names shared by the charts and the HTML tables (internal).
 *
 * @module
 */

const STAGE_LABELS: Readonly<Record<string, string>> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketing_qualified: 'MQL',
  sales_qualified: 'SQL',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
  nurture: 'Nurture',
  disqualified: 'Disqualified',
};
const STAGE_ORDER = Object.keys(STAGE_LABELS);

/** A readable name of a lead-lifecycle stage (`marketing_qualified` → `MQL`); other names unchanged. */
export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? stage;
}

/** Stages in lifecycle order (known stages first, then the others by name). */
export function byStageOrder(states: readonly string[]): string[] {
  const rank = (s: string) => {
    const i = STAGE_ORDER.indexOf(s);
    return i < 0 ? STAGE_ORDER.length : i;
  };
  return [...states].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const SIZE_BANDS = ['1-9', '10-49', '50-249', '250-999', '1000+'];

/** Survival group keys in display order: company size bands by size, `(none)` last; otherwise as given. */
export function survivalGroupOrder<T extends { readonly group: string }>(by: string, curves: readonly T[]): T[] {
  if (by !== 'company') return [...curves];
  const rank = (g: string) => {
    const i = SIZE_BANDS.indexOf(g);
    return i < 0 ? SIZE_BANDS.length : i;
  };
  return [...curves].sort((a, b) => rank(a.group) - rank(b.group));
}
