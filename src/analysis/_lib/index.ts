/**
 * Internal numeric helpers shared by crmkit/analysis (never exported from the package root).
 *
 * @module analysis/_lib
 */
export { at, identity, inverse, luDecompose, luSolve, matMul, matVec, solve, vecMat } from './linalg';
export type { LuDecomposition, Matrix } from './linalg';
export { mulberry32, sampleIndex } from './prng';
export type { Random } from './prng';
export { chiSquareUpperTail, gammaQ, logGamma, normalQuantile } from './distributions';
