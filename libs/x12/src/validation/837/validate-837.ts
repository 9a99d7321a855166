import type { X12Issue } from '../../common/issue';
import type { Read837Transaction } from '../../837/reader';
import { checkCommonRules } from '../common-rules';
import { checkSegmentElements } from '../elements';
import { pusher } from '../push';
import {
  checkBillingProviderSegment,
  closeBillingProviderAt,
  closeLastBillingProvider,
} from './billing-provider';
import { checkAttachment, closeClaim, openClaim } from './claim';
import { checkClaimTotals } from './claim-totals';
import { checkHealthCodes } from './diagnoses';
import { checkHierarchicalLevel, checkHierarchy } from './hierarchy';
import { checkClaimParties, checkPartySegment, checkSubmitterAndReceiver } from './parties';
import { SPECS_837, checkBeginning, checkSegmentUsed } from './segments';
import { checkService, closeServiceLine, noteServiceDate, openServiceLine } from './service-line';
import { checkSubscriber } from './subscriber';
import { Walk837 } from './walk';

/**
 * Validates one 837P/837I read with its loops: each segment in file order, then the hierarchy, the
 * parties and the claim totals. The order of the checks is the order of the issues a caller sees.
 */
export function validate837(read: Read837Transaction, issues: X12Issue[]): void {
  const walk = new Walk837(read.transaction.kind, pusher(issues));
  for (const { segment: seg, loop } of read.located) {
    checkSegmentElements(seg, { loop, issues }, SPECS_837[seg.id]);
    checkSegmentUsed(walk, seg, loop);
    checkCommonRules(seg, loop, walk.push);
    closeBillingProviderAt(walk, seg);
    checkPartySegment(walk, seg, loop);
    checkBillingProviderSegment(walk, seg, loop);
    switch (seg.id) {
      case 'HL':
        closeClaim(walk);
        checkHierarchicalLevel(walk, seg, loop);
        break;
      case 'CLM':
        closeClaim(walk);
        openClaim(walk, seg, loop);
        break;
      case 'HI':
        checkHealthCodes(walk, seg, loop);
        break;
      case 'PWK':
        checkAttachment(walk, seg, loop);
        break;
      case 'LX':
        closeServiceLine(walk);
        openServiceLine(walk, seg, loop);
        break;
      case 'SV1':
      case 'SV2':
        checkService(walk, seg, loop);
        break;
      case 'DTP':
        noteServiceDate(walk, seg, loop);
        break;
      case 'SBR':
        checkSubscriber(walk, seg, loop);
        break;
      default:
    }
  }
  closeClaim(walk);
  closeLastBillingProvider(walk);
  checkBeginning(walk, read.set);
  checkSubmitterAndReceiver(walk, read.set);
  checkHierarchy(walk);
  checkClaimParties(walk, read.transaction);
  checkClaimTotals(walk, read);
}
