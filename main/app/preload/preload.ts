export const PRELOAD = 1;
