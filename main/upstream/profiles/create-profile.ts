/**
 * The one place that turns a configured gateway style into its {@link GatewayProfile}
 * (docs/protocol.md §1.3). Services never see the style: they call the upstream port.
 */
import { createPlainProfile } from '../endpoint';
import type { GatewayProfile } from '../endpoint';
import type { GatewaySettings } from '../options';
import type { Transport } from '../transport';
import { createCsbProfile } from './csb-profile';
import { createSmProfile } from './sm-profile';
import { createTifProfile } from './tif-profile';

/** What every style may need besides its keys. */
export interface ProfileDeps {
  readonly transport: Transport;
  /** Epoch ms of the signing clock (timestamps, token expiry). */
  readonly clock: () => number;
  /** Deadline of a preliminary exchange (the sm token), ms. */
  readonly timeoutMs: number;
  readonly warn?: (message: string) => void;
}

/** The profile of `settings` on base URL `url`. Throws TypeError for an unusable URL. */
export function createGatewayProfile(url: string, settings: GatewaySettings, deps: ProfileDeps): GatewayProfile {
  switch (settings.style) {
    case 'plain':
      return createPlainProfile(url, deps.warn);
    case 'csb':
      return createCsbProfile(url, settings, deps.clock, deps.warn);
    case 'tif':
      return createTifProfile(url, settings, deps.clock, deps.warn);
    case 'sm':
      return createSmProfile(url, settings, {
        transport: deps.transport,
        clock: deps.clock,
        timeoutMs: deps.timeoutMs,
        ...(deps.warn ? { warn: deps.warn } : {}),
      });
    default:
      return assertNever(settings);
  }
}

function assertNever(x: never): never {
  throw new TypeError(`unknown gateway style ${JSON.stringify(x)}`);
}
