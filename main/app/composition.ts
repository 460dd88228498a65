export const APP = 1;
