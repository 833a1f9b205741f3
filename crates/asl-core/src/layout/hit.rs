//! Hit testing on a finished layout: what lies under a point of the drawing (the diagram uses it
//! to drop a new state on an edge or into a branch).
//!
//! **Needs**: a [`Layout`] and a point in its coordinates. **Guarantees**: pure and
//! deterministic; ties go to the first in layout order.

use super::Layout;

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

impl Layout {
    /// The edge passing nearest to `(x, y)`, if one passes within `tolerance`.
    pub fn edge_near(&self, x: f64, y: f64, tolerance: f64) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for (i, e) in self.edges.iter().enumerate() {
            let d = e.points.windows(2).map(|w| segment_distance((x, y), w[0], w[1])).fold(f64::INFINITY, f64::min);
            if d <= tolerance && best.is_none_or(|(_, b)| d < b) {
                best = Some((i, d));
            }
        }
        best.map(|(i, _)| i)
    }

    /// The state box under `(x, y)` (a Parallel's or Map's header included).
    pub fn node_at(&self, x: f64, y: f64) -> Option<usize> {
        self.nodes.iter().position(|n| n.x <= x && x <= n.x + n.width && n.y <= y && y <= n.y + n.height)
    }

    /// The innermost container (Map, Parallel, or one Parallel branch) holding `(x, y)`.
    pub fn container_at(&self, x: f64, y: f64) -> Option<usize> {
        let inside = |i: &usize| {
            let c = &self.containers[*i];
            c.x <= x && x <= c.x + c.width && c.y <= y && y <= c.y + c.height
        };
        // Containers nest, so the innermost holding the point is the smallest one.
        (0..self.containers.len()).filter(inside).min_by(|&a, &b| {
            let area = |i: usize| self.containers[i].width * self.containers[i].height;
            area(a).total_cmp(&area(b))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::layout::{layout, ContainerKind};

    #[test]
    fn finds_edges_nodes_and_the_innermost_container() {
        let text = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "P"},
            "P": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}},
                {"StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}]}}}"#;
        let l = layout(&crate::parse(text).machine.unwrap());
        let name = |i: usize| l.nodes[i].name.as_str();
        // The middle of the edge A → P.
        let e = l.edges.iter().position(|e| name(e.from) == "A").unwrap();
        let pts = &l.edges[e].points;
        let mid = ((pts[0].0 + pts[1].0) / 2.0, (pts[0].1 + pts[1].1) / 2.0);
        assert_eq!(l.edge_near(mid.0 + 3.0, mid.1, 6.0), Some(e));
        assert_eq!(l.edge_near(mid.0 + 30.0, mid.1, 6.0), None);
        let c = l.nodes.iter().position(|n| n.name == "C").unwrap();
        let (cx, cy) = (l.nodes[c].center_x(), l.nodes[c].y + 2.0);
        assert_eq!(l.node_at(cx, cy), Some(c));
        let inner = l.container_at(cx, cy).unwrap();
        assert_eq!((l.containers[inner].kind, l.containers[inner].branch), (ContainerKind::Branch, 1));
        assert_eq!(l.container_at(-5.0, -5.0), None);
    }
}
