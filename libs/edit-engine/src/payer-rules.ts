/**
 * Payer-specific rules as JSON data, compiled ONCE into closures (no interpretation per claim).
 * Format (documented in README.md):
 *
 *   { "payers": { "<payerId>": { "name": "…", "timelyFilingDays": 90 } },
 *     "rules": [ { "id", "payers"?, "scope": "claim"|"line", "severity"?, "when"?, "require"?, "message" } ] }
 *
 * A rule fires on a claim (or line) of one of its payers when `when` holds and `require` does not.
 */
import { EditSeverity, ScrubClaim, ScrubServiceLine } from './claim';

export interface PayerRuleSet {
  payers?: Record<string, { name?: string; timelyFilingDays?: number }>;
  rules?: PayerRule[];
}

export interface PayerRule {
  id: string;
  /** Payer ids the rule applies to; absent = every payer. */
  payers?: string[];
  scope?: 'claim' | 'line';
  severity?: EditSeverity;
  when?: Condition;
  require?: Condition;
  /** Message; `{field}` placeholders take the field's value, `{line}` the line number. */
  message: string;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ field: string } & Partial<Record<Operator, unknown>>);

export const OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'includes',
  'includesAny',
  'includesNone',
  'matches',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
] as const;
export type Operator = (typeof OPERATORS)[number];

type Value = string | number | string[] | undefined;
type Accessor = (c: ScrubClaim, l: ScrubServiceLine | undefined, age: number) => Value;

/** Fields a rule can test. Line fields are undefined in claim scope. */
export const RULE_FIELDS: Record<string, { scope: 'claim' | 'line'; get: Accessor }> = {
  payerId: { scope: 'claim', get: (c) => c.payerId },
  claimType: { scope: 'claim', get: (c) => c.claimType ?? 'professional' },
  frequencyCode: { scope: 'claim', get: (c) => c.frequencyCode ?? '1' },
  patientSex: { scope: 'claim', get: (c) => c.patient?.sex },
  patientAge: { scope: 'claim', get: (_c, _l, age) => (age >= 0 ? age : undefined) },
  totalChargeCents: { scope: 'claim', get: (c) => c.totalChargeCents },
  lineCount: { scope: 'claim', get: (c) => c.lines?.length ?? 0 },
  diagnoses: { scope: 'claim', get: (c) => c.diagnoses },
  principalDiagnosis: { scope: 'claim', get: (c) => c.diagnoses?.[0] },
  procedureCodes: { scope: 'claim', get: (c) => (c.lines ?? []).map((l) => l.procedureCode) },
  billingNpi: { scope: 'claim', get: (c) => c.billingProvider?.npi },
  referringNpi: { scope: 'claim', get: (c) => c.referringProviderNpi },
  placeOfService: { scope: 'claim', get: (c, l) => l?.placeOfService ?? c.placeOfService },
  procedureCode: { scope: 'line', get: (_c, l) => l?.procedureCode },
  modifiers: { scope: 'line', get: (_c, l) => l?.modifiers ?? [] },
  units: { scope: 'line', get: (_c, l) => l?.units },
  chargeCents: { scope: 'line', get: (_c, l) => l?.chargeCents },
  serviceDate: { scope: 'line', get: (_c, l) => l?.serviceDate },
  revenueCode: { scope: 'line', get: (_c, l) => l?.revenueCode },
  pointedDiagnoses: {
    scope: 'line',
    get: (c, l) => (l?.diagnosisPointers ?? []).map((p) => c.diagnoses?.[p - 1] ?? ''),
  },
};

type Predicate = (c: ScrubClaim, l: ScrubServiceLine | undefined, age: number) => boolean;

export class PayerRuleError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

function asList(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new PayerRuleError(path, 'expects an array');
  return v.map(String);
}

function compileLeaf(
  cond: { field: string } & Record<string, unknown>,
  scope: 'claim' | 'line',
  path: string,
): Predicate {
  const f = RULE_FIELDS[cond.field];
  if (!f)
    throw new PayerRuleError(
      `${path}.field`,
      `unknown field '${cond.field}' (known: ${Object.keys(RULE_FIELDS).join(', ')})`,
    );
  if (f.scope === 'line' && scope === 'claim')
    throw new PayerRuleError(`${path}.field`, `'${cond.field}' is a line field; use "scope": "line"`);
  const ops = Object.keys(cond).filter((k) => k !== 'field');
  if (ops.length !== 1)
    throw new PayerRuleError(path, `needs exactly one operator of ${OPERATORS.join(', ')}`);
  const op = ops[0] as Operator;
  const arg = cond[op];
  const get = f.get;
  switch (op) {
    case 'equals':
      return (c, l, a) => String(get(c, l, a)) === String(arg);
    case 'notEquals':
      return (c, l, a) => String(get(c, l, a)) !== String(arg);
    case 'in': {
      const set = new Set(asList(arg, `${path}.in`));
      return (c, l, a) => set.has(String(get(c, l, a)));
    }
    case 'notIn': {
      const set = new Set(asList(arg, `${path}.notIn`));
      return (c, l, a) => !set.has(String(get(c, l, a)));
    }
    case 'includes': {
      const want = String(arg);
      return (c, l, a) => {
        const v = get(c, l, a);
        return Array.isArray(v) && v.includes(want);
      };
    }
    case 'includesAny':
    case 'includesNone': {
      const set = new Set(asList(arg, `${path}.${op}`));
      const any = op === 'includesAny';
      return (c, l, a) => {
        const v = get(c, l, a);
        const hit = Array.isArray(v) && v.some((x) => set.has(x));
        return any ? hit : !hit;
      };
    }
    case 'matches': {
      let re: RegExp;
      try {
        re = new RegExp(String(arg));
      } catch (e) {
        throw new PayerRuleError(`${path}.matches`, (e as Error).message);
      }
      return (c, l, a) => {
        const v = get(c, l, a);
        return v !== undefined && re.test(String(v));
      };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = Number(arg);
      if (!Number.isFinite(n)) throw new PayerRuleError(`${path}.${op}`, 'expects a number');
      const cmp = {
        gt: (x: number) => x > n,
        gte: (x: number) => x >= n,
        lt: (x: number) => x < n,
        lte: (x: number) => x <= n,
      }[op];
      return (c, l, a) => {
        const v = get(c, l, a);
        return typeof v === 'number' && cmp(v);
      };
    }
    case 'exists': {
      const want = Boolean(arg);
      return (c, l, a) => {
        const v = get(c, l, a);
        const present = v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
        return present === want;
      };
    }
    default:
      throw new PayerRuleError(path, `unknown operator '${op}' (known: ${OPERATORS.join(', ')})`);
  }
}

function compileCondition(cond: Condition, scope: 'claim' | 'line', path: string): Predicate {
  if (!cond || typeof cond !== 'object') throw new PayerRuleError(path, 'expects a condition object');
  if ('all' in cond) {
    const parts = cond.all.map((c, i) => compileCondition(c, scope, `${path}.all[${i}]`));
    return (c, l, a) => parts.every((p) => p(c, l, a));
  }
  if ('any' in cond) {
    const parts = cond.any.map((c, i) => compileCondition(c, scope, `${path}.any[${i}]`));
    return (c, l, a) => parts.some((p) => p(c, l, a));
  }
  if ('not' in cond) {
    const inner = compileCondition(cond.not, scope, `${path}.not`);
    return (c, l, a) => !inner(c, l, a);
  }
  if ('field' in cond) return compileLeaf(cond as { field: string } & Record<string, unknown>, scope, path);
  throw new PayerRuleError(path, 'expects all / any / not / field');
}

function compileMessage(
  template: string,
  scope: 'claim' | 'line',
  path: string,
): (c: ScrubClaim, l: ScrubServiceLine | undefined, line: number, age: number) => string {
  const parts = template.split(/(\{[a-zA-Z]+\})/);
  const pieces = parts.map((p) => {
    const m = /^\{([a-zA-Z]+)\}$/.exec(p);
    if (!m) return () => p;
    const name = m[1];
    if (name === 'line')
      return (_c: ScrubClaim, _l: ScrubServiceLine | undefined, line: number) => String(line);
    const f = RULE_FIELDS[name];
    if (!f || (f.scope === 'line' && scope === 'claim'))
      throw new PayerRuleError(`${path}.message`, `unknown placeholder {${name}}`);
    return (c: ScrubClaim, l: ScrubServiceLine | undefined, _line: number, age: number) => {
      const v = f.get(c, l, age);
      return Array.isArray(v) ? v.join(',') : String(v ?? '');
    };
  });
  return (c, l, line, age) => pieces.map((p) => p(c, l, line, age)).join('');
}

export interface CompiledPayerRule {
  id: string;
  scope: 'claim' | 'line';
  severity: EditSeverity;
  /** true when the rule applies to this payer id. */
  payers: Set<string> | undefined;
  fires: Predicate;
  message: (c: ScrubClaim, l: ScrubServiceLine | undefined, line: number, age: number) => string;
  codes: (c: ScrubClaim, l: ScrubServiceLine | undefined) => string[];
}

export interface CompiledPayerRules {
  rules: CompiledPayerRule[];
  /** payer id → rules that apply to it (rules without `payers` included), built once. */
  byPayer: Map<string, CompiledPayerRule[]>;
  anyPayer: CompiledPayerRule[];
  timelyFilingDays: Map<string, number>;
}

/** Validates and compiles a rule set; throws PayerRuleError with the JSON path of the first problem. */
export function compilePayerRules(set: PayerRuleSet | undefined): CompiledPayerRules {
  const rules: CompiledPayerRule[] = [];
  const seen = new Set<string>();
  (set?.rules ?? []).forEach((r, i) => {
    const path = `rules[${i}]`;
    if (!r || typeof r.id !== 'string' || !r.id) throw new PayerRuleError(`${path}.id`, 'required');
    if (seen.has(r.id)) throw new PayerRuleError(`${path}.id`, `duplicate id '${r.id}'`);
    seen.add(r.id);
    const scope = r.scope ?? 'claim';
    if (scope !== 'claim' && scope !== 'line')
      throw new PayerRuleError(`${path}.scope`, "must be 'claim' or 'line'");
    const severity = r.severity ?? 'reject';
    if (severity !== 'reject' && severity !== 'warn')
      throw new PayerRuleError(`${path}.severity`, "must be 'reject' or 'warn'");
    if (typeof r.message !== 'string' || !r.message) throw new PayerRuleError(`${path}.message`, 'required');
    const when = r.when ? compileCondition(r.when, scope, `${path}.when`) : undefined;
    const req = r.require ? compileCondition(r.require, scope, `${path}.require`) : undefined;
    if (!when && !req) throw new PayerRuleError(path, 'needs "when" and/or "require"');
    let fires: Predicate;
    if (when && req) fires = (c, l, a) => when(c, l, a) && !req(c, l, a);
    else if (when) fires = when;
    else if (req) fires = (c, l, a) => !req(c, l, a);
    else throw new PayerRuleError(path, 'needs "when" and/or "require"');
    rules.push({
      id: r.id,
      scope,
      severity,
      payers: r.payers ? new Set(asList(r.payers, `${path}.payers`)) : undefined,
      fires,
      message: compileMessage(r.message, scope, path),
      codes:
        scope === 'line'
          ? (_c, l) => [l?.procedureCode ?? '', ...(l?.modifiers ?? [])].filter(Boolean)
          : (c) => (c.payerId ? [c.payerId] : []),
    });
  });
  const byPayer = new Map<string, CompiledPayerRule[]>();
  const anyPayer = rules.filter((r) => !r.payers);
  for (const r of rules) for (const p of r.payers ?? []) byPayer.set(p, []);
  for (const [p, list] of byPayer) for (const r of rules) if (!r.payers || r.payers.has(p)) list.push(r);
  const timelyFilingDays = new Map<string, number>();
  for (const [p, cfg] of Object.entries(set?.payers ?? {})) {
    if (cfg.timelyFilingDays !== undefined) {
      if (!Number.isInteger(cfg.timelyFilingDays) || cfg.timelyFilingDays <= 0)
        throw new PayerRuleError(`payers.${p}.timelyFilingDays`, 'must be a positive integer');
      timelyFilingDays.set(p, cfg.timelyFilingDays);
    }
  }
  return { rules, byPayer, anyPayer, timelyFilingDays };
}
