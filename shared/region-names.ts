/**
 * Region names for people (GB/T 2260 administrative divisions): the cashier and the slip read
 * "长沙市", never `430100`. A small dictionary covers the regions the product meets (the training
 * scenario's and the institution's); any other code falls back to its province, e.g. "外省（湖南）"
 * or "本省其他地区". The code itself stays for IT in tooltips and folded details.
 */

/** Province (first 2 digits) → short name. */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '11': '北京',
  '12': '天津',
  '13': '河北',
  '14': '山西',
  '15': '内蒙古',
  '21': '辽宁',
  '22': '吉林',
  '23': '黑龙江',
  '31': '上海',
  '32': '江苏',
  '33': '浙江',
  '34': '安徽',
  '35': '福建',
  '36': '江西',
  '37': '山东',
  '41': '河南',
  '42': '湖北',
  '43': '湖南',
  '44': '广东',
  '45': '广西',
  '46': '海南',
  '50': '重庆',
  '51': '四川',
  '52': '贵州',
  '53': '云南',
  '54': '西藏',
  '61': '陕西',
  '62': '甘肃',
  '63': '青海',
  '64': '宁夏',
  '65': '新疆',
};

/** Full 6-digit code → name, for the regions the product meets. */
export const REGION_NAMES: Readonly<Record<string, string>> = {
  '410000': '河南省',
  '410100': '郑州市',
  '410200': '开封市',
  '410202': '开封市龙亭区',
  '410203': '开封市顺河回族区',
  '430000': '湖南省',
  '430100': '长沙市',
  '430102': '长沙市芙蓉区',
  '430103': '长沙市天心区',
  '220000': '吉林省',
  '220100': '长春市',
  '310000': '上海市',
  '450000': '广西壮族自治区',
  '450100': '南宁市',
  '500000': '重庆市',
  '500102': '重庆市涪陵区',
  '110000': '北京市',
  '440000': '广东省',
  '440100': '广州市',
};

/**
 * The name of a region code for people. `institutionAdmdvs` (the window's own region) decides the
 * fallback: another province reads "外省（湖南）", the same province "本省其他地区".
 */
export function regionName(admdvs: string, institutionAdmdvs?: string | null): string {
  const code = admdvs.trim();
  const known = REGION_NAMES[code] ?? REGION_NAMES[`${code.slice(0, 4)}00`];
  if (known !== undefined) return known;
  const province = PROVINCE_NAMES[code.slice(0, 2)];
  if (province === undefined) return '未知地区';
  if (institutionAdmdvs && institutionAdmdvs.slice(0, 2) === code.slice(0, 2)) return `本省其他地区（${province}）`;
  return `外省（${province}）`;
}
