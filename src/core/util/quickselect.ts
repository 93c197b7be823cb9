// The k-th largest of many scores without sorting them all (Hoare's selection): the top-k searches use it to find
// the score a candidate must beat.

/** The k-th largest value (1-based) of `arr`, which is reordered in place. */
export function kthLargestInPlace(arr: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = arr.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = arr[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (arr[i]! > pivot) i++;
      while (arr[j]! < pivot) j--;
      if (i <= j) {
        const t = arr[i]!;
        arr[i] = arr[j]!;
        arr[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return arr[target]!;
}
