//! Downloads a text as a file through a Blob URL (no server involved).

use wasm_bindgen::JsCast;

pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    download_as(file_name, text, "application/json")
}

pub fn download_as(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("Export failed: {what}");
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| fail("Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail("no document"))?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| fail("anchor"))?.dyn_into().map_err(|_| fail("anchor"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}
