/**
 * An in-memory MsgidAllocator for tests (the real one is a persisted counter in main/store):
 * `fixmedins_code` + China-time stamp + a 4-digit sequence that increases across the process.
 */
import { chinaStamp14 } from '../../shared/china-time';
import { formatMsgid } from '../../shared/msgid';
import type { MsgidAllocator } from '../../main/upstream/ports';

/** An allocator that also lists what it handed out. */
export interface MemoryMsgidAllocator extends MsgidAllocator {
  readonly issued: readonly string[];
}

/** A fresh allocator for `fixmedinsCode`; `startSeq` lets tests avoid collisions with old data. */
export function createMemoryMsgidAllocator(fixmedinsCode: string, startSeq = 0): MemoryMsgidAllocator {
  let seq = startSeq;
  const issued: string[] = [];
  return {
    issued,
    next: async (nowMs: number) => {
      const id = formatMsgid(fixmedinsCode, chinaStamp14(nowMs), seq % 10_000);
      seq += 1;
      issued.push(id);
      return id;
    },
  };
}
