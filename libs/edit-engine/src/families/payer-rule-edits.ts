import { str } from './text';
import { ScrubContext } from './scrub-context';

/** The payer's compiled rules (or the any-payer ones), claim- or line-scoped. */
export function payerRuleEdits(ctx: ScrubContext): void {
  const { claim, edits, n, age } = ctx;
  const compiled = ctx.settings.rules;
  const rules = compiled.byPayer.get(str(claim.payerId)) ?? compiled.anyPayer;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    if (rule.scope === 'claim') {
      if (rule.fires(claim, undefined, age))
        edits.push({
          id: rule.id,
          category: 'payer-rule',
          severity: rule.severity,
          line: null,
          codes: rule.codes(claim, undefined),
          message: rule.message(claim, undefined, 0, age),
        });
      continue;
    }
    for (let i = 0; i < n; i++) {
      const l = ctx.line(i);
      if (rule.fires(claim, l, age))
        edits.push({
          id: rule.id,
          category: 'payer-rule',
          severity: rule.severity,
          line: i + 1,
          codes: rule.codes(claim, l),
          message: rule.message(claim, l, i + 1, age),
        });
    }
  }
}
