import type { Segment } from '../../tokenizer/segment';
import { el } from '../../tokenizer/segment';
import type { Walk837 } from './walk';

/** The level an 837 HL must sit under: 22 subscriber under 20 billing provider, 23 patient under 22. */
function parentLevelOf(level: string): string | undefined {
  return level === '20' ? undefined : level === '22' ? '20' : level === '23' ? '22' : undefined;
}

/** HL01 numbering, HL03 level and HL02 parent of one hierarchical level (loops 2000A/B/C). */
export function checkHierarchicalLevel(walk: Walk837, seg: Segment, loop: string): void {
  const id = el(seg, 1);
  const parent = el(seg, 2);
  const level = el(seg, 3);
  if (id !== String(walk.lastHlId + 1))
    walk.push(
      seg,
      loop,
      'HL_SEQUENCE',
      `HL01 "${id}" must be ${walk.lastHlId + 1}: HL ids are numbered 1, 2, 3 … in order.`,
      'HL01',
    );
  walk.lastHlId = Number(id) || walk.lastHlId + 1;
  const expectedParent = parentLevelOf(level);
  if (!['20', '22', '23'].includes(level))
    walk.push(
      seg,
      loop,
      'HL_LEVEL_INVALID',
      `HL03 "${level}" is not an 837 level: use 20 billing provider, 22 subscriber, 23 patient.`,
      'HL03',
    );
  if (level === '20' && parent)
    walk.push(
      seg,
      loop,
      'HL_PARENT',
      'A billing provider level (HL 20) has no parent: HL02 must be empty.',
      'HL02',
    );
  if (expectedParent) {
    const p = walk.levels.get(parent);
    if (!p)
      walk.push(seg, loop, 'HL_PARENT', `HL02 parent "${parent}" does not match any earlier HL.`, 'HL02');
    else {
      p.children++;
      if (p.level !== expectedParent)
        walk.push(
          seg,
          loop,
          'HL_PARENT',
          `A ${level === '22' ? 'subscriber (22)' : 'patient (23)'} level must sit under a ${expectedParent === '20' ? 'billing provider (20)' : 'subscriber (22)'} level, but HL ${parent} is level ${p.level}.`,
          'HL02',
        );
    }
  }
  const entry = { level, parent, seg, children: 0, claims: 0 };
  walk.levels.set(id, entry);
  walk.currentLevel = entry;
  walk.openPartyLoop(loop);
}

/** After the walk: HL04 against the levels that followed, and what each subscriber level holds. */
export function checkHierarchy(walk: Walk837): void {
  for (const [, h] of walk.levels) {
    const hl04 = el(h.seg, 4);
    if (hl04 === '1' && h.children === 0)
      walk.push(
        h.seg,
        h.level === '20' ? '2000A' : h.level === '22' ? '2000B' : '2000C',
        'HL_CHILD_CODE',
        'HL04 says this level has child levels, but none follow.',
        'HL04',
      );
    if (hl04 === '0' && h.children > 0)
      walk.push(
        h.seg,
        h.level === '20' ? '2000A' : '2000B',
        'HL_CHILD_CODE',
        'HL04 says this level has no child levels, but some follow.',
        'HL04',
      );
    if (h.level === '22' && h.children === 0 && h.claims === 0)
      walk.push(
        h.seg,
        '2000B',
        'LOOP_MISSING',
        'This subscriber level has neither claims nor patient levels under it.',
      );
    // 837 IG 2000B SBR02: 18 (self) when the subscriber is the patient; not sent when a patient level (2000C) follows.
    if (h.level === '22' && h.sbr) {
      const rel = el(h.sbr, 2);
      if (h.children === 0 && rel !== '18')
        walk.push(
          h.sbr,
          '2000B',
          'SUBSCRIBER_RELATIONSHIP',
          'The subscriber is the patient here (no patient level 2000C follows), so SBR02 must be 18 (self).',
          'SBR02',
        );
      if (h.children > 0 && rel !== '')
        walk.push(
          h.sbr,
          '2000B',
          'SUBSCRIBER_RELATIONSHIP',
          'A patient level (2000C) follows, so the patient is not the subscriber: leave SBR02 empty and give the relationship in PAT01.',
          'SBR02',
        );
    }
  }
}
