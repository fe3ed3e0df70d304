/**
 * Internal numeric helpers shared by crmkit/analysis (never exported from the package root).
 *
 * @module analysis/_lib
 */
export { at, identity, inverse, luDecompose, luSolve, matMul, matVec, solve, vecMat } from '../../_lib/linalg';
export type { LuDecomposition, Matrix } from '../../_lib/linalg';
export { mulberry32, sampleIndex } from './prng';
export type { Random } from './prng';
export { chiSquareUpperTail, gammaQ, logGamma, normalQuantile } from '../../_lib/distributions';
