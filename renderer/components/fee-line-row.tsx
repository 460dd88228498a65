/**
 * One fee line (ui-contract `fee-line`, data-feedetl-sn): the bill figures, then the adapter's
 * preview split and the platform's split side by side (D-15); cells that differ are marked.
 */
import type { FeeLineView, LineSplitView } from '../../shared/api/views';
import { amountsDiffer, displayDecimal } from '../lib/amount';
import { Amount } from './amount';
import { attentionName } from '../lib/labels';
import { differenceNotes } from '../lib/difference-notes';

/** The four split parts, in the order shown. */
export const SPLIT_FIELDS = ['fulamt_ownpay_amt', 'overlmt_amt', 'preselfpay_amt', 'inscp_scp_amt'] as const;

/** Props of `FeeLineRow`. */
export interface FeeLineRowProps {
  readonly line: FeeLineView;
}

function SplitCells({
  split,
  other,
  side,
}: {
  readonly split: LineSplitView | undefined;
  readonly other: LineSplitView | undefined;
  readonly side: string;
}) {
  return (
    <>
      {SPLIT_FIELDS.map((f) => {
        const differs = split !== undefined && other !== undefined && amountsDiffer(split[f], other[f]);
        return (
          <td key={`${side}-${f}`} className={`split ${side} ${differs ? 'differs' : ''}`} data-field={f}>
            {split ? <Amount value={split[f]} /> : <span className="none">—</span>}
          </td>
        );
      })}
    </>
  );
}

/** The row. */
export function FeeLineRow({ line }: FeeLineRowProps) {
  const reasons = differenceNotes(line.differences ?? []);
  const attention = line.preview?.attention ?? [];
  return (
    <tr
      className={`fee-line ${reasons.length > 0 ? 'has-differences' : ''}`}
      data-testid="fee-line"
      data-feedetl-sn={line.feedetl_sn}
    >
      <td className="sn">{line.feedetl_sn}</td>
      <td className="name">
        {line.name}
        {line.platform?.chrgitm_lv ? <span className="lv">{levelName(line.platform.chrgitm_lv)}</span> : null}
        {attention.length > 0 ? <span className="attention">{attention.map(attentionName).join('、')}</span> : null}
      </td>
      <td className="num" data-testid="fee-cnt">
        {displayDecimal(line.cnt, 4)}
      </td>
      <td className="num" data-testid="fee-pric">
        {displayDecimal(line.pric, 6)}
      </td>
      <td className="num">
        <Amount value={line.det_item_fee_sumamt} />
      </td>
      <SplitCells split={line.preview} other={line.platform} side="preview" />
      <SplitCells split={line.platform} other={line.preview} side="platform" />
      <td
        className="reasons"
        data-testid="fee-reasons"
        title={reasons
          .map((r) => r.code)
          .filter(Boolean)
          .join(' ')}
      >
        {reasons.map((r) => r.text).join('；')}
      </td>
    </tr>
  );
}

/** 甲/乙/丙 class of an item (chrgitm_lv 01/02/03). */
function levelName(lv: string): string {
  return lv === '01' ? '甲' : lv === '02' ? '乙' : lv === '03' ? '丙' : lv;
}
