/**
 * Test helper: decodes an 8-bit RGB/RGBA PNG (what Chromium's screenshots are) into
 * pixels, to check a screenshot is not blank.
 */
import zlib from 'node:zlib';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGB(A) rows, `channels` bytes per pixel. */
  readonly data: Uint8Array;
  readonly channels: number;
}

export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      const color = body[9];
      if (depth !== 8 || (color !== 2 && color !== 6) || body[12] !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${color}, interlace ${body[12]})`);
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels]! : 0;
      const b = y > 0 ? data[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels]! : 0;
      let v = raw[src + x]!;
      switch (filter) {
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
      }
      data[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, data, channels };
}

/** Distinct colours and the share of pixels that differ from the most common one. */
export function colourStats(p: Pixels): { colours: number; nonBackground: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < p.data.length; i += p.channels) {
    const key = (p.data[i]! << 16) | (p.data[i + 1]! << 8) | p.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = p.width * p.height;
  const top = Math.max(...counts.values());
  return { colours: counts.size, nonBackground: (total - top) / total };
}
