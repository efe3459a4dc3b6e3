// The facilitator's selection of idea cards on the board, to move or hide them at once.
// Cards are named by key (a card's first idea id); a Shift-click picks the range from the
// last card picked, in the order the board shows the cards.

export class Selection {
  constructor(onChange) {
    this.keys = new Set();
    this.anchor = null;
    this.onChange = onChange;
  }

  get size() {
    return this.keys.size;
  }

  has(key) {
    return this.keys.has(key);
  }

  /** Pick or drop one card; with `range`, every card from the anchor to it (order: all keys shown). */
  toggle(key, { range = false, order = [] } = {}) {
    const from = order.indexOf(this.anchor);
    const to = order.indexOf(key);
    if (range && from >= 0 && to >= 0) {
      for (const k of order.slice(Math.min(from, to), Math.max(from, to) + 1)) this.keys.add(k);
    } else if (this.keys.has(key)) {
      this.keys.delete(key);
    } else {
      this.keys.add(key);
    }
    this.anchor = key;
    this.onChange();
  }

  clear() {
    if (this.keys.size === 0) return;
    this.keys.clear();
    this.anchor = null;
    this.onChange();
  }

  /** Forget cards no longer shown; true when some were forgotten. */
  keepOnly(shown) {
    const before = this.keys.size;
    for (const key of this.keys) if (!shown.has(key)) this.keys.delete(key);
    if (!shown.has(this.anchor)) this.anchor = null;
    return this.keys.size !== before;
  }
}
