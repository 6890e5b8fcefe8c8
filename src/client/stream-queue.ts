/**
 * The hand-off between a transport pushing results and an async iterator pulling them, with
 * backpressure: past `high` queued items the producer is paused until the consumer is back
 * down to `low`, so memory stays flat however large the result and however slow the loop.
 */
export class StreamQueue<T> {
  #items: T[] = [];
  #head = 0;
  #wake: (() => void) | undefined;
  #ended = false;
  #failure: unknown;
  #paused = false;

  constructor(
    private readonly pause: () => void = () => undefined,
    private readonly resume: () => void = () => undefined,
    private readonly high = 2000,
    private readonly low = 200,
  ) {}

  get ended(): boolean {
    return this.#ended;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
    if (!this.#paused && this.size >= this.high) {
      this.#paused = true;
      this.pause();
    }
    this.#wake?.();
  }

  /** No more items; with `failure`, the iterator throws it after the queued items. */
  end(failure?: unknown): void {
    this.#ended = true;
    this.#failure = failure;
    this.#wake?.();
  }

  #take(): T {
    const item = this.#items[this.#head] as T;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head); // drop the consumed prefix without O(n) shifts
      this.#head = 0;
    }
    if (this.#paused && this.size <= this.low) {
      this.#paused = false;
      this.resume();
    }
    return item;
  }

  async *drain(): AsyncGenerator<T, void> {
    try {
      for (;;) {
        while (this.size > 0) yield this.#take();
        if (this.#ended) break;
        await new Promise<void>((r) => (this.#wake = r));
        this.#wake = undefined;
      }
      if (this.#failure !== undefined) throw this.#failure;
    } finally {
      if (this.#paused) {
        this.#paused = false;
        this.resume();
      }
    }
  }
}
