/**
 * Draws Inkwell's icon (an ink drop on a rounded square) at every size the
 * manifest needs, as PNG, with no image library: shapes are signed-distance
 * tests, supersampled for anti-aliasing. Run once when the design changes;
 * the PNGs are committed as source assets.
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZES = [16, 32, 48, 128];
const INK: [number, number, number] = [35, 131, 226];

function coverage(x: number, y: number): { square: boolean; drop: boolean } {
  // Coordinates in [0,1]. Rounded square with radius 0.22.
  const r = 0.22;
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  const square = dx * dx + dy * dy <= r * r;
  // Ink drop: a circle at the bottom joined to a point at the top.
  const cx = 0.5, cy = 0.6, cr = 0.2, tipY = 0.18;
  const inCircle = (x - cx) ** 2 + (y - cy) ** 2 <= cr * cr;
  const t = (y - tipY) / (cy - tipY);
  const halfWidth = t > 0 && t <= 1 ? cr * t ** 1.4 : 0;
  const drop = inCircle || (t > 0 && t <= 1 && Math.abs(x - cx) <= halfWidth);
  return { square, drop };
}

function render(size: number): Buffer {
  const samples = 4;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let squareHits = 0, dropHits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = coverage((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (c.square) squareHits++;
          if (c.square && c.drop) dropHits++;
        }
      }
      const total = samples * samples;
      const a = squareHits / total, d = squareHits ? dropHits / squareHits : 0;
      const o = py * (size * 4 + 1) + 1 + px * 4;
      raw[o] = Math.round(INK[0] * (1 - d) + 255 * d);
      raw[o + 1] = Math.round(INK[1] * (1 - d) + 255 * d);
      raw[o + 2] = Math.round(INK[2] * (1 - d) + 255 * d);
      raw[o + 3] = Math.round(a * 255);
    }
  }
  return png(size, raw);
}

function png(size: number, raw: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

for (const size of SIZES) writeFileSync(new URL(`../icons/icon-${size}.png`, import.meta.url), render(size));
console.log(`wrote icons/icon-{${SIZES.join(",")}}.png`);
