/**
 * Deterministic pseudo-random Chinese personal names for demo data. Surnames are weighted roughly by
 * how common they are; given names take one or two characters from lists of frequent name characters.
 */

/** A small seeded PRNG (mulberry32): the same seed always gives the same demo data. */
export type Rng = {
  next: () => number;
  int: (maxExclusive: number) => number;
  pick: <T>(items: readonly T[]) => T;
};

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (maxExclusive: number) => Math.floor(next() * maxExclusive);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

// Common surnames in rough order of frequency; the weight falls off with rank (Zipf-like).
const SURNAMES = [
  ...Array.from(
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏',
  ),
  ...Array.from(
    '吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严',
  ),
  '欧阳',
  '司马',
  '诸葛',
];
const SURNAME_WEIGHTS = SURNAMES.map((_, rank) => 1 / (rank + 4));
const SURNAME_TOTAL = SURNAME_WEIGHTS.reduce((s, w) => s + w, 0);

// Characters frequent in given names; some lean feminine, some masculine, most are shared.
const GIVEN_SHARED = Array.from('文明华建国平志春海金玉晓永新家子天俊宇欣佳嘉思雨晨睿博一浩然轩泽涵安宁雪阳');
const GIVEN_FEMININE = Array.from('丽娟敏静芳秀英霞燕红艳萍玲桂兰凤琳婷慧颖洁淑梅倩雅婉琪璐蕾薇');
const GIVEN_MASCULINE = Array.from('伟强磊军勇杰涛斌超刚辉鹏飞鑫波宏亮峰东龙成凯健彬哲');

function pickSurname(rng: Rng): string {
  let r = rng.next() * SURNAME_TOTAL;
  for (let i = 0; i < SURNAMES.length; i++) {
    r -= SURNAME_WEIGHTS[i]!;
    if (r < 0) return SURNAMES[i]!;
  }
  return SURNAMES[0]!;
}

export type Gender = 'female' | 'male';

/** A plausible full name: surname plus a one- or two-character given name. */
export function chineseName(rng: Rng, gender: Gender = rng.next() < 0.5 ? 'female' : 'male'): string {
  const pool = [...GIVEN_SHARED, ...(gender === 'female' ? GIVEN_FEMININE : GIVEN_MASCULINE)];
  const first = rng.pick(pool);
  // About a third of given names have a single character (more common among older workers).
  const given = rng.next() < 0.33 ? first : first + rng.pick(pool);
  return pickSurname(rng) + given;
}

/** A syntactically valid, fictional mainland mobile number (prefixes of the major operators). */
export function mobileNumber(rng: Rng): string {
  const prefix = rng.pick([
    '135',
    '136',
    '137',
    '138',
    '139',
    '150',
    '151',
    '158',
    '186',
    '188',
    '177',
    '199',
  ]);
  let rest = '';
  for (let i = 0; i < 8; i++) rest += String(rng.int(10));
  return prefix + rest;
}
