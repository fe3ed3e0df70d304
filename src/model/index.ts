/**
 * crmkit/model — zod schemas and inferred types of every CRM entity, with `parse*` /
 * `safeParse*` for untrusted input, money, ids, clocks and input normalisation.
 *
 * @module model
 */
export { CRM_ERROR_CODES, CrmError, formatIssuePath, ValidationError, NotFoundError, ConflictError, UniqueViolationError, CurrencyMismatchError, AdapterError, InvalidArgumentError, isCrmError, InvalidTransitionError } from '../errors';
export type { CrmErrorCode, CrmErrorOptions, ValidationIssue, Result } from '../errors';
export { idSchema, WorkspaceIdSchema, ContactIdSchema, CompanyIdSchema, LeadIdSchema, DealIdSchema, OfferIdSchema, PipelineIdSchema, StageIdSchema, ActivityIdSchema, TouchpointIdSchema, TaskIdSchema, TicketIdSchema, CampaignIdSchema, CampaignMemberIdSchema, ProductIdSchema, PurchaseIdSchema, ExternalSpendIdSchema, SurveyResponseIdSchema, OwnerIdSchema, TeamIdSchema, NoteIdSchema, TagIdSchema, CustomFieldDefinitionIdSchema, TimestampSchema, CalendarDateSchema, RecordMetaSchema, RECORD_META_FIELDS, PostalAddressSchema, TagLabelSchema, TagListSchema, LongTextSchema, NameSchema, CustomFieldValueSchema, CustomFieldValuesSchema, CONSENT_PURPOSES, LAWFUL_BASES, ConsentRecordSchema, CHANNELS, ChannelSchema, UtmSchema, AcquisitionSourceSchema, RecordRefSchema, ExternalIdSchema } from './common';
export type { WorkspaceId, ContactId, CompanyId, LeadId, DealId, OfferId, PipelineId, StageId, ActivityId, TouchpointId, TaskId, TicketId, CampaignId, CampaignMemberId, ProductId, PurchaseId, ExternalSpendId, SurveyResponseId, OwnerId, TeamId, NoteId, TagId, CustomFieldDefinitionId, Timestamp, CalendarDate, RecordMeta, PostalAddress, CustomFieldValue, CustomFieldValues, ConsentRecord, Channel, Utm, AcquisitionSource, RecordRef } from './common';
export { CurrencyCodeSchema, MoneySchema, currencyExponent, moneyFromMinor, moneyFromMajor, toMajor, addMoney, subtractMoney, multiplyMoney, sumMoney, sumByCurrency, compareMoney, formatMoney } from './money';
export type { CurrencyCode, Money } from './money';
export { uuidV7Ids, sequentialIds } from './ids';
export type { IdGenerator, UuidV7IdsOptions, SequentialIdsOptions } from './ids';
export { systemClock, fixedClock, steppingClock } from './clock';
export type { Clock } from './clock';
export { normalizeEmail, normalizePhone, normalizeDomain, EmailAddressSchema, PhoneNumberSchema, DomainSchema } from './normalize';
export { safeParseWith, parseWith } from './parse';
export { defineEntity } from './entity';
export type { FieldShape, EntityRules, EntityPatch, EntityDefinition } from './entity';
export { LIFECYCLE_STAGES, LEAD_STATUSES, ContactEmailSchema, ContactPhoneSchema, PersonalDataFlagsSchema, ContactEntity, ContactDataSchema, ContactSchema, parseContact, safeParseContact, primaryEmail, consentStatus } from './contact';
export type { LifecycleStage, LeadStatus, PersonalDataFlags, Contact, ContactData, ContactInput, ContactEmail, ContactPhone } from './contact';
export { INDUSTRY_SCHEMES, INDUSTRY_CODE_PATTERNS, IndustryClassificationSchema, COMPANY_SIZE_BANDS, COMPANY_SIZE_BAND_RANGES, sizeBandFor, CompanyEntity, CompanyDataSchema, CompanySchema, parseCompany, safeParseCompany } from './company';
export type { IndustryScheme, IndustryClassification, CompanySizeBand, Company, CompanyData, CompanyInput } from './company';
export { LEAD_CONVERSION_FIELDS, LeadEntity, LeadDataSchema, LeadSchema, parseLead, safeParseLead } from './lead';
export type { Lead, LeadData, LeadInput } from './lead';
export { FORECAST_CATEGORIES, DEAL_STATUSES, DEAL_LOST_REASONS, DEAL_CONTACT_ROLES, OFFER_STATUSES, DealContactSchema, OfferLineSchema, OfferSchema, DealEntity, DealDataSchema, DealSchema, parseDeal, safeParseDeal, latestOffer, acceptedOffer } from './deal';
export type { ForecastCategory, DealStatus, DealLostReason, DealContactRole, OfferStatus, DealContact, OfferLine, Offer, Deal, DealData, DealInput } from './deal';
export { PIPELINE_ENTITIES, STAGE_KINDS, PipelineStageSchema, PipelineEntity, PipelineDataSchema, PipelineSchema, parsePipeline, safeParsePipeline, orderedStages, stageById } from './pipeline';
export type { PipelineEntityName, StageKind, PipelineStage, Pipeline, PipelineData, PipelineInput } from './pipeline';
export { ACTIVITY_TYPES, ACTIVITY_DIRECTIONS, ACTIVITY_OUTCOMES, PARTICIPANT_KINDS, ActivityParticipantSchema, ActivityEntity, ActivityDataSchema, ActivitySchema, parseActivity, safeParseActivity } from './activity';
export type { ActivityType, ActivityDirection, ActivityOutcome, ParticipantKind, ActivityParticipant, Activity, ActivityData, ActivityInput } from './activity';
export { TouchpointEntity, TouchpointDataSchema, TouchpointSchema, parseTouchpoint, safeParseTouchpoint } from './touchpoint';
export type { Touchpoint, TouchpointData, TouchpointInput } from './touchpoint';
export { TASK_STATUSES, PRIORITIES, TaskEntity, TaskDataSchema, TaskSchema, parseTask, safeParseTask } from './task';
export type { TaskStatus, Priority, Task, TaskData, TaskInput } from './task';
export { TICKET_STATUSES, TICKET_ORIGIN_CHANNELS, TICKET_MILESTONE_FIELDS, TicketEntity, TicketDataSchema, TicketSchema, parseTicket, safeParseTicket } from './ticket';
export type { TicketStatus, TicketOriginChannel, Ticket, TicketData, TicketInput } from './ticket';
export { CAMPAIGN_STRATEGIES, CAMPAIGN_TACTICS, CAMPAIGN_STATUSES, TargetSegmentSchema, CampaignEntity, CampaignDataSchema, CampaignSchema, parseCampaign, safeParseCampaign } from './campaign';
export type { CampaignStrategy, CampaignTactic, CampaignStatus, TargetSegment, Campaign, CampaignData, CampaignInput } from './campaign';
export { CAMPAIGN_MEMBER_GROUPS, CAMPAIGN_MEMBER_STATUSES, CAMPAIGN_DELIVERY_STATUSES, CAMPAIGN_RESPONSE_STATUSES, CampaignMemberEntity, CampaignMemberDataSchema, CampaignMemberSchema, parseCampaignMember, safeParseCampaignMember } from './campaign-member';
export type { CampaignMemberGroup, CampaignMemberStatus, CampaignMember, CampaignMemberData, CampaignMemberInput } from './campaign-member';
export { ProductEntity, ProductDataSchema, ProductSchema, parseProduct, safeParseProduct } from './product';
export type { Product, ProductData, ProductInput } from './product';
export { PurchaseLineSchema, PurchaseEntity, PurchaseDataSchema, PurchaseSchema, parsePurchase, safeParsePurchase, purchaseValue, purchaseMargin, purchaseUnits } from './purchase';
export type { PurchaseLine, Purchase, PurchaseData, PurchaseInput } from './purchase';
export { EXTERNAL_SPEND_SOURCES, ExternalSpendEntity, ExternalSpendDataSchema, ExternalSpendSchema, parseExternalSpend, safeParseExternalSpend } from './external-spend';
export type { ExternalSpendSource, ExternalSpend, ExternalSpendData, ExternalSpendInput } from './external-spend';
export { ScaledScoreSchema, AwarenessSchema, SurveyAnswerSchema, SurveyResponseEntity, SurveyResponseDataSchema, SurveyResponseSchema, parseSurveyResponse, safeParseSurveyResponse, npsCategory } from './survey-response';
export type { ScaledScore, Awareness, SurveyAnswer, SurveyResponse, SurveyResponseData, SurveyResponseInput, NpsCategory } from './survey-response';
export { OWNER_ROLES, QUOTA_PERIODS, QuotaSchema, OwnerEntity, OwnerDataSchema, OwnerSchema, parseOwner, safeParseOwner } from './owner';
export type { OwnerRole, QuotaPeriod, Quota, Owner, OwnerData, OwnerInput } from './owner';
export { TEAM_KINDS, TeamEntity, TeamDataSchema, TeamSchema, parseTeam, safeParseTeam } from './team';
export type { TeamKind, Team, TeamData, TeamInput } from './team';
export { NoteEntity, NoteDataSchema, NoteSchema, parseNote, safeParseNote } from './note';
export type { Note, NoteData, NoteInput } from './note';
export { TAGGABLE_ENTITIES, TagEntity, TagDataSchema, TagSchema, parseTag, safeParseTag } from './tag';
export type { TaggableEntity, Tag, TagData, TagInput } from './tag';
export { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES, CUSTOM_FIELD_KEY_PATTERN, CustomFieldOptionSchema, CustomFieldDefinitionEntity, CustomFieldDefinitionDataSchema, CustomFieldDefinitionSchema, parseCustomFieldDefinition, safeParseCustomFieldDefinition, CUSTOM_FIELD_ISSUE_CODES, validateCustomFields, assertCustomFields } from './custom-field-definition';
export type { CustomFieldEntity, CustomFieldType, CustomFieldOption, CustomFieldDefinition, CustomFieldDefinitionData, CustomFieldDefinitionInput, ValidateCustomFieldsOptions, CustomFieldIssueCode, CustomFieldRules } from './custom-field-definition';
export { CRM_ENTITIES } from './registry';
export type { CrmEntities, CrmEntityName, CrmEntityMap } from './registry';
