/**
 * Card data ⇄ the line a card reader types into the identify field (docs/protocol.md §6):
 * - social security card: `发卡地区|社会保障号码|卡号|卡识别码|姓名|…`, `|`-separated, the region
 *   being the first 6 characters of the 卡识别码;
 * - resident ID card: the ID number alone.
 * The identify field classifies both (renderer/lib/classify-input.ts), so a reader needs nothing
 * else from the window.
 */
import type { CardData } from './ports';

/** Longest line accepted from a library (bounded input). */
export const MAX_CARD_LINE = 4096;

/** The identify-field text of a card. */
export function cardLine(card: CardData): string {
  if (card.medium === 'id_card') return card.certno;
  return [card.card_sn.slice(0, 6), card.certno, card.cardno, card.card_sn, card.psn_name].join('|');
}

/** Where the fields of a library's output line are (0-based), per output format. */
export interface LineFields {
  readonly certno: number;
  readonly cardno?: number;
  readonly card_sn?: number;
  readonly psn_name?: number;
}

/** The social security card driver's layout (docs/protocol.md §6). */
export const SSC_FIELDS: LineFields = { certno: 1, cardno: 2, card_sn: 3, psn_name: 4 };
/** An ID card line whose first field is the ID number (or the ID number alone). */
export const ID_FIELDS: LineFields = { certno: 0, psn_name: 1 };

/** Reads a library's output line as card data, or null when a field it needs is missing. */
export function parseCardLine(text: string, medium: CardData['medium'], fields: LineFields): CardData | null {
  if (text.length === 0 || text.length > MAX_CARD_LINE) return null;
  const parts = text.split('|').map((p) => p.trim());
  const at = (i: number | undefined): string => (i === undefined ? '' : (parts[i] ?? ''));
  const certno = at(fields.certno);
  const psn_name = at(fields.psn_name);
  if (medium === 'id_card') return certno === '' ? null : { medium, certno, psn_name };
  const cardno = at(fields.cardno);
  const card_sn = at(fields.card_sn);
  if (cardno === '' || card_sn === '') return null;
  return { medium, cardno, card_sn, certno, psn_name };
}
