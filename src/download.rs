//! Downloads through Blob and data URLs (no server involved): the definition text, and the
//! diagram as SVG or as PNG (the SVG drawn on a canvas).

use wasm_bindgen::JsCast;

fn fail(what: &str) -> String {
    format!("Export failed: {what}")
}

fn document() -> Result<web_sys::Document, String> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail("no document"))
}

/// Downloads `text` as `file_name` with the given MIME type.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    download_typed(file_name, text, "application/json")
}

pub fn download_typed(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    click_link(&url, file_name)?;
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn click_link(href: &str, file_name: &str) -> Result<(), String> {
    let anchor: web_sys::HtmlAnchorElement =
        document()?.create_element("a").map_err(|_| fail("anchor"))?.dyn_into().map_err(|_| fail("anchor"))?;
    anchor.set_href(href);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// The diagram (`svg#diagram`) as a standalone SVG document of the whole drawing: the zoom and
/// pan are dropped, the size is the layout's. Light (the copy has no page around it to make it
/// dark) unless `dark`: then it carries `data-theme="dark"`, which its own style reads.
pub fn diagram_svg(width: f64, height: f64, dark: bool) -> Result<String, String> {
    let svg = document()?.get_element_by_id("diagram").ok_or_else(|| fail("no diagram"))?;
    let copy: web_sys::Element =
        svg.clone_node_with_deep(true).map_err(|_| fail("copy"))?.dyn_into().map_err(|_| fail("copy"))?;
    let size = |v: f64| format!("{:.0}", v.ceil());
    for (name, value) in
        [("width", size(width)), ("height", size(height)), ("viewBox", format!("0 0 {} {}", size(width), size(height)))]
    {
        copy.set_attribute(name, &value).map_err(|_| fail("attribute"))?;
    }
    if dark {
        copy.set_attribute("data-theme", "dark").map_err(|_| fail("attribute"))?;
    }
    // Keyboard and assistive attributes belong to the page, not to a picture.
    if let Ok(nodes) = copy.query_selector_all("[tabindex]") {
        for i in 0..nodes.length() {
            if let Some(el) = nodes.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.remove_attribute("tabindex");
            }
        }
    }
    if let Ok(Some(viewport)) = copy.query_selector("#viewport") {
        let _ = viewport.remove_attribute("transform");
    }
    Ok(copy.outer_html())
}

/// Draws `svg` on a canvas (white background, or the dark theme's when `dark`; up to twice the
/// size, within the browsers' canvas limits) and downloads it as PNG once the image has loaded.
pub fn download_png(file_name: &str, svg: &str, width: f64, height: f64, dark: bool) -> Result<(), String> {
    let image = web_sys::HtmlImageElement::new().map_err(|_| fail("image"))?;
    let scale = (16_000.0 / width.max(height).max(1.0)).min(2.0);
    let name = file_name.to_string();
    let loaded = image.clone();
    let on_load = wasm_bindgen::closure::Closure::once_into_js(move || {
        let draw = || -> Result<(), String> {
            let canvas: web_sys::HtmlCanvasElement = document()?
                .create_element("canvas")
                .map_err(|_| fail("canvas"))?
                .dyn_into()
                .map_err(|_| fail("canvas"))?;
            canvas.set_width((width * scale).ceil() as u32);
            canvas.set_height((height * scale).ceil() as u32);
            let ctx: web_sys::CanvasRenderingContext2d = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into().ok())
                .ok_or_else(|| fail("2d context"))?;
            ctx.set_fill_style_str(if dark { "#0d1117" } else { "#ffffff" });
            ctx.fill_rect(0.0, 0.0, width * scale, height * scale);
            ctx.scale(scale, scale).map_err(|_| fail("scale"))?;
            ctx.draw_image_with_html_image_element(&loaded, 0.0, 0.0).map_err(|_| fail("draw"))?;
            let url = canvas.to_data_url_with_type("image/png").map_err(|_| fail("PNG"))?;
            click_link(&url, &name)
        };
        if let Err(e) = draw() {
            web_sys::console::error_1(&e.into());
        }
    });
    image.set_onload(Some(on_load.unchecked_ref()));
    let encoded = String::from(js_sys::encode_uri_component(svg));
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
    Ok(())
}
