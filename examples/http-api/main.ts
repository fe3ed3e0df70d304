/**
 * A small HTTP API embedding the CRM service over the memory store, with `node:http` and no
 * framework. Errors are JSON, mapping crmkit error codes to HTTP statuses:
 * VALIDATION_FAILED → 422 (with `issues`), NOT_FOUND → 404, VERSION_CONFLICT → 409,
 * INVALID_TRANSITION → 409 (with `allowed` events), UNIQUE_VIOLATION → 409, INVALID_ARGUMENT → 400.
 *
 * Run directly (`npx tsx examples/http-api/main.ts`), it starts on an ephemeral port, performs a
 * scripted sequence of requests against itself, asserts and prints the responses, and shuts down.
 *
 * The service is imported from the source path because `crmkit/crm` is not a package entry point yet.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { isCrmError, InvalidTransitionError, ValidationError, type CrmErrorCode } from 'crmkit';
import { createMemoryStore } from 'crmkit/store';
import { createCrm, type Crm, type LifecycleEntity } from 'crmkit/crm';

const STATUS: Record<CrmErrorCode, number> = {
  VALIDATION_FAILED: 422,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  UNIQUE_VIOLATION: 409,
  CURRENCY_MISMATCH: 422,
  INVALID_ARGUMENT: 400,
  ADAPTER_FAILURE: 503,
  UNSUPPORTED: 501,
};

/** URL segment → lifecycle entity. */
const ENTITIES: Record<string, LifecycleEntity> = { contacts: 'contact', leads: 'lead', deals: 'deal', tickets: 'ticket', tasks: 'task' };

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'Request body must be a JSON object');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The error body and status of anything thrown by a handler. */
export function errorResponse(error: unknown): { status: number; body: unknown } {
  if (error instanceof HttpError) return { status: error.status, body: { error: { code: 'BAD_REQUEST', message: error.message } } };
  if (isCrmError(error)) {
    const body: Record<string, unknown> = { code: error.code, message: error.message };
    if (error instanceof ValidationError) body['issues'] = error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
    if (error instanceof InvalidTransitionError) Object.assign(body, { from: error.from, event: error.event, allowed: error.allowed });
    return { status: STATUS[error.code], body: { error: body } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal error' } } };
}

type Handler = (params: string[], body: Record<string, unknown>) => Promise<[number, unknown]>;

/** The routes: method + path pattern → handler. */
function routes(crm: Crm): Array<[string, RegExp, Handler]> {
  const opts = (body: Record<string, unknown>) => {
    const out: { expectedVersion?: number; actor?: string; reason?: string; data?: Record<string, never> } = {};
    if (typeof body['expectedVersion'] === 'number') out.expectedVersion = body['expectedVersion'];
    if (typeof body['actor'] === 'string') out.actor = body['actor'];
    if (typeof body['reason'] === 'string') out.reason = body['reason'];
    if (body['data'] !== undefined) out.data = body['data'] as Record<string, never>;
    return out;
  };
  return [
    ['POST', /^\/pipelines$/, async (_, body) => [201, (await crm.createPipeline(body as never)).record]],
    ['POST', /^\/contacts$/, async (_, body) => [201, (await crm.createContact(body as never)).record]],
    ['POST', /^\/companies$/, async (_, body) => [201, (await crm.createCompany(body as never)).record]],
    ['POST', /^\/leads$/, async (_, body) => [201, (await crm.createLead(body as never)).record]],
    ['POST', /^\/deals$/, async (_, body) => [201, (await crm.createDeal(body as never)).record]],
    ['POST', /^\/tickets$/, async (_, body) => [201, (await crm.openTicket(body as never)).record]],
    ['POST', /^\/tasks$/, async (_, body) => [201, (await crm.createTask(body as never)).record]],
    ['GET', /^\/deals\/([^/]+)$/, async ([id]) => [200, await crm.store.require('deal', id!)]],
    ['POST', /^\/leads\/([^/]+)\/conversion-plan$/, async ([id], body) => [200, await crm.planLeadConversion(id!, body as never)]],
    ['POST', /^\/leads\/([^/]+)\/convert$/, async ([id], body) => [200, await crm.convertLead(id!, body as never)]],
    ['POST', /^\/deals\/([^/]+)\/offers$/, async ([id], body) => [201, (await crm.addOffer(id!, body as never, opts(body))).record]],
    ['POST', /^\/deals\/([^/]+)\/offers\/reject$/, async ([id], body) => [200, (await crm.rejectOffer(id!, opts(body))).record]],
    ['POST', /^\/deals\/([^/]+)\/offers\/renegotiate$/, async ([id], body) => [201, (await crm.renegotiate(id!, body['offer'] as never, opts(body))).record]],
    ['POST', /^\/deals\/([^/]+)\/offers\/accept$/, async ([id], body) => [200, (await crm.acceptOffer(id!, opts(body))).record]],
    [
      'POST',
      /^\/(contacts|leads|deals|tickets|tasks)\/([^/]+)\/transition$/,
      async ([segment, id], body) => {
        if (typeof body['event'] !== 'string') throw new ValidationError('transition', [{ code: 'custom', path: ['event'], message: 'Expected an event name' }]);
        const outcome = await crm.transition(ENTITIES[segment!]!, id!, body['event'], opts(body));
        return [200, { record: outcome.record, from: outcome.from, to: outcome.to, events: outcome.events.map((e) => e.type) }];
      },
    ],
    ['GET', /^\/(contacts|leads|deals|tickets|tasks)\/([^/]+)\/history$/, async ([segment, id]) => [200, await crm.history(ENTITIES[segment!]!, id!)]],
  ];
}

/**
 * Builds the HTTP server around a CRM service.
 *
 * @param crm - the service
 * @returns a `node:http` server (not listening yet)
 */
export function createApp(crm: Crm): Server {
  const table = routes(crm);
  return createServer((req, res) => {
    void (async () => {
      try {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        for (const [method, pattern, handler] of table) {
          const match = pattern.exec(path);
          if (match === null || req.method !== method) continue;
          const body = req.method === 'GET' ? {} : await readJson(req);
          const [status, payload] = await handler(match.slice(1), body);
          send(res, status, payload);
          return;
        }
        send(res, 404, { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${path}` } });
      } catch (error) {
        const { status, body } = errorResponse(error);
        send(res, status, body);
      }
    })();
  });
}

/** Starts the API on an ephemeral port, runs the scripted requests against it, and stops. */
async function selfTest(): Promise<void> {
  const crm = createCrm({ store: createMemoryStore({ workspaceId: 'demo' }) });
  const server = createApp(crm);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    console.log(`${method} ${path} → ${response.status} ${JSON.stringify(json).slice(0, 160)}`);
    return { status: response.status, json };
  };
  try {
    let r = await call('POST', '/pipelines', {
      name: 'New business',
      isDefault: true,
      stages: [
        { id: 'qualify', name: 'Qualify', order: 1, probability: 0.2, forecastCategory: 'pipeline', kind: 'open' },
        { id: 'proposal', name: 'Proposal', order: 2, probability: 0.6, forecastCategory: 'commit', kind: 'open' },
        { id: 'won', name: 'Won', order: 3, probability: 1, forecastCategory: 'closed', kind: 'won' },
        { id: 'lost', name: 'Lost', order: 4, probability: 0, forecastCategory: 'omitted', kind: 'lost' },
      ],
    });
    assert.equal(r.status, 201);

    r = await call('POST', '/contacts', { firstName: 'Ada', emails: [{ address: 'Ada@Example.com' }] });
    assert.equal(r.status, 201);
    assert.equal(r.json.emails[0].address, 'ada@example.com');
    const contactId = r.json.id as string;

    r = await call('POST', '/contacts', { firstName: 42, emails: [{ address: 'not-an-email' }] });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.code, 'VALIDATION_FAILED');
    assert.ok(r.json.error.issues.length >= 2);

    r = await call('POST', '/deals', { name: 'Acme — 50 seats', contacts: [{ contactId, role: 'champion' }] });
    assert.equal(r.status, 201);
    assert.equal(r.json.stageId, 'qualify');
    assert.equal(r.json.probability, 0.2);
    const dealId = r.json.id as string;

    r = await call('POST', `/deals/${dealId}/transition`, { event: 'advance', actor: 'rep_1' });
    assert.equal(r.status, 200);
    assert.deepEqual([r.json.from, r.json.to, r.json.events], ['qualify', 'proposal', ['deal.stage_changed']]);

    r = await call('POST', `/deals/${dealId}/transition`, { event: 'advance', expectedVersion: 1 });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'VERSION_CONFLICT');

    r = await call('POST', `/deals/${dealId}/transition`, { event: 'reopen' });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'INVALID_TRANSITION');
    assert.deepEqual(r.json.error.allowed, ['move:qualify', 'win', 'lose']);

    r = await call('POST', `/deals/${dealId}/offers`, { amount: { amountMinor: 500000, currency: 'EUR' } });
    assert.equal(r.status, 201);
    r = await call('POST', `/deals/${dealId}/offers/reject`, { reason: 'too expensive' });
    assert.equal(r.status, 200);
    r = await call('POST', `/deals/${dealId}/offers/renegotiate`, { offer: { amount: { amountMinor: 450000, currency: 'EUR' } } });
    assert.equal(r.status, 201);
    r = await call('POST', `/deals/${dealId}/offers/accept`, {});
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'won');
    assert.deepEqual(r.json.amount, { amountMinor: 450000, currency: 'EUR' });

    r = await call('GET', `/deals/${dealId}/history`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.map((e: any) => e.data.event), ['@init', 'advance', 'win']);

    r = await call('GET', '/deals/nope');
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'NOT_FOUND');

    r = await call('POST', '/leads', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.mil', companyName: 'US Navy', status: 'qualified' });
    const leadId = r.json.id as string;
    r = await call('POST', `/leads/${leadId}/conversion-plan`, { deal: { name: 'Navy — compilers' } });
    assert.equal(r.status, 200);
    assert.equal(r.json.contact.action, 'create');
    r = await call('POST', `/leads/${leadId}/convert`, {});
    assert.equal(r.status, 200);
    assert.equal(r.json.lead.convertedContactId, r.json.contact.id);

    r = await call('POST', '/deals', '[not json');
    assert.equal(r.status, 400);
    console.log('all requests behaved as expected');
  } finally {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await selfTest();
}
