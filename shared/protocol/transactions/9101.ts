/**
 * 9101 文件上传 (docs/protocol.md §2.7, docs/sandbox-policy.md §7): `fsUploadIn {in, filename,
 * fixmedins_code}`; `in` is the file's bytes (here Base64 text; Java/C# clients send a byte array).
 */
import { dateText, idString, textString } from '../wire-values';
import { z } from '../zod';

/** Input of 9101. */
export interface Input9101 {
  readonly fsUploadIn: {
    readonly in: string | readonly number[];
    readonly filename: string;
    readonly fixmedins_code: string;
  };
}

/** Request fields of 9101 sent as JSON number literals (none). */
export const NUMERIC_REQUEST_FIELDS_9101 = [] as const;

/** Output of 9101. */
export const Output9101Schema = z.object({
  file_qury_no: idString,
  filename: textString,
  dld_endtime: dateText.optional(),
});

/** Output of 9101. */
export type Output9101 = z.output<typeof Output9101Schema>;
