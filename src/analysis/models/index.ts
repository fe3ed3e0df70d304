/**
 * crmkit predictive models: what a customer is worth and how likely a lead is to convert.
 *
 * - {@link summarizeTransactions}: purchases → x, t_x, T, monetary value per customer.
 * - {@link fitBgNbd} (BG/NBD, Fader, Hardie & Lee 2005) with {@link bgNbdProbabilityAlive},
 *   {@link bgNbdConditionalExpectedPurchases}, {@link bgNbdExpectedPurchases}.
 * - {@link fitGammaGamma} with {@link gammaGammaExpectedAverageSpend}, and
 *   {@link customerLifetimeValue} (discounted cash flow, lifetimes' definition).
 * - {@link logisticRegression} / {@link predictLogistic}: conversion probability, matching R's
 *   `glm(family = binomial)`.
 * - {@link naiveBayesLeadScore}: explainable lead scores from won/lost records.
 * - {@link calibrationReport}, {@link stageProbabilityCalibration}: are the probabilities right?
 *
 * The BG/NBD and Gamma-Gamma fits reproduce the published CDNOW estimates; see docs (analyses: models).
 *
 * @module analysis/models
 */
export { summarizeTransactions } from './transaction-summary';
export type { CustomerSummary, CustomerValueTimeUnit, SummarizeTransactionsOptions, SummaryPurchase } from './transaction-summary';
export {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from './bg-nbd';
export type { BgNbdCustomer, BgNbdFit, BgNbdParameters, FitBgNbdOptions } from './bg-nbd';
export { fitGammaGamma, gammaGammaExpectedAverageSpend, gammaGammaLogLikelihood } from './gamma-gamma';
export type { FitGammaGammaOptions, GammaGammaCustomer, GammaGammaFit, GammaGammaParameters } from './gamma-gamma';
export { customerLifetimeValue } from './customer-lifetime-value';
export type { CustomerLifetimeValueCustomer, CustomerLifetimeValueOptions } from './customer-lifetime-value';
export { logisticRegression, predictLogistic } from './logistic-regression';
export type {
  CategoricalPredictor,
  LogisticCoefficient,
  LogisticDesign,
  LogisticPredictor,
  LogisticRegressionModel,
  LogisticRegressionOptions,
  LogisticRow,
  NumericPredictor,
} from './logistic-regression';
export { naiveBayesLeadScore } from './naive-bayes';
export type {
  LeadScore,
  LeadScoreContribution,
  LeadScoreRecord,
  NaiveBayesLeadScoreModel,
  NaiveBayesLeadScoreOptions,
} from './naive-bayes';
export { calibrationReport, stageProbabilityCalibration } from './calibration';
export type {
  CalibrationBin,
  CalibrationPrediction,
  CalibrationReport,
  CalibrationReportOptions,
  StageCalibrationRow,
  StageHistoryDeal,
  StageProbabilityPipeline,
} from './calibration';
