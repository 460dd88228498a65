/**
 * 9102 文件下载 (docs/protocol.md §2.7, docs/sandbox-policy.md §7): `fsDownloadIn {file_qury_no, filename,
 * fixmedins_code}`. A found file comes back as the raw HTTP body, not an envelope; the upstream
 * client hands it over as `{file_text}` (UTF-8). An unknown number is an ordinary refused envelope.
 */
import { z } from '../zod';

/** Input of 9102. */
export interface Input9102 {
  readonly fsDownloadIn: {
    readonly file_qury_no: string;
    readonly filename: string;
    readonly fixmedins_code: string;
  };
}

/** Request fields of 9102 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_9102 = [] as const;

/** The downloaded file as the client hands it over. */
export const Output9102Schema = z.object({ file_text: z.string() });

/** Output of 9102. */
export type Output9102 = z.output<typeof Output9102Schema>;
