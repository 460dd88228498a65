export const UPSTREAM_LAYER = "upstream";
