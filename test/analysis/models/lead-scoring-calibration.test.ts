/**
 * Naive Bayes lead scores, calibration reports, stage-probability calibration and the
 * transaction summary: hand-computed cases (the arithmetic is written out in each test) and
 * properties checked with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurrencyMismatchError, InvalidArgumentError, ValidationError } from '../../../src/errors';
import {
  calibrationReport,
  naiveBayesLeadScore,
  stageProbabilityCalibration,
  summarizeTransactions,
  type LeadScoreRecord,
} from '../../../src/analysis/models';

describe('naiveBayesLeadScore', () => {
  const records: LeadScoreRecord[] = [
    { converted: true, fields: { source: 'referral', size: 'large' } },
    { converted: true, fields: { source: 'web', size: 'large' } },
    { converted: false, fields: { source: 'web', size: 'small' } },
    { converted: false, fields: { source: 'web', size: 'large' } },
    { converted: false, fields: { source: 'event', size: 'small' } },
  ];

  it('scores a record by hand-computed Laplace-smoothed likelihoods', () => {
    const model = naiveBayesLeadScore(records);
    const score = model.score({ source: 'web', size: 'large' });
    // source: 3 seen values + unseen bucket (K+1 = 4). P(web|won) = (1+1)/(2+4), P(web|lost) = (2+1)/(3+4).
    // size: 2 seen + 1 (3). P(large|won) = (2+1)/(2+3), P(large|lost) = (1+1)/(3+3).
    const expected = Math.log(2 / 3) + Math.log(2 / 6 / (3 / 7)) + Math.log(3 / 5 / (2 / 6));
    expect(score.priorLogOdds).toBeCloseTo(Math.log(2 / 3), 12);
    expect(score.logOdds).toBeCloseTo(expected, 12);
    expect(score.probability).toBeCloseTo(1 / (1 + Math.exp(-expected)), 12);
  });

  it('handles a value never seen in training through the smoothing bucket', () => {
    const score = naiveBayesLeadScore(records).score({ source: 'partner', size: 'large' });
    const source = score.contributions.find((c) => c.field === 'source');
    expect(source?.seen).toBe(false);
    expect(source?.logOdds).toBeCloseTo(Math.log(1 / 6 / (1 / 7)), 12);
  });

  it('gives a missing field a zero contribution', () => {
    const score = naiveBayesLeadScore(records).score({ size: 'small' });
    expect(score.contributions.find((c) => c.field === 'source')?.logOdds).toBe(0);
  });

  it('refuses training data with only one class, and α ≤ 0', () => {
    expect(() => naiveBayesLeadScore([{ converted: true, fields: { a: 'x' } }])).toThrow(InvalidArgumentError);
    expect(() => naiveBayesLeadScore(records, { alpha: 0 })).toThrow(ValidationError);
  });

  const recordArb = fc.record({
    converted: fc.boolean(),
    fields: fc.record({ a: fc.constantFrom('x', 'y', 'z'), b: fc.constantFrom('p', 'q', null), c: fc.integer({ min: 0, max: 3 }) }),
  });

  it('has contributions that sum with the prior log-odds to the score log-odds, and probabilities in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(recordArb, { minLength: 2, maxLength: 40 }).filter((rs) => rs.some((r) => r.converted) && rs.some((r) => !r.converted)),
        recordArb,
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (training, target, alpha) => {
          const score = naiveBayesLeadScore(training, { alpha }).score({ ...target.fields, c: target.fields.c + 1 });
          const sum = score.contributions.reduce((s, c) => s + c.logOdds, score.priorLogOdds);
          expect(sum).toBeCloseTo(score.logOdds, 10);
          expect(score.probability).toBeGreaterThanOrEqual(0);
          expect(score.probability).toBeLessThanOrEqual(1);
          expect(Math.log(score.probability / (1 - score.probability))).toBeCloseTo(score.logOdds, 8);
        },
      ),
    );
  });
});

describe('calibrationReport', () => {
  it('bins forecasts uniformly and computes the Brier score and Murphy decomposition by hand', () => {
    const report = calibrationReport(
      [
        { p: 0.2, outcome: 0 },
        { p: 0.2, outcome: 1 },
        { p: 0.8, outcome: 1 },
        { p: 0.8, outcome: true },
      ],
      { bins: 2 },
    );
    expect(report.bins.map((b) => [b.count, b.meanPredicted, b.observedRate])).toEqual([
      [2, 0.2, 0.5],
      [2, 0.8, 1],
    ]);
    expect(report.brier).toBeCloseTo((0.04 + 0.64 + 0.04 + 0.04) / 4, 12);
    // REL = (2·0.3² + 2·0.2²)/4 = 0.065; RES = (2·0.25² + 2·0.25²)/4 = 0.0625; UNC = 0.75·0.25.
    expect(report.reliability).toBeCloseTo(0.065, 12);
    expect(report.resolution).toBeCloseTo(0.0625, 12);
    expect(report.uncertainty).toBeCloseTo(0.1875, 12);
    expect(report.withinBinTerm).toBeCloseTo(0, 12);
  });

  it('keeps tied forecasts in one quantile bin', () => {
    const report = calibrationReport(
      [0.1, 0.1, 0.1, 0.1, 0.5, 0.9].map((p, i) => ({ p, outcome: i % 2 === 0 })),
      { bins: 3, strategy: 'quantile' },
    );
    expect(report.bins.map((b) => b.count)).toEqual([4, 1, 1]);
  });

  const predictionsArb = fc.array(
    fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }), outcome: fc.boolean() }),
    { minLength: 1, maxLength: 200 },
  );

  it('covers every prediction with its bins and keeps the Brier score and its parts in [0, 1]', () => {
    fc.assert(
      fc.property(predictionsArb, fc.integer({ min: 1, max: 20 }), fc.constantFrom('uniform' as const, 'quantile' as const), (predictions, bins, strategy) => {
        const report = calibrationReport(predictions, { bins, strategy });
        expect(report.bins.reduce((s, b) => s + b.count, 0)).toBe(predictions.length);
        expect(report.bins.length).toBeLessThanOrEqual(bins);
        for (const value of [report.brier, report.reliability, report.resolution, report.uncertainty]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
        for (const bin of report.bins) {
          expect(bin.observedRate).toBeGreaterThanOrEqual(0);
          expect(bin.observedRate).toBeLessThanOrEqual(1);
        }
        // Brier = REL − RES + UNC + within-bin term (Stephenson et al. 2008).
        expect(report.reliability - report.resolution + report.uncertainty + report.withinBinTerm).toBeCloseTo(report.brier, 12);
      }),
    );
  });

  it('rejects probabilities outside [0, 1] with their paths', () => {
    expect(() => calibrationReport([{ p: 1.2, outcome: 1 }])).toThrow(ValidationError);
  });
});

describe('stageProbabilityCalibration', () => {
  it('compares configured stage probabilities with the win rate of closed deals that entered each stage', () => {
    const rows = stageProbabilityCalibration(
      [
        { stagesEntered: ['qualified', 'proposal', 'negotiation'], outcome: 'won' },
        { stagesEntered: ['qualified'], outcome: 'lost' },
        { stagesEntered: ['qualified', 'proposal'], outcome: 'lost' },
        { stagesEntered: ['qualified', 'proposal', 'proposal'], outcome: 'won' },
        { stagesEntered: ['qualified', 'proposal', 'negotiation'], outcome: 'open' },
      ],
      {
        stages: [
          { name: 'qualified', probability: 0.2 },
          { name: 'proposal', probability: 0.5 },
          { name: 'negotiation', probability: 0.8 },
          { name: 'contract', probability: 0.9 },
        ],
      },
    );
    // qualified: 2 won of 4 closed; proposal: 2 of 3 (a repeated entry counts once); negotiation: 1 of 1.
    expect(rows.map((r) => [r.stage, r.won, r.closed, r.observed])).toEqual([
      ['qualified', 2, 4, 0.5],
      ['proposal', 2, 3, 2 / 3],
      ['negotiation', 1, 1, 1],
      ['contract', 0, 0, null],
    ]);
    expect(rows[0]?.difference).toBeCloseTo(0.3, 12);
    expect(rows[3]?.difference).toBeNull();
  });
});

describe('summarizeTransactions', () => {
  const eur = (amountMinor: number) => [{ value: { amountMinor, currency: 'EUR' } }];

  it('merges same-day purchases, drops the first day from the monetary value and ignores purchases after the end', () => {
    const summary = summarizeTransactions(
      [
        { contactId: 'b', purchasedAt: new Date('2025-01-10T12:00Z'), lines: eur(500) },
        { contactId: 'a', purchasedAt: new Date('2025-01-01T09:00Z'), lines: eur(1000) },
        { contactId: 'a', purchasedAt: new Date('2025-01-08T10:00Z'), lines: eur(2000) },
        { contactId: 'a', purchasedAt: new Date('2025-01-08T18:00Z'), lines: eur(1000) },
        { contactId: 'a', purchasedAt: new Date('2025-01-15T08:00Z'), lines: eur(1500) },
        { contactId: 'a', purchasedAt: new Date('2025-02-01T08:00Z'), lines: eur(9900) },
      ],
      { observationEnd: new Date('2025-01-29T23:00Z') },
    );
    // a: days 0, 7, 14 → x = 2, t_x = 14/7 = 2 weeks, T = 28/7 = 4 weeks, value (30 + 15) / 2.
    expect(summary).toEqual([
      { customerId: 'a', x: 2, tx: 2, T: 4, monetaryValue: 22.5, currency: 'EUR' },
      { customerId: 'b', x: 0, tx: 0, T: 19 / 7, monetaryValue: 0, currency: 'EUR' },
    ]);
  });

  it('refuses purchases in several currencies', () => {
    expect(() =>
      summarizeTransactions(
        [
          { contactId: 'a', purchasedAt: new Date('2025-01-01'), lines: eur(100) },
          { contactId: 'a', purchasedAt: new Date('2025-01-02'), lines: [{ value: { amountMinor: 100, currency: 'USD' } }] },
        ],
        { observationEnd: new Date('2025-02-01'), unit: 'days' },
      ),
    ).toThrow(CurrencyMismatchError);
  });
});
