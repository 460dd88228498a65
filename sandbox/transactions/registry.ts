/**
 * infno → handler. To add a transaction, write `tNNNN-….ts` (a file serving several transactions
 * names each: `t2206-t2207-…`) and list it here (see README).
 */
import type { Handler } from './context';
import { signIn } from './t9001-sign-in';
import { signOut } from './t9002-sign-out';
import { personInfo } from './t1101-person-info';
import { treatmentCheck } from './t2001-treatment-check';
import { pharmacyPreSettle, pharmacySettleCommit } from './t2101-pharmacy-settle';
import { pharmacySettleCancel } from './t2103-pharmacy-settle-cancel';
import { outpatientRegister } from './t2201-outpatient-register';
import { outpatientRegisterCancel } from './t2202-outpatient-register-cancel';
import { outpatientVisitInfo } from './t2203-outpatient-visit-info';
import { outpatientFeeUpload } from './t2204-outpatient-fee-upload';
import { outpatientFeeCancel } from './t2205-outpatient-fee-cancel';
import { outpatientPreSettle, outpatientSettleCommit } from './t2206-t2207-outpatient-settle';
import { outpatientSettleCancel } from './t2208-outpatient-settle-cancel';
import { inpatientFeeUpload } from './t2301-inpatient-fee-upload';
import { inpatientFeeCancel } from './t2302-inpatient-fee-cancel';
import { inpatientPreSettle, inpatientSettleCommit } from './t2303-t2304-inpatient-settle';
import { inpatientSettleCancel } from './t2305-inpatient-settle-cancel';
import { admission } from './t2401-admission';
import { discharge } from './t2402-discharge';
import { admissionCancel } from './t2404-admission-cancel';
import { dischargeCancel } from './t2405-discharge-cancel';
import { reversal } from './t2601-reversal';
import { settlementQuery } from './t5203-settlement-query';
import { statementTotals } from './t3201-statement-totals';
import { statementDetail } from './t3202-statement-detail';
import { fileUpload } from './t9101-file-upload';
import { fileDownload } from './t9102-file-download';
import { catalogQuery1312, catalogQuery1318, catalogQuery1319 } from './t1312-t1318-t1319-catalog-query';

/** Every transaction the sandbox answers (docs/protocol.md §9). */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  '9001': signIn,
  '9002': signOut,
  '1101': personInfo,
  '2001': treatmentCheck,
  '2101': pharmacyPreSettle,
  '2102': pharmacySettleCommit,
  '2103': pharmacySettleCancel,
  '2201': outpatientRegister,
  '2202': outpatientRegisterCancel,
  '2203': outpatientVisitInfo,
  '2204': outpatientFeeUpload,
  '2205': outpatientFeeCancel,
  '2206': outpatientPreSettle,
  '2207': outpatientSettleCommit,
  '2208': outpatientSettleCancel,
  '2301': inpatientFeeUpload,
  '2302': inpatientFeeCancel,
  '2303': inpatientPreSettle,
  '2304': inpatientSettleCommit,
  '2305': inpatientSettleCancel,
  '2401': admission,
  '2402': discharge,
  '2404': admissionCancel,
  '2405': dischargeCancel,
  '2601': reversal,
  '5203': settlementQuery,
  '3201': statementTotals,
  '3202': statementDetail,
  '9101': fileUpload,
  '9102': fileDownload,
  '1312': catalogQuery1312,
  '1318': catalogQuery1318,
  '1319': catalogQuery1319,
};
