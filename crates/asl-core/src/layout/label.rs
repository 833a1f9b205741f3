//! Phase 6, labels: a place for each edge label (Choice rules, `Catch` error names) where it
//! covers no state box and no other label.
//!
//! Needs: the whole drawing (nodes and routed edges, in drawing coordinates).
//! Guarantees: each label's box ([`EdgePath::label_box`]) overlaps no node box and no other
//! label's box; long labels are cut to [`MAX_LABEL_CHARS`] (the full text stays in
//! [`EdgePath::label`]); deterministic.
//! Method: candidate spots along the edge, nearest its source first (points along each segment,
//! centred on the line, then beside it on either side); the first free one wins. An edge with no
//! free spot along it (rare: a crowded fan-out) gets its label in a column right of the
//! drawing, at its own height, and the drawing widens to hold it.

use super::{text_width, EdgePath, Layout};

/// Labels longer than this are cut (with "…"); the tooltip has the full text.
pub const MAX_LABEL_CHARS: usize = 32;
pub const LABEL_HEIGHT: f64 = 16.0;
/// Edge labels are drawn smaller than state names (11 px against 13 px).
const LABEL_SCALE: f64 = 0.9;
const PAD: f64 = 4.0;

/// `(x, y, width, height)` of a box.
pub type Rect = (f64, f64, f64, f64);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// The text drawn for a label: the whole of it, or its start and "…".
pub fn shown(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        return label.to_string();
    }
    let mut s: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

pub fn label_width(shown: &str) -> f64 {
    text_width(shown) * LABEL_SCALE + 2.0 * PAD
}

/// Centres to try for a `w`-wide label on the edge's polyline, from its source on.
fn candidates(e: &EdgePath, w: f64) -> Vec<(f64, f64)> {
    let mut out = vec![e.label_at];
    let mut segments: Vec<_> = e.points.windows(2).map(|s| (s[0], s[1])).collect();
    if e.back_edge {
        segments.reverse();
    }
    for (a, b) in segments {
        for t in [0.66, 0.5, 0.33, 0.85, 0.15] {
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            let vertical = (b.0 - a.0).abs() < (b.1 - a.1).abs();
            out.push(p);
            if vertical {
                out.push((p.0 + w / 2.0 + PAD, p.1));
                out.push((p.0 - w / 2.0 - PAD, p.1));
            } else {
                out.push((p.0, p.1 - LABEL_HEIGHT / 2.0 - PAD));
                out.push((p.0, p.1 + LABEL_HEIGHT / 2.0 + PAD));
            }
        }
    }
    out
}

pub fn place(l: &mut Layout) {
    let nodes: Vec<Rect> = l.nodes.iter().map(|n| (n.x, n.y, n.width, n.height)).collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut overflow: Vec<usize> = Vec::new();
    let (width, height) = (l.width, l.height);
    for (i, e) in l.edges.iter_mut().enumerate() {
        let Some(label) = &e.label else { continue };
        let text = shown(label);
        let w = label_width(&text);
        let rect = |c: (f64, f64)| (c.0 - w / 2.0, c.1 - LABEL_HEIGHT / 2.0, w, LABEL_HEIGHT);
        let within = |r: Rect| r.0 >= 0.0 && r.1 >= 0.0 && r.0 + r.2 <= width && r.1 + r.3 <= height;
        let free = |r: Rect| within(r) && !nodes.iter().chain(&placed).any(|o| overlaps(r, *o));
        match candidates(e, w).into_iter().find(|c| free(rect(*c))) {
            Some(c) => {
                e.label_at = c;
                placed.push(rect(c));
            }
            None => overflow.push(i),
        }
        e.label_text = Some(text);
        e.label_width = w;
    }
    // The column right of the drawing: each label at its edge's height, moved down past the
    // column's labels above it.
    let column = l.width + PAD;
    let mut bottom = f64::NEG_INFINITY;
    let mut widest: f64 = 0.0;
    overflow.sort_by(|&a, &b| l.edges[a].label_at.1.total_cmp(&l.edges[b].label_at.1).then(a.cmp(&b)));
    for i in overflow {
        let e = &mut l.edges[i];
        let y = e.label_at.1.max(bottom + LABEL_HEIGHT / 2.0 + 2.0);
        e.label_at = (column + e.label_width / 2.0, y);
        bottom = y + LABEL_HEIGHT / 2.0;
        widest = widest.max(e.label_width);
        l.height = l.height.max(bottom + PAD);
    }
    if widest > 0.0 {
        l.width = column + widest + PAD;
    }
}

impl EdgePath {
    /// The label's box as drawn, if the edge has a label.
    pub fn label_box(&self) -> Option<Rect> {
        self.label_text.as_ref()?;
        let (x, y) = self.label_at;
        Some((x - self.label_width / 2.0, y - LABEL_HEIGHT / 2.0, self.label_width, LABEL_HEIGHT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_and_short_ones_kept() {
        assert_eq!(shown("$.a == 1"), "$.a == 1");
        let long = "$.order.items[0].price >= 100 && $.customer.tier == \"gold\"";
        let cut = shown(long);
        assert_eq!(cut.chars().count(), MAX_LABEL_CHARS);
        assert!(cut.ends_with('…') && long.starts_with(cut.trim_end_matches('…')));
    }
}
