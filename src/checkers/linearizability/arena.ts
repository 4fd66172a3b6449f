/**
 * Typed arrays for one check, carved out of a few shared buffers.
 *
 * Why: creating a typed array allocates a backing store outside the JavaScript heap, which costs
 * about a microsecond, and a partition's search needs about a dozen small arrays. On the small
 * histories that are checked most often (a few dozen operations per partition) those allocations
 * took most of the time of a check; a view of an existing buffer costs a fraction of that.
 */

/** Every view starts on an 8-byte boundary, so Float64 views fit anywhere. */
const ALIGNMENT_BYTES = 8;
/** Smallest buffer the arena allocates. */
const MIN_CHUNK_BYTES = 4096;
const NO_BYTES = new ArrayBuffer(0);
/** Largest buffer kept from one check for the next (see {@link TypedArena.recycle}). */
const SPARE_MAX_BYTES = 1 << 20;

/**
 * The last check's buffer, zero-filled, for the next check's arena: a check whose configuration
 * cache grows to a few thousand entries would otherwise allocate (and the garbage collector
 * free) several fresh buffers every time. Never shared: an arena takes it and leaves nothing.
 */
let spare: ArrayBuffer | undefined;

export class TypedArena {
  /** Allocated at the first request, so a check that needs no array allocates nothing. */
  private buffer = NO_BYTES;
  private usedBytes = 0;

  /** `expectedBytes`: what the caller expects to take in total (one buffer when it is right). */
  constructor(private readonly expectedBytes: number) {}

  /** Zero-filled. */
  int32(length: number): Int32Array {
    const offset = this.take(length * 4);
    return new Int32Array(this.buffer, offset, length);
  }

  /** Zero-filled. */
  uint8(length: number): Uint8Array {
    const offset = this.take(length);
    return new Uint8Array(this.buffer, offset, length);
  }

  /** Zero-filled. */
  float64(length: number): Float64Array {
    const offset = this.take(length * 8);
    return new Float64Array(this.buffer, offset, length);
  }

  /**
   * Gives the current buffer to the next check, zero-filled, when it is the largest one on offer.
   * The caller must hold no view of this arena any more (the arena starts over, empty).
   */
  recycle(): void {
    const buffer = this.buffer;
    if (buffer.byteLength <= SPARE_MAX_BYTES && (spare === undefined || spare.byteLength < buffer.byteLength)) {
      new Uint8Array(buffer, 0, this.usedBytes).fill(0);
      spare = buffer;
    }
    this.buffer = NO_BYTES;
    this.usedBytes = 0;
  }

  /** Reserves `bytes` in the current buffer, or in a fresh one when it is full; returns the offset. */
  private take(bytes: number): number {
    const size = roundUp(bytes);
    if (this.usedBytes + size > this.buffer.byteLength) {
      const first = this.buffer === NO_BYTES;
      const wanted = Math.max(MIN_CHUNK_BYTES, size, first ? roundUp(this.expectedBytes) : 2 * this.buffer.byteLength);
      if (spare !== undefined && spare.byteLength >= wanted) {
        this.buffer = spare;
        spare = undefined;
      } else {
        this.buffer = new ArrayBuffer(wanted);
      }
      this.usedBytes = 0;
    }
    const offset = this.usedBytes;
    this.usedBytes += size;
    return offset;
  }
}

function roundUp(bytes: number): number {
  return Math.ceil(bytes / ALIGNMENT_BYTES) * ALIGNMENT_BYTES;
}
