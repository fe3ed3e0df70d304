/**
 * Ticket routing: which team and which agent a ticket goes to. Pluggable — the service calls any
 * {@link TicketRouter}; {@link ticketRouter} builds the usual one (category → team, then
 * round-robin among the team's members).
 *
 * @module
 */
import type { Priority } from '../model/task';
import type { Ticket } from '../model/ticket';
import type { CrmEntities } from '../model/registry';
import type { Store } from '../store/types';

/** Where a router sends a ticket; missing fields are left unchanged. */
export interface TicketAssignment {
  /** The team. */
  readonly teamId?: string;
  /** The agent (an owner id). */
  readonly assigneeId?: string;
}

/** What a router may read: the store handle of the running transaction. */
export interface TicketRoutingContext {
  /** Reads here see the operation's own writes. */
  readonly store: Store<CrmEntities>;
}

/** A router: decides the team and agent of a ticket (`null`: leave it as it is). */
export interface TicketRouter {
  /**
   * @param ticket - the ticket to route
   * @param context - the transaction's store, to read teams
   * @returns the assignment, or `null`
   */
  route(ticket: Ticket, context: TicketRoutingContext): Promise<TicketAssignment | null> | TicketAssignment | null;
}

/** One routing rule: tickets matching every given criterion go to `teamId`. */
export interface TicketRoutingRule {
  /** Category (or categories) matched exactly, case-insensitively after trimming. */
  readonly category?: string | readonly string[];
  /** Priorities matched. */
  readonly priority?: readonly Priority[];
  /** The team. */
  readonly teamId: string;
}

/** Options of {@link ticketRouter}. */
export interface TicketRouterOptions {
  /** Rules, first match wins. */
  readonly rules: readonly TicketRoutingRule[];
  /** Team for tickets no rule matches (default: none, the ticket stays unrouted). */
  readonly defaultTeamId?: string;
  /** Assign an agent round-robin among the team record's `memberIds` (default `true`). */
  readonly roundRobin?: boolean;
}

/**
 * The standard router: the first rule whose criteria match gives the team (else `defaultTeamId`);
 * then, unless `roundRobin: false`, the next member of that team (its `memberIds`, in order,
 * cycling) becomes the assignee. The round-robin position is kept per team in the router (in
 * memory, per process); a team without members gets no assignee.
 *
 * @param options - rules, default team, round-robin switch
 * @returns a {@link TicketRouter}
 * @throws nothing (an unknown team id routes to the team without an assignee)
 *
 * @example
 * ```ts
 * import { createCrm, ticketRouter } from 'crmkit/crm';
 * const router = ticketRouter({ rules: [{ category: 'billing', teamId: 'team_billing' }], defaultTeamId: 'team_support' });
 * const crm = createCrm({ store, router });
 * const { record } = await crm.openTicket({ subject: 'Invoice wrong', category: 'Billing' });
 * record.teamId;     //=> 'team_billing'
 * record.assigneeId; //=> the first member of team_billing, then the next one for the next ticket
 * ```
 */
export function ticketRouter(options: TicketRouterOptions): TicketRouter {
  const positions = new Map<string, number>();
  const norm = (value: string): string => value.trim().toLowerCase();
  const matches = (rule: TicketRoutingRule, ticket: Ticket): boolean => {
    if (rule.category !== undefined) {
      const wanted = (typeof rule.category === 'string' ? [rule.category] : rule.category).map(norm);
      if (ticket.category === undefined || !wanted.includes(norm(ticket.category))) return false;
    }
    if (rule.priority !== undefined && !rule.priority.includes(ticket.priority)) return false;
    return true;
  };
  return {
    async route(ticket, context) {
      const teamId = options.rules.find((rule) => matches(rule, ticket))?.teamId ?? options.defaultTeamId;
      if (teamId === undefined) return null;
      if (options.roundRobin === false) return { teamId };
      const team = await context.store.get('team', teamId);
      const members = team?.memberIds ?? [];
      if (members.length === 0) return { teamId };
      const position = positions.get(teamId) ?? 0;
      positions.set(teamId, position + 1);
      return { teamId, assigneeId: members[position % members.length] as string };
    },
  };
}
