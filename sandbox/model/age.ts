/** Age in full years on a date (1101 `baseinfo.age`, computed on the business date). */
export function ageOn(brdy: string, date: string): number {
  const y = Number(date.slice(0, 4)) - Number(brdy.slice(0, 4));
  return date.slice(5, 10) < brdy.slice(5, 10) ? y - 1 : y;
}
