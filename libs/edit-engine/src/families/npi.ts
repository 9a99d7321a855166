import { isValidNpi } from '@revcycle/contracts';
import { ScrubServiceLine } from '../claim';
import { edit, str } from './text';
import { ScrubContext } from './scrub-context';

/** Billing provider NPI (2010AA NM109): present and passing the Luhn check digit. */
export function billingProviderNpi(ctx: ScrubContext): void {
  const billingNpi = str(ctx.billing.npi);
  if (!billingNpi) ctx.edits.push(edit('REQUIRED_BILLING_NPI', null, [], 'Billing provider NPI is missing.'));
  else if (!isValidNpi(billingNpi))
    ctx.edits.push(
      edit(
        'NPI_BILLING_INVALID',
        null,
        [billingNpi],
        `Billing provider NPI ${billingNpi} fails the NPI check digit: re-key it from NPPES.`,
      ),
    );
}

/** Claim-level rendering (2310B) and referring (2310A) provider NPIs, when given. */
export function claimProviderNpis(ctx: ScrubContext): void {
  const { claim, edits } = ctx;
  const rendering = str(claim.renderingProviderNpi);
  if (rendering && !isValidNpi(rendering))
    edits.push(
      edit(
        'NPI_RENDERING_INVALID',
        null,
        [rendering],
        `Rendering provider NPI ${rendering} fails the NPI check digit.`,
      ),
    );
  const referring = str(claim.referringProviderNpi);
  if (referring && !isValidNpi(referring))
    edits.push(
      edit(
        'NPI_REFERRING_INVALID',
        null,
        [referring],
        `Referring provider NPI ${referring} fails the NPI check digit.`,
      ),
    );
}

/** Line rendering provider (837P 2420A NM109), when given. */
export function lineRenderingNpi(ctx: ScrubContext, l: ScrubServiceLine, i: number): void {
  const lineNpi = l.renderingProviderNpi;
  ctx.prov[i] = 0;
  if (lineNpi === undefined || lineNpi === '') return;
  ctx.lineProviders = true;
  if (!isValidNpi(str(lineNpi))) {
    const ln = i + 1;
    ctx.edits.push(
      edit(
        'NPI_RENDERING_INVALID',
        ln,
        [str(lineNpi)],
        `Line ${ln}: rendering provider NPI ${str(lineNpi)} fails the NPI check digit.`,
      ),
    );
  }
}

/**
 * After the line loop: which rendering provider each line is by (its 2420A, else the claim's 2310B): `ctx.prov[i]` is
 * the first line with the same NPI, so two lines are by the same provider iff their values match.
 */
export function renderingProviderOfLines(ctx: ScrubContext): void {
  // the usual claim: one rendering provider for every line (prov all 0, set by lineRenderingNpi)
  if (!ctx.lineProviders) return;
  const { prov, n } = ctx;
  const claimNpi = str(ctx.claim.renderingProviderNpi);
  for (let i = 0; i < n; i++) {
    const npi = npiOfLine(ctx, i, claimNpi);
    let first = i;
    for (let j = 0; j < i; j++)
      if (npiOfLine(ctx, j, claimNpi) === npi) {
        first = j;
        break;
      }
    prov[i] = first;
  }
}

function npiOfLine(ctx: ScrubContext, i: number, claimNpi: string): string {
  const own = str(ctx.line(i).renderingProviderNpi);
  return own !== '' ? own : claimNpi;
}
