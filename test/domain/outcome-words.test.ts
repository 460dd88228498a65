/** Plain Chinese for why a call's outcome is unknown or not sent (D-22): no raw error codes for the cashier. */
import { describe, expect, it } from 'vitest';
import { outcomeWords } from '../../main/services/outcome-words';

describe('outcome words', () => {
  it('names transport failures plainly', () => {
    expect(outcomeWords({ reason: 'transport-error', transportError: 'ECONNRESET' })).toBe('连接被中断');
    expect(outcomeWords({ reason: 'transport-error', transportError: 'ERR_CANCELED' })).toBe('等待平台响应超时');
    expect(outcomeWords({ reason: 'no-connection', transportError: 'ECONNREFUSED' })).toBe('连不上平台');
  });
  it('names unreadable replies and HTTP errors, with the status for IT', () => {
    expect(outcomeWords({ reason: 'http-status', httpStatus: 502 })).toBe('平台服务出错（HTTP 502）');
    expect(outcomeWords({ reason: 'not-json' })).toBe('平台返回的内容无法识别');
    expect(outcomeWords({ reason: 'something-new' })).toBe('网络或平台异常');
  });
  it('never shows a raw code', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_BAD_RESPONSE', 'ENOTFOUND']) {
      expect(outcomeWords({ reason: 'transport-error', transportError: code })).not.toMatch(/[A-Z_]{4,}/);
    }
  });
});
