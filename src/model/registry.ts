/**
 * The registry of built-in entities: entity name → definition. Stores use it to validate input
 * and to know which entities exist; add your own entities by spreading it into a new registry.
 *
 * @module
 */
import type { z } from 'zod';
import { ContactEntity } from './contact';
import { CompanyEntity } from './company';
import { LeadEntity } from './lead';
import { DealEntity } from './deal';
import { PipelineEntity } from './pipeline';
import { ActivityEntity } from './activity';
import { TouchpointEntity } from './touchpoint';
import { TaskEntity } from './task';
import { TicketEntity } from './ticket';
import { CampaignEntity } from './campaign';
import { CampaignMemberEntity } from './campaign-member';
import { ProductEntity } from './product';
import { PurchaseEntity } from './purchase';
import { ExternalSpendEntity } from './external-spend';
import { SurveyResponseEntity } from './survey-response';
import { OwnerEntity } from './owner';
import { TeamEntity } from './team';
import { NoteEntity } from './note';
import { TagEntity } from './tag';
import { CustomFieldDefinitionEntity } from './custom-field-definition';

/**
 * Every built-in entity definition, keyed by entity name.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { CRM_ENTITIES, defineEntity } from 'crmkit/model';
 * const entities = { ...CRM_ENTITIES, invoice: defineEntity('invoice', { number: z.string() }) };
 * Object.keys(CRM_ENTITIES).includes('contact'); //=> true
 * ```
 */
export const CRM_ENTITIES = {
  contact: ContactEntity,
  company: CompanyEntity,
  lead: LeadEntity,
  deal: DealEntity,
  pipeline: PipelineEntity,
  activity: ActivityEntity,
  touchpoint: TouchpointEntity,
  task: TaskEntity,
  ticket: TicketEntity,
  campaign: CampaignEntity,
  campaignMember: CampaignMemberEntity,
  product: ProductEntity,
  purchase: PurchaseEntity,
  externalSpend: ExternalSpendEntity,
  surveyResponse: SurveyResponseEntity,
  owner: OwnerEntity,
  team: TeamEntity,
  note: NoteEntity,
  tag: TagEntity,
  customFieldDefinition: CustomFieldDefinitionEntity,
} as const;

/** The built-in entity registry's type. */
export type CrmEntities = typeof CRM_ENTITIES;

/** Name of a built-in entity. */
export type CrmEntityName = keyof CrmEntities;

/** The stored record type of each built-in entity. */
export type CrmEntityMap = { [E in CrmEntityName]: z.output<CrmEntities[E]['schema']> };
