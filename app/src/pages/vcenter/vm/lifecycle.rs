//! `vcenter/vm` create and delete: the New virtual machine page (`/inventory/vm/new`), and the Delete card on a VM's
//! Summary tab, which asks first (`&confirm=delete`) and says the VM's files go with it; a VM that is powered
//! on is not offered for deletion, and the card says why.

use crate::api::vcenter::vm::lifecycle::{get_new_vm_choices, guest_os_choices, CreateVm, DeleteVm, NewVmChoices, MAX_NAME};
use crate::components::form::{typed, Checkbox, ConfirmPanel, Fields, FormError, SelectField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn with_blank(blank: &str, options: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut all = vec![(String::new(), blank.to_string())];
    all.extend(options);
    all
}

/// The New virtual machine page.
#[component]
pub fn NewVmPage() -> impl IntoView {
    let choices = Resource::new(|| (), |_| get_new_vm_choices());
    view! {
        <PageHeader title="New virtual machine" subtitle="Where it goes, what it runs and what hardware it starts with. It is created powered off unless you ask."/>
        <p class="mb-4 text-sm"><a href="/inventory/vm" class=LINK>"← Virtual machines"</a></p>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { choices.await.map(|c| view! { <NewVmForm c/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn NewVmForm(c: NewVmChoices) -> impl IntoView {
    let create = ServerAction::<CreateVm>::new();
    let v = create.value();
    let field = |name: &'static str, initial: &str| typed(v, name, initial.to_string());
    let (name, guest_os, folder, compute, pool, datastore) = (field("name", ""), field("guest_os", "UBUNTU_64"), field("folder", ""), field("compute", ""), field("resource_pool", ""), field("datastore", ""));
    let (cpus, memory, disk, network, power_on) = (field("cpus", "2"), field("memory_mb", "4096"), field("disk_gb", "40"), field("network", ""), field("power_on", ""));
    view! {
        <Card title="Virtual machine">
            <ActionForm action=create attr:class="grid grid-cols-1 gap-5 md:grid-cols-2" attr:data-testid="new-vm-form">
                <Fields value=create.value() test_id="new-vm-error">
                    <TextField label="Name" name="name" id="vm-name" value=name hint=format!("1 to {MAX_NAME} characters, unique in its folder.")/>
                    <SelectField label="Guest operating system" name="guest_os" id="vm-guest-os" options=guest_os_choices() selected=guest_os
                        hint="What will be installed: vCenter picks the devices it supports."/>
                    <SelectField label="Folder" name="folder" id="vm-folder" options=with_blank("Choose a folder", c.folders) selected=folder/>
                    <SelectField label="Runs on" name="compute" id="vm-compute" options=with_blank("Choose a cluster or host", c.compute) selected=compute
                        hint="A cluster places it on one of its connected hosts."/>
                    <SelectField label="Resource pool" name="resource_pool" id="vm-pool" options=with_blank("The cluster's or host's own", c.resource_pools) selected=pool
                        hint="A pool of the cluster or host chosen above."/>
                    <SelectField label="Datastore" name="datastore" id="vm-datastore" options=with_blank("Choose a datastore", c.datastores) selected=datastore/>
                    <TextField label="CPUs" name="cpus" id="vm-cpus" value=cpus inputmode="numeric" hint="1 to 128."/>
                    <TextField label="Memory (MB)" name="memory_mb" id="vm-memory" value=memory inputmode="numeric" hint="A multiple of 4 (4096 MB is 4 GB)."/>
                    <TextField label="Disk (GB)" name="disk_gb" id="vm-disk" value=disk inputmode="numeric" hint="One new disk, thin or thick as the datastore provides; more can be added later."/>
                    <SelectField label="Network" name="network" id="vm-network" options=with_blank("No network adapter", c.networks) selected=network
                        hint="One VMXNET3 adapter on this network, connected at power on."/>
                    <Checkbox name="power_on" id="vm-power-on" label="Power on after creation" checked=power_on/>
                </Fields>
                <div class="md:col-span-2 flex gap-3">
                    <button type="submit" class=BUTTON data-testid="new-vm-save">"Create virtual machine"</button>
                    <a href="/inventory/vm" class=BUTTON_SECONDARY>"Cancel"</a>
                </div>
            </ActionForm>
        </Card>
    }
}

/// What a newly created VM's page says (`created=` after the form).
pub fn created_notice(value: &str) -> Option<&'static str> {
    Some(match value {
        "1" => "Virtual machine created (powered off).",
        "powered-on" => "Virtual machine created and powered on.",
        "not-powered-on" => "Virtual machine created, but vCenter did not power it on: use Power on below.",
        _ => return None,
    })
}

/// Delete the VM: asks first, saying its files go too; not while it is powered on.
#[component]
pub fn VmDeleteCard(#[prop(into)] vm: String, #[prop(into)] name: String, #[prop(into)] state: String, #[prop(into)] page: String) -> impl IntoView {
    let delete = ServerAction::<DeleteVm>::new();
    let asked = use_query_map().with_untracked(|q| q.get("confirm").as_deref() == Some("delete"));
    let running = state == "POWERED_ON";
    let body = if running {
        view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="delete-locked">"It is powered on: power it off (or shut its guest down) before deleting it."</p> }.into_any()
    } else if asked {
        view! {
            <ConfirmPanel title=format!("Delete {name}?") cancel_href=page.clone()
                message="The virtual machine is removed from the inventory and its files, disks included, are deleted from the datastore. This cannot be undone.">
                <ActionForm action=delete>
                    <input type="hidden" name="vm" value=vm.clone()/>
                    <input type="hidden" name="name" value=name.clone()/>
                    <button type="submit" class=BUTTON_DANGER autofocus data-testid="confirm-delete-vm">"Delete virtual machine"</button>
                </ActionForm>
            </ConfirmPanel>
            <FormError value=delete.value() test_id="delete-error"/>
        }
        .into_any()
    } else {
        view! {
            <a href=format!("{page}&confirm=delete") class=BUTTON_SECONDARY data-testid="delete-vm">"Delete…"</a>
        }
        .into_any()
    };
    view! {
        <Card title="Delete">
            <div class="space-y-3" data-testid="vm-delete">{body}</div>
        </Card>
    }
}
