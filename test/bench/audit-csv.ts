import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const prefectures = ['東京都', '大阪府', '神奈川県', '愛知県', '福岡県', '北海道', '京都府', '兵庫県', '埼玉県', '千葉県'];
const families = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const givens = ['太郎', '花子', '一郎', '美咲', '健', '由紀', '翔太', '陽子', '大輔', '愛'];
const companies = [
  '株式会社アクメ',
  '㈱サンプル商事',
  'Acme Brick Inc.',
  '有限会社山田製作所',
  'ｻﾝﾌﾟﾙ株式会社',
  'Initech LLC',
  '',
  'グローバル物産株式会社',
];
const statuses = ['lead', 'customer', 'churned', 'prospect'];
const notes = ['', '電話で確認済み', 'VIP', 'ãƒ†ã‚¹ãƒˆ', 'requested a call back', '要フォロー', '縺薙ｓ縺ｫ縺｡縺ｯ', 'note with, comma'];

/**
 * Writes a deterministic 12-column audit benchmark CSV: integer id, e-mails (some invalid), phones in several
 * Japanese forms (full-width, international, broken), postal codes (〒, full-width, broken), Japanese names and
 * companies, dates written five ways (ISO, slashes, month first, 年月日, 令和), a real DATE, amounts with blanks,
 * a status, free notes with some mojibake. About 150 bytes a row.
 */
export async function writeAuditCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const fullWidth = (text: string) => text.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  out.write('customer_id,email,phone,postal_code,full_name,company,prefecture,signup_date,last_order,amount,status,note\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const r = next();
    const email = r < 0.9 ? `user${i}@example${i % 97}.co.jp` : r < 0.95 ? `user${i}@@example.jp` : r < 0.97 ? '' : `USER${i}＠example.jp`;
    const local = `${pad(1000 + (i % 9000), 4)}-${pad(i % 10000, 4)}`;
    const p = next();
    const phone =
      p < 0.6
        ? `03-${local}`
        : p < 0.75
          ? fullWidth(`090-${local}`)
          : p < 0.85
            ? `+81 3 ${local.replace('-', ' ')}`
            : p < 0.95
              ? `(03)${local}`
              : `${i % 1000}`;
    const z = next();
    const zip = `${pad(100 + (i % 900), 3)}-${pad(i % 10000, 4)}`;
    const postal = z < 0.7 ? zip : z < 0.8 ? `〒${zip}` : z < 0.9 ? fullWidth(zip) : z < 0.95 ? zip.replace('-', '') : zip.slice(0, 5);
    const year = 2019 + Math.floor(next() * 6);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    const d = next();
    const signup =
      d < 0.5
        ? `${year}-${pad(month, 2)}-${pad(day, 2)}`
        : d < 0.7
          ? `${year}/${pad(month, 2)}/${pad(day, 2)}`
          : d < 0.8
            ? `${pad(month, 2)}/${pad(day, 2)}/${year}`
            : d < 0.9
              ? `${year}年${month}月${day}日`
              : d < 0.98
                ? `令和${year - 2018 === 1 ? '元' : year - 2018}年${month}月${day}日`
                : 'unknown';
    const lastOrder = `2024-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)}`;
    const amount = next() < 0.05 ? '' : (next() * 100000).toFixed(2);
    const note = pick(notes);
    chunk += `${i},${email},${phone},${postal},${pick(families)} ${pick(givens)},${pick(companies)},${pick(prefectures)},${signup},${lastOrder},${amount},${pick(statuses)}${note.includes(',') ? `,"${note}"` : `,${note}`}\n`;
    if (i % 10000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
