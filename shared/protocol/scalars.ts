/**
 * Scalar text types of the national interface, as sent in requests (docs/protocol.md §4). They are
 * plain strings at run time; the aliases document the expected form and precision. Fields of
 * these types listed in `NUMERIC_REQUEST_FIELDS` are emitted as exact JSON number literals by the
 * upstream client; everything else is sent as a JSON string.
 */

/** Money, numeric(16,2): a decimal string with exactly 2 places, such as `"41509.00"`, `"-25.10"`. */
export type AmountText = string;

/** A unit price (`pric`, `pric_uplmt_amt`), numeric(16,6): a decimal string with at most 6 places. */
export type PriceText = string;

/** A quantity (`cnt`), numeric(16,4): a decimal string with at most 4 places; negative only on refund lines. */
export type QuantityText = string;

/** A ratio (`selfpay_prop`, `pool_prop_selfpay`), numeric(5,4): a decimal string such as `"0.1000"`. */
export type RatioText = string;

/** A decimal string of another precision (`prd_days` 4,2). */
export type DecimalText = string;

/** 日期型: `yyyy-MM-dd`, China time. */
export type DateText = string;

/** 日期时间型: `yyyy-MM-dd HH:mm:ss`, China time (UTC+8). */
export type DateTimeText = string;

/** A yes/no flag: `"0"` 否, `"1"` 是. */
export type FlagText = '0' | '1';

/** 经办人类别: `1` 经办人, `2` 自助终端, `3` 移动终端 (docs/protocol.md §1.1). */
export type OpterType = '1' | '2' | '3';
