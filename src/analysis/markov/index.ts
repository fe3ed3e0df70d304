/**
 * crmkit Markov analyses: transition matrices estimated from stage histories and journeys
 * (matching R's `markovchain::markovchainFit`), absorbing-chain analysis, n-step and stationary
 * distributions, and seeded Monte Carlo cohort projection. See docs/_parts/analyses-markov.md.
 *
 * @module analysis/markov
 */
export { compareStrata, transitionMatrix, transitionMatrixByStratum } from './transition-matrix';
export type {
  EmptyRowRule,
  MarkovChain,
  RowHomogeneity,
  StrataComparison,
  StratifiedSequence,
  StratumTransitionMatrix,
  TransitionConfidenceInterval,
  TransitionMatrixOptions,
  TransitionMatrixResult,
} from './transition-matrix';
export { transitionCountsAccumulator } from './transition-counts';
export type { TransitionCountsAccumulator } from './transition-counts';
export { journeySequences, stageSequences } from './sequences';
export type { JourneySequencesOptions, StageChange, StageSequence, StageSequencesOptions } from './sequences';
export { communicatingClasses, validateChain } from './chain';
export type { CommunicatingClass } from './chain';
export { absorbingAnalysis } from './absorbing';
export type { AbsorbingAnalysisOptions, AbsorbingAnalysisResult } from './absorbing';
export { nStepDistribution, stationaryDistributions, steadyState } from './distribution';
export type { StateVector } from './distribution';
export { simulateCohort } from './simulate';
export type { Band, CohortPeriod, SimulateCohortOptions, SimulateCohortResult } from './simulate';
