/**
 * Builds the window's card reader from configuration (`devices.card_reader`, main/devices/README.md):
 * none, the simulated reader holding a scenario's persons' cards (training's default), or a vendor
 * library through FFI with the path chosen for this platform.
 */
import { readFileSync } from 'node:fs';
import type { CardReaderConfig } from '../config/config-schema';
import type { CardReader } from '../devices/ports';
import { LibraryCardReader } from '../devices/library-reader';
import { NoCardReader } from '../devices/no-reader';
import { SimulatedCardReader, type SimulatedCard } from '../devices/simulated-reader';
import { AppError } from '../../shared/errors/app-error';

/** The cards of a scenario file's persons: each ID card, and each social security card. */
export function scenarioCards(file: string): SimulatedCard[] {
  const s = JSON.parse(readFileSync(file, 'utf8')) as {
    persons?: { psn_no: string; certno: string; psn_name: string; ssc?: { cardno: string; card_sn: string } | null }[];
  };
  return (s.persons ?? []).flatMap((p): SimulatedCard[] => [
    ...(p.ssc
      ? [
          {
            psn_no: p.psn_no,
            card: {
              medium: 'ssc' as const,
              cardno: p.ssc.cardno,
              card_sn: p.ssc.card_sn,
              certno: p.certno,
              psn_name: p.psn_name,
            },
          },
        ]
      : []),
    { psn_no: p.psn_no, card: { medium: 'id_card' as const, certno: p.certno, psn_name: p.psn_name } },
  ]);
}

/** The library path for `platform` (a string serves every platform). */
export function libraryPathFor(
  library: string | { readonly win32?: string; readonly linux?: string; readonly darwin?: string },
  platform: string,
): string | null {
  if (typeof library === 'string') return library;
  return (library as Record<string, string | undefined>)[platform] ?? null;
}

/**
 * The reader. `trainingScenario`: the training scenario file (training mode), whose cards the
 * simulated reader holds when nothing else is configured.
 */
export function createCardReader(
  cfg: CardReaderConfig | undefined,
  trainingScenario: string | null,
  demoScenario: string,
  platform: string = process.platform,
): CardReader {
  const c: CardReaderConfig = cfg ?? (trainingScenario !== null ? { kind: 'simulated' } : { kind: 'none' });
  switch (c.kind) {
    case 'none':
      return new NoCardReader();
    case 'simulated':
      return new SimulatedCardReader(scenarioCards(c.scenario ?? trainingScenario ?? demoScenario), c.card);
    case 'library': {
      const path = libraryPathFor(c.library, platform);
      if (path === null)
        throw new AppError('CONFIG_INVALID', {
          message: `devices.card_reader.library：没有为本机平台（${platform}）配置读卡库路径。`,
        });
      return new LibraryCardReader({
        path,
        function: c.function,
        layout: c.layout,
        card_type: c.card_type,
        buffer_bytes: c.buffer_bytes,
        encoding: c.encoding,
        medium: c.medium,
        convention: c.convention,
        timeout_ms: c.timeout_ms,
        ...(c.fields ? { fields: c.fields } : {}),
        ...(c.init_function ? { init_function: c.init_function } : {}),
      });
    }
  }
}
