/**
 * The period type every KPI family shares.
 *
 * @module
 */

/** A half-open period [start, end): `start` included, `end` excluded. */
export interface Period {
  /** First instant included. */
  readonly start: Date;
  /** First instant no longer included; not before `start` (the initiative KPIs need it strictly after). */
  readonly end: Date;
}
