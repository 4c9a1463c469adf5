/**
 * A sorted collection with positions: a B+tree whose branches know how many items each child
 * holds (an order-statistic, "counted" B+tree). Items are ordered by a numeric key, then by a
 * tie-break between items; the keys sit in Float64Arrays so that a search reads a few
 * contiguous cache lines per level instead of chasing one pointer (and one boxed number) per
 * step, which is what makes a skip list or binary tree slow in JavaScript.
 *
 * With n items and B = BRANCHING: insert, remove, indexOf and at are O(B log_B n) (three or four
 * levels of at most 64 slots for millions of items); slice(start, k) is at + O(k), walking the
 * linked leaves. Nothing is O(n) per operation.
 *
 * Full nodes split in two. Nodes that empty out are unlinked (and a root left with a single child
 * is replaced by it); nodes that are merely under-full are not merged, which keeps removal simple
 * and costs at most some slack: the height can only grow through splits of full nodes, so it is
 * bounded by log_{B/2} of the number of insertions ever made.
 *
 * Invariant on a branch: `maxKeys[i]`/`maxItems[i]` is a bound for child i: every item below
 * child i is ≤ it and every item below child i + 1 is > it. It is the largest item of child i
 * when set, and may stay behind as a stale (larger) bound after removals, which keeps it valid.
 */
export class CountedBTree<T> {
  private root: Leaf<T> | Branch<T> = new Leaf<T>();
  private count = 0;

  /**
   * @param keyOf the primary order, ascending; must not change while the item is in the tree
   * @param tieBreak the order of items with equal keys; 0 only for the same item
   */
  constructor(
    private readonly keyOf: (item: T) => number,
    private readonly tieBreak: (a: T, b: T) => number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Inserts an item that is not in the tree (nothing equal under the order); returns its 0-based position. */
  insert(item: T): number {
    const key = this.keyOf(item);
    const path: Array<Branch<T>> = [];
    const slots: number[] = [];
    let position = 0;
    let node = this.root;
    while (node instanceof Branch) {
      let slot = this.childFor(node, key, item);
      if (slot === node.size) {
        // Beyond every bound: goes to the end of the last child, whose bound becomes the item.
        slot = node.size - 1;
        node.maxKeys[slot] = key;
        node.maxItems[slot] = item;
      }
      for (let i = 0; i < slot; i++) position += node.counts[i];
      node.counts[slot]++;
      path.push(node);
      slots.push(slot);
      node = node.children[slot];
    }
    const at = this.lowerBound(node, key, item);
    node.keys.copyWithin(at + 1, at, node.size);
    for (let i = node.size; i > at; i--) node.items[i] = node.items[i - 1];
    node.keys[at] = key;
    node.items[at] = item;
    node.size++;
    this.count++;
    if (node.size === BRANCHING) this.split(node, path, slots);
    return position + at;
  }

  /** Removes the item equal to `item` under the order; false if there is none. */
  remove(item: T): boolean {
    const key = this.keyOf(item);
    const path: Array<Branch<T>> = [];
    const slots: number[] = [];
    let node = this.root;
    while (node instanceof Branch) {
      const slot = this.childFor(node, key, item);
      if (slot === node.size) return false;
      path.push(node);
      slots.push(slot);
      node = node.children[slot];
    }
    const at = this.lowerBound(node, key, item);
    if (at === node.size || this.compareAt(node.keys[at], node.items[at], key, item) !== 0) return false;
    node.keys.copyWithin(at, at + 1, node.size);
    for (let i = at; i < node.size - 1; i++) node.items[i] = node.items[i + 1];
    node.size--;
    node.items[node.size] = undefined as unknown as T; // let the item be collected
    this.count--;
    for (let level = 0; level < path.length; level++) path[level].counts[slots[level]]--;
    if (node.size === 0) this.unlinkEmpty(node, path, slots);
    return true;
  }

  /** The 0-based position of the item equal to `item`, or -1. */
  indexOf(item: T): number {
    const key = this.keyOf(item);
    let position = 0;
    let node = this.root;
    while (node instanceof Branch) {
      const slot = this.childFor(node, key, item);
      if (slot === node.size) return -1;
      for (let i = 0; i < slot; i++) position += node.counts[i];
      node = node.children[slot];
    }
    const at = this.lowerBound(node, key, item);
    if (at === node.size || this.compareAt(node.keys[at], node.items[at], key, item) !== 0) return -1;
    return position + at;
  }

  /** The item at a 0-based position, or undefined outside 0..size-1. */
  at(index: number): T | undefined {
    const found = this.locate(index);
    return found === undefined ? undefined : found.leaf.items[found.offset];
  }

  /** Up to `count` items from the 0-based position `start` on, in order. */
  slice(start: number, count: number): T[] {
    const out: T[] = [];
    if (count <= 0) return out;
    const found = this.locate(start);
    if (found === undefined) return out;
    let leaf: Leaf<T> | null = found.leaf;
    let offset = found.offset;
    while (leaf !== null && out.length < count) {
      const end = Math.min(leaf.size, offset + count - out.length);
      for (let i = offset; i < end; i++) out.push(leaf.items[i]);
      leaf = leaf.next;
      offset = 0;
    }
    return out;
  }

  /**
   * Checks the structure (counts, order, bounds, leaf links) and throws on the first fault: for
   * tests. O(n).
   */
  verify(): void {
    const leaves: Array<Leaf<T>> = [];
    const walk = (node: Leaf<T> | Branch<T>, depth: number, depths: Set<number>): number => {
      if (node instanceof Leaf) {
        depths.add(depth);
        if (node.size === 0 && node !== this.root) throw new Error('empty leaf left in the tree');
        for (let i = 1; i < node.size; i++) {
          if (this.compareAt(node.keys[i - 1], node.items[i - 1], node.keys[i], node.items[i]) >= 0) throw new Error('leaf out of order');
        }
        leaves.push(node);
        return node.size;
      }
      if (node.size === 0 || node.size >= BRANCHING) throw new Error(`branch with ${node.size} children`);
      let total = 0;
      for (let i = 0; i < node.size; i++) {
        const child = node.children[i];
        const items = walk(child, depth + 1, depths);
        if (items !== node.counts[i]) throw new Error(`count ${node.counts[i]} for a child of ${items}`);
        const [lastKey, lastItem] = lastBound(child);
        if (this.compareAt(lastKey, lastItem, node.maxKeys[i], node.maxItems[i]) > 0) throw new Error('item above its bound');
        if (i > 0 && this.compareAt(node.maxKeys[i - 1], node.maxItems[i - 1], node.maxKeys[i], node.maxItems[i]) >= 0) throw new Error('bounds out of order');
        total += items;
      }
      return total;
    };
    const depths = new Set<number>();
    const total = walk(this.root, 0, depths);
    if (total !== this.count) throw new Error(`size ${this.count} but ${total} items`);
    if (depths.size > 1) throw new Error('leaves at different depths');
    for (let i = 0; i < leaves.length; i++) {
      if (leaves[i].prev !== (leaves[i - 1] ?? null) || leaves[i].next !== (leaves[i + 1] ?? null)) throw new Error('leaf links broken');
    }
  }

  /** The leaf holding position `index`, and where in it. */
  private locate(index: number): { leaf: Leaf<T>; offset: number } | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    let rest = index;
    let node = this.root;
    while (node instanceof Branch) {
      let slot = 0;
      while (rest >= node.counts[slot]) rest -= node.counts[slot++];
      node = node.children[slot];
    }
    return { leaf: node, offset: rest };
  }

  /** Compares the item stored as (`keyA`, `a`) with (`keyB`, `b`). */
  private compareAt(keyA: number, a: T, keyB: number, b: T): number {
    if (keyA < keyB) return -1;
    if (keyA > keyB) return 1;
    return this.tieBreak(a, b);
  }

  /** The first position in the leaf whose item is ≥ (key, item). */
  private lowerBound(leaf: Leaf<T>, key: number, item: T): number {
    let lo = 0;
    let hi = leaf.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(leaf.keys[mid], leaf.items[mid], key, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first child whose bound is ≥ (key, item); `branch.size` when there is none. */
  private childFor(branch: Branch<T>, key: number, item: T): number {
    let lo = 0;
    let hi = branch.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(branch.maxKeys[mid], branch.maxItems[mid], key, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Splits the full `node` (reached through `path`/`slots`), and its parents as they fill up. */
  private split(full: Leaf<T> | Branch<T>, path: Array<Branch<T>>, slots: number[]): void {
    let node = full;
    for (let level = path.length; ; level--) {
      const right = node instanceof Leaf ? splitLeaf(node) : splitBranch(node);
      const leftCount = count(node);
      const rightCount = count(right);
      if (level === 0) {
        const root = new Branch<T>();
        root.insertChild(0, node, leftCount, ...lastBound(node));
        root.insertChild(1, right, rightCount, ...lastBound(right));
        this.root = root;
        return;
      }
      const parent = path[level - 1];
      const slot = slots[level - 1];
      // The right half keeps the old bound of the whole; the left half is bounded by its last item.
      parent.insertChild(slot + 1, right, rightCount, parent.maxKeys[slot], parent.maxItems[slot]);
      parent.counts[slot] = leftCount;
      const [key, item] = lastBound(node);
      parent.maxKeys[slot] = key;
      parent.maxItems[slot] = item;
      if (parent.size < BRANCHING) return;
      node = parent;
    }
  }

  /** Takes an emptied leaf out of the tree, with the branches it leaves empty. */
  private unlinkEmpty(leaf: Leaf<T>, path: Array<Branch<T>>, slots: number[]): void {
    if (path.length === 0) return; // the root leaf stays, empty
    if (leaf.prev !== null) leaf.prev.next = leaf.next;
    if (leaf.next !== null) leaf.next.prev = leaf.prev;
    for (let level = path.length - 1; level >= 0; level--) {
      const parent = path[level];
      parent.removeChild(slots[level]);
      if (parent.size > 0) break;
      if (level === 0) {
        this.root = new Leaf<T>(); // everything is gone
        return;
      }
    }
    while (this.root instanceof Branch && this.root.size === 1) this.root = this.root.children[0];
  }
}

/** Items per leaf and children per branch before a split. */
const BRANCHING = 64;

class Leaf<T> {
  readonly keys = new Float64Array(BRANCHING);
  readonly items = new Array<T>(BRANCHING);
  size = 0;
  prev: Leaf<T> | null = null;
  next: Leaf<T> | null = null;
}

class Branch<T> {
  readonly maxKeys = new Float64Array(BRANCHING);
  readonly maxItems = new Array<T>(BRANCHING);
  readonly children = new Array<Leaf<T> | Branch<T>>(BRANCHING);
  /** counts[i]: items below children[i]. */
  readonly counts = new Array<number>(BRANCHING).fill(0);
  /** Children in use. */
  size = 0;

  insertChild(slot: number, child: Leaf<T> | Branch<T>, items: number, maxKey: number, maxItem: T): void {
    for (let i = this.size; i > slot; i--) {
      this.children[i] = this.children[i - 1];
      this.counts[i] = this.counts[i - 1];
      this.maxItems[i] = this.maxItems[i - 1];
    }
    this.maxKeys.copyWithin(slot + 1, slot, this.size);
    this.children[slot] = child;
    this.counts[slot] = items;
    this.maxKeys[slot] = maxKey;
    this.maxItems[slot] = maxItem;
    this.size++;
  }

  removeChild(slot: number): void {
    for (let i = slot; i < this.size - 1; i++) {
      this.children[i] = this.children[i + 1];
      this.counts[i] = this.counts[i + 1];
      this.maxItems[i] = this.maxItems[i + 1];
    }
    this.maxKeys.copyWithin(slot, slot + 1, this.size);
    this.size--;
    this.children[this.size] = undefined as unknown as Leaf<T>;
    this.maxItems[this.size] = undefined as unknown as T;
    this.counts[this.size] = 0;
  }
}

/** Moves the upper half of a full leaf into a new leaf linked after it. */
function splitLeaf<T>(leaf: Leaf<T>): Leaf<T> {
  const right = new Leaf<T>();
  const half = leaf.size >>> 1;
  const moving = leaf.size - half;
  right.keys.set(leaf.keys.subarray(half, leaf.size));
  for (let i = 0; i < moving; i++) {
    right.items[i] = leaf.items[half + i];
    leaf.items[half + i] = undefined as unknown as T;
  }
  right.size = moving;
  leaf.size = half;
  right.next = leaf.next;
  right.prev = leaf;
  if (leaf.next !== null) leaf.next.prev = right;
  leaf.next = right;
  return right;
}

/** Moves the upper half of a full branch's children into a new branch. */
function splitBranch<T>(branch: Branch<T>): Branch<T> {
  const right = new Branch<T>();
  const half = branch.size >>> 1;
  const moving = branch.size - half;
  right.maxKeys.set(branch.maxKeys.subarray(half, branch.size));
  for (let i = 0; i < moving; i++) {
    right.children[i] = branch.children[half + i];
    right.counts[i] = branch.counts[half + i];
    right.maxItems[i] = branch.maxItems[half + i];
    branch.children[half + i] = undefined as unknown as Leaf<T>;
    branch.maxItems[half + i] = undefined as unknown as T;
    branch.counts[half + i] = 0;
  }
  right.size = moving;
  branch.size = half;
  return right;
}

/** Items in a node. */
function count<T>(node: Leaf<T> | Branch<T>): number {
  if (node instanceof Leaf) return node.size;
  let total = 0;
  for (let i = 0; i < node.size; i++) total += node.counts[i];
  return total;
}

/** The bound of a node: its last item for a leaf, its last child's bound for a branch. */
function lastBound<T>(node: Leaf<T> | Branch<T>): [number, T] {
  const last = node.size - 1;
  return node instanceof Leaf ? [node.keys[last], node.items[last]] : [node.maxKeys[last], node.maxItems[last]];
}
