//! Component tests in headless Chromium (wasm-bindgen-test): mount the app, read the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A container of its own per test, so tests never read each other's DOM (and the runner's
/// own output element in the body stays untouched).
struct Page(web_sys::HtmlElement);

impl Page {
    fn new() -> Page {
        // The app restores the last document from localStorage: each test starts from none.
        web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
        let div = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&div).unwrap();
        Page(div.unchecked_into())
    }

    fn find(&self, selector: &str) -> web_sys::Element {
        self.0.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.0.query_selector_all(selector).unwrap().length()
    }

    fn text_of(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    fn click(&self, selector: &str) {
        self.find(selector).unchecked_into::<web_sys::HtmlElement>().click();
    }
}

/// Waits for the analysis, which runs after the browser paints the keystroke (see
/// `asl_studio::analysis`): two animation frames and a timeout are plenty.
async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |ok, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&ok, 20).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
    leptos::task::tick().await;
}

impl Drop for Page {
    fn drop(&mut self) {
        self.0.remove();
    }
}

#[wasm_bindgen_test]
async fn app_draws_the_batch_sample_and_reports_invalid_json() {
    let page = Page::new();
    let _handle = leptos::mount::mount_to(page.0.clone(), asl_studio::app::App);
    leptos::task::tick().await;
    assert_eq!(page.count("#diagram g.node"), 3, "Manage a Batch Job has three states");
    assert_eq!(page.count("#diagram g.edge.catch"), 1, "one Catch edge");
    assert_eq!(page.text_of("#problem-summary"), "No problems");

    // Type invalid JSON: a problem with a line and column, and the last good diagram stays.
    let textarea: web_sys::HtmlTextAreaElement = page.find("#definition").unchecked_into();
    textarea.set_value("{\n  \"StartAt\": }");
    let event = web_sys::Event::new("input").unwrap();
    textarea.dispatch_event(&event).unwrap();
    settle().await;
    let problems = page.text_of("#problems");
    assert!(problems.contains("Line 2, column 14"), "{problems}");
    assert!(problems.contains("INVALID_JSON_DESCRIPTION"), "{problems}");
    assert_eq!(page.count("#diagram g.node"), 3, "the last good diagram stays");
    assert_eq!(page.count("#stale-banner"), 1);
}

#[wasm_bindgen_test]
async fn simulation_runs_to_the_end() {
    let page = Page::new();
    let _handle = leptos::mount::mount_to(page.0.clone(), asl_studio::app::App);
    leptos::task::tick().await;
    page.click("#sim-start");
    leptos::task::tick().await;
    assert_eq!(page.text_of("#execution-status"), "RUNNING");
    assert_eq!(page.count("#events li"), 1);
    page.click("#sim-end");
    leptos::task::tick().await;
    assert_eq!(page.text_of("#execution-status"), "SUCCEEDED");
    assert_eq!(page.count("#events li"), 13);
    assert_eq!(page.count("#diagram g.node.status-succeeded"), 2);
}

#[wasm_bindgen_test]
fn viewport_zoom_keeps_the_pointed_spot_and_fit_centres() {
    use asl_studio::diagram::viewport::Viewport;
    let v = Viewport::fit(1000.0, 500.0, 500.0, 500.0);
    assert_eq!((v.scale, v.tx, v.ty), (0.5, 0.0, 125.0));
    let z = v.zoom_at(2.0, 100.0, 200.0);
    assert!(((100.0 - z.tx) / z.scale - (100.0 - v.tx) / v.scale).abs() < 1e-9);
    assert!(!z.auto_fit);
    assert_eq!(Viewport::fit(0.0, 0.0, 10.0, 10.0), Viewport::default());
    // What the view shows: the whole drawing when fitted, not a box moved out of it.
    assert!(v.shows((0.0, 0.0, 1000.0, 500.0), 500.0, 500.0));
    assert!(!z.shows((900.0, 0.0, 100.0, 40.0), 500.0, 500.0));
}

#[wasm_bindgen_test]
async fn outcome_editor_lists_the_tasks_scripts_one_and_runs_all() {
    let page = Page::new();
    let _handle = leptos::mount::mount_to(page.0.clone(), asl_studio::app::App);
    settle().await;
    // The first sample's Tasks, in diagram order; its first test case scripts nothing.
    let tasks: Vec<String> = (0..page.count("#outcomes li.task-outcomes"))
        .map(|i| {
            let list = page.0.query_selector_all("#outcomes li.task-outcomes").unwrap();
            list.item(i).unwrap().unchecked_into::<web_sys::Element>().get_attribute("data-state").unwrap()
        })
        .collect();
    assert_eq!(tasks[0], "Submit Batch Job");
    assert_eq!(tasks.len(), 3);
    assert_eq!(page.count("#outcomes li.task-outcomes.mocked"), 0);
    // Script it: a Return prefilled with the Batch job description, badged on the diagram.
    page.click("#outcomes li[data-state='Submit Batch Job'] .script-it");
    leptos::task::tick().await;
    let prefill: web_sys::HtmlTextAreaElement =
        page.find("#outcomes li[data-state='Submit Batch Job'] .step-return").unchecked_into();
    assert!(prefill.value().contains("\"Status\": \"SUCCEEDED\""), "{}", prefill.value());
    assert_eq!(page.count("#diagram g.node.mocked"), 1);
    // Run all over the sample's two cases: both pass their shipped expectations.
    page.click("#run-all");
    leptos::task::tick().await;
    assert_eq!(page.count("#test-results li[data-result='pass']"), 2, "{}", page.text_of("#test-results"));
    assert!(page.text_of("#coverage").contains("of 3 states"), "{}", page.text_of("#coverage"));
}
