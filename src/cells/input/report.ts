import type { ReportSection } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';

const messages = reportMessages({
  en: { input: 'Input {name}', value: 'Value' },
  ja: { input: '入力 {name}', value: '値' },
});

export const reportSection: ReportSection = {
  heading: (cell, w) => w.fill(messages[w.lang].input, { name: cell.name }),
  render: (_, { value }, w) =>
    `<p class="input-value">${w.fill(messages[w.lang].value)}: <strong>${w.escape(w.maskText(w.plain(value)))}</strong></p>`,
};
