import { chartsServiceSpec } from '@revcycle/charts';
import { claimsServiceSpec } from '@revcycle/claims';
import { codingServiceSpec } from '@revcycle/coding';
import { complianceServiceSpec } from '@revcycle/compliance';
import { remittanceServiceSpec } from '@revcycle/remittance';
import { ServiceAppSpec, ServiceUnderTest } from '@revcycle/runtime';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface Operation {
  summary?: string;
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** What a client generator needs of one operation; each string names a gap. */
function gaps(doc: Document, path: string, method: string, op: Operation): string[] {
  const where = `${method.toUpperCase()} ${path}`;
  const out: string[] = [];
  const json = (status: string) => op.responses[status]?.content?.['application/json']?.schema;
  if (!op.summary?.trim()) out.push(`${where}: no summary`);
  const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
  // A file endpoint (an 837 download) describes its 2xx under its own media type.
  const anySchema = (status: string) =>
    Object.values(op.responses[status]?.content ?? {}).some((c) => c.schema !== undefined);
  if (!success.some((s) => json(s) || anySchema(s))) out.push(`${where}: no 2xx response schema`);
  if (!Object.keys(op.responses).some((s) => /^[45]\d\d$/.test(s) && json(s)))
    out.push(`${where}: no error response schema`);
  const errors = Object.keys(op.responses).filter((s) => /^4\d\d$/.test(s));
  for (const s of errors)
    if (json(s)?.$ref !== '#/components/schemas/ProblemDto')
      out.push(`${where}: ${s} is not the problem shape`);
  for (const p of op.parameters ?? []) {
    if (!p.schema?.type) out.push(`${where}: parameter ${p.name} has no type`);
    if (p.in === 'path' && /^(id|\w+Id)$/.test(p.name) && p.schema?.format !== 'uuid')
      out.push(`${where}: path parameter ${p.name} is not format uuid`);
  }
  for (const s of success) {
    const ref = json(s)?.$ref ?? json(s)?.items?.$ref ?? json(s)?.properties?.['items']?.items?.$ref;
    if (ref && !doc.components.schemas[ref.replace('#/components/schemas/', '')])
      out.push(`${where}: ${s} refers to a missing schema ${ref}`);
  }
  return out;
}

/**
 * Each service booted as its own process runs it (real PostgreSQL, real Kafka), its OpenAPI document
 * read from `/docs-json` as a client generator would: every operation has a summary, a 2xx schema,
 * error responses in the problem shape, typed parameters and uuid ids.
 */
describe.each<[string, ServiceAppSpec]>([
  ['charts', chartsServiceSpec],
  ['coding', codingServiceSpec],
  ['claims', claimsServiceSpec],
  ['remittance', remittanceServiceSpec],
  ['compliance', complianceServiceSpec],
])('the OpenAPI document of %s', (_name, spec) => {
  let service: ServiceUnderTest;
  let doc: Document;
  beforeAll(async () => {
    service = await ServiceUnderTest.start(spec);
    const r = await fetch(`${service.running.url}/docs-json`);
    expect(r.status).toBe(200);
    doc = (await r.json()) as Document;
  }, 120_000);
  afterAll(() => service?.stop(), 60_000);

  it('documents every operation for a client generator', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => [path, m, item[m]] as const),
    );
    expect(operations.length).toBeGreaterThan(1);
    expect(operations.flatMap(([path, m, op]) => gaps(doc, path, m, op))).toEqual([]);
  });

  it('describes the problem shape once, with its field errors', () => {
    expect(doc.components.schemas['ProblemDto']).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'error', 'message']),
      properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/FieldProblemDto' } } },
    });
  });
});
