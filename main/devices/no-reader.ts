/** The reader when none is configured: every read says so, and the self-test tells IT how to set one up. */
import type { CardReader, CardReadResult, SelfTestStep } from './ports';

/** No card reader. */
export class NoCardReader implements CardReader {
  readonly kind = 'none';

  async read(): Promise<CardReadResult> {
    return { ok: false, code: 'CARD_READER_UNAVAILABLE', detail: '未配置读卡器（devices.card_reader）' };
  }

  async selfTest(): Promise<readonly SelfTestStep[]> {
    return [
      {
        name: '读卡器',
        ok: false,
        detail: '未配置读卡器：请在配置文件的 devices.card_reader 中填写读卡库的路径和函数名',
      },
    ];
  }

  close(): void {}
}
