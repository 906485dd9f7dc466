/** Word pools the demo people are made from. Common names and invented companies only; no real records. */

export interface JapaneseName {
  kanji: string;
  kana: string;
  romaji: string;
}

const name = (kanji: string, kana: string, romaji: string): JapaneseName => ({ kanji, kana, romaji });

export const japaneseFamilyNames: readonly JapaneseName[] = [
  name('佐藤', 'サトウ', 'Sato'),
  name('鈴木', 'スズキ', 'Suzuki'),
  name('高橋', 'タカハシ', 'Takahashi'),
  name('田中', 'タナカ', 'Tanaka'),
  name('伊藤', 'イトウ', 'Ito'),
  name('渡辺', 'ワタナベ', 'Watanabe'),
  name('山本', 'ヤマモト', 'Yamamoto'),
  name('中村', 'ナカムラ', 'Nakamura'),
  name('小林', 'コバヤシ', 'Kobayashi'),
  name('加藤', 'カトウ', 'Kato'),
  name('吉田', 'ヨシダ', 'Yoshida'),
  name('山田', 'ヤマダ', 'Yamada'),
  name('佐々木', 'ササキ', 'Sasaki'),
  name('山口', 'ヤマグチ', 'Yamaguchi'),
  name('松本', 'マツモト', 'Matsumoto'),
  name('井上', 'イノウエ', 'Inoue'),
  name('木村', 'キムラ', 'Kimura'),
  name('林', 'ハヤシ', 'Hayashi'),
  name('斎藤', 'サイトウ', 'Saito'),
  name('清水', 'シミズ', 'Shimizu'),
  name('山崎', 'ヤマザキ', 'Yamazaki'),
  name('森', 'モリ', 'Mori'),
  name('池田', 'イケダ', 'Ikeda'),
  name('橋本', 'ハシモト', 'Hashimoto'),
  name('阿部', 'アベ', 'Abe'),
  name('石川', 'イシカワ', 'Ishikawa'),
  name('山下', 'ヤマシタ', 'Yamashita'),
  name('中島', 'ナカジマ', 'Nakajima'),
  name('石井', 'イシイ', 'Ishii'),
  name('小川', 'オガワ', 'Ogawa'),
  name('前田', 'マエダ', 'Maeda'),
  name('岡田', 'オカダ', 'Okada'),
  name('長谷川', 'ハセガワ', 'Hasegawa'),
  name('藤田', 'フジタ', 'Fujita'),
  name('後藤', 'ゴトウ', 'Goto'),
  name('近藤', 'コンドウ', 'Kondo'),
  name('村上', 'ムラカミ', 'Murakami'),
  name('遠藤', 'エンドウ', 'Endo'),
  name('青木', 'アオキ', 'Aoki'),
  name('坂本', 'サカモト', 'Sakamoto'),
  name('宮崎', 'ミヤザキ', 'Miyazaki'),
  name('岡本', 'オカモト', 'Okamoto'),
  name('松田', 'マツダ', 'Matsuda'),
  name('中川', 'ナカガワ', 'Nakagawa'),
  name('原田', 'ハラダ', 'Harada'),
  name('藤井', 'フジイ', 'Fujii'),
  name('西村', 'ニシムラ', 'Nishimura'),
  name('福田', 'フクダ', 'Fukuda'),
  name('高田', 'タカダ', 'Takada'),
  name('小沢', 'オザワ', 'Ozawa'),
  name('川崎', 'カワサキ', 'Kawasaki'),
];

export const japaneseGivenNames: readonly JapaneseName[] = [
  name('太郎', 'タロウ', 'Taro'),
  name('翔', 'ショウ', 'Sho'),
  name('大輔', 'ダイスケ', 'Daisuke'),
  name('健太', 'ケンタ', 'Kenta'),
  name('拓也', 'タクヤ', 'Takuya'),
  name('直樹', 'ナオキ', 'Naoki'),
  name('誠', 'マコト', 'Makoto'),
  name('隆', 'タカシ', 'Takashi'),
  name('浩', 'ヒロシ', 'Hiroshi'),
  name('健一', 'ケンイチ', 'Kenichi'),
  name('陽介', 'ヨウスケ', 'Yosuke'),
  name('悠斗', 'ユウト', 'Yuto'),
  name('蓮', 'レン', 'Ren'),
  name('大樹', 'ダイキ', 'Daiki'),
  name('亮', 'リョウ', 'Ryo'),
  name('和也', 'カズヤ', 'Kazuya'),
  name('修', 'オサム', 'Osamu'),
  name('花子', 'ハナコ', 'Hanako'),
  name('美咲', 'ミサキ', 'Misaki'),
  name('由美', 'ユミ', 'Yumi'),
  name('恵', 'メグミ', 'Megumi'),
  name('愛', 'アイ', 'Ai'),
  name('直子', 'ナオコ', 'Naoko'),
  name('陽子', 'ヨウコ', 'Yoko'),
  name('さくら', 'サクラ', 'Sakura'),
  name('彩', 'アヤ', 'Aya'),
  name('真理', 'マリ', 'Mari'),
  name('優子', 'ユウコ', 'Yuko'),
  name('裕子', 'ユウコ', 'Yuko'),
  name('結衣', 'ユイ', 'Yui'),
  name('葵', 'アオイ', 'Aoi'),
  name('千尋', 'チヒロ', 'Chihiro'),
  name('奈々', 'ナナ', 'Nana'),
  name('舞', 'マイ', 'Mai'),
  name('麻衣', 'マイ', 'Mai'),
  name('智子', 'トモコ', 'Tomoko'),
];

/** Itaiji (variant kanji) people and clerks use interchangeably; the right-hand forms need CP932 extensions or JIS level 2. */
export const itaiji: readonly [plain: string, variant: string][] = [
  ['高', '髙'],
  ['崎', '﨑'],
  ['辺', '邊'],
  ['斎', '齋'],
  ['沢', '澤'],
];

export const latinFirstNames = [
  'James',
  'Emily',
  'Michael',
  'Sarah',
  'David',
  'Anna',
  'Robert',
  'Laura',
  'Daniel',
  'Olivia',
  'Thomas',
  'Sophie',
  'Mark',
  'Emma',
  'Paul',
  'Grace',
  'Kevin',
  'Rachel',
  'Christopher',
  'Hannah',
] as const;

export const nicknames: Readonly<Record<string, string>> = {
  Michael: 'Mike',
  Robert: 'Bob',
  Daniel: 'Dan',
  Thomas: 'Tom',
  Christopher: 'Chris',
  David: 'Dave',
  Emily: 'Em',
};

export const latinLastNames = [
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Miller',
  'Wilson',
  'Moore',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Carter',
  'Mitchell',
] as const;

export interface Prefecture {
  kanji: string;
  romaji: string;
  areaCode: string;
  postalPrefix: string;
  weight: number;
  cities: readonly { kanji: string; romaji: string }[];
}

const city = (kanji: string, romaji: string) => ({ kanji, romaji });

export const prefectures: readonly Prefecture[] = [
  {
    kanji: '東京都',
    romaji: 'Tokyo',
    areaCode: '3',
    postalPrefix: '1',
    weight: 30,
    cities: [
      city('千代田区', 'Chiyoda-ku'),
      city('中央区', 'Chuo-ku'),
      city('港区', 'Minato-ku'),
      city('新宿区', 'Shinjuku-ku'),
      city('渋谷区', 'Shibuya-ku'),
      city('品川区', 'Shinagawa-ku'),
      city('世田谷区', 'Setagaya-ku'),
    ],
  },
  {
    kanji: '神奈川県',
    romaji: 'Kanagawa',
    areaCode: '45',
    postalPrefix: '2',
    weight: 10,
    cities: [
      city('横浜市西区', 'Yokohama-shi Nishi-ku'),
      city('横浜市港北区', 'Yokohama-shi Kohoku-ku'),
      city('川崎市中原区', 'Kawasaki-shi Nakahara-ku'),
    ],
  },
  {
    kanji: '大阪府',
    romaji: 'Osaka',
    areaCode: '6',
    postalPrefix: '5',
    weight: 12,
    cities: [city('大阪市北区', 'Osaka-shi Kita-ku'), city('大阪市中央区', 'Osaka-shi Chuo-ku'), city('堺市堺区', 'Sakai-shi Sakai-ku')],
  },
  {
    kanji: '愛知県',
    romaji: 'Aichi',
    areaCode: '52',
    postalPrefix: '4',
    weight: 8,
    cities: [city('名古屋市中区', 'Nagoya-shi Naka-ku'), city('名古屋市中村区', 'Nagoya-shi Nakamura-ku')],
  },
  {
    kanji: '福岡県',
    romaji: 'Fukuoka',
    areaCode: '92',
    postalPrefix: '8',
    weight: 6,
    cities: [city('福岡市博多区', 'Fukuoka-shi Hakata-ku'), city('福岡市中央区', 'Fukuoka-shi Chuo-ku')],
  },
  {
    kanji: '北海道',
    romaji: 'Hokkaido',
    areaCode: '11',
    postalPrefix: '06',
    weight: 5,
    cities: [city('札幌市中央区', 'Sapporo-shi Chuo-ku'), city('札幌市北区', 'Sapporo-shi Kita-ku')],
  },
  {
    kanji: '宮城県',
    romaji: 'Miyagi',
    areaCode: '22',
    postalPrefix: '98',
    weight: 3,
    cities: [city('仙台市青葉区', 'Sendai-shi Aoba-ku')],
  },
  {
    kanji: '京都府',
    romaji: 'Kyoto',
    areaCode: '75',
    postalPrefix: '60',
    weight: 4,
    cities: [city('京都市中京区', 'Kyoto-shi Nakagyo-ku'), city('京都市下京区', 'Kyoto-shi Shimogyo-ku')],
  },
  {
    kanji: '広島県',
    romaji: 'Hiroshima',
    areaCode: '82',
    postalPrefix: '73',
    weight: 3,
    cities: [city('広島市中区', 'Hiroshima-shi Naka-ku')],
  },
  {
    kanji: '埼玉県',
    romaji: 'Saitama',
    areaCode: '48',
    postalPrefix: '33',
    weight: 6,
    cities: [city('さいたま市大宮区', 'Saitama-shi Omiya-ku'), city('川口市', 'Kawaguchi-shi')],
  },
  {
    kanji: '千葉県',
    romaji: 'Chiba',
    areaCode: '43',
    postalPrefix: '26',
    weight: 5,
    cities: [city('千葉市中央区', 'Chiba-shi Chuo-ku'), city('船橋市', 'Funabashi-shi')],
  },
  { kanji: '兵庫県', romaji: 'Hyogo', areaCode: '78', postalPrefix: '65', weight: 4, cities: [city('神戸市中央区', 'Kobe-shi Chuo-ku')] },
  {
    kanji: '静岡県',
    romaji: 'Shizuoka',
    areaCode: '54',
    postalPrefix: '42',
    weight: 2,
    cities: [city('静岡市葵区', 'Shizuoka-shi Aoi-ku')],
  },
  { kanji: '沖縄県', romaji: 'Okinawa', areaCode: '98', postalPrefix: '90', weight: 2, cities: [city('那覇市', 'Naha-shi')] },
];

export const townNames = [
  '本町',
  '中町',
  '栄町',
  '緑町',
  '旭町',
  '錦町',
  '幸町',
  '若葉',
  '桜木町',
  '東町',
  '西町',
  '南町',
  '北町',
  '新町',
  '元町',
] as const;
export const buildingNames = ['第一ビル', '中央ビル', 'スクエアタワー', 'センタービル', 'ガーデンプレイス', '駅前ビル', 'ヒルズ'] as const;

export interface AbroadPlace {
  country: string;
  countryJa: string;
  city: string;
  region: string;
  dialCode: string;
  postalCode: (digits: string) => string;
}

export const abroadPlaces: readonly AbroadPlace[] = [
  {
    country: 'United States',
    countryJa: 'アメリカ合衆国',
    city: 'San Francisco',
    region: 'CA',
    dialCode: '1',
    postalCode: (d) => `941${d.slice(0, 2)}`,
  },
  {
    country: 'United States',
    countryJa: 'アメリカ合衆国',
    city: 'New York',
    region: 'NY',
    dialCode: '1',
    postalCode: (d) => `100${d.slice(0, 2)}`,
  },
  {
    country: 'United Kingdom',
    countryJa: 'イギリス',
    city: 'London',
    region: 'England',
    dialCode: '44',
    postalCode: (d) => `EC${d[0]}A ${d[1]}BB`,
  },
  {
    country: 'Singapore',
    countryJa: 'シンガポール',
    city: 'Singapore',
    region: '',
    dialCode: '65',
    postalCode: (d) => `0${d.slice(0, 5)}`,
  },
];

export const companyStems: readonly { kanji: string; kana: string; romaji: string }[] = [
  { kanji: 'さくら', kana: 'サクラ', romaji: 'sakura' },
  { kanji: 'みなと', kana: 'ミナト', romaji: 'minato' },
  { kanji: 'ひかり', kana: 'ヒカリ', romaji: 'hikari' },
  { kanji: '青葉', kana: 'アオバ', romaji: 'aoba' },
  { kanji: '大和', kana: 'ヤマト', romaji: 'yamato' },
  { kanji: '北斗', kana: 'ホクト', romaji: 'hokuto' },
  { kanji: '富士', kana: 'フジ', romaji: 'fuji' },
  { kanji: '瀬戸内', kana: 'セトウチ', romaji: 'setouchi' },
  { kanji: '朝日', kana: 'アサヒ', romaji: 'asahi' },
  { kanji: '白鳥', kana: 'シラトリ', romaji: 'shiratori' },
  { kanji: '明星', kana: 'ミョウジョウ', romaji: 'myojo' },
  { kanji: '銀河', kana: 'ギンガ', romaji: 'ginga' },
  { kanji: '千歳', kana: 'チトセ', romaji: 'chitose' },
  { kanji: '若葉', kana: 'ワカバ', romaji: 'wakaba' },
  { kanji: '高砂', kana: 'タカサゴ', romaji: 'takasago' },
  { kanji: '東西', kana: 'トウザイ', romaji: 'tozai' },
];

export const companyTrades: readonly { kanji: string; kana: string; romaji: string }[] = [
  { kanji: '商事', kana: 'ショウジ', romaji: 'shoji' },
  { kanji: '工業', kana: 'コウギョウ', romaji: 'kogyo' },
  { kanji: '物産', kana: 'ブッサン', romaji: 'bussan' },
  { kanji: '電機', kana: 'デンキ', romaji: 'denki' },
  { kanji: '製作所', kana: 'セイサクショ', romaji: 'seisakusho' },
  { kanji: '食品', kana: 'ショクヒン', romaji: 'foods' },
  { kanji: '建設', kana: 'ケンセツ', romaji: 'kensetsu' },
  { kanji: 'テック', kana: 'テック', romaji: 'tech' },
  { kanji: 'システムズ', kana: 'システムズ', romaji: 'systems' },
  { kanji: '精機', kana: 'セイキ', romaji: 'seiki' },
];

export const latinCompanies = [
  'Northwind Trading Inc.',
  'Bluebird Systems Ltd.',
  'Redwood Analytics LLC',
  'Harbor Lane Foods Inc.',
  'Summit Peak Labs Ltd.',
  'Silverline Logistics Pte. Ltd.',
] as const;

export const departments = ['営業部', '総務部', '経理部', '情報システム部', 'マーケティング部', '購買部', '人事部', '経営企画室'] as const;
export const titles = ['部長', '課長', '係長', '主任', '担当', '代表取締役', 'マネージャー', ''] as const;
export const personalMailDomains = ['mail.example.com', 'webmail.example.ne.jp', 'post.example.net', 'mobile.example.jp'] as const;
