/**
 * Ticket: a customer-service case — a question, a problem, a complaint — with its status,
 * priority, who handles it, where it came from, and the instants that service-level KPIs are
 * computed from (first response, resolution, closure, escalation).
 *
 * @module
 */
import { z } from 'zod';
import type { Result, ValidationError } from '../errors';
import {
  CompanyIdSchema,
  ContactIdSchema,
  CustomFieldValuesSchema,
  ExternalIdSchema,
  LongTextSchema,
  NameSchema,
  OwnerIdSchema,
  ProductIdSchema,
  TagListSchema,
  TeamIdSchema,
  TimestampSchema,
} from './common';
import { defineEntity } from './entity';
import { parseWith, safeParseWith } from './parse';
import { PRIORITIES } from './task';

/**
 * Ticket statuses: `new` (not yet looked at), `open` (being worked), `waiting_on_customer`,
 * `escalated`, `resolved` (a solution was given) and `closed` (no further work).
 */
export const TICKET_STATUSES = ['new', 'open', 'waiting_on_customer', 'escalated', 'resolved', 'closed'] as const;

/** A ticket status. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Where a ticket came in. */
export const TICKET_ORIGIN_CHANNELS = ['email', 'phone', 'chat', 'web_form', 'social', 'in_person', 'other'] as const;

/** A ticket origin channel. */
export type TicketOriginChannel = (typeof TICKET_ORIGIN_CHANNELS)[number];

/** The milestone instants that may not precede the ticket's `createdAt` nor its `openedAt`. */
export const TICKET_MILESTONE_FIELDS = ['firstResponseAt', 'resolvedAt', 'closedAt'] as const;

/** Domain fields of a ticket. */
const ticketFields = {
  /** What the case is about, one line. */
  subject: NameSchema,
  /** The customer's description and any details. */
  description: LongTextSchema.optional(),
  /** Where the case stands (default `new`). */
  status: z.enum(TICKET_STATUSES).default('new'),
  /** How urgent it is (default `normal`). */
  priority: z.enum(PRIORITIES).default('normal'),
  /** A free category label (`billing`, `bug`, `how-to`…). */
  category: z.string().trim().min(1).max(200).optional(),
  /** The product concerned. */
  productId: ProductIdSchema.optional(),
  /** The team handling it. */
  teamId: TeamIdSchema.optional(),
  /** The owner (agent) handling it. */
  assigneeId: OwnerIdSchema.optional(),
  /** The customer who raised it. */
  contactId: ContactIdSchema.optional(),
  /** The customer's company. */
  companyId: CompanyIdSchema.optional(),
  /** Where it came in. */
  originChannel: z.enum(TICKET_ORIGIN_CHANNELS).optional(),
  /** When the customer opened the case, if earlier than the record (an imported ticket). */
  openedAt: TimestampSchema.optional(),
  /** First reply of an agent; not before `createdAt` nor `openedAt`. */
  firstResponseAt: TimestampSchema.optional(),
  /** When a solution was given; required for `resolved` and `closed`. */
  resolvedAt: TimestampSchema.optional(),
  /** When the case was closed. */
  closedAt: TimestampSchema.optional(),
  /** When it was (last) escalated. */
  escalatedAt: TimestampSchema.optional(),
  /** Escalation tier: 0 = first line (default), 1, 2… */
  escalationLevel: z.number().int().min(0).default(0),
  /** How many times the case was reopened after being resolved or closed (default 0). */
  reopenCount: z.number().int().min(0).default(0),
  /** Customer satisfaction (CSAT) score given after resolution, an integer from 1 (very unsatisfied) to 5 (very satisfied). */
  satisfaction: z.number().int().min(1).max(5).optional(),
  /** Tag labels. */
  tags: TagListSchema.default([]),
  /** Values of custom fields, keyed by field key; check them with `validateCustomFields`. */
  customFields: CustomFieldValuesSchema.default({}),
  /** The record's id in the system it was imported from, for idempotent imports. */
  externalId: ExternalIdSchema.optional(),
};

/** The ticket entity definition (schemas for create input, stored record and patch). */
export const TicketEntity = defineEntity('ticket', ticketFields, (ticket, ctx) => {
  // The stored record carries `createdAt`; create input does not, so the rule only runs when it is there.
  const createdAt = (ticket as { createdAt?: unknown }).createdAt;
  for (const field of TICKET_MILESTONE_FIELDS) {
    const at = ticket[field];
    if (at === undefined) continue;
    if (createdAt instanceof Date && at < createdAt) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} is before createdAt`, input: at });
    }
    if (ticket.openedAt !== undefined && at < ticket.openedAt) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} is before openedAt`, input: at });
    }
  }
  if ((ticket.status === 'resolved' || ticket.status === 'closed') && ticket.resolvedAt === undefined) {
    ctx.addIssue({ code: 'custom', path: ['resolvedAt'], message: `A ${ticket.status} ticket needs resolvedAt`, input: ticket.resolvedAt });
  }
});

/** Create input of a ticket: domain fields, validated and normalised. */
export const TicketDataSchema = TicketEntity.dataSchema;
/** A stored ticket: record metadata + domain fields. */
export const TicketSchema = TicketEntity.schema;

/** A stored ticket. */
export type Ticket = z.output<typeof TicketSchema>;
/** A ticket's domain fields after validation (what a store receives on create). */
export type TicketData = z.output<typeof TicketDataSchema>;
/** What callers may pass to create a ticket (before defaults and normalisation). */
export type TicketInput = z.input<typeof TicketDataSchema>;

/**
 * Parses an untrusted value into a stored {@link Ticket} (record metadata included).
 *
 * @param input - untrusted input (JSON, a database row, a form)
 * @returns the ticket, normalised (timestamps as `Date`, defaults applied)
 * @throws {@link ValidationError} listing every issue with its path
 *
 * @example
 * ```ts
 * import { parseTicket } from 'crmkit';
 * const ticket = parseTicket({
 *   id: 'tc1', workspaceId: 'w1', version: 1,
 *   createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z',
 *   subject: 'Cannot log in', originChannel: 'email',
 * });
 * ticket.status;      //=> 'new'
 * ticket.priority;    //=> 'normal'
 * ticket.reopenCount; //=> 0
 * ```
 */
export function parseTicket(input: unknown): Ticket {
  return parseWith(TicketSchema, 'ticket', input);
}

/**
 * Like {@link parseTicket} but never throws: returns `{ success, data }` or `{ success, error }`.
 *
 * @param input - untrusted input
 * @returns the parse result
 * @throws nothing: a failure is returned as `{ success: false, error }` with a {@link ValidationError}
 *
 * @example
 * ```ts
 * import { safeParseTicket } from 'crmkit';
 * const result = safeParseTicket({ subject: 'Cannot log in' });
 * result.success; //=> false (record metadata is missing)
 * ```
 */
export function safeParseTicket(input: unknown): Result<Ticket, ValidationError> {
  return safeParseWith(TicketSchema, 'ticket', input);
}
