import { OpenAPIObject } from '@nestjs/swagger';

/** One hostile request, derived from an OpenAPI operation. */
export interface BadRequest {
  /** What is wrong with it, for the failure message. */
  what: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
};
type Operation = {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const JSON_TYPE = { 'content-type': 'application/json' };
const BIG = '9'.repeat(30);

/** Values for a path parameter: an unknown id, and ids no route should choke on. */
const PATH_VALUES: Array<[string, string]> = [
  ['an unknown uuid', '6f0e3c1a-1b2c-4d3e-8f40-123456789abc'],
  ['not a uuid', 'not-a-uuid'],
  ['a 300-character id', 'x'.repeat(300)],
  ['a 3000-character id', 'x'.repeat(3000)],
  ['a broken percent-escape', '%FF'],
  ['a NUL byte', '%00'],
  ['a number past bigint', BIG],
];

/** Values for every query parameter: impossible dates, absurd numbers, garbage, repeats. */
const QUERY_VALUES: Array<[string, string]> = [
  ['garbage', 'garbage%20%27%3B--'],
  ['an impossible date', '2025-02-30'],
  ['a negative number', '-1'],
  ['a huge number', BIG],
  ['a fraction', '1.5'],
  ['an exponent', '1e3'],
  ['a 5000-character value', 'x'.repeat(5000)],
  ['a NUL byte', '%00'],
];

function resolve(doc: OpenAPIObject, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return resolve(doc, doc.components?.schemas?.[name] as Schema);
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => resolve(doc, s)));
  return schema;
}

function wrongType(schema: Schema | undefined): unknown {
  switch (schema?.type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'twelve';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not-a-list';
    default:
      return ['not', 'an', 'object'];
  }
}

function extreme(schema: Schema | undefined): unknown {
  switch (schema?.type) {
    case 'string':
      return 'x'.repeat(5000);
    case 'number':
    case 'integer':
      return 1e20;
    case 'array':
      return Array.from({ length: 5000 }, () => 1);
    default:
      return { deeper: { deeper: { deeper: 1e308 } } };
  }
}

/** Whole-body cases: every property wrong, null, blank, extreme; and bodies that are not objects. */
function bodyCases(doc: OpenAPIObject, op: Operation): Array<[string, string]> {
  const schema = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
  const properties = Object.entries(schema?.properties ?? {}).map(
    ([name, s]) => [name, resolve(doc, s)] as const,
  );
  const all = (value: (s: Schema | undefined) => unknown) =>
    JSON.stringify(Object.fromEntries(properties.map(([name, s]) => [name, value(s)])));
  return [
    ['every property of the wrong type', all(wrongType)],
    ['every property null', all(() => null)],
    ['every property blank', all(() => '   ')],
    ['every property holding a NUL character', all(() => 'a\u0000b')],
    ['every property extreme (1e20, 5000 chars, 5000 items)', all(extreme)],
    ['an empty object', '{}'],
    ['null', 'null'],
    ['an array', '[1,2,3]'],
    ['a bare string', '"text"'],
    ['a number past double', '1e400'],
    ['a prototype key', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
    ['malformed JSON', '{"a": '],
    ['deeply nested arrays', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ];
}

/** Every hostile request for every operation of the document (body, path, query and media type). */
export function badRequests(doc: OpenAPIObject, bearer: string): BadRequest[] {
  const out: BadRequest[] = [];
  const auth = { authorization: `Bearer ${bearer}` };
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item) as Array<[string, Operation]>) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const verb = method.toUpperCase();
      const params = raw.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
      const fill = (value: string) => pathParams.reduce((p, name) => p.replace(`{${name}}`, value), template);
      const path = fill(PATH_VALUES[0][1]);
      const add = (what: string, r: Omit<BadRequest, 'what' | 'method'>) =>
        out.push({ what: `${verb} ${template}: ${what}`, method: verb, ...r });

      for (const [what, value] of pathParams.length ? PATH_VALUES : [])
        add(`path ${what}`, { path: fill(value), headers: auth });
      for (const q of params.filter((p) => p.in === 'query')) {
        for (const [what, value] of QUERY_VALUES)
          add(`?${q.name}= ${what}`, { path: `${path}?${q.name}=${value}`, headers: auth });
        add(`?${q.name} given twice`, { path: `${path}?${q.name}=1&${q.name}=2`, headers: auth });
      }
      for (const [what, authorization] of TOKEN_CASES)
        add(`token ${what}`, { path, headers: authorization ? { authorization } : {} });
      if (!['POST', 'PUT', 'PATCH'].includes(verb)) continue;
      for (const [what, body] of bodyCases(doc, raw))
        add(`body ${what}`, { path, headers: { ...auth, ...JSON_TYPE }, body });
      add('an empty body', { path, headers: { ...auth, ...JSON_TYPE } });
      add('a 200 KB body', {
        path,
        headers: { ...auth, ...JSON_TYPE },
        body: JSON.stringify({ filler: 'x'.repeat(200 * 1024) }),
      });
      for (const [what, type, body] of MEDIA_CASES)
        add(what, { path, headers: { ...auth, 'content-type': type }, body });
    }
  }
  return out;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Authorization headers that must be a 401, never a crash. */
const TOKEN_CASES: Array<[string, string | undefined]> = [
  ['missing', undefined],
  ['empty bearer', 'Bearer '],
  ['garbage', 'Bearer garbage'],
  ['with a null header', `Bearer ${b64('null')}.${b64('{"sub":"x"}')}.c2ln`],
  ['with a non-JSON payload', `Bearer ${b64('{"alg":"EdDSA"}')}.${b64('\u0000\u00ff')}.c2ln`],
  ['with an empty subject', `Bearer ${b64('{"alg":"none"}')}.${b64('{"sub":"","role":"admin"}')}.`],
  ['basic auth', 'Basic YWRtaW46YWRtaW4='],
  ['a 10 KB token', `Bearer ${'a'.repeat(10 * 1024)}`],
];

/** Bodies in media types the API does not take. */
const MEDIA_CASES: Array<[string, string, string]> = [
  ['charset=latin1', 'application/json; charset=latin1', '{"name":"caf\u00e9"}'],
  ['a form-encoded body', 'application/x-www-form-urlencoded', 'name=x&payerId=y'],
  ['text/plain', 'text/plain', 'hello'],
  ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\nhi\r\n--x--'],
];
