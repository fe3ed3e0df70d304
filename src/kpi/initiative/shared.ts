/**
 * Options shared by the initiative KPIs and the helper that turns a panel projection into a KPI
 * accumulator.
 *
 * @module
 */
import { type Accumulator, accumulate } from '../accumulator';
import { initiativePanelAccumulator, type InitiativePanelState } from './panel';
import { type InitiativeData, type InitiativeRecord, initiativeRecords } from './types';
import type { Period } from '../period';

/** Options every initiative KPI accepts. */
export interface InitiativeKpiOptions {
  /** The period measured, half-open [start, end). */
  readonly period: Period;
  /** Which members: the `target` (default) or the `control` group. */
  readonly group?: 'target' | 'control';
  /** Only purchase lines and external spend in these categories count; default every category. */
  readonly categories?: readonly string[];
  /** Only members of this campaign count; default every member given. */
  readonly campaignId?: string;
  /** The currency every amount must be in; default the first one seen. */
  readonly currency?: string;
}

/**
 * Builds a KPI accumulator: the panel over `windows`, projected by `project` at `result`.
 *
 * @internal
 */
export function projected<Out>(
  options: Omit<InitiativeKpiOptions, 'period' | 'group'>,
  windows: readonly Period[],
  project: (state: InitiativePanelState) => Out,
): Accumulator<InitiativeRecord, InitiativePanelState, Out> {
  const panel = initiativePanelAccumulator({
    windows,
    categories: options.categories,
    campaignId: options.campaignId,
    currency: options.currency,
  });
  return { init: panel.init, add: panel.add, merge: panel.merge, result: project };
}

/**
 * Runs a KPI accumulator over {@link InitiativeData} (the one code path of every array function).
 *
 * @internal
 */
export function run<Out>(accumulator: Accumulator<InitiativeRecord, InitiativePanelState, Out>, data: InitiativeData): Out {
  return accumulate(accumulator, initiativeRecords(data));
}

/** Whether an instant (epoch ms) lies in [start, end). @internal */
export function within(ms: number | null, period: Period): boolean {
  return ms !== null && ms >= period.start.getTime() && ms < period.end.getTime();
}
