/** A small drawing of a dermatoscope (a lit magnifier held on the skin), for the line that explains the word. */

/** Decorative: the text beside it says what it is. */
export function DermatoscopeIcon() {
  return (
    <svg className="dermatoscope-icon" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <circle cx="13" cy="13" r="9.5" fill="#eaf3fb" stroke="currentColor" strokeWidth="2.5" />
      <circle cx="13" cy="13" r="4.5" fill="#b07a52" />
      {/* The ring of lights around the lens. */}
      {[0, 60, 120, 180, 240, 300].map((a) => (
        <circle key={a} cx={13 + 7 * Math.cos((a * Math.PI) / 180)} cy={13 + 7 * Math.sin((a * Math.PI) / 180)} r="1.1" fill="#f0a500" />
      ))}
      <path d="M20 20 L28.5 28.5" stroke="currentColor" strokeWidth="4.5" strokeLinecap="round" />
    </svg>
  );
}
