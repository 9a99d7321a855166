import { ServiceUnderTest } from '@revcycle/runtime';
import { claimsServiceSpec } from '../claims.app';

interface Problem {
  statusCode: number;
  errors?: Array<{ field: string; messages: string[] }>;
}

/** `PUT /claims/payer-rules` over real HTTP on a real PostgreSQL: a body of the wrong shape is a located 400. */
describe('payer rules of the wrong shape', () => {
  let claims: ServiceUnderTest;
  beforeAll(async () => {
    claims = await ServiceUnderTest.start(claimsServiceSpec);
  }, 120_000);
  afterAll(() => claims?.stop(), 60_000);

  const put = (body: unknown) => claims.call<Problem>('PUT', '/claims/payer-rules', 'admin', body);
  const rule = (over: Record<string, unknown>) => ({
    id: 'R1',
    message: 'needs modifier 95',
    when: { field: 'placeOfService', in: ['02'] },
    ...over,
  });

  it.each([
    ['rules is not a list', { rules: 'everything' }, 'rules', /rules must be an array/],
    ['a rule is null', { rules: [null] }, 'rules.0', /.+/],
    [
      'all is not a list',
      { rules: [rule({ when: { all: 'x' } })] },
      'rules.0.when',
      /when\.all: expects a non-empty array/,
    ],
    [
      'a nested condition is a string',
      { rules: [rule({ require: { any: [{ not: 'x' }] } })] },
      'rules.0.require',
      /require\.any\[0\]\.not: expects a condition object/,
    ],
    [
      'gt takes a number',
      { rules: [rule({ when: { field: 'units', gt: 'ten' } })] },
      'rules.0.when',
      /when\.gt: expects a number/,
    ],
    [
      'two operators',
      { rules: [rule({ when: { field: 'units', gt: 1, lt: 3 } })] },
      'rules.0.when',
      /exactly one operator/,
    ],
    ['message is a number', { rules: [rule({ message: 7 })] }, 'rules.0.message', /.+/],
    ['an unknown rule property', { rules: [rule({ typo: true })] }, 'rules.0.typo', /should not exist/],
    ['payer settings are null', { payers: { P1: null } }, 'payers', /payers\.P1: expects an object/],
    [
      'timely filing is text',
      { payers: { P1: { timelyFilingDays: 'ninety' } } },
      'payers',
      /timelyFilingDays: expects a whole number/,
    ],
  ])('%s → 400 naming the field', async (_what, body, field, message) => {
    const r = await put(body);
    expect(r.status).toBe(400);
    const located = r.body.errors?.find((e) => e.field === field);
    expect(located).toBeDefined();
    expect(located!.messages.join(' ')).toMatch(message);
  });

  it('an unknown field is located by the rule compiler; a good rule set is saved', async () => {
    const bad = await put({ rules: [rule({ when: { field: 'nope', equals: 1 } })] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'rules[0].when.field', messages: [expect.stringContaining("unknown field 'nope'")] },
    ]);
    const good = await put({ payers: { P1: { timelyFilingDays: 90 } }, rules: [rule({})] });
    expect(good.status).toBe(200);
    const current = await claims.call<{ rules: unknown }>('GET', '/claims/payer-rules', 'admin');
    expect(current.body.rules).toEqual({ payers: { P1: { timelyFilingDays: 90 } }, rules: [rule({})] });
  });
});
