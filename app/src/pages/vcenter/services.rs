//! vCenter › Services (`/vcenter/services`): the services of vCenter Server as `vcenter/services` lists them,
//! on the same screen as Appliance › Services (filter, startup type, start, stop and restart after a
//! confirmation, live progress while one starts or stops).

use crate::api::appliance::services::ServicesScope;
use crate::pages::appliance::services::ServicesScreen;
use leptos::prelude::*;

#[component]
pub fn VcenterServicesPage() -> impl IntoView {
    view! { <ServicesScreen scope=ServicesScope::Vcenter/> }
}
