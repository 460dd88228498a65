export const RENDERER = 1;
