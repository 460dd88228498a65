/**
 * One call, start to finish, in one SQLite transaction (docs/sandbox-policy.md §2 refusals,
 * docs/protocol.md §1): envelope checks (institution, duplicate msgid, sign_no), the handler in a
 * savepoint (rolled back on refusal), the message log, and the response envelope.
 */
import { stringify } from 'lossless-json';
import { formatDateTime, formatStamp14, formatStamp17, type Stamp } from '../clock';
import { getMessage, finishMessage, recordMessage } from '../ledger/messages-repo';
import { nextCounter } from '../ledger/meta-repo';
import { getSignin } from '../ledger/signins-repo';
import type { CallContext, Envelope, HandlerResult, SandboxState } from './context';
import { Reader } from './input-reader';
import { HANDLERS } from './registry';
import { badInput, Refusal } from './refusal';

/** The national limit on `input`: characters of its JSON text (docs/sandbox-policy.md §8). */
export const INPUT_CHAR_LIMIT = 40_000;

/** Characters of `input` as JSON text (numbers as their literal text). */
function inputChars(input: unknown): number {
  return input === undefined ? 0 : (stringify(input) ?? '').length;
}

/** Marks a request body that is not JSON. */
export const UNPARSEABLE: unique symbol = Symbol('unparseable');

/** The response envelope (docs/protocol.md §1.2). */
export interface ResponseEnvelope {
  readonly infcode: number;
  readonly inf_refmsgid: string;
  readonly refmsg_time: string;
  readonly respond_time: string;
  readonly err_msg: string | null;
  readonly warn_msg: null;
  readonly cainfo: null;
  readonly signtype: null;
  readonly output: Record<string, unknown> | null;
}

function envelopeOf(r: Reader): Envelope {
  return {
    infno: r.str('infno', 10),
    msgid: r.str('msgid', 30),
    fixmedins_code: r.str('fixmedins_code', 30),
    sign_no: r.optStr('sign_no', 50),
    insuplc_admdvs: r.optStr('insuplc_admdvs', 6),
    mdtrtarea_admvs: r.optStr('mdtrtarea_admvs', 6),
  };
}

/** A file answer (9102) instead of an envelope. */
export interface FileAnswer {
  readonly filename: string;
  readonly bytes: Buffer;
}

/** Processes one parsed request body; never throws. */
export function processCall(state: SandboxState, body: unknown, received: Stamp): ResponseEnvelope {
  return processCallOrFile(state, body, received).envelope;
}

/** Processes one call; a successful 9102 also carries the file to send as the body. */
export function processCallOrFile(
  state: SandboxState,
  body: unknown,
  received: Stamp,
): { envelope: ResponseEnvelope; file: FileAnswer | null } {
  let file: FileAnswer | null = null;
  const envelope = processEnvelope(state, body, received, (f) => {
    file = f;
  });
  return { envelope, file };
}

function processEnvelope(
  state: SandboxState,
  body: unknown,
  received: Stamp,
  onFile: (f: FileAnswer) => void,
): ResponseEnvelope {
  const { db, index, clock, log } = state;
  return db.transaction((): ResponseEnvelope => {
    let admdvs = '000000';
    const answer = (result: HandlerResult | Refusal): ResponseEnvelope => {
      const now = clock.now();
      const serial = String(nextCounter(db, 'inf_refmsgid')).padStart(10, '0');
      const ok = !(result instanceof Refusal);
      return {
        infcode: ok ? 0 : -1,
        inf_refmsgid: `${admdvs}${formatStamp14(now)}${serial}`,
        refmsg_time: formatStamp17(received),
        respond_time: formatStamp17(now),
        err_msg: ok ? null : result.message,
        warn_msg: null,
        cainfo: null,
        signtype: null,
        output: ok ? result.output : null,
      };
    };

    if (body === UNPARSEABLE) return answer(badInput('请求报文不是合法的 JSON'));
    let env: Envelope;
    let reader: Reader;
    try {
      reader = Reader.of(body, 'envelope');
      env = envelopeOf(reader);
    } catch (e) {
      if (e instanceof Refusal) return answer(e);
      throw e;
    }
    const mdtrtarea = env.mdtrtarea_admvs;
    if (mdtrtarea !== null && /^\d{6}$/.test(mdtrtarea)) admdvs = mdtrtarea;
    const institution = index.institution(env.fixmedins_code);
    if (institution === undefined) return answer(new Refusal('INSTITUTION_UNKNOWN', '定点医药机构编号未登记'));
    admdvs = institution.admdvs;
    if (getMessage(db, env.msgid) !== undefined) {
      log(`${env.infno} ${env.fixmedins_code} ${env.msgid} [DUPLICATE_MSGID]`);
      return answer(new Refusal('DUPLICATE_MSGID', '报文ID重复'));
    }
    const now = clock.now();
    recordMessage(db, env.msgid, env.fixmedins_code, env.infno, formatDateTime(received));
    try {
      // docs/sandbox-policy.md §8: the national limit on `input`, checked before anything is processed.
      if (inputChars(reader.raw('input')) > INPUT_CHAR_LIMIT)
        throw new Refusal('INPUT_TOO_LARGE', `input 超过 ${INPUT_CHAR_LIMIT} 字符`);
      if (env.infno !== '9001') {
        const signin = env.sign_no === null ? undefined : getSignin(db, env.sign_no);
        if (signin === undefined || signin.fixmedins_code !== institution.fixmedins_code || signin.state !== 'active') {
          throw new Refusal('SIGN_NO_INVALID', '签到编号无效，请重新签到');
        }
      }
      const handler = HANDLERS[env.infno];
      if (handler === undefined) throw badInput(`envelope.infno：沙箱不支持交易 ${env.infno}`);
      const input = Reader.of(reader.raw('input'), 'input');
      const ctx: CallContext = {
        db,
        index,
        institution,
        envelope: env,
        msgid: env.msgid,
        now,
        nowText: formatDateTime(now),
        businessDate: now.date,
      };
      // A savepoint: a refusal undoes everything the handler wrote, but not the msgid record.
      const result = db.transaction(() => handler(ctx, input))();
      finishMessage(db, env.msgid, 'ok', null, result.psn_no ?? null, result.ref ?? null);
      log(`${env.infno} ${env.fixmedins_code} ${env.msgid} ok`);
      if (result.file !== undefined) onFile(result.file);
      return answer(result);
    } catch (e) {
      const refusal = e instanceof Refusal ? e : new Refusal('INTERNAL', '沙箱内部错误');
      if (!(e instanceof Refusal))
        log(`${env.infno} ${env.fixmedins_code} ${env.msgid} internal error: ${(e as Error).message}`);
      else log(`${env.infno} ${env.fixmedins_code} ${env.msgid} [${refusal.code}]`);
      finishMessage(db, env.msgid, 'refused', refusal.message, null, null);
      return answer(refusal);
    }
  })();
}
