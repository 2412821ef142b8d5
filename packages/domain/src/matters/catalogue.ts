/**
 * Text in the two languages end users may see; the same shape as `LocalizedMessage` of
 * `@yishi/errors`, so both reach the UI the same way.
 */
export interface LocalizedText {
  /** Simplified Chinese (zh-CN), the default language; for labels, the wording of the law. */
  readonly zh: string;
  readonly en: string;
}

/**
 * The approval rule of a matter, measured against the owners who took part (民法典 第二百七十八条):
 * `majority` = more than half of the participating area and of the participating heads (过半数, strict);
 * `three_quarters` = at least three quarters of both (四分之三以上, inclusive, 民法典 第一千二百五十九条).
 */
export type Threshold = 'majority' | 'three_quarters';

/** An item of the first paragraph of Civil Code Art. 278. */
export type MatterItem = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** The stable key of a matter, for storage and URLs; never changes once published. */
export type MatterKey =
  | 'rules_of_procedure'
  | 'management_statute'
  | 'elect_committee'
  | 'hire_property_manager'
  | 'use_maintenance_fund'
  | 'raise_maintenance_fund'
  | 'renovate_rebuild'
  | 'change_common_use'
  | 'other_major';

/** One matter that owners decide together. */
export interface Matter {
  readonly item: MatterItem;
  readonly key: MatterKey;
  /** `zh` is the wording of the law; `en` a faithful rendering. */
  readonly label: LocalizedText;
  readonly threshold: Threshold;
  /** One line a committee member or an owner understands: what it takes to pass this matter. */
  readonly explanation: LocalizedText;
}

const MAJORITY: LocalizedText = {
  zh: '需参与表决的业主中，专有部分面积和人数均过半数同意（恰好一半不算通过）',
  en: 'Among the owners who took part, those agreeing must hold more than half of their exclusive area and be more than half of them by headcount (exactly half is not enough)',
};
const THREE_QUARTERS: LocalizedText = {
  zh: '需参与表决的业主中，专有部分面积和人数均达到四分之三以上同意',
  en: 'Among the owners who took part, those agreeing must hold at least three quarters of their exclusive area and be at least three quarters of them by headcount',
};

/** The approval rule of each threshold, in one sentence. */
export const THRESHOLD_RULES: Readonly<Record<Threshold, LocalizedText>> = Object.freeze({
  majority: Object.freeze({ zh: `${MAJORITY.zh}。`, en: `${MAJORITY.en}.` }),
  three_quarters: Object.freeze({
    zh: `${THREE_QUARTERS.zh}。`,
    en: `${THREE_QUARTERS.en}.`,
  }),
});

/**
 * The participation quorum every matter needs before its approval counts (民法典 第二百七十八条
 * 第二款, "双三分之二"); 以上 includes the bound itself (第一千二百五十九条).
 */
export const QUORUM_RULE: LocalizedText = Object.freeze({
  zh: '应当由专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决（双三分之二），否则不能形成决定',
  en: 'Owners who hold at least two thirds of the total exclusive area and who are at least two thirds of all owners by headcount must take part ("double two-thirds"); otherwise no decision is formed',
});

function matter(
  item: MatterItem,
  key: MatterKey,
  threshold: Threshold,
  label: LocalizedText,
  note?: LocalizedText,
): Matter {
  const rule = threshold === 'majority' ? MAJORITY : THREE_QUARTERS;
  return Object.freeze({
    item,
    key,
    label: Object.freeze(label),
    threshold,
    explanation: Object.freeze({
      zh: `${rule.zh}${note ? `；${note.zh}` : ''}。`,
      en: `${rule.en}${note ? `; ${note.en}` : ''}.`,
    }),
  });
}

/**
 * The nine matters of 民法典 第二百七十八条 第一款, in the law's order (`MATTERS[i].item === i + 1`).
 * Items 6 to 8 need three quarters, every other item a majority (第二款).
 */
export const MATTERS: readonly Matter[] = Object.freeze([
  matter(1, 'rules_of_procedure', 'majority', {
    zh: '制定和修改业主大会议事规则',
    en: "Adopt or amend the owners' assembly rules of procedure",
  }),
  matter(2, 'management_statute', 'majority', {
    zh: '制定和修改管理规约',
    en: 'Adopt or amend the management statute',
  }),
  matter(3, 'elect_committee', 'majority', {
    zh: '选举业主委员会或者更换业主委员会成员',
    en: "Elect the owners' committee or replace its members",
  }),
  matter(4, 'hire_property_manager', 'majority', {
    zh: '选聘和解聘物业服务企业或者其他管理人',
    en: 'Hire or dismiss the property services company or another manager',
  }),
  matter(
    5,
    'use_maintenance_fund',
    'majority',
    {
      zh: '使用建筑物及其附属设施的维修资金',
      en: 'Use the maintenance fund of the buildings and their facilities',
    },
    {
      zh: '注意：使用维修资金只需过半数，筹集维修资金（第六项）才需四分之三以上',
      en: 'beware: using the fund needs only a majority, it is raising it (item 6) that needs three quarters',
    },
  ),
  matter(
    6,
    'raise_maintenance_fund',
    'three_quarters',
    {
      zh: '筹集建筑物及其附属设施的维修资金',
      en: 'Raise the maintenance fund of the buildings and their facilities',
    },
    {
      zh: '使用维修资金（第五项）则只需过半数',
      en: 'using the fund (item 5) needs only a majority',
    },
  ),
  matter(
    7,
    'renovate_rebuild',
    'three_quarters',
    {
      zh: '改建、重建建筑物及其附属设施',
      en: 'Renovate or rebuild the buildings and their facilities',
    },
    {
      zh: '加装电梯、更换消防门等改建属于此项',
      en: 'retrofitting an elevator or replacing fire doors belongs to this item',
    },
  ),
  matter(8, 'change_common_use', 'three_quarters', {
    zh: '改变共有部分的用途或者利用共有部分从事经营活动',
    en: 'Change the use of common parts or use common parts for commercial activity',
  }),
  matter(9, 'other_major', 'majority', {
    zh: '有关共有和共同管理权利的其他重大事项',
    en: 'Other major matters concerning rights of common ownership and common management',
  }),
]);
