import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';

const regions = ['東京都', '大阪府', '神奈川県', '愛知県', '福岡県', '北海道', 'California', 'New York', 'Texas', 'Bavaria'];
const families = ['佐藤', '鈴木', '高橋', '田中', '伊藤', 'Smith', 'Johnson', 'Garcia', 'Müller', 'Tanaka'];
const givens = ['太郎', '花子', '一郎', '美咲', 'John', 'Mary', 'Ken', 'Yuki', 'Anna', 'Hiroshi'];
const companies = ['株式会社アクメ', '㈱サンプル商事', 'Acme Brick Inc.', '有限会社山田製作所', 'Globex GmbH', 'Initech LLC'];

/** Writes a deterministic contacts CSV of `rows` rows (12 columns, about 110 bytes a row). */
export async function writeContactsCsv(path: string, rows: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  out.write('contact_id,email,phone,family_name,given_name,company,postal_code,region,city,lifecycle_stage,created_at,lifetime_value\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const family = pick(families);
    const given = pick(givens);
    const day = 1 + Math.floor(next() * 28);
    const month = 1 + Math.floor(next() * 12);
    chunk += `C${String(i).padStart(8, '0')},user${i}@example${i % 97}.jp,03-${String(1000 + (i % 9000))}-${String(i % 10000).padStart(4, '0')},${family},${given},${pick(companies)},${100 + (i % 900)}-${String(i % 10000).padStart(4, '0')},${pick(regions)},City ${i % 500},${pick(['lead', 'customer', 'churned'])},2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')},${(next() * 100000).toFixed(2)}\n`;
    if (i % 10000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
