/**
 * crmkit/crm — the CRM service: `createCrm({ store })` ties the model, the lifecycles and a store
 * together. Every operation validates its input, applies the lifecycle, and persists the record,
 * its transition-log entries and its domain events in one transaction; subscribers get the events
 * after the commit. Lead conversion is a plan you can inspect (dry run) before applying it.
 * See docs/crm-service.md.
 *
 * @module crm
 */
export { createCrm, MANAGED_FIELDS, UPDATABLE_ENTITIES, HISTORY_KINDS } from './service';
export type { Crm, DealCreateInput, UpdatableEntity } from './service';
export { ticketRouter } from './routing';
export type { TicketAssignment, TicketRouter, TicketRouterOptions, TicketRoutingContext, TicketRoutingRule } from './routing';
export { LIFECYCLE_ENTITIES } from './types';
export type {
  AfterCommitContext,
  BeforeCommitContext,
  ConversionTarget,
  CrmEvent,
  CrmEventHandler,
  CrmHooks,
  CrmLifecycles,
  CrmOptions,
  FieldFill,
  LeadConversionOptions,
  LeadConversionPlan,
  LeadConversionResult,
  LifecycleEntity,
  LifecycleRecord,
  OfferDecisionOptions,
  OfferDraft,
  Outcome,
  PlannedTransition,
  SubscriberErrorContext,
  TransitionOptions,
  TransitionOutcome,
  UpdateOptions,
  WriteContext,
} from './types';
