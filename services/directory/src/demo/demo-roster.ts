import type { RosterRow } from '../roster-file/index.ts';

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const givenNames = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '建国',
  '玉兰',
  '志强',
  '淑珍',
  '海燕',
  '文',
  '红梅',
  '国强',
  '德明',
  '凤英',
  '春生',
  '小红',
  '子涵',
  '浩然',
  '雨桐',
  '梓萱',
];
const residenceAreas = ['68.42', '89.50', '96.31', '112.80', '128.06', '143.75'];

/** A small deterministic generator, so the demo is the same on every machine. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * The demo estate 幸福里: six buildings of two entrances and twelve floors (two flats a landing),
 * a row of shops, parking spaces; some owners hold several units, some units are co-owned, and the
 * developer still holds unsold flats (one head under SPC interpretation art. 9).
 */
export function demoRoster(): Omit<RosterRow, 'row'>[] {
  const random = sequence(20261121);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const person = (i: number) => ({
    name: `${surnames[i % surnames.length]}${pick(givenNames)}`,
    kind: 'person' as const,
    phone: `13${String(800_000_000 + i * 7_919).padStart(9, '0')}`,
    idLast4: String(1000 + ((i * 37) % 9000)),
  });
  const developer = {
    name: '幸福里置业有限公司',
    kind: 'developer' as const,
    phone: null,
    idLast4: null,
  };

  const rows: Omit<RosterRow, 'row'>[] = [];
  let ownerIndex = 0;
  for (let building = 1; building <= 6; building++) {
    for (let entrance = 1; entrance <= 2; entrance++) {
      for (let floor = 1; floor <= 12; floor++) {
        for (let flat = 1; flat <= 2; flat++) {
          const unsold = building === 6 && entrance === 2 && floor > 8;
          const owner = unsold ? developer : person(ownerIndex++);
          const coOwned = !unsold && random() < 0.12;
          rows.push({
            building: `${building}号楼`,
            entrance: `${entrance}单元`,
            room: `${floor}0${flat}`,
            floor,
            kind: 'residence',
            area: pick(residenceAreas),
            areaBasis: random() < 0.85 ? 'registered' : 'surveyed',
            owner,
            coOwners: coOwned
              ? [`${surnames[(ownerIndex * 7) % surnames.length]}${pick(givenNames)}`]
              : [],
            developerUnsold: unsold,
          });
        }
      }
    }
  }
  // Shops on the ground floor of the street building; two belong to owners of flats.
  for (let shop = 1; shop <= 8; shop++) {
    rows.push({
      building: '商业楼',
      entrance: '',
      room: `S${shop}`,
      floor: 1,
      kind: 'commercial',
      area: (45 + shop * 3.25).toFixed(2),
      areaBasis: 'registered',
      owner: shop <= 2 ? person(shop * 11) : person(1_000 + shop),
      coOwners: [],
      developerUnsold: false,
    });
  }
  // Parking spaces: outside the voting scope unless the community includes them.
  for (let space = 1; space <= 24; space++) {
    rows.push({
      building: '地下车库',
      entrance: '',
      room: `P${String(space).padStart(3, '0')}`,
      floor: -1,
      kind: 'parking',
      area: '12.50',
      areaBasis: 'contract',
      owner: space <= 18 ? person(space * 5) : developer,
      coOwners: [],
      developerUnsold: space > 18,
    });
  }
  return rows;
}
