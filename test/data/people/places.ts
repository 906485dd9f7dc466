/**
 * Places of the people set: Japanese prefectures (population weights, approximate 2020 census shares), their cities with
 * a postal-code district and an area code, town names; US and UK cities. Street-level detail is synthetic.
 */
import { Random, WeightedTable } from './random.ts';

export interface Address {
  country: 'JP' | 'US' | 'GB';
  postalCode: string; // 123-4567, 94110, SW1A 2AA
  region: string; // 東京都, CA, '' (UK)
  regionRomaji: string;
  city: string;
  cityRomaji: string;
  /** Street part in its parts, so records can write it several ways. */
  town: string;
  townRomaji: string;
  numbers: [number, number, number]; // chome, ban, go (JP); house number (US/UK) in [0]
  building: string;
  areaCode: string; // 03, 045; 415; 20
}

interface City {
  name: string;
  romaji: string;
  district: string; // first three digits of the postal code; US ZIP prefix; UK outward area
  areaCode: string;
}
interface Region {
  name: string;
  romaji: string;
  share: number; // percent of the population
  cities: City[];
}

// name romaji share | city romaji district area ; …
const japan = `東京都 Tokyo 11.1 | 世田谷区 Setagaya-ku 154 03; 練馬区 Nerima-ku 176 03; 大田区 Ota-ku 143 03; 江戸川区 Edogawa-ku 132 03; 足立区 Adachi-ku 120 03; 杉並区 Suginami-ku 166 03; 新宿区 Shinjuku-ku 160 03; 港区 Minato-ku 105 03; 千代田区 Chiyoda-ku 100 03; 八王子市 Hachioji-shi 192 042; 町田市 Machida-shi 194 042
神奈川県 Kanagawa 7.3 | 横浜市港北区 Yokohama-shi Kohoku-ku 222 045; 横浜市青葉区 Yokohama-shi Aoba-ku 225 045; 川崎市中原区 Kawasaki-shi Nakahara-ku 211 044; 相模原市 Sagamihara-shi 252 042; 藤沢市 Fujisawa-shi 251 0466
大阪府 Osaka 7.0 | 大阪市北区 Osaka-shi Kita-ku 530 06; 大阪市中央区 Osaka-shi Chuo-ku 541 06; 堺市 Sakai-shi 590 072; 東大阪市 Higashiosaka-shi 577 06; 豊中市 Toyonaka-shi 560 06
愛知県 Aichi 6.0 | 名古屋市中区 Nagoya-shi Naka-ku 460 052; 名古屋市千種区 Nagoya-shi Chikusa-ku 464 052; 豊田市 Toyota-shi 471 0565; 岡崎市 Okazaki-shi 444 0564
埼玉県 Saitama 5.8 | さいたま市浦和区 Saitama-shi Urawa-ku 330 048; 川口市 Kawaguchi-shi 332 048; 川越市 Kawagoe-shi 350 049; 所沢市 Tokorozawa-shi 359 04
千葉県 Chiba 5.0 | 千葉市中央区 Chiba-shi Chuo-ku 260 043; 船橋市 Funabashi-shi 273 047; 松戸市 Matsudo-shi 271 047; 柏市 Kashiwa-shi 277 04
兵庫県 Hyogo 4.3 | 神戸市中央区 Kobe-shi Chuo-ku 650 078; 姫路市 Himeji-shi 670 079; 西宮市 Nishinomiya-shi 662 0798; 尼崎市 Amagasaki-shi 660 06
北海道 Hokkaido 4.1 | 札幌市中央区 Sapporo-shi Chuo-ku 060 011; 札幌市北区 Sapporo-shi Kita-ku 001 011; 旭川市 Asahikawa-shi 070 0166; 函館市 Hakodate-shi 040 0138
福岡県 Fukuoka 4.0 | 福岡市博多区 Fukuoka-shi Hakata-ku 812 092; 福岡市中央区 Fukuoka-shi Chuo-ku 810 092; 北九州市小倉北区 Kitakyushu-shi Kokurakita-ku 802 093; 久留米市 Kurume-shi 830 0942
静岡県 Shizuoka 2.9 | 静岡市葵区 Shizuoka-shi Aoi-ku 420 054; 浜松市中区 Hamamatsu-shi Naka-ku 430 053; 沼津市 Numazu-shi 410 055
京都府 Kyoto 2.1 | 京都市中京区 Kyoto-shi Nakagyo-ku 604 075; 京都市左京区 Kyoto-shi Sakyo-ku 606 075; 宇治市 Uji-shi 611 0774
宮城県 Miyagi 1.8 | 仙台市青葉区 Sendai-shi Aoba-ku 980 022; 仙台市宮城野区 Sendai-shi Miyagino-ku 983 022; 石巻市 Ishinomaki-shi 986 0225
広島県 Hiroshima 2.2 | 広島市中区 Hiroshima-shi Naka-ku 730 082; 福山市 Fukuyama-shi 720 084; 呉市 Kure-shi 737 0823
新潟県 Niigata 1.7 | 新潟市中央区 Niigata-shi Chuo-ku 950 025; 長岡市 Nagaoka-shi 940 0258
沖縄県 Okinawa 1.2 | 那覇市 Naha-shi 900 098; 沖縄市 Okinawa-shi 904 098`;

const townParts = `本町 Honcho; 中央 Chuo; 旭町 Asahicho; 栄町 Sakaecho; 緑町 Midoricho; 桜台 Sakuradai; 東町 Higashimachi; 西町 Nishimachi; 南町 Minamimachi;
北町 Kitamachi; 新町 Shinmachi; 元町 Motomachi; 若葉 Wakaba; 日の出町 Hinodecho; 青葉台 Aobadai; 松が丘 Matsugaoka; 富士見 Fujimi; 大和町 Yamatocho;
宮前 Miyamae; 駅前 Ekimae; 八幡 Yawata; 泉町 Izumicho; 春日 Kasuga; 光が丘 Hikarigaoka; 錦町 Nishikicho; 住吉町 Sumiyoshicho; 曙町 Akebonocho;
千代田 Chiyoda; 平和町 Heiwacho; 昭和町 Showacho; 寿町 Kotobukicho; 幸町 Saiwaicho; 常盤町 Tokiwacho; 柳町 Yanagicho; 港町 Minatomachi; 桜木町 Sakuragicho`;

const buildingNames = ['メゾン', 'ハイツ', 'コーポ', 'グランド', 'パーク', 'レジデンス', 'サンライズ', 'ロイヤル'];
const buildingKinds = ['マンション', 'ハイツ', 'ビル', 'コート', 'ハウス', 'ヒルズ'];

// city state zip3 area
const usCities = `San Francisco|CA|941|415; Los Angeles|CA|900|213; San Diego|CA|921|619; Seattle|WA|981|206; Portland|OR|972|503; Denver|CO|802|303;
Chicago|IL|606|312; Austin|TX|787|512; Houston|TX|770|713; Boston|MA|021|617; New York|NY|100|212; Brooklyn|NY|112|718; Atlanta|GA|303|404;
Miami|FL|331|305; Phoenix|AZ|850|602; Minneapolis|MN|554|612; Philadelphia|PA|191|215; Honolulu|HI|968|808`;
const usStreets =
  'Main St; Oak Ave; Maple St; Cedar Ln; Pine St; Elm St; Washington Ave; Lake Dr; Hill Rd; Park Ave; 2nd St; 3rd St; Sunset Blvd; Church St; Highland Ave; Mill Rd';
// city postcode-area dialling-code
const ukCities = `London|SW|20; London|N|20; London|E|20; Manchester|M|161; Birmingham|B|121; Leeds|LS|113; Glasgow|G|141; Bristol|BS|117; Edinburgh|EH|131;
Liverpool|L|151; Sheffield|S|114; Cardiff|CF|29; Nottingham|NG|115; Oxford|OX|1865; Cambridge|CB|1223`;
const ukStreets =
  'High Street; Station Road; Church Lane; Victoria Road; Green Lane; Manor Road; Park Road; Queens Road; Kings Road; Mill Lane; The Crescent; York Road';

const usStreetList = usStreets.split('; ');
const ukStreetList = ukStreets.split('; ');
const postcodeLetters = [...'ABDEFGHJLNPQRSTUWXYZ'];

function parseJapan(): Region[] {
  return japan.split('\n').map((line) => {
    const [head, rest] = line.split(' | ');
    const [name, romaji, share] = head!.split(' ');
    const cities = rest!.split('; ').map((entry) => {
      const parts = entry.trim().split(' ');
      const areaCode = parts.pop()!;
      const district = parts.pop()!;
      return { name: parts[0]!, romaji: parts.slice(1).join(' '), district, areaCode };
    });
    return { name: name!, romaji: romaji!, share: Number(share), cities };
  });
}

const towns = townParts.split(';').map((entry) => {
  const [name, romaji] = entry.trim().split(' ');
  return { name: name!, romaji: romaji! };
});

function weightedRegions(regions: Region[]): WeightedTable<Region> {
  return new WeightedTable(
    regions,
    regions.map((region) => region.share),
  );
}

export class Places {
  private readonly regions = weightedRegions(parseJapan());
  private readonly us = usCities.split(';').map((entry) => entry.trim().split('|'));
  private readonly uk = ukCities.split(';').map((entry) => entry.trim().split('|'));

  /** A Japanese home or office address; offices sit in the bigger cities' centres more often, which the weights ignore. */
  japanese(random: Random, withBuilding: number): Address {
    const region = this.regions.draw(random);
    const city = random.pick(region.cities);
    const town = random.pick(towns);
    // The postal code is a function of city and town: neighbours share it, as in life.
    const townIndex = towns.indexOf(town);
    const postal = `${city.district}-${String((townIndex * 7919 + city.name.charCodeAt(0) * 31 + city.name.length * 101) % 10000).padStart(4, '0')}`;
    const building = random.chance(withBuilding)
      ? `${random.pick(buildingNames)}${town.name.replace(/町$/, '')}${random.pick(buildingKinds)} ${random.int(1, 12)}0${random.int(1, 9)}`
      : '';
    return {
      country: 'JP',
      postalCode: postal,
      region: region.name,
      regionRomaji: region.romaji,
      city: city.name,
      cityRomaji: city.romaji,
      town: town.name,
      townRomaji: town.romaji,
      numbers: [random.int(1, 6), random.int(1, 30), random.int(1, 25)],
      building,
      areaCode: city.areaCode,
    };
  }

  american(random: Random): Address {
    const [city, state, zip3, area] = random.pick(this.us) as [string, string, string, string];
    const street = random.pick(usStreetList);
    return {
      country: 'US',
      postalCode: `${zip3}${random.digits(2)}`,
      region: state,
      regionRomaji: state,
      city,
      cityRomaji: city,
      town: street,
      townRomaji: street,
      numbers: [random.int(1, 9899), 0, 0],
      building: random.chance(0.2) ? `Apt ${random.int(1, 40)}` : '',
      areaCode: area,
    };
  }

  british(random: Random): Address {
    const [city, area, code] = random.pick(this.uk) as [string, string, string];
    const street = random.pick(ukStreetList);
    return {
      country: 'GB',
      postalCode: `${area}${random.int(1, 20)} ${random.int(1, 9)}${random.pick(postcodeLetters)}${random.pick(postcodeLetters)}`,
      region: '',
      regionRomaji: '',
      city,
      cityRomaji: city,
      town: street,
      townRomaji: street,
      numbers: [random.int(1, 240), 0, 0],
      building: random.chance(0.15) ? `Flat ${random.int(1, 20)}` : '',
      areaCode: code,
    };
  }
}

/** A landline number in the address's area, as digits without the trunk prefix handling (JP: 0 + 9 digits). */
export function landline(random: Random, address: Address): string {
  if (address.country === 'JP') {
    const area = address.areaCode; // includes the leading 0
    const local = 10 - area.length;
    const subscriber = random.digits(4);
    return `${area}-${String(random.int(2, 9)) + random.digits(local - 5)}-${subscriber}`;
  }
  if (address.country === 'US') return `${address.areaCode}-${random.int(2, 9)}${random.digits(2)}-${random.digits(4)}`;
  return `0${address.areaCode} ${address.areaCode.length === 2 ? `${random.int(3, 8)}${random.digits(3)} ${random.digits(4)}` : `${random.int(2, 9)}${random.digits(10 - address.areaCode.length - 1)}`}`;
}

export function mobile(random: Random, country: Address['country']): string {
  if (country === 'JP') return `${random.pick(['090', '080', '070'])}-${random.digits(4)}-${random.digits(4)}`;
  if (country === 'US')
    return `${random.pick(['917', '646', '415', '310', '312', '206', '512'])}-${random.int(2, 9)}${random.digits(2)}-${random.digits(4)}`;
  return `07${random.int(4, 9)}${random.digits(2)} ${random.digits(6)}`;
}
