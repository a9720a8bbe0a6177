// The app's PNG icons, rendered from static/favicon.svg in the system Chromium:
//   node scripts/icons.mjs
// Run it again after changing the favicon and commit the PNGs. The glyph is text, so the PNGs
// are made with a CJK font of this machine (Noto Sans CJK JP when installed), not the visitor's.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

/** The full-bleed background of the maskable and Apple icons: the favicon's own square. */
const BACKGROUND = '#0072b2';
/** Launchers may cut a maskable icon down to the central circle of this radius (of its size). */
const SAFE_RADIUS = 0.4;

/**
 * kind 'any': the favicon as it is (transparent around its rounded corners).
 * kind 'full-bleed': the favicon on a square of its own colour, for launchers that apply their
 * own mask (Android's maskable icons, iOS home screens); only the glyph is left to see, and for
 * maskable it is checked to lie inside the safe zone.
 */
const ICONS = [
  { file: 'icon-192.png', size: 192, kind: 'any' },
  { file: 'icon-512.png', size: 512, kind: 'any' },
  { file: 'icon-maskable-512.png', size: 512, kind: 'full-bleed', safe: true },
  // iOS ignores the manifest's icons and makes transparent pixels black; it rounds the corners itself.
  { file: 'apple-touch-icon.png', size: 180, kind: 'full-bleed' }
];

const svg = readFileSync(path.join(root, 'static', 'favicon.svg'), 'utf8').replace('<svg ', '<svg width="100%" height="100%" ');
const outDir = path.join(root, 'static', 'icons');
mkdirSync(outDir, { recursive: true });

function html({ size, kind }) {
  return `<!doctype html><html lang="ja"><head><style>
    html, body { margin: 0; background: transparent; }
    #icon { width: ${size}px; height: ${size}px; background: ${kind === 'any' ? 'transparent' : BACKGROUND}; }
    svg { display: block; }
    text { font-family: 'Noto Sans CJK JP', 'Hiragino Sans', sans-serif; }
  </style></head><body><div id="icon">${svg}</div></body></html>`;
}

/**
 * What the PNG really contains, measured on its decoded pixels: the corner pixel, and how far
 * from the centre the farthest pixel unlike the background lies (as a share of the size).
 */
async function measure(page, png, background) {
  return page.evaluate(
    async ({ data, background }) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const { data: px, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      const bg = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16));
      let reach = 0;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const off = Math.max(...bg.map((c, k) => Math.abs(px[i + k] - c)));
          if (off > 24) reach = Math.max(reach, Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2) / width);
        }
      return { width, height, corner: [...px.slice(0, 4)], reach };
    },
    { data: png.toString('base64'), background }
  );
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
});
try {
  const context = await browser.newContext({ locale: 'ja-JP', deviceScaleFactor: 1 });
  const page = await context.newPage();
  for (const icon of ICONS) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(html(icon));
    await page.evaluate(() => document.fonts.ready);
    const target = path.join(outDir, icon.file);
    const png = await page.locator('#icon').screenshot({ path: target, omitBackground: icon.kind === 'any' });
    const m = await measure(page, png, BACKGROUND);
    if (m.width !== icon.size || m.height !== icon.size) throw new Error(`${icon.file}: ${m.width}×${m.height}, expected ${icon.size}`);
    if (icon.kind === 'any' && m.corner[3] !== 0) throw new Error(`${icon.file}: the corners should be transparent`);
    if (icon.kind === 'full-bleed' && m.corner[3] !== 255) throw new Error(`${icon.file}: the background should be opaque to the edge`);
    if (icon.safe && m.reach > SAFE_RADIUS) throw new Error(`${icon.file}: the mark reaches ${m.reach.toFixed(3)} of the size from the centre, beyond the safe zone (${SAFE_RADIUS})`);
    console.log(`${path.relative(root, target)}  ${icon.size}×${icon.size}${icon.kind === 'full-bleed' ? `, mark within ${(m.reach * 100).toFixed(0)} % of the size from the centre` : ''}`);
  }
} finally {
  await browser.close();
}
