/**
 * crmkit attribution: rule-based multi-touch models (first, last, linear, time decay, position
 * based) and exact Markov removal-effect attribution, from touchpoint journeys. See
 * docs/_parts/analyses-markov.md.
 *
 * @module analysis/attribution
 */
export { journeyPath, journeysFromTouchpoints } from './journey';
export type { Journey, JourneysFromTouchpointsOptions, JourneyTouch } from './journey';
export { firstTouch, lastTouch, linearTouch, markovAttribution, positionBased, timeDecay } from './models';
export type {
  AttributionOptions,
  AttributionResult,
  ChannelCredit,
  MarkovAttributionResult,
  PositionBasedOptions,
  TimeDecayOptions,
} from './models';
