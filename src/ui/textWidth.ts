/**
 * Text width without a DOM, for layouts computed in pure functions (sunburst labels, chart axes) and tested in
 * Node. Advances are DejaVu Sans's, the widest of the faces `system-ui` resolves to (Linux; Segoe UI, San Francisco
 * and Roboto are narrower), measured with canvas measureText at 100 px, so an estimate errs wide elsewhere.
 */

/** Advance widths in hundredths of an em of the printable ASCII characters, space (32) to tilde (126). */
const REGULAR =
  '32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,53,100,68,69,70,77,63,58,77,75,29,29,66,56,86,75,79,60,79,69,63,61,73,68,99,69,61,69,39,34,39,84,50,50,61,63,55,63,62,35,63,63,28,28,58,28,97,63,61,63,63,41,52,39,63,59,82,59,59,52,64,34,64,84';
/** The same in the semibold and bold (600 and 700 render alike). */
const BOLD =
  '35,46,52,84,70,100,87,31,46,46,52,84,38,42,38,37,70,70,70,70,70,70,70,70,70,70,40,40,84,84,84,58,100,77,76,73,83,68,68,82,84,37,37,77,64,100,84,85,73,85,77,72,68,81,77,110,77,72,73,46,37,46,84,50,50,67,72,59,72,68,44,72,71,34,34,67,34,104,71,69,72,72,49,60,48,71,65,92,65,65,58,71,37,71,84';
const table = (s: string): number[] => s.split(',').map((v) => Number(v) / 100);
const ADVANCE = { regular: table(REGULAR), bold: table(BOLD) };
/** A few characters the page writes outside ASCII; anything else counts as a wide letter. */
const OTHER: Record<string, number> = { '…': 1, '−': 0.84, '–': 0.5, '×': 0.84, '≥': 0.84, '’': 0.32 };

/** Estimated width of `text` in pixels at `fontSize`, in the regular or the bold face. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const advances = bold ? ADVANCE.bold : ADVANCE.regular;
  let em = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    em += (code >= 32 && code <= 126 ? advances[code - 32] : OTHER[ch]) ?? (bold ? 0.85 : 0.78);
  }
  return em * fontSize;
}
