/** Pure list operations of the ranked-choice answer (tested). Each returns a new array. */

/** Moves the item at `from` to `to`; the same array when nothing moves. */
export function moveRank(order: string[], from: number, to: number): string[] {
  if (from === to || from < 0 || to < 0 || from >= order.length || to >= order.length) return order;
  const next = [...order];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as string);
  return next;
}

/** Appends an option to the end of the ranking (once). */
export function addRank(order: string[], id: string): string[] {
  return order.includes(id) ? order : [...order, id];
}

export function removeRank(order: string[], id: string): string[] {
  return order.filter((x) => x !== id);
}
