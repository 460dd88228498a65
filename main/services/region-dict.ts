/**
 * A national dictionary with the region's labels laid over it (region profile `dictionaries`):
 * the services show a province's own names without a branch on the province.
 */
import type { Dict } from '../../shared/dicts/dict';
import type { ServiceDeps } from './service-deps';

/** `base` with the region's labels of dictionary `name` on top (codes the region adds included). */
export function regionDict(deps: Pick<ServiceDeps, 'dictionaries'>, name: string, base: Dict): Dict {
  const own = deps.dictionaries?.[name];
  return own === undefined ? base : { ...base, ...own };
}
