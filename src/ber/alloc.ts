/**
 * Small-buffer allocation for the codec's outputs (encoded PDUs, framed PDUs). A fresh
 * `new Uint8Array(n)` costs an off-heap allocation each time; Node's Buffer pool hands out
 * slices of a shared 8 KiB slab for a fraction of that. The result is a plain Uint8Array view,
 * so its `.buffer` may be that shared slab: slice it before transferring the ArrayBuffer.
 */
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(n: number): Uint8Array; poolSize: number } })
  .Buffer;
const POOLED_MAX = NodeBuffer ? NodeBuffer.poolSize >>> 1 : 0;

/** A copy of `src[start, end)` in its own (possibly pooled) memory. */
export function copyBytes(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  let out: Uint8Array;
  if (n > 0 && n < POOLED_MAX) {
    const b = NodeBuffer!.allocUnsafe(n);
    out = new Uint8Array(b.buffer, b.byteOffset, n);
  } else {
    out = new Uint8Array(n);
  }
  out.set(new Uint8Array(src.buffer, src.byteOffset + start, n));
  return out;
}
