//! One inventory object (`/objects?type=VirtualMachine&id=vm-42`): what the inventory says about it (the
//! kind's get, or its list filtered by id) and its tags panel.

use crate::api::vcenter::inventory::{get_object, ContextItem};
use crate::components::form::{Notice, Warning, LINK};
use crate::components::inventory::{object_href, TagsPanel};
use crate::api::vcenter::vm::guest::get_vm_guest;
use crate::api::vcenter::vm::hardware::get_vm_hardware;
use crate::pages::vcenter::vm::hardware::{VmDevicesCard, VmHardwareCard, VmVirtualHardwareCard};
use crate::pages::vcenter::vm::lifecycle::{created_notice, VmDeleteCard};
use crate::pages::vcenter::vm::{vm_tab, VmTabFrame, VmTabs};
use crate::pages::vcenter::vm::guest::GuestFilesystemsCard;
use crate::pages::vcenter::vm::power::VmPowerCard;
use crate::pages::vcenter::datacenter::DatacenterDeleteCard;
use crate::pages::vcenter::host::HostConnectionCard;
use crate::components::{Card, ErrorList, Field, FieldList, Loading, PageHeader};
use crate::vsphere::inventory::object_type_label;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Where the object sits and what it holds, each line leading to that object's page or list.
#[component]
fn ContextCard(items: Vec<ContextItem>) -> impl IntoView {
    view! {
        <Card title="Where it is">
            <dl class="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-[max-content_minmax(0,1fr)]" data-testid="object-context">
                {items.into_iter().map(|i| view! {
                    <dt class="text-sm font-medium text-slate-600 dark:text-slate-400">{i.label.clone()}</dt>
                    <dd class="text-sm text-slate-900 dark:text-slate-100 break-words" data-testid="context-item" data-label=i.label>
                        {match i.href {
                            Some(href) => view! { <a href=href class=LINK>{i.value}</a> }.into_any(),
                            None => view! { <span>{i.value}</span> }.into_any(),
                        }}
                    </dd>
                }).collect_view()}
            </dl>
        </Card>
    }
}

/// A VM's Hardware tab: everything from one call (the VM's get).
#[component]
fn VmHardwareTab(vm: String) -> impl IntoView {
    let id = vm.clone();
    let hardware = Resource::new(move || id.clone(), get_vm_hardware);
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Virtual machine"/><ErrorList errors/> }>
                {
                    move || {
                        let vm = vm.clone();
                        Suspend::new(async move {
                            hardware.await.map(|hw| view! {
                                <VmTabFrame vm=vm.clone() name=hw.name.clone() current="hardware"/>
                                <div class="mb-6"><VmHardwareCard vm=vm.clone() hw=hw.clone()/></div>
                                <div class="mb-6"><VmVirtualHardwareCard vm=vm.clone() hw=hw.clone()/></div>
                                <VmDevicesCard vm=vm.clone() hw=hw.clone()/>
                            })
                        })
                    }
                }
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn ObjectPage() -> impl IntoView {
    let query = use_query_map();
    let object = move || query.with(|q| (q.get("type").unwrap_or_default(), q.get("id").unwrap_or_default()));
    let (t, id) = query.with_untracked(|q| (q.get("type").unwrap_or_default(), q.get("id").unwrap_or_default()));
    let is_vm = t == "VirtualMachine";
    let tab = if is_vm { vm_tab(query.with_untracked(|q| q.get("tab")).as_deref()) } else { "summary" };
    if tab == "hardware" {
        return view! { <VmHardwareTab vm=id/> }.into_any();
    }
    if tab == "details" {
        let part = query.with_untracked(|q| q.get("part")).unwrap_or_default();
        return view! { <crate::pages::vcenter::vm::details::VmDetailsTab vm=id part/> }.into_any();
    }
    if tab == "storage" {
        return view! { <crate::pages::vcenter::vm::storage::VmStorageTab vm=id/> }.into_any();
    }
    let detail = Resource::new(object, |(t, id)| get_object(t, id));
    // A VM's guest, fetched beside its details on its Summary (a refusal here leaves the rest of the page).
    let guest = Resource::new(object, move |(t, id)| async move { if t == "VirtualMachine" && tab == "summary" { get_vm_guest(id).await.ok() } else { None } });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Object"/><ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let guest = guest.await;
                    detail.await.map(|d| {
                        let mut title = format!("{}: {}", object_type_label(&d.object_type), d.name.clone().unwrap_or_else(|| d.id.clone()));
                        if tab == "tags" {
                            title.push_str(" — Tags");
                        }
                        let back = d.kind.map(|k| (format!("/inventory/{}", k.slug()), k.plural()));
                        let page = object_href(&d.object_type, &d.id);
                        let page_m = page.clone();
                        let filesystems = guest.clone().map(|g| view! { <div class="mb-6"><GuestFilesystemsCard guest=g/></div> });
                        let tabs = is_vm.then(|| view! { <VmTabs vm=d.id.clone() current=tab/> });
                        let summary = tab == "summary";
                        let delete = d.power.clone().filter(|_| summary).map(|state| view! {
                            <div class="mb-6"><VmDeleteCard vm=d.id.clone() name=d.name.clone().unwrap_or_default() state page=page.clone()/></div>
                        });
                        let created = query.with_untracked(|q| q.get("done").is_some().then(|| q.get("created").and_then(|c| created_notice(&c))).flatten());
                        let power = d.power.clone().filter(|_| summary).map(|state| view! {
                            <div class="mb-6"><VmPowerCard vm=d.id.clone() name=d.name.clone().unwrap_or_default() state page guest/></div>
                        });
                        let note = d.note.clone();
                        // Inventory management: a datacenter's Delete card, a host's Connection card, and what just happened.
                        let field = |label: &str| d.fields.iter().find(|(k, _)| k == label).map(|(_, v)| v.clone()).unwrap_or_default();
                        let vms = d.context.iter().find(|c| c.label == "Virtual machines").map(|c| c.value.clone()).unwrap_or_else(|| "none".into());
                        let name = d.name.clone().unwrap_or_else(|| d.id.clone());
                        let manage = match (d.object_type.as_str(), summary && d.note.is_none()) {
                            ("Datacenter", true) => Some(view! { <div class="mb-6"><DatacenterDeleteCard id=d.id.clone() name=name.clone() page=page_m.clone()/></div> }.into_any()),
                            ("HostSystem", true) => Some(view! { <div class="mb-6"><HostConnectionCard host=d.id.clone() name=name.clone() connection=field("Connection") vms page=page_m.clone()/></div> }.into_any()),
                            _ => None,
                        };
                        let managed = query.with_untracked(|q| {
                            if q.get("created").as_deref() == Some("1") {
                                Some(format!("Created the datacenter {name}."))
                            } else if q.get("added").is_some() {
                                Some(format!("Added the host {name}: it is connected."))
                            } else {
                                q.get("done_action").map(|a| format!("{} {name}.", if a == "connect" { "Connected" } else { "Disconnected" }))
                            }
                        });
                        let subtitle = format!("{} {}", d.object_type, d.id);
                        let details = summary.then(move || view! {
                            <div class="mb-6 grid grid-cols-1 gap-6 lg:grid-cols-2">
                                <Card title="Details">
                                    <FieldList>
                                        <Field label="Type" value=object_type_label(&d.object_type)/>
                                        <Field label="Id" value=d.id.clone() test_id="object-id"/>
                                        {d.fields.into_iter().map(|(k, v)| view! { <Field label=k value=v/> }).collect_view()}
                                    </FieldList>
                                </Card>
                                {(!d.context.is_empty()).then(|| view! { <ContextCard items=d.context.clone()/> })}
                            </div>
                        });
                        view! {
                            <PageHeader title=title subtitle/>
                            {back.map(|(href, label)| view! { <p class="mb-4 text-sm"><a href=href class=LINK>"← " {label}</a></p> })}
                            {note.map(|n| view! { <div class="mb-4"><Warning text=n test_id="object-note"/></div> })}
                            {tabs}
                            {created.map(|n| view! { <div class="mb-4"><Notice text=n test_id="vm-created"/></div> })}
                            {managed.map(|n| view! { <div class="mb-4"><Notice text=n test_id="object-managed"/></div> })}
                            {details}
                            {power}
                            {filesystems}
                            {delete}
                            {manage}
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
        // Outside the details' suspense, so the tags are fetched once per render; a VM's on its Tags tab.
        {move || {
            let (t, id) = object();
            (!is_vm || tab == "tags").then(|| view! { <TagsPanel object=format!("{t}:{id}")/> })
        }}
    }
    .into_any()
}
