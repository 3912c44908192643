// Small helpers on sets of field values.

export function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export const sortNumbers = (values: Iterable<number>): number[] => unique(values).sort((a, b) => a - b);

/**
 * The values of `ordered` a whole number of `step`s after its first, on a cycle of `size`: how
 * "every N" narrows a named set ("every 2 hours between 22 and 6" keeps 22, 0, 2, 4, 6).
 */
export function keepEvery(ordered: number[], step: number, size: number): number[] {
  const start = ordered[0];
  return ordered.filter((v) => (((v - start) % size) + size) % size % step === 0);
}
