//! One stable sort for the whole app. `slice::sort_by` and `sort_by_key` are instantiated once per
//! call site (driftsort: about 4 KB of wasm each, a dozen sites); these helpers share one
//! non-generic merge sort over indices, so each site costs a few bytes of glue. Same results as
//! `sort_by`/`sort_by_key` for any consistent comparison: both are stable.

use std::cmp::Ordering;

/// A stable merge sort (as JSONata's reference does it) of the indices `0..n`: `greater(i, j)`
/// says the item at `i` must come after the item at `j`. Indices, so that one copy of the code
/// serves every item type.
pub fn merge_sort(n: usize, greater: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    sort_indices((0..n).collect(), greater)
}

fn sort_indices(items: Vec<usize>, greater: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    if items.len() <= 1 {
        return items;
    }
    let mid = items.len() / 2;
    let right = items[mid..].to_vec();
    let mut left = items;
    left.truncate(mid);
    let left = sort_indices(left, greater);
    let right = sort_indices(right, greater);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if greater(left[i], right[j]) {
            out.push(right[j]);
            j += 1;
        } else {
            out.push(left[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    out
}

/// Moves the items so that position `k` holds the item that was at `order[k]` (a permutation),
/// following each cycle once.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// `v.sort_by(cmp)`: stable.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = merge_sort(v.len(), &mut |i, j| cmp(&v[i], &v[j]) == Ordering::Greater);
    permute(v, &order);
}

/// `v.sort_by_key(key)`: stable.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_std_stable_sort() {
        let mut seed = 7u64;
        for n in 0..70 {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            assert_eq!(ours, std, "n = {n}");
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| b.cmp(a));
            let mut std = v;
            std.sort_by(|a, b| b.cmp(a));
            assert_eq!(ours, std, "n = {n}");
        }
    }
}
