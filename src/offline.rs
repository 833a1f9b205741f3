//! Offline after the first visit: registers the service worker (`public/sw.js`, its file list
//! written by `tools/post-build.mjs`). Where there is none (an insecure origin, an old browser)
//! the app works as before, online.

use wasm_bindgen::JsValue;

pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    // `navigator.serviceWorker` is missing outside secure contexts; calling into it would throw.
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let promise = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        // A refusal (private mode, blocked storage) only means no offline copy.
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}
