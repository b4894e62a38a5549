/** Numbers as the page writes them: one rule for every view, so a value reads the same in the list and the sunburst. */

/** How close to 0 or 1 a value must be to read "0%" or "100%": a sum of float32 probabilities is 1 within this. */
const EXACT = 1e-6;

/**
 * A fraction as a percentage. Without `digits` (probabilities): a whole percent that never rounds to false certainty,
 * so values above 0 and below 1% read "<1%" and values above 99% and below 100% read ">99%" (0.996 is ">99%", not
 * "100%"); 0 and 1 read "0%" and "100%". With `digits` (measured statistics): that many decimals, "85.3%".
 * Non-finite input reads "n/a".
 */
export function formatPercent(p: number, digits?: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (digits !== undefined) return `${(p * 100).toFixed(digits)}%`;
  if (Math.abs(p) <= EXACT) return '0%';
  if (Math.abs(p - 1) <= EXACT) return '100%';
  if (p > 0 && p < 0.01) return '<1%';
  if (p > 0.99 && p < 1) return '>99%';
  return `${Math.round(p * 100)}%`;
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** A count as prose writes it: a word up to twelve ("seven diagnoses", from the taxonomy's leaves), digits above. */
export function countWord(n: number): string {
  return WORDS[n] ?? String(n);
}
