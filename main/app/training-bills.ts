/**
 * Demo bills for training mode (the embedded sandbox with the demo scenario): one waiting bill per
 * demo patient, so a cashier in training can identify a patient and settle at once. Items come from
 * the demo hospital's region catalog (sandbox/scenarios/demo.json, catalog 410200).
 */
import type { InboxPushRequest } from '../../shared/api/inbox';
import { chinaDateTime, chinaStamp14 } from '../../shared/china-time';
import { formatMoney, Money } from '../../shared/money';

type Item = readonly [code: string, name: string, pric: string, cnt: string];

const OUTPATIENT_ITEMS: readonly Item[] = [
  ['001101000030000', '挂号费', '5.00', '1'],
  ['001102000020000', '主任医师门诊诊查费', '30.00', '1'],
  ['002201000020000', '血常规', '20.00', '1'],
  ['XC09CAL016A001010101234', '厄贝沙坦片 0.15g*7片', '18.60', '2'],
  ['ZA01BAA0071010100123', '连花清瘟胶囊 0.35g*24粒', '14.80', '1'],
];
const CHRONIC_ITEMS: readonly Item[] = [
  ['001102000010000', '普通门诊诊查费', '10.00', '1'],
  ['XA10BAD046A001010104455', '盐酸二甲双胍片 0.5g*20片', '12.50', '4'],
  ['002202000030000', '肝功能全套', '85.00', '1'],
];
const PHARMACY_ITEMS: readonly Item[] = [
  ['XJ01CRA137A001010100788', '阿莫西林胶囊 0.25g*24粒', '15.20', '2'],
  ['XN02BEA011A001010100321', '对乙酰氨基酚片 0.5g*12片', '8.40', '1'],
  ['T000100234', '黄芪饮片 10g', '3.60', '10'],
];
const INPATIENT_ITEMS: readonly Item[] = [
  ['001101000010000', '床位费(三人间)', '40.00', '5'],
  ['001201000010000', '一级护理', '28.00', '5'],
  ['003315000010000', '腹腔镜胆囊切除术', '3200.00', '1'],
  ['002303000010000', '静脉输液', '12.00', '8'],
  ['C14010100100001', '一次性输液器', '6.50', '8'],
  ['002104000010000', '64排CT平扫', '280.00', '1'],
  ['XR05CBA189A001010100002', '氨溴索注射液(进口)', '45.00', '3'],
];

interface DemoBill {
  readonly certno: string;
  readonly kind: InboxPushRequest['kind'];
  readonly med_type: string;
  readonly items: readonly Item[];
  readonly dise?: readonly [string, string];
  readonly dept: string;
}

const BILLS: readonly DemoBill[] = [
  { certno: '43010219560302031X', kind: 'outpatient', med_type: '11', items: OUTPATIENT_ITEMS, dept: '心血管内科' },
  { certno: '43010219560302031X', kind: 'pharmacy', med_type: '41', items: PHARMACY_ITEMS, dept: '门诊药房' },
  {
    certno: '430111195912010576',
    kind: 'inpatient',
    med_type: '21',
    items: INPATIENT_ITEMS,
    dise: ['K80.100', '胆囊结石伴慢性胆囊炎'],
    dept: '普外科',
  },
  { certno: '430104197111200228', kind: 'outpatient', med_type: '11', items: OUTPATIENT_ITEMS, dept: '呼吸内科' },
  { certno: '220102198807140158', kind: 'outpatient', med_type: '11', items: OUTPATIENT_ITEMS, dept: '急诊科' },
  { certno: '430103199002280487', kind: 'outpatient', med_type: '11', items: OUTPATIENT_ITEMS, dept: '皮肤科' },
  { certno: '410202198305090198', kind: 'outpatient', med_type: '11', items: OUTPATIENT_ITEMS, dept: '消化内科' },
  {
    certno: '430105196209300261',
    kind: 'outpatient',
    med_type: '14',
    items: CHRONIC_ITEMS,
    dise: ['M03900', '糖尿病'],
    dept: '内分泌科',
  },
  { certno: '430121197804160640', kind: 'outpatient', med_type: '13', items: OUTPATIENT_ITEMS, dept: '急诊科' },
  { certno: '430102196908080713', kind: 'outpatient', med_type: '11', items: OUTPATIENT_ITEMS, dept: '骨科' },
  { certno: '430102195001250839', kind: 'pharmacy', med_type: '41', items: PHARMACY_ITEMS, dept: '门诊药房' },
];

/** The demo bills, stamped with `now` (China time) so visit numbers are fresh. */
export function trainingBills(now: number): InboxPushRequest[] {
  const time = chinaDateTime(now);
  const stamp = chinaStamp14(now);
  return BILLS.map((b, i) => ({
    kind: b.kind,
    certno: b.certno,
    med_type: b.med_type,
    ipt_otp_no: `${b.kind === 'inpatient' ? 'ZY' : 'MZ'}${stamp}${String(i + 1).padStart(2, '0')}`,
    begntime: time,
    dept_name: b.dept,
    dr_name: '示范医生',
    ...(b.dise ? { dise_codg: b.dise[0], dise_name: b.dise[1] } : {}),
    lines: b.items.map(([code, name, pric, cnt], j) => ({
      feedetl_sn: `${stamp}${String(i + 1).padStart(2, '0')}${String(j + 1).padStart(3, '0')}`,
      med_list_codg: code,
      medins_list_codg: `HIS-${code.slice(0, 10)}`,
      name,
      cnt,
      pric,
      det_item_fee_sumamt: formatMoney(new Money(pric).times(cnt)),
      fee_ocur_time: time,
    })),
  }));
}
