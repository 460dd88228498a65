/**
 * The region profiles shipped with the app, by id (the file name). Add a region: drop
 * `<id>.json` here, import it below, and the schema test covers it (main/config/README.md).
 */
import csbReference from './csb-reference.json';
import nationalDefault from './national-default.json';
import smReference from './sm-reference.json';
import tifReference from './tif-reference.json';

/** Raw (not yet validated) profiles by id; `regionProfile(id)` validates. */
export const SHIPPED_REGIONS: Readonly<Record<string, unknown>> = {
  'national-default': nationalDefault,
  'csb-reference': csbReference,
  'tif-reference': tifReference,
  'sm-reference': smReference,
};
