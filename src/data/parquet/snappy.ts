/**
 * Snappy raw-block decompression (Parquet's SNAPPY codec). Hand-written: the
 * JS ports on npm copy literals byte by byte, and a lake page of prices is
 * almost all literal (doubles barely compress), so block copies here are what
 * make a page cost about a memcpy.
 */

/** Uncompressed length stated in a block's preamble (bytes). */
export function snappyLength(input: Uint8Array): number {
  let v = 0;
  let scale = 1;
  for (let pos = 0; pos < 5 && pos < input.length; pos++) {
    const b = input[pos]!;
    v += (b & 0x7f) * scale;
    if (b < 0x80) return v;
    scale *= 128;
  }
  throw new RangeError('snappy: bad length preamble');
}

/** Decompresses `input` into `output` (at least `snappyLength(input)` bytes); returns the length written. */
export function snappyDecompress(input: Uint8Array, output: Uint8Array): number {
  const end = input.length;
  let pos = 0;
  while (pos < end && input[pos]! >= 0x80) pos++;
  const length = snappyLength(input);
  pos++;
  if (length > output.length)
    throw new RangeError(`snappy: ${length} bytes do not fit a ${output.length}-byte buffer`);
  // Unaligned 4-byte moves: a fifth of the work of a byte loop on the short literals and copies doubles make.
  const iv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const ov = new DataView(output.buffer, output.byteOffset, output.byteLength);
  let out = 0;
  while (pos < end) {
    const tag = input[pos++]!;
    let len: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        len = (tag >>> 2) + 1;
        if (len > 60) {
          const bytes = len - 60;
          if (pos + bytes > end) throw new RangeError('snappy: truncated literal length');
          len = 0;
          for (let i = bytes - 1; i >= 0; i--) len = len * 256 + input[pos + i]!;
          len += 1;
          pos += bytes;
        }
        if (pos + len > end || out + len > length)
          throw new RangeError('snappy: literal runs past the block');
        // A call and a view cost more than a short loop.
        if (len > 64) output.set(input.subarray(pos, pos + len), out);
        else {
          let i = 0;
          for (; i + 4 <= len; i += 4) ov.setUint32(out + i, iv.getUint32(pos + i, true), true);
          for (; i < len; i++) output[out + i] = input[pos + i]!;
        }
        pos += len;
        out += len;
        continue;
      }
      case 1:
        len = ((tag >>> 2) & 7) + 4;
        offset = ((tag >>> 5) << 8) | input[pos++]!;
        break;
      case 2:
        len = (tag >>> 2) + 1;
        offset = input[pos]! | (input[pos + 1]! << 8);
        pos += 2;
        break;
      default:
        len = (tag >>> 2) + 1;
        offset =
          (input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16)) + input[pos + 3]! * 16777216;
        pos += 4;
    }
    if (pos > end) throw new RangeError('snappy: truncated copy');
    if (offset === 0 || offset > out || out + len > length)
      throw new RangeError('snappy: copy outside the block');
    // Copies are ≤ 64 bytes and may overlap their source (a repeated pattern): 4-byte moves read only
    // bytes already written when the pattern is ≥ 4 long.
    const from = out - offset;
    let i = 0;
    if (offset >= 4) for (; i + 4 <= len; i += 4) ov.setUint32(out + i, ov.getUint32(from + i, true), true);
    for (; i < len; i++) output[out + i] = output[from + i]!;
    out += len;
  }
  if (out !== length) throw new RangeError(`snappy: block holds ${out} bytes, preamble says ${length}`);
  return length;
}
