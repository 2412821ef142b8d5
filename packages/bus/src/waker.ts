/** A sleep that `wake()` cuts short; used by loops that poll but should react at once. */
export class Waker {
  #wake: (() => void) | undefined;
  #pending = false;

  /** Resolves after `ms`, or as soon as `wake()` is called (also if it was called before). */
  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }

  wake(): void {
    if (this.#wake) this.#wake();
    else this.#pending = true;
  }
}
