/**
 * The shared distribution functions (src/_lib/distributions.ts) against R.
 *
 * Every expected number below was printed by R 4.x with 17 significant digits, by the command
 * written next to its table: `Rscript -e 'cat(sprintf("%.17g", <expr>))'` — for example
 * `Rscript -e 'cat(sprintf("%.17g", qnorm(1e-300)))'`. Tolerances are relative and reflect the
 * measured accuracy of each algorithm (documented in the source), not a loosened target.
 */
import { describe, expect, it } from 'vitest';
import {
  chiSquareUpperTail,
  gammaQ,
  incompleteGamma,
  logGamma,
  normalCdf,
  normalQuantile,
  normalUpperTail,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
  studentUpperTail,
  twoSidedNormalP,
} from '../../src/_lib/distributions';
import { InvalidArgumentError, ValidationError } from '../../src/errors';

function expectRelative(actual: number, expected: number, tolerance: number, label: string): void {
  const error = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  expect(error, `${label}: got ${actual}, R ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('normalQuantile (AS 241)', () => {
  // R: qnorm(p)
  const cases: [number, number][] = [
    [1e-300, -37.047096299361201],
    [1e-200, -30.205594179579634],
    [1e-100, -21.273453560965319],
    [1e-50, -14.933337534788489],
    [1e-20, -9.2623400897984052],
    [1e-12, -7.0344838253011321],
    [1e-8, -5.61200124417479],
    [1e-5, -4.2648907939228256],
    [0.001, -3.0902323061678132],
    [0.0243, -1.9720841590292884],
    [0.025, -1.9599639845400538],
    [0.1, -1.2815515655446008],
    [0.3, -0.52440051270804067],
    [0.7, 0.52440051270804067],
    [0.975, 1.9599639845400536],
    [0.99, 2.3263478740408408],
    [0.999999, 4.7534243088170891],
    [1 - 1e-12, 7.0344869100478356],
  ];
  it.each(cases)('qnorm(%s) to 1e-15 relative', (p, q) => expectRelative(normalQuantile(p), q, 1e-15, `qnorm(${p})`));

  it('is 0 at ½, ±Infinity at 0 and 1, and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(-0.1)).toThrow(ValidationError);
    expect(() => normalQuantile(1.1)).toThrow(ValidationError);
    expect(() => normalQuantile(Number.NaN)).toThrow(ValidationError);
  });
});

describe('normalCdf, normalUpperTail and twoSidedNormalP', () => {
  // R: pnorm(z)
  const cdf: [number, number][] = [
    [-37, 5.7255712225245771e-300],
    [-35, 1.1249107064724062e-268],
    [-30, 4.9067139271481872e-198],
    [-20, 2.7536241186062337e-89],
    [-10, 7.6198530241605269e-24],
    [-8, 6.2209605742717849e-16],
    [-5, 2.8665157187919391e-7],
    [-3, 0.0013498980316300946],
    [-1.5, 0.066807201268858071],
    [-0.5, 0.30853753872598694],
    [-0.001, 0.49960105778608893],
    [0.3, 0.61791142218895267],
    [1, 0.84134474606854293],
    [2, 0.97724986805182079],
    [5, 0.99999971334842808],
    [8, 0.99999999999999933],
  ];
  it.each(cdf)('pnorm(%s) to 2e-13 relative, down to 1e-300', (z, p) => {
    expectRelative(normalCdf(z), p, 2e-13, `pnorm(${z})`);
    if (z < 0) expectRelative(normalUpperTail(-z), p, 2e-13, `pnorm(${-z}, lower.tail = FALSE)`);
  });

  it('gives two-sided p-values as R’s 2 * pnorm(-z)', () => {
    // R: 2 * pnorm(-z)
    const cases: [number, number][] = [
      [0.1, 0.92034432544594202],
      [1, 0.31731050786291409],
      [3, 0.0026997960632601892],
      [6, 1.9731752900753962e-9],
      [10, 1.5239706048321054e-23],
      [37, 1.1451142445049154e-299],
    ];
    for (const [z, p] of cases) {
      expectRelative(twoSidedNormalP(z), p, 2e-13, `2*pnorm(-${z})`);
      expectRelative(twoSidedNormalP(-z), p, 2e-13, `2*pnorm(-${z}) (negative z)`);
    }
    expect(twoSidedNormalP(0)).toBe(1);
  });

  it('round-trips with normalQuantile', () => {
    for (const p of [1e-300, 1e-100, 1e-10, 0.01, 0.2, 0.5, 0.8, 0.99]) expectRelative(normalCdf(normalQuantile(p)), p, 2e-13, `Φ(Φ⁻¹(${p}))`);
  });
});

describe('chiSquareUpperTail', () => {
  // R: pchisq(x, df, lower.tail = FALSE)
  const cases: [number, number, number][] = [
    [0.1, 1, 0.75182963404584935],
    [0.5, 1, 0.47950012218695348],
    [3.84, 1, 0.050043521248705224],
    [50, 1, 1.5374597944280343e-12],
    [1000, 1, 1.7958327848007259e-219],
    [1300, 1, 1.1303728441492744e-284],
    [1e-5, 2, 0.99999500001249997],
    [10, 3, 0.018566135463043233],
    [1200, 3, 7.331671591550679e-260],
    [100, 5, 5.28514836094324e-20],
    [3, 7, 0.88500223164315062],
    [700, 40, 1.8762675768329599e-121],
    [200, 150, 0.0039731859708216086],
    [1000, 600, 1.6933836864708695e-22],
  ];
  it.each(cases)('pchisq(%s, %s, lower.tail = FALSE) to 1e-12 relative', (x, df, p) => expectRelative(chiSquareUpperTail(x, df), p, 1e-12, `pchisq(${x}, ${df})`));

  it('keeps its relative precision at p = 1e-300', () => {
    // R: x <- qchisq(1e-300, df, lower.tail = FALSE); pchisq(x, df, lower.tail = FALSE)
    const cases: [number, number, number][] = [
      [1373.8726312223939, 1, 1.0000000000001375e-300],
      [1381.5510557964274, 2, 1.0000000000000237e-300],
      [1400.6405856530271, 5, 9.9999999999991001e-301],
      [1516.8812320054694, 30, 1.0000000000000237e-300],
      [1756.7875331838768, 100, 1.0000000000000237e-300],
    ];
    for (const [x, df, p] of cases) expectRelative(chiSquareUpperTail(x, df), p, 1e-12, `pchisq(${x}, ${df})`);
  });

  it('is accurate to 1e-10 for very large df, is 1 at 0 and rejects df ≤ 0', () => {
    // R: pchisq(30000, 25000, lower.tail = FALSE)
    expectRelative(chiSquareUpperTail(30000, 25000), 1.9043925398514529e-98, 1e-10, 'pchisq(30000, 25000)');
    // R: pchisq(2000, 1, lower.tail = FALSE) underflows to 0
    expect(chiSquareUpperTail(2000, 1)).toBe(0);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(() => chiSquareUpperTail(1, 0)).toThrow(InvalidArgumentError);
  });
});

describe('logGamma, incomplete gamma and beta', () => {
  it('logGamma matches R’s lgamma to 1e-13 absolute', () => {
    // R: lgamma(x)
    const cases: [number, number][] = [
      [0.1, 2.252712651734206],
      [0.5, 0.57236494292470008],
      [1, 0],
      [2.5, 0.28468287047291918],
      [10, 12.801827480081469],
      [100, 359.1342053695754],
      [1e4, 82099.717496442376],
    ];
    for (const [x, v] of cases) expect(Math.abs(logGamma(x) - v), `lgamma(${x})`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(v)));
  });

  it('incompleteGamma and gammaQ match R’s pgamma to 1e-13 relative', () => {
    // R: pgamma(x, a, lower.tail = FALSE) and pgamma(x, a)
    const cases: [number, number, number, number][] = [
      [1, 1, 0.36787944117144233, 0.63212055882855767],
      [0.5, 3, 0.014305878435429647, 0.98569412156457037],
      [10, 30, 7.1217508628155784e-6, 0.99999287824913718],
      [100, 90, 0.84177901081356976, 0.15822098918643021],
    ];
    for (const [a, x, upper, lower] of cases) {
      const g = incompleteGamma(a, x);
      expectRelative(g.upper, upper, 1e-13, `pgamma(${x}, ${a}, lower.tail = FALSE)`);
      expectRelative(g.lower, lower, 1e-13, `pgamma(${x}, ${a})`);
      expect(gammaQ(a, x)).toBe(g.upper);
    }
    expect(incompleteGamma(2, 0)).toEqual({ lower: 0, upper: 1 });
    expect(incompleteGamma(2, Number.POSITIVE_INFINITY)).toEqual({ lower: 1, upper: 0 });
  });

  it('regularizedIncompleteBeta matches R’s pbeta', () => {
    // R: pbeta(x, a, b)
    const cases: [number, number, number, number, number][] = [
      [0.5, 2, 3, 0.6875, 1e-14],
      [0.1, 0.5, 0.5, 0.20483276469913345, 1e-14],
      [0.999, 10, 2, 0.99994532901184563, 1e-14],
      [1e-5, 1, 50, 0.00049987751959769736, 1e-13],
      [0.3, 200, 300, 1.0496985243292928e-6, 1e-11],
    ];
    for (const [x, a, b, p, tolerance] of cases) expectRelative(regularizedIncompleteBeta(x, a, b), p, tolerance, `pbeta(${x}, ${a}, ${b})`);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow(ValidationError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 3)).toThrow(ValidationError);
  });
});

describe('Student t, df from 0.5 to 1e6', () => {
  it('studentTCdf matches R’s pt', () => {
    // R: pt(t, df)
    const cases: [number, number, number, number][] = [
      [1.5, 0.5, 0.74604910467594576, 1e-14],
      [-3, 0.5, 0.18365407799297176, 1e-14],
      [-1e5, 0.5, 0.0010141455301389999, 1e-14],
      [2, 1, 0.85241638234956674, 1e-14],
      [-40, 1.5, 0.0014898121954656227, 1e-14],
      [0.7, 2.5, 0.72829752840522599, 1e-14],
      [-30, 3, 4.0676402135819837e-5, 1e-14],
      [-6, 10, 6.6054430177392841e-5, 1e-14],
      [2.5, 30, 0.99094217546596663, 1e-14],
      [-12, 100, 2.1975438578021782e-21, 1e-13],
      [1.96, 1e4, 0.97498823988408345, 1e-14],
      [3, 1e6, 0.99865006872928919, 1e-13],
      [-5, 1e6, 2.8669989354453676e-7, 1e-10],
    ];
    for (const [t, df, p, tolerance] of cases) {
      expectRelative(studentTCdf(t, df), p, tolerance, `pt(${t}, ${df})`);
      if (t < 0) expectRelative(studentUpperTail(-t, df), p, tolerance, `pt(${-t}, ${df}, lower.tail = FALSE)`);
    }
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    expect(studentTCdf(1.959963984540054, Number.POSITIVE_INFINITY)).toBeCloseTo(0.975, 14);
    expect(() => studentTCdf(1, 0)).toThrow(ValidationError);
  });

  it('studentTQuantile matches R’s qt', () => {
    // R: qt(p, df)
    const cases: [number, number, number, number][] = [
      [0.975, 0.5, 164.55767348049446, 1e-13],
      [1e-10, 0.5, -1.0284911563163566e19, 1e-13],
      [0.9, 1, 3.0776835371752544, 1e-15],
      [0.99, 1.5, 11.197316179568393, 1e-14],
      [1e-8, 3, -479.52506957973867, 1e-14],
      [0.975, 10, 2.2281388519862739, 1e-14],
      [0.6, 30, 0.25560536495191277, 1e-14],
      [1e-12, 100, -8.0258255944932539, 1e-14],
      [0.999, 1e4, 3.0910475160306117, 1e-13],
      [1e-10, 1e6, -6.3614068488767419, 1e-12],
      [0.975, 1e6, 1.9599663568141066, 1e-11],
    ];
    for (const [p, df, q, tolerance] of cases) expectRelative(studentTQuantile(p, df), q, tolerance, `qt(${p}, ${df})`);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 7)).toBe(Number.POSITIVE_INFINITY);
    expect(() => studentTQuantile(2, 7)).toThrow(ValidationError);
    expect(() => studentTQuantile(0.5, -1)).toThrow(ValidationError);
  });
});
