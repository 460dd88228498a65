/**
 * The simulated card reader of training mode and the tests: it holds the scenario persons' cards
 * (ID cards and social security cards) and "reads" the card placed on it, by default the first
 * social security card. Nothing here knows the scenario format: main/app hands over the cards.
 */
import type { CardData, CardReader, CardReadResult, SelfTestStep } from './ports';

/** A card the simulated reader can hold, named by its holder's psn_no. */
export interface SimulatedCard {
  readonly psn_no: string;
  readonly card: CardData;
}

/** The simulated reader. */
export class SimulatedCardReader implements CardReader {
  readonly kind = 'simulated';
  private placed: SimulatedCard | undefined;

  /** `placed`: the psn_no whose card lies on the reader (default: the first social security card). */
  constructor(
    private readonly cards: readonly SimulatedCard[],
    placed?: string,
  ) {
    this.placed =
      placed !== undefined
        ? cards.find((c) => c.psn_no === placed)
        : (cards.find((c) => c.card.medium === 'ssc') ?? cards[0]);
  }

  /** Puts the card of `psn_no` (of the given medium, if it has both) on the reader; false when there is none. */
  place(psn_no: string, medium?: CardData['medium']): boolean {
    const c = this.cards.find((x) => x.psn_no === psn_no && (medium === undefined || x.card.medium === medium));
    if (c) this.placed = c;
    return c !== undefined;
  }

  /** Takes the card away (the next read finds none). */
  remove(): void {
    this.placed = undefined;
  }

  async read(): Promise<CardReadResult> {
    if (!this.placed) return { ok: false, code: 'CARD_READ_FAILED', detail: '模拟读卡器上没有卡' };
    return { ok: true, card: this.placed.card };
  }

  async selfTest(): Promise<readonly SelfTestStep[]> {
    const r = await this.read();
    return [
      { name: '读卡器', ok: true, detail: `模拟读卡器（培训与测试用），持有 ${this.cards.length} 张演示卡` },
      { name: '读卡', ok: r.ok, detail: r.ok ? `读到${r.card.medium === 'ssc' ? '社保卡' : '身份证'}` : r.detail },
    ];
  }

  close(): void {
    this.placed = undefined;
  }
}
