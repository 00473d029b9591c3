//! Appliance › Local accounts (to be written).
use leptos::prelude::*;

#[component]
pub fn LocalAccountsPage() -> impl IntoView {
    view! { <crate::components::PageHeader title="Local accounts"/> }
}
