// Signals: a sender notifies any number of async receivers (Django's dispatcher).
// Layer 1. Model signals (preSave, postSave, ...) and request signals are instances of Signal.

/** A receiver gets the sender and the signal's named arguments. */
export type Receiver<S = unknown, A = Record<string, unknown>> = (args: A & { sender: S; signal: Signal<S, A> }) => unknown;

interface Connection<S, A> {
  receiver: Receiver<S, A>;
  sender: S | undefined;
  uid: unknown;
  once: boolean;
}

/**
 * A signal that receivers connect to and senders send.
 *
 * Receivers may be async; `send` awaits them in connection order. An exception in a receiver
 * propagates out of `send` (use `sendRobust` to collect errors instead).
 *
 * @example
 * const pizzaDone = new Signal<typeof Pizza, { toppings: string[] }>();
 * pizzaDone.connect(async ({ sender, toppings }) => log(toppings), { sender: Pizza });
 * await pizzaDone.send(Pizza, { toppings: ['ham'] });
 */
export class Signal<S = unknown, A = Record<string, unknown>> {
  #receivers: Connection<S, A>[] = [];

  /**
   * Connect a receiver, optionally only for one sender. Connecting the same receiver (or the
   * same `dispatchUid`) twice for the same sender is a no-op. Returns a function that disconnects.
   */
  connect(receiver: Receiver<S, A>, options: { sender?: S; dispatchUid?: unknown; once?: boolean } = {}): () => boolean {
    const uid = options.dispatchUid ?? receiver;
    const exists = this.#receivers.some((c) => c.uid === uid && c.sender === options.sender);
    if (!exists) {
      this.#receivers.push({ receiver, sender: options.sender, uid, once: options.once ?? false });
    }
    return () => this.disconnect(receiver, options);
  }

  /** Disconnect a receiver (or a `dispatchUid`); return whether one was connected. */
  disconnect(receiver?: Receiver<S, A>, options: { sender?: S; dispatchUid?: unknown } = {}): boolean {
    const uid = options.dispatchUid ?? receiver;
    const before = this.#receivers.length;
    this.#receivers = this.#receivers.filter((c) => !(c.uid === uid && c.sender === options.sender));
    return this.#receivers.length !== before;
  }

  /** Whether any receiver would get a signal sent by `sender`. */
  hasListeners(sender?: S): boolean {
    // A plain loop: asked per request and per save, it must not allocate a closure.
    const receivers = this.#receivers;
    for (let i = 0; i < receivers.length; i++) {
      const c = receivers[i]!;
      if (c.sender === undefined || c.sender === sender) return true;
    }
    return false;
  }

  /**
   * Send the signal: call every matching receiver in connection order, awaiting each.
   * Returns `[receiver, result]` pairs.
   */
  async send(sender: S, args: A = {} as A): Promise<[Receiver<S, A>, unknown][]> {
    if (this.#receivers.length === 0) return [];
    const out: [Receiver<S, A>, unknown][] = [];
    for (const c of this.#live(sender)) {
      out.push([c.receiver, await c.receiver({ ...args, sender, signal: this })]);
    }
    return out;
  }

  /** Like `send`, but an exception from a receiver is returned in its pair, not thrown. */
  async sendRobust(sender: S, args: A = {} as A): Promise<[Receiver<S, A>, unknown][]> {
    const out: [Receiver<S, A>, unknown][] = [];
    for (const c of this.#live(sender)) {
      try {
        out.push([c.receiver, await c.receiver({ ...args, sender, signal: this })]);
      } catch (err) {
        out.push([c.receiver, err instanceof Error ? err : new Error(String(err))]);
      }
    }
    return out;
  }

  #live(sender: S): Connection<S, A>[] {
    const matching = this.#receivers.filter((c) => c.sender === undefined || c.sender === sender);
    if (matching.some((c) => c.once)) {
      this.#receivers = this.#receivers.filter((c) => !(c.once && matching.includes(c)));
    }
    return matching;
  }
}

/** Sent by the handler when a request starts. */
export const requestStarted = new Signal<unknown, { request?: unknown }>();
/** Sent by the handler when the response has been written. */
export const requestFinished = new Signal<unknown, Record<string, unknown>>();
/** Sent by the handler when a view raised an exception it turns into a 500. */
export const gotRequestException = new Signal<unknown, { request?: unknown; error: unknown }>();
/** Sent when a setting changes (by `overrideSettings` in tests). */
export const settingChanged = new Signal<unknown, { setting: string; value: unknown; enter: boolean }>();
