/**
 * Card readers (docs/architecture.md §1 "Ports"): what the services and the window see of a reader. A
 * reader yields the card's data; `card-line.ts` turns it into the text a keyboard-wedge reader would
 * type into the identify field (docs/protocol.md §6), so every reader feeds the same identify path.
 */

/** The data of one card as read. */
export type CardData =
  /** 社会保障卡: 卡号 (mdtrt_cert_no of `03`), 卡识别码 (card_sn), 社会保障号码 (= ID number), 姓名. */
  | {
      readonly medium: 'ssc';
      readonly cardno: string;
      readonly card_sn: string;
      readonly certno: string;
      readonly psn_name: string;
    }
  /** 居民身份证: the ID number (mdtrt_cert_no of `02`) and the name. */
  | { readonly medium: 'id_card'; readonly certno: string; readonly psn_name: string };

/** Why a read gave no card: no card on the reader (the cashier acts), or no usable reader (IT acts). */
export type CardReadFailure = 'CARD_READ_FAILED' | 'CARD_READER_UNAVAILABLE';

/** The outcome of one read; `detail` is for IT (the library's return code, the missing function …). */
export type CardReadResult =
  | { readonly ok: true; readonly card: CardData }
  | { readonly ok: false; readonly code: CardReadFailure; readonly detail: string };

/** One step of a device self-test. */
export interface SelfTestStep {
  readonly name: string;
  readonly ok: boolean;
  /** Plain Chinese for IT; never card data in the clear. */
  readonly detail: string;
}

/** A card reader. */
export interface CardReader {
  /** `none`, `simulated` or `library`: what IT configured. */
  readonly kind: string;
  /** Reads the card on the reader; bounded in time, never throws. */
  read(): Promise<CardReadResult>;
  /** Checks the reader step by step (load, functions, one read); never throws. */
  selfTest(): Promise<readonly SelfTestStep[]>;
  /** Releases the library or device. */
  close(): void;
}
