//! The Storage policies page (`vcenter/storage/policies`): every policy with how many VM homes and disks use it,
//! the compliance of all VM storage by status and the VMs that need attention; a policy's page lists the VMs
//! using it and, on request, which datastores suit it.

use crate::api::vcenter::storage::policies::{get_storage_policies, get_storage_policy, PoliciesView, PolicyView};
use crate::api::vcenter::vm::storage::compliance_words;
use crate::components::form::{BUTTON_SECONDARY, LINK};
use crate::components::inventory::object_href;
use crate::components::table::{Empty, Table};
use crate::components::{Card, ErrorList, Loading, PageHeader, StatusBadge, Tone};
use crate::vsphere::rest::encode_component;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A compliance status's tone (the VM's Storage policy tab uses the same words).
pub fn tone(status: &str) -> Tone {
    match status {
        "COMPLIANT" => Tone::Good,
        "NON_COMPLIANT" => Tone::Bad,
        "OUT_OF_DATE" | "UNKNOWN_COMPLIANCE" | "UNKNOWN" => Tone::Warn,
        _ => Tone::Neutral,
    }
}

fn word(status: &str) -> String {
    compliance_words(status).split(':').next().unwrap_or_default().to_string()
}

fn storage_tab(vm: &str) -> String {
    format!("{}&tab=storage", object_href("VirtualMachine", vm))
}

/// `/storage-policies`.
#[component]
pub fn StoragePoliciesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_storage_policies());
    view! {
        <PageHeader title="Storage policies" subtitle="The policies VM homes and disks are placed by, and whether their storage complies."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|v| view! { <PoliciesBody v/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn PoliciesBody(v: PoliciesView) -> impl IntoView {
    let rows = v
        .policies
        .into_iter()
        .map(|p| {
            view! {
                <tr data-testid="policy" data-policy=p.id.clone()>
                    <td class="font-medium"><a href=format!("/storage-policies/{}", encode_component(&p.id)) class=LINK>{p.name}</a></td>
                    <td>{p.description}</td>
                    <td class="tabular-nums">{p.homes}</td>
                    <td class="tabular-nums">{p.disks}</td>
                </tr>
            }
        })
        .collect_view();
    let counts = match (v.counts, v.counts_error) {
        (Some(counts), _) => view! {
            <ul class="flex flex-wrap gap-3" data-testid="compliance-counts">
                {counts.into_iter().map(|(s, n)| view! {
                    <li class="flex items-center gap-2 text-sm" data-status=s.clone()><StatusBadge tone=tone(&s) word=word(&s)/><span class="tabular-nums">{n}</span></li>
                }).collect_view()}
            </ul>
        }
        .into_any(),
        (None, e) => view! { <p class="text-sm text-slate-700 dark:text-slate-300" data-testid="counts-error">{format!("vCenter did not count them: {}", e.unwrap_or_default())}</p> }.into_any(),
    };
    let attention = if let Some(e) = v.attention_error {
        view! { <p class="text-sm text-slate-700 dark:text-slate-300">{format!("vCenter did not list them: {e}")}</p> }.into_any()
    } else if v.attention.is_empty() {
        view! { <Empty text="Every VM home and disk with a policy complies, as last checked."/> }.into_any()
    } else {
        let rows = v
            .attention
            .into_iter()
            .map(|c| {
                let disks = if c.disks.is_empty() { "—".to_string() } else { c.disks.iter().map(|(k, s)| format!("disk {k}: {}", word(s).to_lowercase())).collect::<Vec<_>>().join(", ") };
                view! {
                    <tr data-testid="attention" data-vm=c.id.clone()>
                        <td class="font-medium"><a href=storage_tab(&c.id) class=LINK>{c.name}</a></td>
                        <td><StatusBadge tone=tone(&c.home) word=word(&c.home)/></td>
                        <td>{disks}</td>
                    </tr>
                }
            })
            .collect_view();
        view! { <Table caption="VMs whose storage needs attention" headings=vec!["Virtual machine", "Home", "Disks not compliant"]>{rows}</Table> }.into_any()
    };
    view! {
        <div class="space-y-6">
            <Card title="Policies">
                <Table caption="Storage policies" headings=vec!["Policy", "Description", "VM homes", "Disks"] test_id="policies">{rows}</Table>
            </Card>
            <Card title="Compliance">
                <div class="space-y-4">
                    <p class="text-sm text-slate-700 dark:text-slate-300">"VM homes and disks by the result of their last check:"</p>
                    {counts}
                    <h3 class="text-sm font-semibold text-slate-800 dark:text-slate-200">"Needs attention: not compliant, or out of date"</h3>
                    {attention}
                </div>
            </Card>
        </div>
    }
}

/// `/storage-policies/:id` (`?check=1` asks vCenter which datastores suit it).
#[component]
pub fn StoragePolicyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || (params.with(|p| p.get("id").unwrap_or_default()), query.with(|q| q.get("check").is_some())),
        |(id, check)| get_storage_policy(id, check),
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Storage policy"/><ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|v| view! { <PolicyBody v/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn PolicyBody(v: PolicyView) -> impl IntoView {
    let page = format!("/storage-policies/{}", encode_component(&v.policy.id));
    let users = if v.vms.is_empty() {
        view! { <Empty text="No VM home or disk uses this policy."/> }.into_any()
    } else {
        let rows = v
            .vms
            .into_iter()
            .map(|(id, name, home, disks)| {
                let disks = if disks.is_empty() { "—".to_string() } else { format!("{} (keys {})", if disks.len() == 1 { "1 disk".into() } else { format!("{} disks", disks.len()) }, disks.join(", ")) };
                view! {
                    <tr data-testid="policy-vm" data-vm=id.clone()>
                        <td class="font-medium"><a href=storage_tab(&id) class=LINK>{name}</a></td>
                        <td>{if home { "Yes" } else { "No" }}</td>
                        <td>{disks}</td>
                    </tr>
                }
            })
            .collect_view();
        view! { <Table caption="Virtual machines using the policy" headings=vec!["Virtual machine", "Its home", "Its disks"]>{rows}</Table> }.into_any()
    };
    let datastores = match v.datastores {
        None => view! {
            <p class="text-sm text-slate-700 dark:text-slate-300">"vCenter checks each datastore against the policy's rules; nothing changes."</p>
            <p class="mt-3"><a href=format!("{page}?check=1") class=BUTTON_SECONDARY data-testid="check-datastores">"Check which datastores suit it"</a></p>
        }
        .into_any(),
        Some(rows) => {
            let fit = rows.iter().filter(|(_, _, ok)| *ok).count();
            let total = rows.len();
            let rows = rows
                .into_iter()
                .map(|(id, name, ok)| {
                    view! {
                        <tr data-testid="datastore" data-datastore=id.clone()>
                            <td class="font-medium"><a href=object_href("Datastore", &id) class=LINK>{name}</a></td>
                            <td>{if ok { view! { <StatusBadge tone=Tone::Good word="Suits the policy"/> } } else { view! { <StatusBadge tone=Tone::Neutral word="Does not suit it"/> } }}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="mb-3 text-sm text-slate-700 dark:text-slate-300" data-testid="datastores-fit">{format!("{fit} of {total} datastores suit this policy.")}</p>
                <Table caption="Datastores and the policy" headings=vec!["Datastore", "Compatibility"]>{rows}</Table>
            }
            .into_any()
        }
    };
    view! {
        <PageHeader title=format!("Storage policy: {}", v.policy.name) subtitle=v.policy.description.clone()/>
        <p class="mb-4 text-sm"><a href="/storage-policies" class=LINK>"← Storage policies"</a></p>
        <div class="space-y-6">
            <Card title="Used by">
                <p class="mb-3 text-sm text-slate-700 dark:text-slate-300">{format!("{} VM homes and {} disks.", v.policy.homes, v.policy.disks)}</p>
                {users}
            </Card>
            <Card title="Datastores">{datastores}</Card>
        </div>
    }
}
