/**
 * Every analysis of crmkit/analysis on the seeded demo data set: time to conversion by source
 * (Kaplan–Meier, log-rank, competing outcomes), the lead-lifecycle Markov chain with absorption
 * probabilities, channel attribution, time in stage, and BG/NBD customer value.
 *
 * Run: npx tsx examples/analyses-demo.ts
 */
import assert from 'node:assert/strict';
import {
  aalenJohansen,
  calibrationReport,
  customerLifetimeValue,
  fitGammaGamma,
  logisticRegression,
  naiveBayesLeadScore,
  predictLogistic,
  absorbingAnalysis,
  conversionTimes,
  fitBgNbd,
  journeysFromTouchpoints,
  kaplanMeierByGroup,
  lastTouch,
  logRankTest,
  markovAttribution,
  stageSequences,
  summarizeTransactions,
  timeInStageStatistics,
  transitionMatrix,
} from 'crmkit/analysis';
import { loadDemo } from 'crmkit/demo';
import { timeInStage } from 'crmkit/lifecycle';
import { createMemoryStore } from 'crmkit/store';

// The demo data set, loaded into the embedded store; analyses read it back as plain records.
const cutoff = new Date('2025-12-31T00:00:00Z');
const store = createMemoryStore({ workspaceId: 'demo' });
await loadDemo(store, { seed: 7, size: 'small', cutoff, workspaceId: 'demo' });
const all = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};
const contacts = await all(store.stream('contact'));
const touchpoints = await all(store.stream('touchpoint'));
const purchases = await all(store.stream('purchase'));
const log = await all(store.streamLog({ kinds: ['transition'] }));
console.log(`demo: ${contacts.length} contacts, ${touchpoints.length} touchpoints, ${purchases.length} purchases, ${log.length} log entries`);

// 1. Time to conversion, by acquisition source. Open leads are right-censored at the cut-off.
const converting = contacts.filter((c) => c.source !== undefined);
const times = conversionTimes(converting, { start: 'createdAt', end: 'convertedAt', cutoff, unit: 'days' });
const bySource = times.observations.map((o) => ({ ...o, group: converting[o.index]!.source!.channel as string }));
const curves = kaplanMeierByGroup(bySource);
for (const curve of curves) {
  console.log(`  ${String(curve.group).padEnd(16)} n=${String(curve.n).padStart(4)} converted=${String(curve.events).padStart(4)} median days=${curve.median.time?.toFixed(1) ?? 'not reached'}`);
}
const test = logRankTest(bySource);
console.log(`log-rank: chi² = ${test.chiSquare.toFixed(2)} on ${test.df} df, p = ${test.pValue?.toExponential(2)}`);
assert.ok(curves.length >= 2);
assert.ok(test.df === curves.length - 1);

// Competing outcomes: conversion vs loss (cumulative incidence, Aalen–Johansen).
const incidence = aalenJohansen(times.observations.map((o) => ({ time: o.time, cause: o.cause })));
const last = incidence.table[incidence.table.length - 1]!;
console.log(`cumulative incidence at the end: converted ${last.incidence.converted?.estimate.toFixed(3)}`);

// 2. The lead lifecycle as a Markov chain: where do leads in each stage end up?
const sequences = stageSequences(log, { lifecycle: 'lead' });
const chain = transitionMatrix(sequences.map((s) => s.states));
const absorbing = chain.states.filter((s) => ['customer', 'disqualified', 'evangelist', 'nurture'].includes(s));
const absorption = absorbingAnalysis(chain, { absorbing });
console.log(`Markov: ${chain.transitionCount} transitions between ${chain.states.length} stages; absorbing: ${absorption.absorbing.join(', ')}`);
absorption.transient.forEach((state, i) => {
  const row = absorption.absorptionProbabilities[i]!;
  console.log(`  from ${state.padEnd(20)} ${absorption.absorbing.map((a, j) => `${a} ${row[j]!.toFixed(2)}`).join('  ')}`);
  assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

// 3. Channel attribution: last touch vs Markov removal effect.
const journeys = journeysFromTouchpoints(touchpoints);
const markov = markovAttribution(journeys);
const lt = lastTouch(journeys);
console.log('attribution (conversions): channel  last-touch  markov');
for (const channel of markov.channels) {
  const ltRow = lt.channels.find((c) => c.channel === channel.channel);
  console.log(`  ${channel.channel.padEnd(16)} ${(ltRow?.conversions ?? 0).toFixed(1).padStart(8)} ${channel.conversions.toFixed(1).padStart(8)}`);
}
const total = markov.channels.reduce((sum, c) => sum + c.conversions, 0);
assert.ok(Math.abs(total - markov.totalConversions) < 1e-6);

// 4. Time in stage, with ongoing stays censored at the cut-off.
const stays = timeInStage(log, { now: cutoff, lifecycle: 'lead' });
for (const s of timeInStageStatistics(stays)) {
  const median = s.quantiles.find((q) => q.prob === 0.5)?.time;
  console.log(`  in ${s.stage.padEnd(20)} stays=${String(s.stays).padStart(4)} ongoing=${String(s.ongoing).padStart(4)} median days=${median?.toFixed(1) ?? 'not reached'}`);
}

// 5. Customer value: BG/NBD on the purchase history.
const summary = summarizeTransactions(purchases, { observationEnd: cutoff, unit: 'weeks' });
const fit = fitBgNbd(summary);
console.log(`BG/NBD on ${summary.length} customers: r=${fit.params.r.toFixed(3)} alpha=${fit.params.alpha.toFixed(3)} a=${fit.params.a.toFixed(3)} b=${fit.params.b.toFixed(3)}`);
assert.ok(fit.params.r > 0 && fit.params.alpha > 0);
const spend = fitGammaGamma(summary.map((c) => ({ x: c.x, monetaryValue: c.monetaryValue })));
const best = summary
  .filter((c) => c.x > 0)
  .map((c) => ({ id: c.customerId, clv: customerLifetimeValue(fit.params, spend.params, c, { months: 12 }) ?? 0 }))
  .sort((a, b) => b.clv - a.clv)[0];
console.log(`Gamma-Gamma: p=${spend.params.p.toFixed(2)} q=${spend.params.q.toFixed(2)} v=${spend.params.v.toFixed(2)}; top 12-month CLV ${best?.id}: ${(best?.clv ?? 0).toFixed(2)} EUR`);

// 6. Conversion models: logistic regression on source and lead score, a naive-Bayes score, calibration.
const rows = converting
  .filter((c) => c.leadScore !== undefined)
  .map((c) => ({ converted: c.convertedAt !== undefined, source: c.source!.channel as string, score: c.leadScore! }));
const model = logisticRegression(rows, {
  outcome: 'converted',
  predictors: [
    { name: 'source', type: 'categorical', reference: 'organic_search' },
    { name: 'score', type: 'numeric' },
  ],
});
for (const c of model.coefficients) console.log(`  ${c.term.padEnd(28)} OR ${c.oddsRatio.toFixed(2).padStart(6)}  p ${c.pValue.toFixed(3)}`);
const calibration = calibrationReport(rows.map((r) => ({ p: predictLogistic(model, r), outcome: r.converted })), { bins: 5, strategy: 'quantile' });
console.log(`logistic regression on ${rows.length} contacts: Brier ${calibration.brier.toFixed(3)} (reliability ${calibration.reliability.toFixed(4)})`);
assert.ok(calibration.brier >= 0 && calibration.brier <= 1);
const scorer = naiveBayesLeadScore(rows.map((r) => ({ converted: r.converted, fields: { source: r.source } })));
const scored = scorer.score({ source: 'referral' });
console.log(`naive Bayes: a referral lead converts with p=${scored.probability.toFixed(2)}; contributions ${scored.contributions.map((c) => `${c.field}=${c.value}: ${c.logOdds.toFixed(2)}`).join(', ')}`);
console.log('analyses ok');
