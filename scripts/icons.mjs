/**
 * Draws the installed app's icons (public/icons/) from the favicon's design, a brown spot on a skin-coloured disc:
 * 192 and 512 px on a transparent ground, and a 512 px maskable one on the theme colour with the disc inside the
 * central 80% safe zone (https://www.w3.org/TR/appmanifest/#icon-masks). Run: node scripts/icons.mjs
 */
import fs from 'node:fs';
import { PNG } from 'pngjs';

const SKIN = [0xf1, 0xd3, 0xc2];
const SPOT = [0x7a, 0x4b, 0x34];
const THEME = [0x1f, 0x3b, 0x57];

/** One icon: the favicon's two discs at `scale` of the half side, over `ground` (null: transparent), 4x4 supersampled. */
function icon(side, scale, ground) {
  const png = new PNG({ width: side, height: side });
  const c = side / 2;
  const r1 = (15 / 16) * c * scale;
  const r2 = (7 / 16) * c * scale;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const d = Math.hypot(x + (sx + 0.5) / 4 - c, y + (sy + 0.5) / 4 - c);
          const col = d <= r2 ? SPOT : d <= r1 ? SKIN : ground;
          if (!col) continue;
          acc[0] += col[0];
          acc[1] += col[1];
          acc[2] += col[2];
          acc[3] += 1;
        }
      }
      const i = (y * side + x) * 4;
      png.data[i] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
      png.data[i + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
      png.data[i + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
      png.data[i + 3] = Math.round((acc[3] / 16) * 255);
    }
  }
  return PNG.sync.write(png);
}

fs.mkdirSync('public/icons', { recursive: true });
fs.writeFileSync('public/icons/icon-192.png', icon(192, 1, null));
fs.writeFileSync('public/icons/icon-512.png', icon(512, 1, null));
fs.writeFileSync('public/icons/icon-maskable-512.png', icon(512, 0.8, THEME));
console.log('wrote public/icons/icon-192.png, icon-512.png, icon-maskable-512.png');
