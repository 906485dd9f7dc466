import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';
import type { RfmOutcome } from './kind.ts';
import { rfmSegmentsPlot } from './rfm-plot.ts';
import { rfmSegmentLabel } from './rfm.ts';

const messages = reportMessages({
  en: {
    customers: 'Customers',
    rfmChart: 'Customers per RFM segment',
    rfmSegment: 'Segment',
    rfmRecency: 'Days since last order (mean)',
    rfmFrequency: 'Orders (mean)',
    rfmMonetary: 'Spend (mean)',
  },
  ja: {
    customers: '顧客数',
    rfmChart: 'RFM セグメント別の顧客数',
    rfmSegment: 'セグメント',
    rfmRecency: '最終注文からの日数（平均）',
    rfmFrequency: '注文回数（平均）',
    rfmMonetary: '購買額（平均）',
  },
});

/** The view's figure of customers per segment and the segments' means. */
export const reportSection: ReportSection = {
  render(_, { value }, w) {
    const rfm = value as Partial<RfmOutcome> | undefined;
    if (!Array.isArray(rfm?.segments)) return null;
    const { lang } = w;
    const m = messages[lang];
    const rows = rfm.segments.map((segment) => ({
      segment: rfmSegmentLabel(segment.segment, lang),
      customers: w.number(segment.customers),
      recency_days: w.number(segment.recency_days),
      frequency: w.number(segment.frequency, 1),
      monetary: w.number(segment.monetary),
    }));
    return (
      w.figure(rfmSegmentsPlot(rfm.segments, { customers: m.customers, segment: (name) => rfmSegmentLabel(name, lang) }), m.rfmChart) +
      w.table(
        [
          { key: 'segment', label: m.rfmSegment },
          { key: 'customers', label: m.customers, numeric: true },
          { key: 'recency_days', label: m.rfmRecency, numeric: true },
          { key: 'frequency', label: m.rfmFrequency, numeric: true },
          { key: 'monetary', label: m.rfmMonetary, numeric: true },
        ],
        rows,
      )
    );
  },
};
