/**
 * The CRM service: ties the model, the lifecycles and a store together. Every write operation
 * validates its input, applies the lifecycle, and persists the record, its transition-log
 * entries and its domain events in one store transaction; events reach subscribers only after
 * the commit.
 *
 * @module
 */
import {
  ConflictError,
  InvalidArgumentError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  type ValidationIssue,
} from '../errors';
import { type Clock, systemClock } from '../model/clock';
import { type IdGenerator, uuidV7Ids } from '../model/ids';
import { normalizeEmail } from '../model/normalize';
import { ContactDataSchema, type LifecycleStage } from '../model/contact';
import { CompanyDataSchema } from '../model/company';
import { DealDataSchema, latestOffer, type Offer } from '../model/deal';
import type { Pipeline } from '../model/pipeline';
import type { CrmEntities, CrmEntityMap } from '../model/registry';
import { NO_DATA, type JsonObject, type LifecycleDefinition } from '../lifecycle/define';
import { dealPipelineLifecycle, dealStageInfo, type DealPipelineLifecycle } from '../lifecycle/deal-pipeline';
import { leadLifecycle, leadStatusLifecycle } from '../lifecycle/lead';
import { ticketLifecycle } from '../lifecycle/ticket';
import { taskLifecycle } from '../lifecycle/task';
import { start, transition as applyTransition, type TransitionContext, type TransitionSuccess } from '../lifecycle/transition';
import { toLogEntry } from '../lifecycle/log';
import type { CreateInputOf, FindOptions, LogEntry, LogEntryInput, LogQuery, Page, PatchOf, Store, StreamOptions, WriteOptions } from '../store/types';
import { PEEK_VERSION, type PeekVersion } from '../store/internal';
import type { TicketRouter } from './routing';
import {
  LIFECYCLE_ENTITIES,
  type CrmEvent,
  type CrmEventHandler,
  type CrmHooks,
  type CrmLifecycles,
  type CrmOptions,
  type ConversionTarget,
  type FieldFill,
  type LeadConversionOptions,
  type LeadConversionPlan,
  type LeadConversionResult,
  type LifecycleEntity,
  type OfferDecisionOptions,
  type OfferDraft,
  type Outcome,
  type PlannedTransition,
  type TransitionOptions,
  type TransitionOutcome,
  type UpdateOptions,
  type WriteContext,
} from './types';

// ---------------------------------------------------------------------------------------------
// Public input types
// ---------------------------------------------------------------------------------------------

/** What `createDeal` takes: a deal's fields; pipeline (default: the default pipeline) and stage (default: its first open stage) are optional, status follows the stage. */
export type DealCreateInput = Omit<CreateInputOf<CrmEntities, 'deal'>, 'pipelineId' | 'stageId' | 'status' | 'offers'> & {
  /** The pipeline (default: the pipeline with `isDefault: true`). */
  pipelineId?: string;
  /** The stage (default: the pipeline lifecycle's initial stage, its first open stage). */
  stageId?: string;
};

/** Entities `update` accepts. */
export const UPDATABLE_ENTITIES = ['contact', 'company', 'lead', 'deal', 'ticket', 'task', 'pipeline', 'team'] as const;

/** An entity `update` accepts. */
export type UpdatableEntity = (typeof UPDATABLE_ENTITIES)[number];

/**
 * Fields a lifecycle (or an offer operation) owns: `update` refuses them, use `transition`
 * (or the offer operations, or lead conversion) instead.
 */
export const MANAGED_FIELDS: { readonly [E in UpdatableEntity]: readonly string[] } = {
  contact: ['lifecycleStage', 'convertedAt'],
  company: [],
  lead: ['status', 'convertedAt', 'convertedContactId', 'convertedCompanyId', 'convertedDealId'],
  deal: ['pipelineId', 'stageId', 'status', 'closedAt', 'lostReason', 'offers'],
  ticket: ['status', 'firstResponseAt', 'resolvedAt', 'closedAt', 'escalatedAt', 'reopenCount'],
  task: ['status', 'completedAt'],
  pipeline: [],
  team: [],
};

/** Log kinds that make up a record's history. */
export const HISTORY_KINDS = ['transition', 'conversion'] as const;

// ---------------------------------------------------------------------------------------------
// The service interface
// ---------------------------------------------------------------------------------------------

/**
 * The CRM service returned by {@link createCrm}. Every write runs in one store transaction
 * (record + transition-log entries + domain events); a refused operation writes nothing.
 */
export interface Crm {
  /** The store the service writes to. */
  readonly store: Store<CrmEntities>;

  /**
   * Creates a contact (lifecycle stage default `subscriber`; an `@init` transition entry is logged;
   * a contact created as `customer`/`evangelist` gets `convertedAt`). Emits `contact.created`.
   * @param input - contact fields (optionally `id`)
   * @param options - actor
   * @returns the contact and the events
   * @throws {@link ValidationError} on invalid input
   */
  createContact(input: CreateInputOf<CrmEntities, 'contact'>, options?: WriteContext): Promise<Outcome<CrmEntityMap['contact']>>;
  /**
   * Creates a company. Emits `company.created`.
   * @param input - company fields
   * @param options - actor
   * @returns the company and the events
   * @throws {@link ValidationError} on invalid input
   */
  createCompany(input: CreateInputOf<CrmEntities, 'company'>, options?: WriteContext): Promise<Outcome<CrmEntityMap['company']>>;
  /**
   * Creates a lead (status `new` by default; `@init` logged). Emits `lead.created`.
   * @param input - lead fields
   * @param options - actor
   * @returns the lead and the events
   * @throws {@link ValidationError} on invalid input
   */
  createLead(input: CreateInputOf<CrmEntities, 'lead'>, options?: WriteContext): Promise<Outcome<CrmEntityMap['lead']>>;
  /**
   * Creates a pipeline (a record; deals' lifecycles are built from it). Emits `pipeline.created`.
   * @param input - pipeline fields
   * @param options - actor
   * @returns the pipeline and the events
   * @throws {@link ValidationError} on invalid input
   */
  createPipeline(input: CreateInputOf<CrmEntities, 'pipeline'>, options?: WriteContext): Promise<Outcome<CrmEntityMap['pipeline']>>;
  /**
   * Creates a deal in its pipeline's first open stage unless `stageId` says otherwise; status,
   * probability and forecast category default from the stage. Emits `deal.created`.
   * @param input - deal fields; `pipelineId` defaults to the default pipeline
   * @param options - actor
   * @returns the deal and the events
   * @throws {@link ValidationError} on invalid input, an unknown pipeline or stage, or no default pipeline
   */
  createDeal(input: DealCreateInput, options?: WriteContext): Promise<Outcome<CrmEntityMap['deal']>>;
  /**
   * Creates a task (status `open`; `@init` logged). Emits `task.created`.
   * @param input - task fields
   * @param options - actor
   * @returns the task and the events
   * @throws {@link ValidationError} on invalid input
   */
  createTask(input: CreateInputOf<CrmEntities, 'task'>, options?: WriteContext): Promise<Outcome<CrmEntityMap['task']>>;
  /**
   * Completes a task (`complete` event of the task lifecycle; sets `completedAt`). Emits `task.done`.
   * @param id - the task
   * @param options - actor, reason, expected version
   * @returns the transition outcome
   * @throws {@link InvalidTransitionError}, {@link NotFoundError}, {@link ConflictError}
   */
  completeTask(id: string, options?: TransitionOptions): Promise<TransitionOutcome<CrmEntityMap['task']>>;
  /**
   * Opens a ticket (status `new`; `@init` logged) and routes it with the configured router when
   * it has no team yet (unless `route: false`). Emits `ticket.created` (and `ticket.routed`).
   * @param input - ticket fields
   * @param options - actor; `route: false` to skip routing
   * @returns the ticket and the events
   * @throws {@link ValidationError} on invalid input
   */
  openTicket(input: CreateInputOf<CrmEntities, 'ticket'>, options?: WriteContext & { readonly route?: boolean }): Promise<Outcome<CrmEntityMap['ticket']>>;
  /**
   * Routes a ticket with the configured router (team, then assignee). Emits `ticket.routed` when
   * the assignment changes.
   * @param id - the ticket
   * @param options - actor, expected version
   * @returns the ticket and the events
   * @throws {@link InvalidArgumentError} when no router is configured; {@link NotFoundError}, {@link ConflictError}
   */
  routeTicket(id: string, options?: UpdateOptions): Promise<Outcome<CrmEntityMap['ticket']>>;
  /**
   * Logs an activity and moves `lastInteractionAt` of every contact it relates to (related
   * records and contact participants) forward to `occurredAt`. Emits `activity.logged`.
   * @param input - activity fields
   * @param options - actor
   * @returns the activity and the events
   * @throws {@link ValidationError}; {@link NotFoundError} for an unknown contact
   */
  logActivity(input: CreateInputOf<CrmEntities, 'activity'>, options?: WriteContext): Promise<Outcome<CrmEntityMap['activity']>>;
  /**
   * Logs a touchpoint and moves the contact's `lastInteractionAt` forward. Emits `touchpoint.logged`.
   * @param input - touchpoint fields
   * @param options - actor
   * @returns the touchpoint and the events
   * @throws {@link ValidationError}; {@link NotFoundError} for an unknown contact
   */
  logTouchpoint(input: CreateInputOf<CrmEntities, 'touchpoint'>, options?: WriteContext): Promise<Outcome<CrmEntityMap['touchpoint']>>;
  /**
   * Updates a record's plain fields. Lifecycle-managed fields ({@link MANAGED_FIELDS}) are
   * refused. Emits `<entity>.updated` with the changed field names.
   * @param entity - contact, company, lead, deal, ticket, task, pipeline or team
   * @param id - the record
   * @param patch - fields to change (`null` removes an optional field)
   * @param options - actor, expected version
   * @returns the record and the events
   * @throws {@link ValidationError}, {@link NotFoundError}, {@link ConflictError}
   */
  update<E extends UpdatableEntity>(entity: E, id: string, patch: PatchOf<CrmEntities, E>, options?: UpdateOptions): Promise<Outcome<CrmEntityMap[E]>>;
  /**
   * Applies a lifecycle event to a record: contact (`lifecycleStage`, lead lifecycle), lead
   * (`status`), deal (`stageId` through its pipeline's lifecycle), ticket or task (`status`);
   * sets the timestamps the lifecycle reports, logs the transition and publishes its events.
   * @param entity - the lifecycle entity
   * @param id - the record
   * @param event - the lifecycle event (`advance`, `win`, `lose`, `escalate`, `qualify`…)
   * @param options - actor, reason, data, expected version
   * @returns the record, the events, `from`/`to` and the log entry
   * @throws {@link InvalidTransitionError} (with allowed events), {@link NotFoundError}, {@link ConflictError}, {@link ValidationError}
   */
  transition<E extends LifecycleEntity>(entity: E, id: string, event: string, options?: TransitionOptions): Promise<TransitionOutcome<CrmEntityMap[E]>>;
  /**
   * Adds an offer version to an open deal; earlier `sent`/`draft` offers become `superseded`.
   * Emits `deal.offer_added` (and `deal.offer_superseded`).
   * @param dealId - the deal
   * @param offer - amount, status (`sent` by default), validity, note, lines
   * @param options - actor, expected version
   * @returns the deal and the events
   * @throws {@link InvalidTransitionError} when the deal is closed; {@link ValidationError}, {@link NotFoundError}, {@link ConflictError}
   */
  addOffer(dealId: string, offer: OfferDraft, options?: UpdateOptions): Promise<Outcome<CrmEntityMap['deal']>>;
  /**
   * Sends a draft offer. Emits `deal.offer_sent`.
   * @param dealId - the deal
   * @param options - the offer (default: the latest), actor, expected version
   * @returns the deal and the events
   * @throws {@link InvalidTransitionError} when the offer is not a draft; {@link NotFoundError}, {@link ConflictError}
   */
  sendOffer(dealId: string, options?: OfferDecisionOptions): Promise<Outcome<CrmEntityMap['deal']>>;
  /**
   * Records the customer's rejection of a sent offer. Emits `deal.offer_rejected`.
   * @param dealId - the deal
   * @param options - the offer (default: the latest), reason, actor, expected version
   * @returns the deal and the events
   * @throws {@link InvalidTransitionError} when the offer is not `sent`; {@link NotFoundError}, {@link ConflictError}
   */
  rejectOffer(dealId: string, options?: OfferDecisionOptions): Promise<Outcome<CrmEntityMap['deal']>>;
  /**
   * A new offer version after a rejection, in the same deal. Emits `deal.renegotiated` and `deal.offer_added`.
   * @param dealId - the deal
   * @param offer - the new offer
   * @param options - actor, expected version
   * @returns the deal and the events
   * @throws {@link InvalidTransitionError} when the latest offer is not rejected or the deal is closed
   */
  renegotiate(dealId: string, offer: OfferDraft, options?: UpdateOptions): Promise<Outcome<CrmEntityMap['deal']>>;
  /**
   * Accepts a sent offer: it becomes `accepted`, other open offers `superseded`, the deal's
   * amount becomes the offer's, and the deal is won through its pipeline lifecycle (`win`).
   * Emits `deal.offer_accepted` then `deal.won`.
   * @param dealId - the deal
   * @param options - the offer (default: the latest), actor, expected version
   * @returns the transition outcome of the deal
   * @throws {@link InvalidTransitionError} when the offer is not `sent` or the deal cannot be won
   */
  acceptOffer(dealId: string, options?: OfferDecisionOptions): Promise<TransitionOutcome<CrmEntityMap['deal']>>;
  /**
   * Computes a lead conversion without writing anything (dry run): contact created or matched by
   * normalised primary e-mail, company created or matched by domain then by exact normalised name,
   * optional deal, the empty fields it would fill on matches, and the lifecycle moves.
   * @param leadId - the lead
   * @param options - deal, company, target contact stage, actor
   * @returns the plan
   * @throws {@link NotFoundError}; {@link InvalidTransitionError} when the lead is converted or cannot be qualified; {@link ValidationError}
   */
  planLeadConversion(leadId: string, options?: LeadConversionOptions): Promise<LeadConversionPlan>;
  /**
   * Executes a plan in one transaction after re-checking every version it saw.
   * @param plan - from {@link Crm.planLeadConversion}
   * @returns the lead, contact, company, deal and events
   * @throws {@link ConflictError} when anything the plan saw changed (nothing is written)
   */
  applyLeadConversion(plan: LeadConversionPlan): Promise<LeadConversionResult>;
  /**
   * Plans and applies a conversion in one call.
   * @param leadId - the lead
   * @param options - as for planLeadConversion
   * @returns the conversion result
   * @throws as {@link Crm.planLeadConversion} and {@link Crm.applyLeadConversion}
   */
  convertLead(leadId: string, options?: LeadConversionOptions): Promise<LeadConversionResult>;
  /**
   * A record's history: its `transition` and `conversion` log entries in order; for a contact
   * converted from leads, the leads' entries come first.
   * @param entity - entity name
   * @param id - record id
   * @returns the log entries
   * @throws {@link ValidationError} for an invalid query
   */
  history(entity: string, id: string): Promise<LogEntry[]>;
  /**
   * The lifecycle definition that applies to a record (a deal's is built from its pipeline).
   * @param entity - the lifecycle entity
   * @param id - the record (needed for deals)
   * @returns the definition
   * @throws {@link NotFoundError} for a missing deal or pipeline
   */
  lifecycleOf(entity: LifecycleEntity, id?: string): Promise<LifecycleDefinition<string, string>>;
  /**
   * Subscribes to events of one type, or to every event with `'*'`.
   * @param type - event type or `'*'`
   * @param handler - called after commit, in order
   * @returns a function that unsubscribes
   */
  on(type: string, handler: CrmEventHandler): () => void;
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

/** A record as the service handles it internally. */
type Rec = { readonly id: string; readonly version: number; readonly [key: string]: unknown };

/** The untyped view of the store the service uses internally (the typed store is checked at the edges). */
interface Tx {
  create(entity: string, input: object): Promise<Rec>;
  get(entity: string, id: string): Promise<Rec | null>;
  update(entity: string, id: string, patch: object, options?: WriteOptions): Promise<Rec>;
  find(entity: string, options?: FindOptions): Promise<Page<Rec>>;
  stream(entity: string, options?: StreamOptions): AsyncIterable<Rec>;
  append(entries: readonly LogEntryInput[]): Promise<LogEntry[]>;
  readLog(query?: LogQuery): Promise<LogEntry[]>;
}

/** A {@link CrmEvent} while its operation runs: `seq` is set once its log entry is appended. */
type PendingEvent = { -readonly [K in keyof CrmEvent]: CrmEvent[K] };

const NO_ENTRIES: readonly LogEntry[] = Object.freeze([]);

/**
 * One running operation: its transaction, instant, actor and the log entries / events it
 * produces. Each event is built once, in emission order, and completed with the `seq` of its log
 * entry when the entries are appended ({@link Op.settle}); it is the object subscribers, hooks
 * and the caller receive.
 */
class Op {
  /** Log entries to append at the end of the operation, in order. */
  readonly inputs: LogEntryInput[] = [];
  /** The operation's events, in emission order. */
  readonly events: PendingEvent[] = [];
  /** For each event, the index of its log entry in {@link inputs}. */
  private readonly eventEntries: number[] = [];
  /** The appended entries, index for index with {@link inputs} (after {@link settle}). */
  appended: readonly LogEntry[] = NO_ENTRIES;

  constructor(
    readonly name: string,
    readonly tx: Tx,
    readonly now: Date,
    readonly actor: string | null,
  ) {}

  /** Queues a log entry; returns its index (see {@link appended}). */
  log(input: LogEntryInput): number {
    return this.inputs.push(input) - 1;
  }

  /** Queues a domain event and its log entry (kind = the event type). */
  emit(type: string, entity: string, entityId: string, data: JsonObject = {}): void {
    const at = this.now;
    const actor = this.actor;
    const input: LogEntryInput = actor === null ? { entity, entityId, kind: type, at, data } : { entity, entityId, kind: type, at, actor, data };
    this.eventEntries.push(this.inputs.push(input) - 1);
    this.events.push({ type, entity, entityId, at, actor, data, operation: this.name, seq: 0 });
  }

  /** Records the appended entries and gives every event the `seq` of its entry. */
  settle(appended: readonly LogEntry[]): void {
    this.appended = appended;
    const events = this.events;
    const entries = this.eventEntries;
    for (let i = 0; i < events.length; i++) (events[i] as PendingEvent).seq = (appended[entries[i] as number] as LogEntry).seq;
  }
}

interface ComputedTransition {
  readonly result: TransitionSuccess<string, string>;
  readonly patch: Record<string, unknown>;
}

const STAGE_EVENTS: Partial<Record<LifecycleStage, string>> = {
  lead: 'become_lead',
  marketing_qualified: 'qualify_marketing',
  sales_qualified: 'qualify_sales',
  opportunity: 'open_opportunity',
  customer: 'win',
  evangelist: 'advocate',
};

const STATE_FIELDS: { readonly [E in LifecycleEntity]: string } = {
  contact: 'lifecycleStage',
  lead: 'status',
  deal: 'stageId',
  ticket: 'status',
  task: 'status',
};

/** Free-mail domains never used to match or create a company from a lead's e-mail. */
const FREE_MAIL = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'live.com', 'icloud.com', 'me.com', 'aol.com', 'gmx.de', 'gmx.net', 'web.de', 'proton.me', 'protonmail.com', 'yandex.ru', 'mail.ru', 'libero.it']);

const OFFER_ALLOWED: Readonly<Record<string, readonly string[]>> = { draft: ['send', 'accept', 'reject'], sent: ['accept', 'reject'] };

function normalizeName(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function issue(path: PropertyKey[], message: string): ValidationIssue {
  return { code: 'custom', path, message };
}

/**
 * Sets `patch[key] = value` unless that is a no-op for the store given the record's `current`
 * value — clearing (`null`) a field the record does not have, or setting a primitive field to
 * the value it already holds — in which case the member is left out (less to validate and
 * merge) or dropped if an earlier step set it.
 */
function put(patch: Record<string, unknown>, key: string, value: unknown, current: unknown): void {
  if (value === null ? current === undefined : value !== undefined && value === current && typeof value !== 'object') {
    if (Object.hasOwn(patch, key)) delete patch[key];
  } else patch[key] = value;
}

function offerSummary(offer: Offer): JsonObject {
  return { offerId: offer.id, version: offer.version, amountMinor: offer.amount.amountMinor, currency: offer.amount.currency };
}

function reportDefault(error: unknown, context: { source: string }): void {
  console.error(`[crmkit] ${context.source} failed:`, error);
}

class CrmService implements Crm {
  readonly store: Store<CrmEntities>;
  private readonly clock: Clock;
  private readonly ids: IdGenerator | undefined;
  private readonly fallbackIds: IdGenerator;
  private readonly lifecycles: CrmLifecycles;
  private readonly hooks: CrmHooks;
  private readonly router: TicketRouter | undefined;
  private readonly pipelines = new Map<string, { readonly version: number; readonly definition: DealPipelineLifecycle }>();
  /** Replaced (never mutated) on subscribe and unsubscribe, so a delivery can iterate it as it is. */
  private subscribers: readonly { readonly type: string; readonly handler: CrmEventHandler }[] = [];

  constructor(options: CrmOptions) {
    if (options === null || typeof options !== 'object' || options.store === undefined) throw new InvalidArgumentError('createCrm needs { store }');
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids;
    this.fallbackIds = uuidV7Ids({ clock: this.clock });
    const given = options.lifecycles ?? {};
    this.lifecycles = {
      contact: given.contact ?? leadLifecycle(),
      lead: given.lead ?? leadStatusLifecycle(),
      ticket: given.ticket ?? ticketLifecycle(),
      task: given.task ?? taskLifecycle(),
      deal: given.deal ?? ((pipeline: Pipeline) => dealPipelineLifecycle(pipeline)),
    };
    this.hooks = options.hooks ?? {};
    this.router = options.router;
  }

  // -- the transactional core ------------------------------------------------------------------

  private async run<T>(name: string, actor: string | undefined, fn: (op: Op) => Promise<() => T>): Promise<T> {
    const now = this.clock();
    let events: readonly CrmEvent[] = [];
    const value = await this.store.transaction(async (tx) => {
      const op = new Op(name, tx as unknown as Tx, now, actor ?? null);
      const finish = await fn(op);
      if (op.inputs.length > 0) op.settle(await op.tx.append(op.inputs));
      events = op.events;
      if (this.hooks.beforeCommit !== undefined) await this.hooks.beforeCommit({ operation: name, events, tx });
      return finish();
    });
    if (this.hooks.afterCommit !== undefined) {
      try {
        await this.hooks.afterCommit({ operation: name, events });
      } catch (error) {
        this.report(error, { source: 'afterCommit' });
      }
    }
    this.deliver(events);
    return value;
  }

  private report(error: unknown, context: { source: 'subscriber' | 'afterCommit'; event?: CrmEvent }): void {
    try {
      (this.hooks.onSubscriberError ?? reportDefault)(error, context);
    } catch {
      // An error reporter that throws has nowhere left to report to.
    }
  }

  private deliver(events: readonly CrmEvent[]): void {
    const subscribers = this.subscribers;
    if (events.length === 0 || subscribers.length === 0) return;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as CrmEvent;
      for (let j = 0; j < subscribers.length; j++) {
        const { type, handler } = subscribers[j] as (typeof subscribers)[number];
        if (type !== '*' && type !== event.type) continue;
        try {
          const result = handler(event);
          if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
            (result as Promise<void>).then(undefined, (error: unknown) => this.report(error, { source: 'subscriber', event }));
          }
        } catch (error) {
          this.report(error, { source: 'subscriber', event });
        }
      }
    }
  }

  on(type: string, handler: CrmEventHandler): () => void {
    if (typeof type !== 'string' || type === '') throw new InvalidArgumentError('on(type, handler) needs an event type or "*"');
    if (typeof handler !== 'function') throw new InvalidArgumentError('on(type, handler) needs a function');
    const subscription = { type, handler };
    this.subscribers = [...this.subscribers, subscription];
    return () => {
      const index = this.subscribers.indexOf(subscription);
      if (index >= 0) this.subscribers = this.subscribers.filter((_, i) => i !== index);
    };
  }

  private newId(entity: string): string {
    return (this.ids ?? this.fallbackIds).next(entity);
  }

  private async load(op: Op, entity: string, id: string, expectedVersion?: number): Promise<Rec> {
    if (typeof id !== 'string' || id === '') throw new ValidationError(entity, [issue(['id'], 'Expected a non-empty string id')]);
    const record = await op.tx.get(entity, id);
    if (record === null) throw new NotFoundError(entity, id);
    if (expectedVersion !== undefined && record.version !== expectedVersion) throw new ConflictError(entity, id, expectedVersion, record.version);
    return record;
  }

  // -- lifecycles ------------------------------------------------------------------------------

  private pipelineLifecycle(pipeline: Pipeline): DealPipelineLifecycle {
    const cached = this.pipelines.get(pipeline.id);
    if (cached !== undefined && cached.version === pipeline.version) return cached.definition;
    const definition = this.lifecycles.deal(pipeline);
    this.pipelines.set(pipeline.id, { version: pipeline.version, definition });
    return definition;
  }

  /**
   * The definition that applies to a record when it is known without reading the store: the
   * entity's lifecycle, or a deal's cached pipeline lifecycle when the store can tell (without
   * reviving and copying the pipeline record) that the pipeline is still at the cached version.
   * `undefined`: ask {@link definitionFor}.
   */
  private definitionNow(tx: Tx, entity: LifecycleEntity, record: Rec | null): LifecycleDefinition<string, string> | undefined {
    switch (entity) {
      case 'contact':
        return this.lifecycles.contact;
      case 'lead':
        return this.lifecycles.lead;
      case 'ticket':
        return this.lifecycles.ticket;
      case 'task':
        return this.lifecycles.task;
      case 'deal': {
        const pipelineId = record?.['pipelineId'];
        if (typeof pipelineId !== 'string') throw new InvalidArgumentError('A deal lifecycle needs the deal');
        const cached = this.pipelines.get(pipelineId);
        if (cached === undefined) return undefined;
        const peek = (tx as { [PEEK_VERSION]?: PeekVersion })[PEEK_VERSION];
        return typeof peek === 'function' && peek.call(tx, 'pipeline', pipelineId) === cached.version ? cached.definition : undefined;
      }
    }
  }

  private async definitionFor(tx: Tx, entity: LifecycleEntity, record: Rec | null): Promise<LifecycleDefinition<string, string>> {
    const known = this.definitionNow(tx, entity, record);
    if (known !== undefined) return known;
    // A deal whose pipeline lifecycle is not cached (or may be stale): read the pipeline.
    const pipelineId = record?.['pipelineId'] as string;
    const pipeline = await tx.get('pipeline', pipelineId);
    if (pipeline === null) throw new NotFoundError('pipeline', pipelineId);
    return this.pipelineLifecycle(pipeline as unknown as Pipeline);
  }

  async lifecycleOf(entity: LifecycleEntity, id?: string): Promise<LifecycleDefinition<string, string>> {
    this.checkLifecycleEntity(entity);
    const tx = this.store as unknown as Tx;
    if (entity !== 'deal') return this.definitionFor(tx, entity, null);
    if (id === undefined) throw new InvalidArgumentError('lifecycleOf("deal", id) needs the deal id');
    const deal = await tx.get('deal', id);
    if (deal === null) throw new NotFoundError('deal', id);
    return this.definitionFor(tx, 'deal', deal);
  }

  private checkLifecycleEntity(entity: unknown): asserts entity is LifecycleEntity {
    if (typeof entity !== 'string' || !Object.hasOwn(STATE_FIELDS, entity)) {
      throw new ValidationError('transition', [issue(['entity'], `Expected one of ${LIFECYCLE_ENTITIES.join(', ')}, got ${JSON.stringify(entity)}`)]);
    }
  }

  /** {@link transitionWith} with the definition that applies to the record. */
  private async computeTransition(op: Op, entity: LifecycleEntity, record: Rec, event: string, options: TransitionOptions): Promise<ComputedTransition> {
    const definition = this.definitionNow(op.tx, entity, record) ?? (await this.definitionFor(op.tx, entity, record));
    return this.transitionWith(op, entity, definition, record, event, options);
  }

  /**
   * Applies the lifecycle (pure) and computes the record patch; writes nothing. Members that
   * would not change the record are left out of the patch (see {@link put}); the state field
   * is always in it.
   */
  private transitionWith(
    op: Op,
    entity: LifecycleEntity,
    definition: LifecycleDefinition<string, string>,
    record: Rec,
    event: string,
    options: TransitionOptions,
  ): ComputedTransition {
    const field = STATE_FIELDS[entity];
    const from = record[field];
    if (typeof event !== 'string' || event === '') throw new ValidationError('transition', [issue(['event'], 'Expected an event name')]);
    const context: { -readonly [K in keyof TransitionContext]: TransitionContext[K] } = { now: op.now, entity, entityId: record.id, record };
    if (op.actor !== null) context.actor = op.actor;
    if (options.reason !== undefined) context.reason = options.reason;
    if (options.data !== undefined) context.data = options.data;
    const result = applyTransition(definition, String(from), event, context);
    if (!result.ok) throw result.error;
    const to = result.snapshot.state;
    const patch: Record<string, unknown> = {};
    patch[field] = to;
    for (const stamp of result.timestamps) {
      if (stamp.once && !isEmpty(record[stamp.field])) continue;
      put(patch, stamp.field, stamp.at ?? op.now, record[stamp.field]);
    }
    switch (entity) {
      case 'contact':
        if (to === 'customer' && isEmpty(record['convertedAt'])) put(patch, 'convertedAt', op.now, record['convertedAt']);
        break;
      case 'ticket':
        if (event === 'reopen') {
          put(patch, 'reopenCount', ((record['reopenCount'] as number | undefined) ?? 0) + 1, record['reopenCount']);
          put(patch, 'resolvedAt', null, record['resolvedAt']);
          put(patch, 'closedAt', null, record['closedAt']);
        }
        if (to === 'escalated' && from !== 'escalated') put(patch, 'escalationLevel', ((record['escalationLevel'] as number | undefined) ?? 0) + 1, record['escalationLevel']);
        break;
      case 'task':
        if (to !== 'done' && !isEmpty(record['completedAt'])) put(patch, 'completedAt', null, record['completedAt']);
        break;
      case 'deal': {
        const stage = dealStageInfo(definition as DealPipelineLifecycle, to);
        if (stage === undefined) break;
        put(patch, 'status', stage.status, record['status']);
        put(patch, 'probability', stage.probability, record['probability']);
        put(patch, 'forecastCategory', stage.forecastCategory, record['forecastCategory']);
        if (stage.status === 'open') put(patch, 'closedAt', null, record['closedAt']);
        else if (patch['closedAt'] === undefined) put(patch, 'closedAt', op.now, record['closedAt']);
        if (stage.status === 'lost') {
          const data = options.data ?? {};
          put(patch, 'lostReason', data['lostReason'], record['lostReason']);
          put(patch, 'lostReasonDetail', typeof data['lostReasonDetail'] === 'string' ? data['lostReasonDetail'] : null, record['lostReasonDetail']);
        } else {
          put(patch, 'lostReason', null, record['lostReason']);
          put(patch, 'lostReasonDetail', null, record['lostReasonDetail']);
        }
        break;
      }
      case 'lead':
        break;
    }
    return { result, patch };
  }

  /** Queues a transition's log entry and its domain events; returns the entry's index in the operation. */
  private recordTransition(op: Op, result: TransitionSuccess<string, string>, entityId: string): number {
    const index = op.log(toLogEntry(result.entry));
    const events = result.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as (typeof events)[number];
      const data: { [key: string]: JsonObject[string] } =
        event.data === NO_DATA
          ? { lifecycle: event.lifecycle, from: event.from, to: event.to, event: event.event }
          : { ...event.data, lifecycle: event.lifecycle, from: event.from, to: event.to, event: event.event };
      if (result.entry.reason !== null) data['reason'] = result.entry.reason;
      op.emit(event.type, event.entity, event.entityId ?? entityId, data);
    }
    return index;
  }

  /** Creates a record, logs its `@init` entry when it has a lifecycle, emits `<entity>.created`. */
  private async createRecord(op: Op, entity: string, input: object, lifecycle?: LifecycleDefinition<string, string>): Promise<Rec> {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new ValidationError(entity, [issue([], 'Expected an object')]);
    const data: Record<string, unknown> = { ...input };
    if (this.ids !== undefined && data['id'] === undefined) data['id'] = this.ids.next(entity);
    const record = await op.tx.create(entity, data);
    if (lifecycle !== undefined) {
      const field = STATE_FIELDS[entity as LifecycleEntity];
      const createdAt = record['createdAt'];
      const { entry } = start(lifecycle, { now: createdAt instanceof Date ? createdAt : op.now, entity, entityId: record.id, ...(op.actor === null ? {} : { actor: op.actor }) });
      op.log(toLogEntry({ ...entry, to: String(record[field]) }));
    }
    op.emit(`${entity}.created`, entity, record.id);
    return record;
  }

  private done<T>(op: Op, record: Rec): () => Outcome<T> {
    return () => ({ record: record as unknown as T, events: op.events });
  }

  // -- creation --------------------------------------------------------------------------------

  createContact(input: CreateInputOf<CrmEntities, 'contact'>, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['contact']>> {
    return this.run('createContact', options.actor, async (op) => {
      const data: Record<string, unknown> = { ...(input as object) };
      const stage = data['lifecycleStage'];
      if ((stage === 'customer' || stage === 'evangelist') && data['convertedAt'] === undefined) data['convertedAt'] = op.now;
      return this.done(op, await this.createRecord(op, 'contact', data, this.lifecycles.contact));
    });
  }

  createCompany(input: CreateInputOf<CrmEntities, 'company'>, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['company']>> {
    return this.run('createCompany', options.actor, async (op) => this.done(op, await this.createRecord(op, 'company', input)));
  }

  createLead(input: CreateInputOf<CrmEntities, 'lead'>, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['lead']>> {
    return this.run('createLead', options.actor, async (op) => this.done(op, await this.createRecord(op, 'lead', input, this.lifecycles.lead)));
  }

  createPipeline(input: CreateInputOf<CrmEntities, 'pipeline'>, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['pipeline']>> {
    return this.run('createPipeline', options.actor, async (op) => this.done(op, await this.createRecord(op, 'pipeline', input)));
  }

  createTask(input: CreateInputOf<CrmEntities, 'task'>, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['task']>> {
    return this.run('createTask', options.actor, async (op) => this.done(op, await this.createRecord(op, 'task', input, this.lifecycles.task)));
  }

  createDeal(input: DealCreateInput, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['deal']>> {
    return this.run('createDeal', options.actor, async (op) => this.done(op, await this.createDealIn(op, input)));
  }

  private async defaultPipeline(tx: Tx): Promise<Rec> {
    const page = await tx.find('pipeline', { where: { field: 'isDefault', op: 'eq', value: true }, limit: 1 });
    const pipeline = page.items[0];
    if (pipeline === undefined) throw new ValidationError('deal', [issue(['pipelineId'], 'No pipelineId given and no pipeline is the default (isDefault: true)')]);
    return pipeline;
  }

  /** Resolves pipeline and stage of a new deal and fills the stage defaults. */
  private async dealData(tx: Tx, input: DealCreateInput, now: Date): Promise<{ data: Record<string, unknown>; pipeline: Rec; definition: DealPipelineLifecycle }> {
    if (input === null || typeof input !== 'object') throw new ValidationError('deal', [issue([], 'Expected an object')]);
    const given = input as Record<string, unknown>;
    for (const key of ['status', 'offers'] as const) {
      if (given[key] !== undefined) throw new ValidationError('deal', [issue([key], `${key} is set by the service (stage, offer operations)`)]);
    }
    let pipeline: Rec;
    if (input.pipelineId === undefined) pipeline = await this.defaultPipeline(tx);
    else {
      const found = typeof input.pipelineId === 'string' && input.pipelineId !== '' ? await tx.get('pipeline', input.pipelineId) : null;
      if (found === null) throw new ValidationError('deal', [issue(['pipelineId'], `Unknown pipeline ${JSON.stringify(input.pipelineId)}`)]);
      pipeline = found;
    }
    const definition = this.pipelineLifecycle(pipeline as unknown as Pipeline);
    const stageId = input.stageId ?? definition.initial;
    const stage = dealStageInfo(definition, stageId);
    if (stage === undefined) {
      throw new ValidationError('deal', [issue(['stageId'], `Unknown stage ${JSON.stringify(stageId)} in pipeline ${pipeline.id}; stages: ${definition.states.join(', ')}`)]);
    }
    const data: Record<string, unknown> = {
      ...given,
      pipelineId: pipeline.id,
      stageId,
      status: stage.status,
      probability: input.probability ?? stage.probability,
      forecastCategory: input.forecastCategory ?? stage.forecastCategory,
    };
    if (stage.status !== 'open' && data['closedAt'] === undefined) data['closedAt'] = now;
    return { data, pipeline, definition };
  }

  private async createDealIn(op: Op, input: DealCreateInput): Promise<Rec> {
    const { data, definition } = await this.dealData(op.tx, input, op.now);
    return this.createRecord(op, 'deal', data, definition);
  }

  openTicket(input: CreateInputOf<CrmEntities, 'ticket'>, options: WriteContext & { readonly route?: boolean } = {}): Promise<Outcome<CrmEntityMap['ticket']>> {
    return this.run('openTicket', options.actor, async (op) => {
      let ticket = await this.createRecord(op, 'ticket', input, this.lifecycles.ticket);
      if (this.router !== undefined && options.route !== false && isEmpty(ticket['teamId'])) ticket = await this.routeIn(op, ticket);
      return this.done(op, ticket);
    });
  }

  routeTicket(id: string, options: UpdateOptions = {}): Promise<Outcome<CrmEntityMap['ticket']>> {
    if (this.router === undefined) return Promise.reject(new InvalidArgumentError('routeTicket needs a router: createCrm({ router: ticketRouter({ rules }) })'));
    return this.run('routeTicket', options.actor, async (op) => {
      const ticket = await this.load(op, 'ticket', id, options.expectedVersion);
      return this.done(op, await this.routeIn(op, ticket));
    });
  }

  private async routeIn(op: Op, ticket: Rec): Promise<Rec> {
    const router = this.router as TicketRouter;
    const assignment = await router.route(ticket as unknown as CrmEntityMap['ticket'], { store: op.tx as unknown as Store<CrmEntities> });
    if (assignment === null) return ticket;
    const patch: Record<string, unknown> = {};
    if (assignment.teamId !== undefined && assignment.teamId !== ticket['teamId']) patch['teamId'] = assignment.teamId;
    if (assignment.assigneeId !== undefined && assignment.assigneeId !== ticket['assigneeId']) patch['assigneeId'] = assignment.assigneeId;
    if (Object.keys(patch).length === 0) return ticket;
    const updated = await op.tx.update('ticket', ticket.id, patch, { expectedVersion: ticket.version });
    op.emit('ticket.routed', 'ticket', ticket.id, {
      teamId: (updated['teamId'] as string | undefined) ?? null,
      assigneeId: (updated['assigneeId'] as string | undefined) ?? null,
    });
    return updated;
  }

  completeTask(id: string, options: TransitionOptions = {}): Promise<TransitionOutcome<CrmEntityMap['task']>> {
    return this.transition('task', id, 'complete', options);
  }

  // -- interactions ----------------------------------------------------------------------------

  private async touchContacts(op: Op, contactIds: Iterable<string>, at: Date): Promise<void> {
    for (const contactId of new Set(contactIds)) {
      const contact = await this.load(op, 'contact', contactId);
      const last = contact['lastInteractionAt'];
      if (last instanceof Date && last.getTime() >= at.getTime()) continue;
      await op.tx.update('contact', contactId, { lastInteractionAt: at }, { expectedVersion: contact.version });
    }
  }

  logActivity(input: CreateInputOf<CrmEntities, 'activity'>, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['activity']>> {
    return this.run('logActivity', options.actor, async (op) => {
      const data: Record<string, unknown> = { ...(input as object) };
      if (this.ids !== undefined && data['id'] === undefined) data['id'] = this.ids.next('activity');
      const activity = await op.tx.create('activity', data);
      const contacts: string[] = [];
      for (const ref of activity['related'] as readonly { entity: string; id: string }[]) if (ref.entity === 'contact') contacts.push(ref.id);
      for (const participant of activity['participants'] as readonly { kind: string; id?: string }[]) {
        if (participant.kind === 'contact' && participant.id !== undefined) contacts.push(participant.id);
      }
      await this.touchContacts(op, contacts, activity['occurredAt'] as Date);
      op.emit('activity.logged', 'activity', activity.id, { type: activity['type'] as string, contactIds: [...new Set(contacts)] });
      return this.done(op, activity);
    });
  }

  logTouchpoint(input: CreateInputOf<CrmEntities, 'touchpoint'>, options: WriteContext = {}): Promise<Outcome<CrmEntityMap['touchpoint']>> {
    return this.run('logTouchpoint', options.actor, async (op) => {
      const data: Record<string, unknown> = { ...(input as object) };
      if (this.ids !== undefined && data['id'] === undefined) data['id'] = this.ids.next('touchpoint');
      const touchpoint = await op.tx.create('touchpoint', data);
      await this.touchContacts(op, [touchpoint['contactId'] as string], touchpoint['occurredAt'] as Date);
      op.emit('touchpoint.logged', 'touchpoint', touchpoint.id, {
        contactId: touchpoint['contactId'] as string,
        channel: touchpoint['channel'] as string,
        conversion: touchpoint['conversion'] as boolean,
      });
      return this.done(op, touchpoint);
    });
  }

  // -- updates and transitions -----------------------------------------------------------------

  update<E extends UpdatableEntity>(entity: E, id: string, patch: PatchOf<CrmEntities, E>, options: UpdateOptions = {}): Promise<Outcome<CrmEntityMap[E]>> {
    if (!(UPDATABLE_ENTITIES as readonly unknown[]).includes(entity)) {
      return Promise.reject(new ValidationError('update', [issue(['entity'], `Expected one of ${UPDATABLE_ENTITIES.join(', ')}, got ${JSON.stringify(entity)}`)]));
    }
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return Promise.reject(new ValidationError(entity, [issue([], 'Expected a patch object')]));
    const managed = MANAGED_FIELDS[entity];
    const refused = Object.keys(patch).filter((key) => managed.includes(key));
    if (refused.length > 0) {
      return Promise.reject(
        new ValidationError(
          entity,
          refused.map((field) => issue([field], `${field} is managed by the service; use transition() (or the offer / conversion operations)`)),
        ),
      );
    }
    return this.run('update', options.actor, async (op) => {
      const current = await this.load(op, entity, id, options.expectedVersion);
      const updated = await op.tx.update(entity, id, patch as object, { expectedVersion: current.version });
      op.emit(`${entity}.updated`, entity, id, { fields: Object.keys(patch) });
      return this.done(op, updated);
    });
  }

  transition<E extends LifecycleEntity>(entity: E, id: string, event: string, options: TransitionOptions = {}): Promise<TransitionOutcome<CrmEntityMap[E]>> {
    try {
      this.checkLifecycleEntity(entity);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.runTransition(entity, id, event, options);
  }

  /**
   * {@link run} and the transition in one function: the service's hottest path, written without
   * the generic operation's callbacks and extra async steps. Same transaction, same writes, same
   * hooks and delivery as every other operation.
   */
  private async runTransition<E extends LifecycleEntity>(entity: E, id: string, event: string, options: TransitionOptions): Promise<TransitionOutcome<CrmEntityMap[E]>> {
    const now = this.clock();
    const actor = options.actor ?? null;
    let op: Op | undefined;
    const outcome = await this.store.transaction(async (store) => {
      const tx = store as unknown as Tx;
      const current = new Op('transition', tx, now, actor);
      op = current;
      if (typeof id !== 'string' || id === '') throw new ValidationError(entity, [issue(['id'], 'Expected a non-empty string id')]);
      const record = await tx.get(entity, id);
      if (record === null) throw new NotFoundError(entity, id);
      const expectedVersion = options.expectedVersion;
      if (expectedVersion !== undefined && record.version !== expectedVersion) throw new ConflictError(entity, id, expectedVersion, record.version);
      // The definition is usually known without a read: no await then.
      const definition = this.definitionNow(tx, entity, record) ?? (await this.definitionFor(tx, entity, record));
      const { result, patch } = this.transitionWith(current, entity, definition, record, event, options);
      const updated = await tx.update(entity, id, patch, { expectedVersion: record.version });
      const index = this.recordTransition(current, result, id);
      current.settle(await tx.append(current.inputs));
      if (this.hooks.beforeCommit !== undefined) await this.hooks.beforeCommit({ operation: current.name, events: current.events, tx: store });
      const value: TransitionOutcome<CrmEntityMap[E]> = {
        record: updated as unknown as CrmEntityMap[E],
        events: current.events,
        from: String(result.entry.from),
        to: result.entry.to,
        entry: current.appended[index] as LogEntry,
      };
      return value;
    });
    const events = (op as Op).events;
    if (this.hooks.afterCommit !== undefined) {
      try {
        await this.hooks.afterCommit({ operation: 'transition', events });
      } catch (error) {
        this.report(error, { source: 'afterCommit' });
      }
    }
    this.deliver(events);
    return outcome;
  }

  // -- offers ----------------------------------------------------------------------------------

  private requireOpenDeal(deal: Rec, event: string): void {
    if (deal['status'] !== 'open') {
      throw new InvalidTransitionError({
        lifecycle: 'offer',
        from: String(deal['status']),
        event,
        allowed: [],
        reason: `deal ${deal.id} is ${String(deal['status'])}; offers change only on an open deal`,
      });
    }
  }

  private pickOffer(deal: Rec, offerId: string | undefined): Offer {
    const offers = deal['offers'] as readonly Offer[];
    const offer = offerId === undefined ? latestOffer({ offers }) : offers.find((o) => o.id === offerId);
    if (offer === undefined) throw new NotFoundError('offer', offerId ?? `(latest of deal ${deal.id})`);
    return offer;
  }

  private offerStatusError(offer: Offer, event: string, reason?: string): InvalidTransitionError {
    const details = { lifecycle: 'offer', from: offer.status, event, allowed: OFFER_ALLOWED[offer.status] ?? [] };
    return new InvalidTransitionError(reason === undefined ? details : { ...details, reason });
  }

  /** Supersedes open (draft/sent) offers except `keep`, emitting `deal.offer_superseded`. */
  private supersede(op: Op, dealId: string, offers: readonly Offer[], keep?: string): Offer[] {
    return offers.map((offer) => {
      if (offer.id === keep || (offer.status !== 'draft' && offer.status !== 'sent')) return offer;
      op.emit('deal.offer_superseded', 'deal', dealId, offerSummary(offer));
      return { ...offer, status: 'superseded' };
    });
  }

  private buildOffer(op: Op, offers: readonly Offer[], draft: OfferDraft): Offer {
    if (draft === null || typeof draft !== 'object') throw new ValidationError('offer', [issue([], 'Expected an offer object')]);
    const status = draft.status ?? 'sent';
    if (status !== 'sent' && status !== 'draft') throw new ValidationError('offer', [issue(['status'], 'A new offer is "sent" or "draft"')]);
    const version = offers.reduce((max, offer) => Math.max(max, offer.version), 0) + 1;
    const offer: Record<string, unknown> = { id: this.newId('offer'), version, amount: draft.amount, status, createdAt: op.now };
    if (status === 'sent') offer['sentAt'] = op.now;
    if (draft.validUntil !== undefined) offer['validUntil'] = draft.validUntil;
    if (draft.note !== undefined) offer['note'] = draft.note;
    if (draft.lines !== undefined) offer['lines'] = draft.lines;
    return offer as unknown as Offer;
  }

  private async newOfferVersion(op: Op, dealId: string, draft: OfferDraft, options: UpdateOptions, renegotiation: boolean): Promise<Rec> {
    const deal = await this.load(op, 'deal', dealId, options.expectedVersion);
    this.requireOpenDeal(deal, renegotiation ? 'renegotiate' : 'add');
    const offers = deal['offers'] as readonly Offer[];
    const previous = latestOffer({ offers });
    if (renegotiation && previous?.status !== 'rejected') {
      throw new InvalidTransitionError({
        lifecycle: 'offer',
        from: previous?.status ?? 'none',
        event: 'renegotiate',
        allowed: previous === undefined ? [] : OFFER_ALLOWED[previous.status] ?? [],
        reason: 'renegotiation follows a rejected offer',
      });
    }
    const kept = this.supersede(op, dealId, offers);
    const offer = this.buildOffer(op, offers, draft);
    const updated = await op.tx.update('deal', dealId, { offers: [...kept, offer] }, { expectedVersion: deal.version });
    if (renegotiation && previous !== undefined) op.emit('deal.renegotiated', 'deal', dealId, { ...offerSummary(offer), previousOfferId: previous.id });
    op.emit('deal.offer_added', 'deal', dealId, { ...offerSummary(offer), status: offer.status });
    return updated;
  }

  addOffer(dealId: string, offer: OfferDraft, options: UpdateOptions = {}): Promise<Outcome<CrmEntityMap['deal']>> {
    return this.run('addOffer', options.actor, async (op) => this.done(op, await this.newOfferVersion(op, dealId, offer, options, false)));
  }

  renegotiate(dealId: string, offer: OfferDraft, options: UpdateOptions = {}): Promise<Outcome<CrmEntityMap['deal']>> {
    return this.run('renegotiate', options.actor, async (op) => this.done(op, await this.newOfferVersion(op, dealId, offer, options, true)));
  }

  sendOffer(dealId: string, options: OfferDecisionOptions = {}): Promise<Outcome<CrmEntityMap['deal']>> {
    return this.run('sendOffer', options.actor, async (op) => {
      const deal = await this.load(op, 'deal', dealId, options.expectedVersion);
      this.requireOpenDeal(deal, 'send');
      const offer = this.pickOffer(deal, options.offerId);
      if (offer.status !== 'draft') throw this.offerStatusError(offer, 'send');
      const offers = (deal['offers'] as readonly Offer[]).map((o) => (o.id === offer.id ? { ...o, status: 'sent' as const, sentAt: op.now } : o));
      const updated = await op.tx.update('deal', dealId, { offers }, { expectedVersion: deal.version });
      op.emit('deal.offer_sent', 'deal', dealId, offerSummary(offer));
      return this.done(op, updated);
    });
  }

  rejectOffer(dealId: string, options: OfferDecisionOptions = {}): Promise<Outcome<CrmEntityMap['deal']>> {
    return this.run('rejectOffer', options.actor, async (op) => {
      const deal = await this.load(op, 'deal', dealId, options.expectedVersion);
      this.requireOpenDeal(deal, 'reject');
      const offer = this.pickOffer(deal, options.offerId);
      if (offer.status !== 'sent' && offer.status !== 'draft') throw this.offerStatusError(offer, 'reject');
      const offers = (deal['offers'] as readonly Offer[]).map((o) => (o.id === offer.id ? { ...o, status: 'rejected' as const, decidedAt: op.now } : o));
      const updated = await op.tx.update('deal', dealId, { offers }, { expectedVersion: deal.version });
      op.emit('deal.offer_rejected', 'deal', dealId, { ...offerSummary(offer), ...(options.reason === undefined ? {} : { reason: options.reason }) });
      return this.done(op, updated);
    });
  }

  acceptOffer(dealId: string, options: OfferDecisionOptions = {}): Promise<TransitionOutcome<CrmEntityMap['deal']>> {
    return this.run('acceptOffer', options.actor, async (op) => {
      const deal = await this.load(op, 'deal', dealId, options.expectedVersion);
      this.requireOpenDeal(deal, 'accept');
      const offer = this.pickOffer(deal, options.offerId);
      if (offer.status !== 'sent' && offer.status !== 'draft') throw this.offerStatusError(offer, 'accept');
      const accepted = (deal['offers'] as readonly Offer[]).map((o) => (o.id === offer.id ? { ...o, status: 'accepted' as const, decidedAt: op.now } : o));
      op.emit('deal.offer_accepted', 'deal', dealId, offerSummary(offer));
      const offers = this.supersede(op, dealId, accepted, offer.id);
      const transitionOptions: TransitionOptions = { data: { offerId: offer.id }, ...(options.reason === undefined ? {} : { reason: options.reason }) };
      const { result, patch } = await this.computeTransition(op, 'deal', { ...deal, offers, amount: offer.amount }, 'win', transitionOptions);
      const updated = await op.tx.update('deal', dealId, { ...patch, offers, amount: offer.amount }, { expectedVersion: deal.version });
      const index = this.recordTransition(op, result, dealId);
      return () => ({
        record: updated as unknown as CrmEntityMap['deal'],
        events: op.events,
        from: String(result.entry.from),
        to: result.entry.to,
        entry: op.appended[index] as LogEntry,
      });
    });
  }

  // -- lead conversion -------------------------------------------------------------------------

  private async findContactByEmail(tx: Tx, email: string): Promise<Rec | null> {
    const wanted = normalizeEmail(email);
    for await (const contact of tx.stream('contact')) {
      const primary = (contact['emails'] as readonly { address: string; primary: boolean }[]).find((e) => e.primary)?.address;
      if (primary !== undefined && normalizeEmail(primary) === wanted) return contact;
    }
    return null;
  }

  private async findCompany(tx: Tx, domain: string | undefined, name: string | undefined): Promise<{ company: Rec; by: 'domain' | 'name' } | null> {
    if (domain !== undefined) {
      const page = await tx.find('company', { where: { field: 'domain', op: 'eq', value: domain }, limit: 1 });
      const company = page.items[0];
      if (company !== undefined) return { company, by: 'domain' };
    }
    if (name !== undefined) {
      const wanted = normalizeName(name);
      for await (const company of tx.stream('company')) {
        if (normalizeName(String(company['name'])) === wanted) return { company, by: 'name' };
      }
    }
    return null;
  }

  private static companyDomain(lead: Rec): string | undefined {
    const website = lead['website'];
    if (typeof website === 'string') return website;
    const email = lead['email'];
    if (typeof email !== 'string') return undefined;
    const domain = email.slice(email.lastIndexOf('@') + 1);
    return domain === '' || FREE_MAIL.has(domain) ? undefined : domain;
  }

  private static fills(target: Rec, wanted: Record<string, unknown>): FieldFill[] {
    const out: FieldFill[] = [];
    for (const [field, value] of Object.entries(wanted)) {
      if (!isEmpty(value) && isEmpty(target[field])) out.push({ field, value });
    }
    return out;
  }

  private static defined(values: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) if (!isEmpty(value)) out[key] = value;
    return out;
  }

  async planLeadConversion(leadId: string, options: LeadConversionOptions = {}): Promise<LeadConversionPlan> {
    return this.plan(this.store as unknown as Tx, leadId, options, this.clock());
  }

  private async plan(tx: Tx, leadId: string, options: LeadConversionOptions, now: Date): Promise<LeadConversionPlan> {
    if (typeof leadId !== 'string' || leadId === '') throw new ValidationError('lead', [issue(['id'], 'Expected a non-empty string id')]);
    const lead = await tx.get('lead', leadId);
    if (lead === null) throw new NotFoundError('lead', leadId);
    const leadDef = this.lifecycles.lead as LifecycleDefinition<string, string>;
    if (!isEmpty(lead['convertedAt'])) {
      throw new InvalidTransitionError({ lifecycle: leadDef.name, from: String(lead['status']), event: 'convert', allowed: [], reason: `lead ${leadId} is already converted` });
    }
    let leadTransition: PlannedTransition | null = null;
    if (lead['status'] !== 'qualified') {
      const result = applyTransition(leadDef, String(lead['status']), 'qualify', { now, entity: 'lead', entityId: leadId, record: lead });
      if (!result.ok) throw result.error;
      leadTransition = { event: 'qualify', from: String(lead['status']), to: result.snapshot.state };
    }

    // Company: matched by domain, else by exact normalised name; else created.
    const companyName = lead['companyName'] as string | undefined;
    const domain = CrmService.companyDomain(lead);
    const wantCompany = options.company ?? (companyName !== undefined || lead['website'] !== undefined);
    let company: ConversionTarget | null = null;
    if (wantCompany && (companyName !== undefined || domain !== undefined)) {
      const companyFields = CrmService.defined({ domain, source: lead['source'], ownerId: lead['ownerId'] });
      const match = await this.findCompany(tx, domain, companyName);
      if (match !== null) {
        company = { action: 'match', id: match.company.id, version: match.company.version, matchedBy: match.by, fill: CrmService.fills(match.company, companyFields) };
      } else {
        const data = { name: companyName ?? domain, ...companyFields };
        const parsed = CompanyDataSchema.safeParse(data);
        if (!parsed.success) throw new ValidationError('company', parsed.error.issues, { cause: parsed.error });
        company = { action: 'create', id: this.newId('company'), data };
      }
    }

    // Contact: matched by normalised primary e-mail, else created.
    const email = lead['email'] as string | undefined;
    const contactFields = CrmService.defined({
      firstName: lead['firstName'],
      lastName: lead['lastName'],
      phones: typeof lead['phone'] === 'string' ? [{ number: lead['phone'] }] : undefined,
      jobTitle: lead['jobTitle'],
      address: lead['address'],
      source: lead['source'],
      ownerId: lead['ownerId'],
      leadScore: lead['score'],
      tags: lead['tags'],
      companyId: company?.id,
    });
    const matchedContact = email === undefined ? null : await this.findContactByEmail(tx, email);
    const contactDef = this.lifecycles.contact as LifecycleDefinition<string, string>;
    let contact: ConversionTarget;
    let currentStage: string;
    if (matchedContact !== null) {
      contact = { action: 'match', id: matchedContact.id, version: matchedContact.version, matchedBy: 'email', fill: CrmService.fills(matchedContact, contactFields) };
      currentStage = String(matchedContact['lifecycleStage']);
    } else {
      const data = { ...contactFields, ...(email === undefined ? {} : { emails: [{ address: email }] }), lifecycleStage: contactDef.initial };
      const parsed = ContactDataSchema.safeParse(data);
      if (!parsed.success) throw new ValidationError('contact', parsed.error.issues, { cause: parsed.error });
      contact = { action: 'create', id: this.newId('contact'), data };
      currentStage = contactDef.initial;
    }

    // Deal.
    let deal: LeadConversionPlan['deal'] = null;
    if (options.deal !== undefined && options.deal !== false) {
      const wanted = options.deal;
      const personName = [lead['firstName'], lead['lastName']].filter((part) => typeof part === 'string').join(' ');
      const name = wanted.name ?? `${companyName ?? (personName || email || leadId)}`;
      const input: DealCreateInput = {
        name,
        ...(wanted.pipelineId === undefined ? {} : { pipelineId: wanted.pipelineId }),
        ...(wanted.stageId === undefined ? {} : { stageId: wanted.stageId }),
        ...(wanted.amount === undefined ? {} : { amount: wanted.amount }),
        ...(company === null ? {} : { companyId: company.id }),
        contacts: [{ contactId: contact.id, role: wanted.contactRole ?? 'decision_maker', primary: true }],
        ...(lead['source'] === undefined ? {} : { source: lead['source'] as DealCreateInput['source'] }),
        ...(lead['ownerId'] === undefined ? {} : { ownerId: lead['ownerId'] as string }),
      };
      const { data, pipeline } = await this.dealData(tx, input, now);
      const parsed = DealDataSchema.safeParse(data);
      if (!parsed.success) throw new ValidationError('deal', parsed.error.issues, { cause: parsed.error });
      deal = { id: this.newId('deal'), pipelineId: pipeline.id, pipelineVersion: pipeline.version, data };
    }

    // The contact's stage: forward only.
    const target = options.contactStage ?? (deal === null ? 'sales_qualified' : 'opportunity');
    let contactTransition: PlannedTransition | null = null;
    if (currentStage !== target) {
      const event = STAGE_EVENTS[target];
      if (event === undefined) throw new ValidationError('lead conversion', [issue(['contactStage'], `A conversion cannot move a contact to "${target}"`)]);
      const result = applyTransition(contactDef, currentStage, event, { now, entity: 'contact', entityId: contact.id });
      if (result.ok && result.snapshot.state === target) contactTransition = { event, from: currentStage, to: target };
    }
    return {
      lead: { id: lead.id, version: lead.version },
      contact,
      company,
      deal,
      leadTransition,
      contactTransition,
      leadLifecycleStage: (contactTransition?.to ?? currentStage) as LifecycleStage,
      actor: options.actor ?? null,
      plannedAt: now,
    };
  }

  private async recheck(tx: Tx, entity: string, target: ConversionTarget, find: () => Promise<Rec | null>): Promise<Rec | null> {
    if (target.action === 'match') {
      const current = await tx.get(entity, target.id);
      if (current === null || current.version !== target.version) throw new ConflictError(entity, target.id, target.version, current?.version);
      return current;
    }
    const appeared = await find();
    // Something that now matches appeared after planning: expected "no record" (version 0).
    if (appeared !== null) throw new ConflictError(entity, appeared.id, 0, appeared.version);
    return null;
  }

  applyLeadConversion(plan: LeadConversionPlan): Promise<LeadConversionResult> {
    if (plan === null || typeof plan !== 'object' || typeof plan.lead?.id !== 'string') {
      return Promise.reject(new ValidationError('lead conversion plan', [issue([], 'Expected a plan from planLeadConversion')]));
    }
    return this.run('applyLeadConversion', plan.actor ?? undefined, async (op) => {
      const tx = op.tx;
      // 1. Re-check every version the plan saw (optimistic concurrency); nothing is written yet.
      const lead = await tx.get('lead', plan.lead.id);
      if (lead === null) throw new NotFoundError('lead', plan.lead.id);
      if (lead.version !== plan.lead.version) throw new ConflictError('lead', lead.id, plan.lead.version, lead.version);
      const email = lead['email'] as string | undefined;
      let company: Rec | null = null;
      if (plan.company !== null) {
        company = await this.recheck(tx, 'company', plan.company, async () =>
          (await this.findCompany(tx, CrmService.companyDomain(lead), lead['companyName'] as string | undefined))?.company ?? null,
        );
      }
      let contact = await this.recheck(tx, 'contact', plan.contact, async () => (email === undefined ? null : this.findContactByEmail(tx, email)));
      if (plan.deal !== null) {
        const pipeline = await tx.get('pipeline', plan.deal.pipelineId);
        if (pipeline === null || pipeline.version !== plan.deal.pipelineVersion) {
          throw new ConflictError('pipeline', plan.deal.pipelineId, plan.deal.pipelineVersion, pipeline?.version);
        }
      }

      // 2. Company.
      if (plan.company !== null) {
        if (plan.company.action === 'create') company = await this.createRecord(op, 'company', { ...plan.company.data, id: plan.company.id });
        else if (plan.company.fill.length > 0 && company !== null) {
          company = await tx.update('company', company.id, Object.fromEntries(plan.company.fill.map((f) => [f.field, f.value])), { expectedVersion: company.version });
          op.emit('company.updated', 'company', company.id, { fields: plan.company.fill.map((f) => f.field), leadId: lead.id });
        }
      }

      // 3. Contact, and its lifecycle stage.
      if (plan.contact.action === 'create') contact = await this.createRecord(op, 'contact', { ...plan.contact.data, id: plan.contact.id }, this.lifecycles.contact);
      else if (plan.contact.fill.length > 0 && contact !== null) {
        contact = await tx.update('contact', contact.id, Object.fromEntries(plan.contact.fill.map((f) => [f.field, f.value])), { expectedVersion: contact.version });
        op.emit('contact.updated', 'contact', contact.id, { fields: plan.contact.fill.map((f) => f.field), leadId: lead.id });
      }
      let current = contact as Rec;
      // The conversion entry comes first on the contact: its history then reads lead → conversion → contact moves.
      op.log({
        entity: 'contact',
        entityId: current.id,
        kind: 'conversion',
        at: op.now,
        ...(op.actor === null ? {} : { actor: op.actor }),
        data: {
          leadId: lead.id,
          leadVersion: lead.version,
          matched: plan.contact.action === 'match',
          companyId: company?.id ?? null,
          dealId: plan.deal?.id ?? null,
        },
      });
      if (plan.contactTransition !== null) {
        const { result, patch } = await this.computeTransition(op, 'contact', current, plan.contactTransition.event, { data: { leadId: lead.id } });
        current = await tx.update('contact', current.id, patch, { expectedVersion: current.version });
        this.recordTransition(op, result, current.id);
      }

      // 4. Deal.
      let deal: Rec | null = null;
      if (plan.deal !== null) {
        const definition = await this.definitionFor(tx, 'deal', { id: plan.deal.id, version: 0, pipelineId: plan.deal.pipelineId });
        deal = await this.createRecord(op, 'deal', { ...plan.deal.data, id: plan.deal.id }, definition);
      }

      // 5. The lead: status (lifecycle), lifecycle stage, conversion fields — one update.
      const leadPatch: Record<string, unknown> = {
        convertedAt: op.now,
        convertedContactId: current.id,
        lifecycleStage: plan.leadLifecycleStage,
        ...(company === null ? {} : { convertedCompanyId: company.id }),
        ...(deal === null ? {} : { convertedDealId: deal.id }),
      };
      let leadResult: TransitionSuccess<string, string> | undefined;
      if (plan.leadTransition !== null) {
        const computed = await this.computeTransition(op, 'lead', lead, plan.leadTransition.event, { data: { contactId: current.id } });
        Object.assign(leadPatch, computed.patch);
        leadResult = computed.result;
      }
      const convertedLead = await tx.update('lead', lead.id, leadPatch, { expectedVersion: lead.version });
      if (leadResult !== undefined) this.recordTransition(op, leadResult, lead.id);
      op.emit('lead.converted', 'lead', lead.id, {
        contactId: current.id,
        companyId: company?.id ?? null,
        dealId: deal?.id ?? null,
        matchedContact: plan.contact.action === 'match',
        matchedCompany: plan.company?.action === 'match',
      });
      const finalContact = current;
      const finalCompany = company;
      return () => ({
        lead: convertedLead as unknown as CrmEntityMap['lead'],
        contact: finalContact as unknown as CrmEntityMap['contact'],
        company: finalCompany as unknown as CrmEntityMap['company'] | null,
        deal: deal as unknown as CrmEntityMap['deal'] | null,
        events: op.events,
      });
    });
  }

  async convertLead(leadId: string, options: LeadConversionOptions = {}): Promise<LeadConversionResult> {
    return this.applyLeadConversion(await this.planLeadConversion(leadId, options));
  }

  // -- history ---------------------------------------------------------------------------------

  async history(entity: string, id: string): Promise<LogEntry[]> {
    const own = await this.store.readLog({ entity, entityId: id, kinds: HISTORY_KINDS });
    if (entity !== 'contact') return own;
    const before: LogEntry[] = [];
    for (const entry of own) {
      const leadId = entry.kind === 'conversion' ? entry.data['leadId'] : undefined;
      if (typeof leadId === 'string') before.push(...(await this.store.readLog({ entity: 'lead', entityId: leadId, kinds: HISTORY_KINDS })));
    }
    return [...before, ...own];
  }
}

/**
 * Creates the CRM service over a store.
 *
 * Every write operation runs in **one** store transaction that holds the record change, its
 * transition-log entries (kind `transition`, from the lifecycle's `toLogEntry`) and its domain
 * events (kind = the event type). Refused operations — invalid input, an `InvalidTransitionError`,
 * a `ConflictError`, a `beforeCommit` hook that throws — leave the store unchanged. Events reach
 * `crm.on` subscribers after the commit, in order; never for a rolled-back operation.
 *
 * @param options - the store; optionally a clock, an id generator, lifecycles, hooks and a ticket router
 * @returns the service
 * @throws {@link InvalidArgumentError} when no store is given
 *
 * @example
 * ```ts
 * import { createCrm } from 'crmkit/crm';
 * import { createMemoryStore } from 'crmkit/store';
 * const crm = createCrm({ store: createMemoryStore() });
 * const pipeline = await crm.createPipeline({ name: 'New business', isDefault: true, stages: [
 *   { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
 *   { id: 'won', name: 'Won', order: 2, probability: 1, forecastCategory: 'closed', kind: 'won' },
 *   { id: 'lost', name: 'Lost', order: 3, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
 * ] });
 * const { record: deal } = await crm.createDeal({ name: 'Acme — 50 seats' });
 * deal.stageId; //=> 'qualify'
 * crm.on('deal.won', (event) => console.log(event.entityId));
 * (await crm.transition('deal', deal.id, 'win')).record.status; //=> 'won'
 * ```
 */
export function createCrm(options: CrmOptions): Crm {
  return new CrmService(options);
}
