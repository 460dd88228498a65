/** The gateway's refusal answer: the table's status and `{"infcode": -1, "err_msg": "[CODE] 中文说明"}`. */
import type { ServerResponse } from 'node:http';
import { GATEWAY_REFUSALS, type GatewayRefusalCode } from '../../shared/protocol/gateway-refusals';
import { sendJson } from '../http/body';

/** Why a request was refused (the code, plus a detail for the sandbox log). */
export interface Refusal {
  readonly code: GatewayRefusalCode;
  readonly detail: string;
}

/** A refusal. */
export function refuse(code: GatewayRefusalCode, detail: string): Refusal {
  return { code, detail };
}

/** Sends the refusal. */
export function sendRefusal(res: ServerResponse, r: Refusal): void {
  const { status, text } = GATEWAY_REFUSALS[r.code];
  sendJson(res, status, { infcode: -1, err_msg: `[${r.code}] ${text}` });
}
