//! VMs & Inventory: one list per kind (tabs), filtered with the list operation's filters, a Tags column,
//! and bulk attach / detach of tags.

use crate::components::inventory::{FindByIdCard, InventoryBrowser};
use crate::pages::vcenter::datacenter::NewDatacenterCard;
use crate::components::PageHeader;
use crate::vsphere::inventory::InventoryKind;
use leptos::prelude::*;
use crate::components::form::{Notice, BUTTON};
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

#[component]
pub fn InventoryListPage() -> impl IntoView {
    let params = use_params_map();
    let kind = Signal::derive(move || params.with(|p| p.get("kind")).and_then(|k| InventoryKind::from_slug(&k)).unwrap_or(InventoryKind::Vm));
    let location = use_location();
    view! {
        <PageHeader title=kind.get_untracked().plural() subtitle=if kind.get_untracked() == InventoryKind::Vm {
            "Filter with vCenter's own list filters; select virtual machines to tag them or change their power."
        } else {
            "Filter with vCenter's own list filters; select objects to attach or detach tags."
        }/>
        <nav aria-label="Inventory lists" class="mb-4 flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
            {InventoryKind::ALL.into_iter().map(|k| {
                let href = format!("/inventory/{}", k.slug());
                let h2 = href.clone();
                let h3 = h2.clone();
                let current = move || location.pathname.get() == h2;
                let current2 = move || location.pathname.get() == h3;
                view! {
                    <a href=href aria-current=move || current2().then_some("page")
                        class=move || if current() {
                            "-mb-px rounded-t-md border border-b-white border-slate-200 bg-white px-3 py-2 text-sm font-medium text-sky-800 dark:border-slate-700 dark:border-b-slate-950 dark:bg-slate-950 dark:text-sky-200"
                        } else {
                            "px-3 py-2 text-sm text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-slate-400 dark:hover:text-white"
                        }>{k.plural()}</a>
                }
            }).collect_view()}
        </nav>
        {move || (kind.get() == InventoryKind::Vm).then(|| {
            let deleted = use_query_map().with_untracked(|q| q.get("deleted"));
            view! {
                <div class="mb-4 flex flex-wrap items-center gap-3">
                    <a href="/inventory/vm/new" class=BUTTON data-testid="new-vm">"New virtual machine"</a>
                    {deleted.map(|n| view! { <Notice text=format!("Deleted {n} and its files.") test_id="vm-deleted"/> })}
                </div>
            }
        })}
        {move || {
            let q = use_query_map();
            match kind.get() {
                InventoryKind::Datacenter => {
                    let deleted = q.with_untracked(|q| q.get("deleted"));
                    Some(view! {
                        {deleted.map(|n| view! { <div class="mb-4"><Notice text=format!("Deleted the datacenter {n}.") test_id="datacenter-deleted"/></div> })}
                        <div class="mb-6"><NewDatacenterCard/></div>
                    }.into_any())
                }
                InventoryKind::Host => {
                    let removed = q.with_untracked(|q| q.get("removed"));
                    Some(view! {
                        <div class="mb-4 flex flex-wrap items-center gap-3">
                            <a href="/inventory/host/new" class=BUTTON data-testid="add-host">"Add host"</a>
                            {removed.map(|n| view! { <Notice text=format!("Removed {n} from the inventory.") test_id="host-removed"/> })}
                        </div>
                    }.into_any())
                }
                k @ (InventoryKind::Datastore | InventoryKind::Network) => Some(view! { <div class="mb-6"><FindByIdCard kind=k/></div> }.into_any()),
                _ => None,
            }
        }}
        {move || {
            let k = kind.get();
            view! { <InventoryBrowser kind=k path=format!("/inventory/{}", k.slug())/> }
        }}
    }
}
