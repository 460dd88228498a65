/**
 * Kinds of 异地就医备案 (D-5, D-8) as the sandbox's 1101 `rgstinfo[].rgst_type` and scenario files
 * name them (docs/sandbox-policy.md §1, §2).
 */
export const REGISTRATION_KIND = {
  long_term: '异地长期居住',
  referral: '转诊转院',
  emergency: '急诊抢救',
  other_temporary: '其他临时外出就医',
  chronic: '门诊慢特病',
} as const;

/** A registration kind. */
export type RegistrationKind = keyof typeof REGISTRATION_KIND;

/** All registration kinds. */
export const REGISTRATION_KINDS = Object.keys(REGISTRATION_KIND) as readonly RegistrationKind[];

/** Temporary kinds: valid 6 months from `begndate` unless `enddate` is given (D-5, docs/sandbox-policy.md §2). */
export function isTemporaryRegistration(kind: RegistrationKind): boolean {
  return kind === 'referral' || kind === 'emergency' || kind === 'other_temporary';
}
