//! The only code the browser runs: small `#[island]` components with serde props. Everything else on a page is
//! server-rendered HTML whose forms and links work without JavaScript; an island adds what must react in the
//! browser — a list filtered as you type, a selection count, live progress over server-sent events.

pub mod filter;
pub mod progress;
pub mod select;
pub mod upload;

/// Marks the page hydrated (`<body data-hydrated>`): the browser tests wait for it before clicking.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// The page's element with this id.
#[cfg(feature = "hydrate")]
fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// The elements under `root` matching a CSS selector.
#[cfg(feature = "hydrate")]
fn select_all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let Ok(list) = root.query_selector_all(selector) else { return vec![] };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::Element>().ok()).collect()
}
