/**
 * Service KPIs: ticket first-response and resolution times, escalation rate, reopen rate. Each KPI
 * is a pure function and a mergeable accumulator.
 *
 * @module
 */
export {
  escalationRate,
  escalationRateAccumulator,
  reopenRate,
  reopenRateAccumulator,
  ticketTimes,
  ticketTimesAccumulator,
  type DurationSummary,
  type EscalationRateOptions,
  type EscalationRateRow,
  type EscalationRateState,
  type ReopenRateOptions,
  type ReopenRateResult,
  type ReopenRateState,
  type TicketLike,
  type TicketTimesOptions,
  type TicketTimesResult,
  type TicketTimesState,
} from './tickets';
