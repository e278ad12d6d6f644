import { deflateSync } from 'node:zlib';

/** Teams' icon rules: a 192×192 full-colour icon, and a 32×32 outline in white on a transparent background. */
export const ICON_SIZES = { color: 192, outline: 32 } as const;
export const ACCENT = { r: 0x1f, g: 0x4e, b: 0x79 } as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels (row by row) → PNG bytes: 8-bit RGBA, no filtering, one IDAT. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0;
    rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

const between = (v: number, lo: number, hi: number) => v >= lo && v <= hi;

/** The gatehouse glyph on the unit square: two crenellated towers joined by a wall with an arched gate. */
export function inGlyph(x: number, y: number): boolean {
  const towers = (between(x, 0.14, 0.34) || between(x, 0.66, 0.86)) && between(y, 0.3, 0.88);
  const merlons =
    [0.14, 0.26, 0.66, 0.78].some((left) => between(x, left, left + 0.08)) && between(y, 0.18, 0.3);
  const wall = between(x, 0.34, 0.66) && between(y, 0.4, 0.88);
  const gate = (between(x, 0.42, 0.58) && y >= 0.6) || (x - 0.5) ** 2 + (y - 0.6) ** 2 <= 0.08 ** 2;
  return towers || merlons || (wall && !gate);
}

/** How much of pixel (px, py) the glyph covers, 0..1, from a 4×4 supersample within `inset` margins. */
function coverage(px: number, py: number, size: number, inset: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++)
    for (let sx = 0; sx < 4; sx++) {
      const u = ((px + (sx + 0.5) / 4) / size - inset) / (1 - 2 * inset);
      const v = ((py + (sy + 0.5) / 4) / size - inset) / (1 - 2 * inset);
      if (between(u, 0, 1) && between(v, 0, 1) && inGlyph(u, v)) hits++;
    }
  return hits / 16;
}

/** The colour icon: the white glyph on the accent colour, edge to edge. */
export function drawColorIcon(): Buffer {
  const size = ICON_SIZES.color;
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, 0.16);
      const i = (y * size + x) * 4;
      px[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * a);
      px[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * a);
      px[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * a);
      px[i + 3] = 255;
    }
  return encodePng(size, size, px);
}

/** The outline icon: the glyph in white, everything else transparent. */
export function drawOutlineIcon(): Buffer {
  const size = ICON_SIZES.outline;
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      px.set([255, 255, 255, Math.round(255 * coverage(x, y, size, 0.06))], i);
    }
  return encodePng(size, size, px);
}
