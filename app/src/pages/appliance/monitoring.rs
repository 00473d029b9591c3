//! Appliance › Monitoring (to be written).
use leptos::prelude::*;

#[component]
pub fn MonitoringPage() -> impl IntoView {
    view! { <crate::components::PageHeader title="Monitoring"/> }
}
