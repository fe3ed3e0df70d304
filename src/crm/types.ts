/**
 * Types of the CRM service: its options, hooks, events, operation options and results, and the
 * lead-conversion plan.
 *
 * @module
 */
import type { Clock } from '../model/clock';
import type { IdGenerator } from '../model/ids';
import type { CrmEntities, CrmEntityMap } from '../model/registry';
import type { LeadStatus, LifecycleStage } from '../model/contact';
import type { TaskStatus } from '../model/task';
import type { TicketStatus } from '../model/ticket';
import type { Pipeline } from '../model/pipeline';
import type { Money } from '../model/money';
import type { DealContactRole } from '../model/deal';
import type { JsonObject, LifecycleDefinition } from '../lifecycle/define';
import type { DealPipelineLifecycle } from '../lifecycle/deal-pipeline';
import type { LogEntry, Store } from '../store/types';
import type { TicketRouter } from './routing';

/** The entities whose records move through a lifecycle, and so accept `transition`. */
export const LIFECYCLE_ENTITIES = ['contact', 'lead', 'deal', 'ticket', 'task'] as const;

/** An entity with a lifecycle: `contact` (lifecycle stage), `lead` (status), `deal` (pipeline stage), `ticket`, `task`. */
export type LifecycleEntity = (typeof LIFECYCLE_ENTITIES)[number];

/**
 * The lifecycles the service applies. Every field is optional in {@link CrmOptions.lifecycles};
 * missing ones default to the built-ins.
 */
export interface CrmLifecycles {
  /** A contact's `lifecycleStage` (default `leadLifecycle()`). */
  readonly contact: LifecycleDefinition<LifecycleStage, string>;
  /** A lead's `status` (default `leadStatusLifecycle()`). */
  readonly lead: LifecycleDefinition<LeadStatus, string>;
  /** A ticket's `status` (default `ticketLifecycle()`). */
  readonly ticket: LifecycleDefinition<TicketStatus, string>;
  /** A task's `status` (default `taskLifecycle()`). */
  readonly task: LifecycleDefinition<TaskStatus, string>;
  /**
   * Builds the lifecycle of a pipeline record (default `dealPipelineLifecycle(pipeline)`). The
   * service calls it once per pipeline id and version and caches the result.
   */
  readonly deal: (pipeline: Pipeline) => DealPipelineLifecycle;
}

/**
 * A domain event, delivered to subscribers after the operation that produced it committed. It is
 * also stored in the log (kind = `type`), in the same transaction as the change it describes.
 */
export interface CrmEvent {
  /** `${entity}.${what}`: `deal.won`, `lead.qualified`, `contact.created`, `lead.converted`… */
  readonly type: string;
  /** Entity of the record concerned. */
  readonly entity: string;
  /** Id of the record concerned. */
  readonly entityId: string;
  /** When it happened (the service clock). */
  readonly at: Date;
  /** Who did it, when known. */
  readonly actor: string | null;
  /** Payload. Lifecycle events carry `lifecycle`, `from`, `to`, `event` and the transition data. */
  readonly data: JsonObject;
  /** The `seq` of the event's log entry. */
  readonly seq: number;
  /** The service operation that produced it, e.g. `transition`, `applyLeadConversion`. */
  readonly operation: string;
}

/** A subscriber: called synchronously, in order, after commit. A returned promise is not awaited (its rejection is reported). */
export type CrmEventHandler = (event: CrmEvent) => void | Promise<void>;

/** What `beforeCommit` sees: the operation, its events (with their log `seq`) and the transaction handle. */
export interface BeforeCommitContext {
  /** Operation name. */
  readonly operation: string;
  /** Events the operation will publish if it commits. */
  readonly events: readonly CrmEvent[];
  /** The transaction: reads see the operation's writes; writes through it commit with them. */
  readonly tx: Store<CrmEntities>;
}

/** What `afterCommit` sees. */
export interface AfterCommitContext {
  /** Operation name. */
  readonly operation: string;
  /** Events published by the operation. */
  readonly events: readonly CrmEvent[];
}

/** Where an error reported to `onSubscriberError` came from. */
export interface SubscriberErrorContext {
  /** `subscriber` (a `crm.on` handler) or `afterCommit` (the hook). */
  readonly source: 'subscriber' | 'afterCommit';
  /** The event being delivered (subscribers only). */
  readonly event?: CrmEvent;
}

/** Hooks around every write operation of the service. */
export interface CrmHooks {
  /** Runs inside the transaction, after every write of the operation; throwing vetoes it (everything is rolled back, the error is rethrown). */
  readonly beforeCommit?: (context: BeforeCommitContext) => void | Promise<void>;
  /** Runs after commit, before subscribers; errors are reported to `onSubscriberError`, never thrown. */
  readonly afterCommit?: (context: AfterCommitContext) => void | Promise<void>;
  /** Receives errors thrown by subscribers and by `afterCommit` (default: `console.error`). */
  readonly onSubscriberError?: (error: unknown, context: SubscriberErrorContext) => void;
}

/** Options of `createCrm`. */
export interface CrmOptions {
  /** The workspace store (memory, PostgreSQL, …). */
  readonly store: Store<CrmEntities>;
  /** Clock for transition instants and the timestamps the service sets (default: the system clock). */
  readonly clock?: Clock;
  /** Ids of new records and offers (default: the store assigns record ids; offers get UUID v7 ids). */
  readonly ids?: IdGenerator;
  /** Lifecycles to use instead of the built-ins. */
  readonly lifecycles?: Partial<CrmLifecycles>;
  /** Hooks: `beforeCommit`, `afterCommit`, `onSubscriberError`. */
  readonly hooks?: CrmHooks;
  /** Ticket routing (default: none — `routeTicket` leaves tickets unassigned). See `ticketRouter`. */
  readonly router?: TicketRouter;
}

/** Options shared by write operations. */
export interface WriteContext {
  /** Who does it (owner id, `system`, integration name); stored in the log and events. */
  readonly actor?: string;
}

/** Options of updates: optimistic concurrency. */
export interface UpdateOptions extends WriteContext {
  /** The version the caller read; a different stored version throws `ConflictError` and writes nothing. */
  readonly expectedVersion?: number;
}

/** Options of `transition`. */
export interface TransitionOptions extends UpdateOptions {
  /** Why (stored in the log). */
  readonly reason?: string;
  /** Data stored with the transition and checked against the target state's requirements (e.g. `{ lostReason: 'price' }`). */
  readonly data?: JsonObject;
}

/** The result of an operation that changed one record. */
export interface Outcome<T> {
  /** The record after the operation. */
  readonly record: T;
  /** The events the operation published (in order). */
  readonly events: readonly CrmEvent[];
}

/** The result of a transition. */
export interface TransitionOutcome<T> extends Outcome<T> {
  /** State before. */
  readonly from: string;
  /** State after. */
  readonly to: string;
  /** The transition's log entry (kind `transition`). */
  readonly entry: LogEntry;
}

/** The record type of a lifecycle entity. */
export type LifecycleRecord<E extends LifecycleEntity> = CrmEntityMap[E];

/** An offer as passed to `addOffer` / `renegotiate`: id, version and dates are assigned by the service. */
export interface OfferDraft {
  /** Total offered amount (in the deal's currency when the deal has an amount). */
  readonly amount: Money;
  /** `sent` (default: sent to the customer now) or `draft`. */
  readonly status?: 'draft' | 'sent';
  /** Last day it can be accepted, `YYYY-MM-DD`. */
  readonly validUntil?: string;
  /** Free-text note. */
  readonly note?: string;
  /** Line items. */
  readonly lines?: readonly { readonly description: string; readonly quantity: number; readonly unitPrice: Money; readonly discount?: number }[];
}

/** Options of offer decisions. */
export interface OfferDecisionOptions extends UpdateOptions {
  /** The offer (default: the latest one). */
  readonly offerId?: string;
  /** Why (stored in the event). */
  readonly reason?: string;
}

/** One field a lead conversion fills on a matched record (only fields that are empty there). */
export interface FieldFill {
  /** Field name. */
  readonly field: string;
  /** The value it will get. */
  readonly value: unknown;
}

/** What conversion does with the contact or the company. */
export type ConversionTarget =
  | {
      /** A new record will be created with this id and data. */
      readonly action: 'create';
      readonly id: string;
      readonly data: Readonly<Record<string, unknown>>;
    }
  | {
      /** An existing record matched; only its empty fields are filled. */
      readonly action: 'match';
      readonly id: string;
      /** The version seen when planning (re-checked on apply). */
      readonly version: number;
      /** How it matched: normalised primary e-mail (contacts), domain or normalised name (companies). */
      readonly matchedBy: 'email' | 'domain' | 'name';
      /** The empty fields it will fill, each with its value. */
      readonly fill: readonly FieldFill[];
    };

/** A lifecycle move the plan will make. */
export interface PlannedTransition {
  /** Event. */
  readonly event: string;
  /** State before. */
  readonly from: string;
  /** State after. */
  readonly to: string;
}

/** Options of `planLeadConversion`. */
export interface LeadConversionOptions extends WriteContext {
  /** Open a deal: pipeline (default: the default pipeline), name, amount, stage, the contact's role. `false`/absent: no deal. */
  readonly deal?:
    | false
    | {
        readonly pipelineId?: string;
        readonly name?: string;
        readonly amount?: Money;
        readonly stageId?: string;
        readonly contactRole?: DealContactRole;
      };
  /** Link or create a company (default `true` when the lead has a company name or a website). */
  readonly company?: boolean;
  /** Stage the contact should reach (default `opportunity` with a deal, else `sales_qualified`); never moves a contact backward. */
  readonly contactStage?: LifecycleStage;
}

/**
 * A lead conversion, computed without writing anything: what will be created or matched, which
 * empty fields will be filled, which lifecycle moves will happen, and the versions it saw.
 * Inspect it (dry run), then pass it to `applyLeadConversion`.
 */
export interface LeadConversionPlan {
  /** The lead, and the version seen. */
  readonly lead: { readonly id: string; readonly version: number };
  /** Contact: created or matched by normalised primary e-mail. */
  readonly contact: ConversionTarget;
  /** Company: created, matched by domain or by exact normalised name, or none. */
  readonly company: ConversionTarget | null;
  /** Deal to open, or none. */
  readonly deal: { readonly id: string; readonly pipelineId: string; readonly pipelineVersion: number; readonly data: Readonly<Record<string, unknown>> } | null;
  /** The lead's status move (lead-status lifecycle), or `null` when it is already qualified. */
  readonly leadTransition: PlannedTransition | null;
  /** The contact's lifecycle-stage move, or `null` when it already is at (or past) the target stage. */
  readonly contactTransition: PlannedTransition | null;
  /** The lead's `lifecycleStage` after conversion (the contact's stage). */
  readonly leadLifecycleStage: LifecycleStage;
  /** Who asked for it. */
  readonly actor: string | null;
  /** When the plan was made. */
  readonly plannedAt: Date;
}

/** The result of `applyLeadConversion`. */
export interface LeadConversionResult {
  /** The converted lead. */
  readonly lead: CrmEntityMap['lead'];
  /** The contact it became (created or matched). */
  readonly contact: CrmEntityMap['contact'];
  /** The company, if any. */
  readonly company: CrmEntityMap['company'] | null;
  /** The deal, if any. */
  readonly deal: CrmEntityMap['deal'] | null;
  /** Events published, in order. */
  readonly events: readonly CrmEvent[];
}
