//! The browser side: hydrates the islands of the server-rendered pages (`#[island]` components in `app`), and
//! nothing else. Pages, forms and tables stay server-rendered HTML that works without JavaScript.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Leptos's loader hydrates the islands right after this returns (in microtasks); mark the page once they
    // are done, in the next task.
    leptos::prelude::set_timeout(app::islands::mark_hydrated, std::time::Duration::ZERO);
}
