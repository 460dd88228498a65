/**
 * fund_pay_type 基金支付类型 (docs/protocol.md §3). Replies carry `fund_pay_type_name`: show that when
 * present, and this table only as a fallback.
 */
export const FUND_PAY_TYPE = {
  '310100': '职工基本医疗保险统筹基金',
  '310200': '职工基本医疗保险个人账户基金',
  // 310201 is an account line in real replies (docs/protocol.md §1.2a); name as 310200.
  '310201': '职工基本医疗保险个人账户基金',
  '310103': '职工生育基金',
  '320100': '公务员医疗补助基金',
  '330100': '大额医疗费用补助基金',
  '340100': '离休人员医疗保障基金',
  '350100': '一至六级残疾军人医疗补助基金',
  '370100': '企业补充医疗保险基金',
  '390100': '城乡居民基本医疗保险基金',
  '390200': '城乡居民大病医疗保险基金',
  '510100': '生育基金',
  '610100': '医疗救助基金',
  '999996': '医院垫付/医院负担',
  '999997': '其他基金',
} as const;

/** A 基金支付类型 code of the table. */
export type FundPayType = keyof typeof FUND_PAY_TYPE;

/**
 * Personal-account lines of `setldetail`: listed there but not part of `fund_pay_sumamt`
 * (docs/protocol.md §1.2a, docs/sandbox-policy.md §4 step 8).
 */
export const ACCOUNT_FUND_PAY_TYPES: readonly string[] = ['310200', '310201'];

/** Hospital-borne line (医院负担), also outside `fund_pay_sumamt`. */
export const HOSPITAL_FUND_PAY_TYPE = '999996';
