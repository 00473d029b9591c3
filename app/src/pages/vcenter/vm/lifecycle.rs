//! `vcenter/vm` create and delete: the New virtual machine page (`/inventory/vm/new`), and the Delete card on a VM's
//! Summary tab, which asks first (`&confirm=delete`) and says the VM's files go with it; a VM that is powered
//! on is not offered for deletion, and the card says why.

use crate::api::vcenter::vm::lifecycle::{get_new_vm_choices, guest_os_choices, CreateVm, DeleteVm, NewVmChoices, NewVmForm, MAX_NAME};
use crate::components::form::{typed, Checkbox, ConfirmPanel, Fields, FormError, SelectField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn with_blank(blank: &str, options: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut all = vec![(String::new(), blank.to_string())];
    all.extend(options);
    all
}

/// The New virtual machine page: the form (`?name=…` fills it, coming back from the review), then the review
/// (`?review=1&…`, what will be created, in words), whose Create button makes it.
#[component]
pub fn NewVmPage() -> impl IntoView {
    let choices = Resource::new(|| (), |_| get_new_vm_choices());
    let (review, given) = use_query_map().with_untracked(|q| {
        let get = |k: &str| q.get(k).unwrap_or_default();
        let given = NewVmForm {
            name: get("name"),
            guest_os: get("guest_os"),
            folder: get("folder"),
            compute: get("compute"),
            resource_pool: get("resource_pool"),
            datastore: get("datastore"),
            cpus: get("cpus"),
            memory_mb: get("memory_mb"),
            disk_gb: get("disk_gb"),
            network: get("network"),
            cdrom: q.get("cdrom"),
            iso_file: get("iso_file"),
            power_on: q.get("power_on"),
            step: String::new(),
        };
        (q.get("review").is_some(), q.get("name").is_some().then_some(given))
    });
    let subtitle = if review { "Check what will be created; change it, or create it." } else { "Where it goes, what it runs and what hardware it starts with. It is created powered off unless you ask." };
    view! {
        <PageHeader title="New virtual machine" subtitle=subtitle/>
        <p class="mb-4 text-sm"><a href="/inventory/vm" class=LINK>"← Virtual machines"</a></p>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || {
                    let given = given.clone();
                    Suspend::new(async move {
                        choices.await.map(|c| match (review, given) {
                            (true, Some(f)) => view! { <NewVmReview c f/> }.into_any(),
                            (_, given) => {
                                let fresh = given.is_none();
                                view! { <NewVmFormCard c given=given.unwrap_or_default() fresh/> }.into_any()
                            }
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// The label `choices` give `value`, or `none` when it is empty.
fn label_of(choices: &[(String, String)], value: &str, none: &str) -> String {
    if value.trim().is_empty() {
        return none.to_string();
    }
    choices.iter().find(|(k, _)| k == value).map_or_else(|| value.to_string(), |(_, l)| l.clone())
}

/// What will be created, in words, and the Create button (the form's fields carried as hidden inputs). A
/// refusal from vCenter shows here; Change goes back to the form as filled.
#[component]
fn NewVmReview(c: NewVmChoices, f: NewVmForm) -> impl IntoView {
    let create = ServerAction::<CreateVm>::new();
    let guest = crate::api::vcenter::vm::lifecycle::guest_os_words(&f.guest_os);
    let memory = f.memory_mb.trim().parse::<i64>().map(|m| crate::api::vcenter::inventory::human_bytes(m << 20)).unwrap_or_else(|_| f.memory_mb.clone());
    let cdrom = match (f.cdrom.is_some(), f.iso_file.trim()) {
        (false, _) => "None".to_string(),
        (true, "") => "The client's device (connected from the console user's machine)".to_string(),
        (true, iso) => format!("ISO file {iso}, connected at power on"),
    };
    let rows: Vec<(&str, String)> = vec![
        ("Name", f.name.clone()),
        ("Guest operating system", guest),
        ("Folder", label_of(&c.folders, &f.folder, "—")),
        ("Runs on", label_of(&c.compute, &f.compute, "—")),
        ("Resource pool", label_of(&c.resource_pools, &f.resource_pool, "The cluster's or host's own")),
        ("Datastore", label_of(&c.datastores, &f.datastore, "—")),
        ("CPUs", f.cpus.clone()),
        ("Memory", memory),
        ("Disk", format!("{} GB, new", f.disk_gb.trim())),
        ("Network adapter", if f.network.trim().is_empty() { "None".into() } else { format!("VMXNET3 on {}", label_of(&c.networks, &f.network, "—")) }),
        ("CD/DVD drive", cdrom),
        ("After creation", if f.power_on.is_some() { "Powered on".into() } else { "Left powered off".into() }),
    ];
    let hidden: Vec<(&'static str, String)> = vec![
        ("name", f.name.clone()),
        ("guest_os", f.guest_os.clone()),
        ("folder", f.folder.clone()),
        ("compute", f.compute.clone()),
        ("resource_pool", f.resource_pool.clone()),
        ("datastore", f.datastore.clone()),
        ("cpus", f.cpus.clone()),
        ("memory_mb", f.memory_mb.clone()),
        ("disk_gb", f.disk_gb.clone()),
        ("network", f.network.clone()),
        ("iso_file", f.iso_file.clone()),
        ("step", "create".into()),
    ];
    let change = format!("/inventory/vm/new?{}", f.query());
    view! {
        <Card title="Review">
            <dl class="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr]" data-testid="new-vm-review">
                {rows.into_iter().map(|(k, v)| view! {
                    <dt class="font-medium text-slate-600 dark:text-slate-400">{k}</dt>
                    <dd class="text-slate-900 dark:text-slate-100">{v}</dd>
                }).collect_view()}
            </dl>
            <ActionForm action=create attr:class="mt-6 flex flex-wrap items-center gap-3" attr:data-testid="new-vm-create-form">
                {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                {f.cdrom.is_some().then(|| view! { <input type="hidden" name="cdrom" value="on"/> })}
                {f.power_on.is_some().then(|| view! { <input type="hidden" name="power_on" value="on"/> })}
                <button type="submit" class=BUTTON autofocus data-testid="new-vm-create">"Create virtual machine"</button>
                <a href=change class=BUTTON_SECONDARY data-testid="new-vm-change">"Change"</a>
            </ActionForm>
            <div class="mt-4"><FormError value=create.value() test_id="new-vm-create-error"/></div>
        </Card>
    }
}

/// The form, filled from `given` when coming back from the review (`fresh`: a new form, with defaults).
#[component]
fn NewVmFormCard(c: NewVmChoices, given: NewVmForm, fresh: bool) -> impl IntoView {
    let create = ServerAction::<CreateVm>::new();
    let v = create.value();
    let or = |given: &str, default: &str| if fresh { default.to_string() } else { given.to_string() };
    let field = |name: &'static str, initial: String| typed(v, name, initial);
    let on = |b: bool| if b { "on".to_string() } else { String::new() };
    let (name, guest_os, folder, compute, pool, datastore) = (
        field("name", given.name.clone()),
        field("guest_os", or(&given.guest_os, "UBUNTU_64")),
        field("folder", given.folder.clone()),
        field("compute", given.compute.clone()),
        field("resource_pool", given.resource_pool.clone()),
        field("datastore", given.datastore.clone()),
    );
    let (cpus, memory, disk, network, power_on) = (
        field("cpus", or(&given.cpus, "2")),
        field("memory_mb", or(&given.memory_mb, "4096")),
        field("disk_gb", or(&given.disk_gb, "40")),
        field("network", given.network.clone()),
        field("power_on", on(given.power_on.is_some())),
    );
    // A new form has a CD/DVD drive, as vCenter's own wizard; back from the review, as it was chosen.
    let (cdrom, iso) = (field("cdrom", on(fresh || given.cdrom.is_some())), field("iso_file", given.iso_file.clone()));

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
                    <Checkbox name="cdrom" id="vm-cdrom" label="A CD/DVD drive (SATA)" checked=cdrom/>
                    <TextField label="ISO file (optional)" name="iso_file" id="vm-iso" value=iso placeholder="[datastore] folder/file.iso"
                        hint="In the CD/DVD drive, connected at power on; empty: the client's device."/>
                    <Checkbox name="power_on" id="vm-power-on" label="Power on after creation" checked=power_on/>
                </Fields>
                <input type="hidden" name="step" value="review"/>
                <div class="md:col-span-2 flex gap-3">
                    <button type="submit" class=BUTTON data-testid="new-vm-save">"Review…"</button>
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
