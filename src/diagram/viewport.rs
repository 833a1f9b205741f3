//! Zoom and pan of the diagram: a scale and a translation, as plain data (the state lives in
//! [`crate::app::App`]; the diagram's handlers compute the next value with these functions).

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub scale: f64,
    pub tx: f64,
    pub ty: f64,
    /// Still following the drawing: refit when the diagram changes, until the user zooms or pans.
    pub auto_fit: bool,
}

impl Default for Viewport {
    fn default() -> Viewport {
        Viewport { scale: 1.0, tx: 0.0, ty: 0.0, auto_fit: true }
    }
}

const MIN_SCALE: f64 = 0.02;
const MAX_SCALE: f64 = 4.0;
/// Fitting never enlarges beyond this, so small machines are not drawn huge.
const MAX_FIT_SCALE: f64 = 1.25;

impl Viewport {
    /// The whole drawing (`w` × `h`) centred in a view of `vw` × `vh`.
    pub fn fit(w: f64, h: f64, vw: f64, vh: f64) -> Viewport {
        if w <= 0.0 || h <= 0.0 || vw <= 0.0 || vh <= 0.0 {
            return Viewport::default();
        }
        let scale = (vw / w).min(vh / h).clamp(MIN_SCALE, MAX_FIT_SCALE);
        Viewport { scale, tx: (vw - w * scale) / 2.0, ty: (vh - h * scale) / 2.0, auto_fit: true }
    }

    /// Zoom by `factor`, keeping the view point `(px, py)` where it is.
    pub fn zoom_at(self, factor: f64, px: f64, py: f64) -> Viewport {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let (wx, wy) = ((px - self.tx) / self.scale, (py - self.ty) / self.scale);
        Viewport { scale, tx: px - wx * scale, ty: py - wy * scale, auto_fit: false }
    }

    pub fn pan(self, dx: f64, dy: f64) -> Viewport {
        Viewport { tx: self.tx + dx, ty: self.ty + dy, auto_fit: false, ..self }
    }

    /// The drawing point `(x, y)` at the centre of the view.
    pub fn centre_on(self, x: f64, y: f64, vw: f64, vh: f64) -> Viewport {
        Viewport { tx: vw / 2.0 - x * self.scale, ty: vh / 2.0 - y * self.scale, auto_fit: false, ..self }
    }

    /// Whether the drawing's box `(x, y, w, h)` lies wholly inside a view of `vw` × `vh`.
    pub fn shows(&self, (x, y, w, h): (f64, f64, f64, f64), vw: f64, vh: f64) -> bool {
        let (left, top) = (x * self.scale + self.tx, y * self.scale + self.ty);
        left >= 0.0 && top >= 0.0 && left + w * self.scale <= vw && top + h * self.scale <= vh
    }

    pub fn transform(&self) -> String {
        format!("translate({:.2} {:.2}) scale({:.4})", self.tx, self.ty, self.scale)
    }
}
