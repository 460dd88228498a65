/**
 * The upstream layer's own options (docs/architecture.md §1: each layer declares its options; only
 * main/app reads main/config and maps it onto this interface).
 */

/** Everything the upstream client needs to reach and address the insurance platform. */
export interface UpstreamOptions {
  /**
   * Base URL of the platform (docs/his-api.md "Upstream address"): scheme, host, port and an optional
   * path prefix, e.g. `http://10.1.2.3:8080`. The gateway profile appends the path.
   */
  readonly url: string;
  /** Deadline D of one HTTP exchange, in milliseconds (docs/reliability.md §1, R3). */
  readonly timeout_ms: number;
  /** 定点医药机构编号, 12 chars (`H41020200011`); also the first 12 chars of every msgid. */
  readonly fixmedins_code: string;
  /** 定点医药机构名称. */
  readonly fixmedins_name: string;
  /** 就医地医保区划 (6 digits), header `mdtrtarea_admvs` (spelled `admvs`, docs/protocol.md §1.1). */
  readonly mdtrtarea_admvs: string;
  /** Default operator id (经办人/终端编号), header `opter`. */
  readonly opter: string;
  /** Default operator name, header `opter_name`. */
  readonly opter_name: string;
  /** 经办人类别: `1` 经办人, `2` 自助终端, `3` 移动终端. */
  readonly opter_type: string;
  /** Interface version announced by the local bureau, e.g. `V1.0`. */
  readonly infver: string;
  /** Receiving system code, `YBXT` for ordinary trades (docs/protocol.md §1.1). */
  readonly recer_sys_code: string;
  /**
   * Extra host names the client may contact besides the host of `url` (docs/reliability.md §1
   * "Hosts"). Anything else is refused before sending (NOT_SENT).
   */
  readonly allowed_hosts?: readonly string[];
  /** MAC address reported in 9001 `signIn.mac`; default `00-00-00-00-00-00`. */
  readonly mac?: string;
  /** IP address reported in 9001 `signIn.ip`; default `127.0.0.1`. */
  readonly ip?: string;
  /** The gateway in front of the platform (docs/protocol.md §1.3), secrets resolved; default plain. */
  readonly gateway?: GatewaySettings;
  /**
   * Wire variants of transactions (`{"2207": "2207A"}`): the call is sent with the variant's
   * `infno` (and, for tif, its path); the reply is read as the base transaction's.
   */
  readonly variants?: Readonly<Record<string, string>>;
  /**
   * Deadline per transaction, ms, where it differs from `timeout_ms` (from the region profile's
   * timeouts per class). A caller's `ctx.deadlineMs` still wins.
   */
  readonly timeoutFor?: (infno: string) => number | undefined;
  /** False for a transaction the region does not support: the call ends NOT_SENT (`TRANSACTION_NOT_SUPPORTED`). */
  readonly supported?: (infno: string) => boolean;
}

/** One gateway style with its keys, secrets already read (defined in shared: config produces it). */
import type { GatewaySettings } from '../../shared/protocol/gateway-settings';

export type { GatewaySettings };

/** Defaults for the constant header fields (docs/protocol.md §1.1). */
export const UPSTREAM_DEFAULTS = {
  opter_type: '1',
  infver: 'V1.0',
  recer_sys_code: 'YBXT',
} as const;
