import type { MatchResult } from '../../identity/job.ts';
import { recordsHeld, type MatchCellResult } from './attach.ts';
import { customersMoved } from '../../identity/cluster/customer-ids.ts';
import { checkedEstimate } from '../../identity/result/estimate.ts';
import type { SpecCell } from '../../document/model.ts';
import type { ReportSection, ReportWriter } from '../report-section.ts';
import { reportMessages } from '../report-section.ts';

const messages = reportMessages({
  en: {
    matchSummary: '{records} records from {sources} sources are {customers} customers; {linked} records were linked to another.',
    matchEstimate:
      'At threshold {threshold}, {pairs} {pairs|pair|pairs} of records put in one customer; the model estimates that about {precision} of them are right. Nobody has checked them yet: that is the model’s own claim, and it says nothing of the pairs it missed (labelling the check sample in the match cell gives precision and recall with an interval).',
    matchChecked:
      'At threshold {threshold}, checked with {labels} labels on pairs drawn at random: precision {precision} (95% interval {precisionLow}–{precisionHigh}), recall {recall} ({recallLow}–{recallHigh}) of the pairs compared.',
    matchPrivacy: 'The golden records are not listed here: they are personal data.',
    matchAttached:
      'Then {source} was attached to these customers without matching everything again: of its {records} {records|record|records}, {attached} joined existing customers, {review} {review|is|are} offered for review and {fresh} {fresh|is|are} new.',
    matchChanges:
      'Since the run before: {unchanged} customers unchanged, {changed} with records gained or lost, {merged} merged from several, {split} split apart, {fresh} new. Customer ids stay with their customers.',
  },
  ja: {
    matchSummary: '{sources} ソースの {records} レコードは {customers} 人の顧客です。{linked} レコードが他のレコードと結び付きました。',
    matchEstimate:
      'しきい値 {threshold} で、レコードのペア {pairs} 件を同一顧客にまとめました。モデルの推定では約 {precision} が正しいペアです。まだ誰も検証していないモデル自身の推定で、見落としたペアについては何も言えません（照合セルで検証用サンプルを判定すると、適合率と再現率が区間付きで出ます）。',
    matchChecked:
      'しきい値 {threshold} で、無作為に選んだペア {labels} 件の判定により検証：比較したペアのうち適合率 {precision}（95%区間 {precisionLow}〜{precisionHigh}）、再現率 {recall}（{recallLow}〜{recallHigh}）。',
    matchPrivacy: 'ゴールデンレコードは個人データのため、ここには載せていません。',
    matchAttached:
      'そのあと {source} を、全体を名寄せし直さずにこの顧客に追加しました：{records} レコードのうち、既存の顧客に加わったもの {attached} 件、確認待ち {review} 件、新規 {fresh} 件。',
    matchChanges:
      '前回の実行から：変化なし {unchanged} 人、レコードの増減 {changed} 人、複数から統合 {merged} 人、分割 {split} 人、新規 {fresh} 人。顧客 ID は同じ顧客に引き継がれます。',
  },
});

/** How many records became how many customers, and how right that is: checked by the cell's labels, else the model's own claim. */
export const reportSection: ReportSection = {
  render(cell, { value }, w) {
    const match = value as Partial<MatchCellResult> | undefined;
    if (typeof match?.records !== 'number' || typeof match.goldenRecords !== 'number' || !match.clusters || !match.estimate) return null;
    const m = messages[w.lang];
    const moved = match.customers;
    // A report made again from the same data says nothing of a run before it that changed nothing.
    const changes =
      moved && customersMoved(moved)
        ? `<p>${w.fill(m.matchChanges, { unchanged: moved.unchanged, changed: moved.changed, merged: moved.merged, split: moved.split, fresh: moved.new })}</p>`
        : '';
    const attached = match.attached ?? [];
    const attachedSentences = attached.map(
      (outcome) =>
        `<p>${w.fill(m.matchAttached, { source: outcome.source, records: outcome.records, attached: outcome.attached, review: outcome.review, fresh: outcome.new })}</p>`,
    );
    return `<p>${w.fill(m.matchSummary, {
      records: recordsHeld({ records: match.records, attached }),
      sources: (match.sources?.length ?? 0) + attached.length,
      customers: match.goldenRecords,
      linked: match.clusters.linkedRecords,
    })}</p>${attachedSentences.join('')}${changes}<p>${estimateSentence(cell, { check: match.check, estimate: match.estimate }, w)}</p><p class="note">${w.fill(m.matchPrivacy)}</p>`;
  },
};

function estimateSentence(
  cell: SpecCell,
  match: Pick<Partial<MatchResult>, 'check'> & Pick<MatchResult, 'estimate'>,
  w: ReportWriter,
): string {
  const m = messages[w.lang];
  const labels = Array.isArray(cell.spec.labels) ? (cell.spec.labels as { pair?: unknown; accepted?: unknown }[]) : [];
  const answers = new Map(
    labels
      .filter((l) => typeof l.pair === 'string' && typeof l.accepted === 'boolean')
      .map((l) => [l.pair as string, l.accepted as boolean]),
  );
  const checked = match.check ? checkedEstimate(match.check.strata, match.check.sample, answers) : null;
  const threshold = String(match.estimate.threshold);
  if (checked) {
    return w.fill(m.matchChecked, {
      threshold,
      labels: checked.labels,
      precision: w.percent(checked.precision.value),
      precisionLow: w.percent(checked.precision.low),
      precisionHigh: w.percent(checked.precision.high),
      recall: w.percent(checked.recall.value),
      recallLow: w.percent(checked.recall.low),
      recallHigh: w.percent(checked.recall.high),
    });
  }
  return w.fill(m.matchEstimate, {
    threshold,
    pairs: match.estimate.pairsInside,
    precision: w.percent(Math.floor(match.estimate.precision * 100) / 100),
  });
}
