// Arabic counts take one of four noun forms: 1, 2, 3–10 and 11+ (as the last two digits decide).
export function arabicCount(n: number, one: string, two: string, few: string, many: string): string {
  if (n === 1) return one;
  if (n === 2) return two;
  const mod = n % 100;
  return `${n} ${mod >= 3 && mod <= 10 ? few : many}`;
}
