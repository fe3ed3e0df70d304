/**
 * crmkit/analysis — analyses that answer questions about conversion and value: survival
 * analysis of conversion time with censoring (Kaplan–Meier, log-rank, Aalen–Johansen), Markov
 * transition analysis and absorbing chains, channel attribution, and customer-value and
 * conversion-probability models. Every analysis takes plain records, so it runs on a CSV export
 * as well as on a store.
 *
 * @module analysis
 */
export { kaplanMeier, kaplanMeierByGroup, survivalQuantile, survivalQuantiles, logRankTest, aalenJohansen, conversionTimes, CONFIDENCE_TYPES } from './survival';
export type { GroupedSurvivalObservation, KaplanMeierByGroupOptions, KaplanMeierGroupResult, KaplanMeierOptions, KaplanMeierResult, KaplanMeierRow, RestrictedMean, SurvivalObservation, SurvivalTimeEstimate, SurvivalQuantile, LogRankGroup, LogRankOptions, LogRankResult, AalenJohansenOptions, AalenJohansenResult, AalenJohansenRow, CompetingRisksObservation, StateProbability, ConversionObservation, ConversionTimesOptions, ConversionTimesResult, DateInput, DateSelector, DurationUnit, ConfidenceType, GroupKey } from './survival';
export { compareStrata, transitionMatrix, transitionMatrixByStratum, journeySequences, stageSequences, communicatingClasses, validateChain, absorbingAnalysis, nStepDistribution, stationaryDistributions, steadyState, simulateCohort } from './markov';
export type { EmptyRowRule, MarkovChain, RowHomogeneity, StrataComparison, StratifiedSequence, StratumTransitionMatrix, TransitionConfidenceInterval, TransitionMatrixOptions, TransitionMatrixResult, JourneySequencesOptions, StageChange, StageSequence, StageSequencesOptions, CommunicatingClass, AbsorbingAnalysisOptions, AbsorbingAnalysisResult, StateVector, Band, CohortPeriod, SimulateCohortOptions, SimulateCohortResult } from './markov';
export { journeyPath, journeysFromTouchpoints, firstTouch, lastTouch, linearTouch, markovAttribution, positionBased, timeDecay } from './attribution';
export type { Journey, JourneysFromTouchpointsOptions, JourneyTouch, AttributionOptions, AttributionResult, ChannelCredit, MarkovAttributionResult, PositionBasedOptions, TimeDecayOptions } from './attribution';
export { summarizeTransactions, bgNbdConditionalExpectedPurchases, bgNbdExpectedPurchases, bgNbdLogLikelihood, bgNbdProbabilityAlive, fitBgNbd, fitGammaGamma, gammaGammaExpectedAverageSpend, gammaGammaLogLikelihood, customerLifetimeValue, logisticRegression, predictLogistic, naiveBayesLeadScore, calibrationReport, stageProbabilityCalibration } from './models';
export type { CustomerSummary, CustomerValueTimeUnit, SummarizeTransactionsOptions, SummaryPurchase, BgNbdCustomer, BgNbdFit, BgNbdParameters, FitBgNbdOptions, FitGammaGammaOptions, GammaGammaCustomer, GammaGammaFit, GammaGammaParameters, CustomerLifetimeValueCustomer, CustomerLifetimeValueOptions, CategoricalPredictor, LogisticCoefficient, LogisticDesign, LogisticPredictor, LogisticRegressionModel, LogisticRegressionOptions, LogisticRow, NumericPredictor, LeadScore, LeadScoreContribution, LeadScoreRecord, NaiveBayesLeadScoreModel, NaiveBayesLeadScoreOptions, CalibrationBin, CalibrationPrediction, CalibrationReport, CalibrationReportOptions, StageCalibrationRow, StageHistoryDeal, StageProbabilityPipeline } from './models';
