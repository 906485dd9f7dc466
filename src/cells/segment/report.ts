import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';
import type { SegmentOutcome } from './kind.ts';

const messages = reportMessages({
  en: {
    segmentMembers: '{members} of {customers} customers.',
    segmentOverlap: '{both} customers are in both this segment ({members}) and {other} ({otherCount}).',
  },
  ja: {
    segmentMembers: '{customers} 人中 {members} 人。',
    segmentOverlap: 'このセグメント（{members} 人）と {other}（{otherCount} 人）の両方に {both} 人。',
  },
});

/** How many customers the segment holds and its overlaps; then its members, personal columns masked. */
export const reportSection: ReportSection = {
  render(_, { value }, w) {
    const segment = value as Partial<SegmentOutcome> | undefined;
    if (typeof segment?.members !== 'number' || typeof segment.customers !== 'number') return null;
    const m = messages[w.lang];
    const overlaps = (segment.overlap ?? [])
      .map(
        (overlap) =>
          `<p>${w.fill(m.segmentOverlap, { both: overlap.both, members: segment.members!, other: overlap.segment, otherCount: overlap.other })}</p>`,
      )
      .join('');
    return `<p>${w.fill(m.segmentMembers, { members: segment.members, customers: segment.customers })}</p>${overlaps}${w.resultTable()}`;
  },
};
