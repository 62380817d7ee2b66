// Draws media/icon.png (128×128, the Marketplace icon) from the shapes of
// media/nb2prod.svg: the notebook, the arrow and the production bar, in white on a
// rounded orange square. No image tool is needed: shapes are signed-distance
// functions, sampled 4×4 per pixel for smooth edges, written as a PNG with zlib.
// Run `node scripts/make-icon.mjs` after changing the glyph.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SCALE = 4.2; // px per unit of the 24×24 glyph
const OFFSET = (SIZE - 24 * SCALE) / 2;
const STROKE = 1.6 / 2; // half the stroke width, in glyph units

const segment = (px, py, ax, ay, bx, by) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
};
const roundRect = (px, py, x, y, w, h, r) => {
  const qx = Math.abs(px - (x + w / 2)) - (w / 2 - r), qy = Math.abs(py - (y + h / 2)) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

/** The glyph of media/nb2prod.svg: true where a stroke covers the point (glyph units). */
function glyph(x, y) {
  const strokes = [
    Math.abs(roundRect(x, y, 3, 3, 8, 18, 1.5)),
    segment(x, y, 5.5, 7, 8.5, 7), segment(x, y, 5.5, 10, 8.5, 10), segment(x, y, 5.5, 13, 8.5, 13),
    segment(x, y, 13, 12, 18, 12), segment(x, y, 16, 9, 19, 12), segment(x, y, 19, 12, 16, 15),
    Math.abs(roundRect(x, y, 19, 6, 2, 12, 1)),
  ];
  return Math.min(...strokes) <= STROKE;
}

const BACKGROUND = [0xe8, 0x59, 0x0c];
const pixels = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  pixels[py * (SIZE * 4 + 1)] = 0; // PNG filter: none
  for (let px = 0; px < SIZE; px++) {
    let inside = 0, white = 0;
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const x = px + (sx + 0.5) / 4, y = py + (sy + 0.5) / 4;
        if (roundRect(x, y, 0, 0, SIZE, SIZE, 24) > 0) continue;
        inside++;
        if (glyph((x - OFFSET) / SCALE, (y - OFFSET) / SCALE)) white++;
      }
    }
    const at = py * (SIZE * 4 + 1) + 1 + px * 4;
    const w = inside ? white / inside : 0;
    for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(BACKGROUND[c] * (1 - w) + 255 * w);
    pixels[at + 3] = Math.round((inside / 16) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
writeFileSync('media/icon.png', Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header), chunk('IDAT', deflateSync(pixels, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
]));
