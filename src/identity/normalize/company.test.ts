import { describe, expect, it } from 'vitest';
import { companyKey } from './company.ts';

describe('companyKey', () => {
  it.each([
    ['さくら商事㈱', 'サクラ商事', '株式会社'],
    ['さくら商事(株)', 'サクラ商事', '株式会社'],
    ['さくら商事（株）', 'サクラ商事', '株式会社'],
    ['さくら商事 ( 株 )', 'サクラ商事', '株式会社'],
    ['さくら商事株式会社', 'サクラ商事', '株式会社'],
    ['株式会社さくら商事', 'サクラ商事', '株式会社'],
    ['株式会社 なにわフーズ', 'ナニワフーズ', '株式会社'],
    ['㈱なにわフーズ', 'ナニワフーズ', '株式会社'],
    ['ﾅﾆﾜﾌｰｽﾞ', 'ナニワフーズ', null],
    ['(有)田中工房', '田中工房', '有限会社'],
    ['㈲田中工房', '田中工房', '有限会社'],
    ['有限会社田中工房', '田中工房', '有限会社'],
    ['田中工房', '田中工房', null],
    ['合同会社フクオカネット', 'フクオカネット', '合同会社'],
    ['一般社団法人 日本マーケティング協会', '日本マーケティング協会', '一般社団法人'],
    ['北物産㈱', '北物産', '株式会社'],
    ['Acme Global Inc.', 'acmeglobal', 'inc'],
    ['ACME GLOBAL, INC.', 'acmeglobal', 'inc'],
    ['Acme Global Inc', 'acmeglobal', 'inc'],
    ['Acme Global Corporation', 'acmeglobal', 'corp'],
    ['Acme Global Corp.', 'acmeglobal', 'corp'],
    ['Sakura Shoji Co., Ltd.', 'sakurashoji', 'co ltd'],
    ['Sakura Shoji Co.,Ltd.', 'sakurashoji', 'co ltd'],
    ['Sakura Shoji K.K.', 'sakurashoji', '株式会社'],
    ['Example LLC', 'example', 'llc'],
    ['Example, L.L.C.', 'example', 'llc'],
    ['Beispiel GmbH', 'beispiel', 'gmbh'],
    ['Beispiel AG', 'beispiel', 'ag'],
    ['Exemple S.A.', 'exemple', 'sa'],
    ['Smith & Sons Ltd', 'smithandsons', 'ltd'],
    ['Ｓｏｎｙ　Ｇｒｏｕｐ', 'sonygroup', null],
  ])('%s → core %s, designator %s', (raw, core, designator) => {
    const key = companyKey(raw);
    expect(key.core).toBe(core);
    expect(key.designator).toBe(designator);
  });

  it.each([['Zinc'], ['Mag'], ['Saga'], ['Incubator']])('%s keeps its letters (designators are whole words)', (raw) =>
    expect(companyKey(raw).designator).toBeNull(),
  );

  it('a name that is only a designator is kept', () => expect(companyKey('株式会社').core).toBe('株式会社'));

  it('itaiji fold in company names', () => expect(companyKey('\u9AD9島屋').core).toBe(companyKey('高島屋').core));

  it('different companies stay apart', () => {
    expect(companyKey('仙台機器(株)').core).not.toBe(companyKey('広島電機(株)').core);
    expect(companyKey('(有)田中工房').core).not.toBe(companyKey('田中工務店').core);
  });

  it('display name without the designator', () => expect(companyKey('株式会社 なにわフーズ').name).toBe('なにわフーズ'));
});
