//! What a library item becomes (`vcenter/ovf`, `vcenter/vm-template`, `vcenter/iso`), on its page: an OVF
//! template or a VM template deployed as a new virtual machine, an ISO image mounted on a VM; and, on a
//! library's page, a VM captured as a template.

use crate::api::kept_result;
use crate::api::vcenter::inventory::human_bytes;
use crate::api::vcenter::iso::{Mounted, MountIso, UnmountIso};
use crate::api::vcenter::ovf::{get_ovf_deploy, CaptureVm, DeployOvf, OvfDeployView, Placement, PROVISIONING};
use crate::api::vcenter::vm_template::{get_template, DeployTemplate, TemplateView};
use crate::components::form::{succeeded, typed, Checkbox, CheckboxGroup, Fields, FormError, Notice, RadioGroup, SelectField, TextField, BUTTON, BUTTON_SECONDARY, LINK};
use crate::components::inventory::object_href;
use crate::components::{Card, ErrorList, Field, FieldList, Loading};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// A placement choice: a list when vCenter lists them, else the id typed.
#[component]
fn PlaceField(
    #[prop(into)] label: String,
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    options: Option<Vec<(String, String)>>,
    selected: Signal<String>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    match options {
        Some(mut list) => {
            if optional {
                list.insert(0, (String::new(), "As vCenter chooses".into()));
            }
            view! { <SelectField label name id options=list selected/> }.into_any()
        }
        None => view! { <TextField label name id value=selected hint="vCenter lists none here: type its id."/> }.into_any(),
    }
}

/// A storage policy choice, left out where vCenter lists no policies.
#[component]
fn PolicyField(#[prop(into)] id: String, policies: Vec<(String, String)>, selected: Signal<String>, #[prop(into)] none: String, #[prop(into)] hint: String) -> impl IntoView {
    (!policies.is_empty()).then(|| {
        let mut options = policies;
        options.insert(0, (String::new(), none));
        view! { <SelectField label="Storage policy" name="storage_policy" id options selected hint/> }
    })
}

/// The `i`th value of a list field the refused form kept (kept joined with commas), else `initial`.
fn typed_nth(value: impl Into<Signal<Option<Result<(), crate::error::AppError>>>>, name: &'static str, i: usize, initial: String) -> Signal<String> {
    let value: Signal<Option<Result<(), crate::error::AppError>>> = value.into();
    Signal::derive(move || {
        value
            .with(|v| match v {
                Some(Err(e)) => e.input(name).map(|all| all.split(',').nth(i).unwrap_or("").to_string()),
                _ => None,
            })
            .unwrap_or_else(|| initial.clone())
    })
}

fn first(options: &Option<Vec<(String, String)>>) -> String {
    options.as_ref().and_then(|o| o.first()).map(|o| o.0.clone()).unwrap_or_default()
}

/// Deploy an OVF template: name, placement, licence, a network for each of the template's.
#[component]
pub fn OvfDeployCard(item: String) -> impl IntoView {
    let deploy = ServerAction::<DeployOvf>::new();
    let data = Resource::new(move || item.clone(), get_ovf_deploy);
    view! {
        <Card title="Deploy as a virtual machine">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move { data.await.map(|v| view! { <OvfDeployForm v deploy/> }) })}
                </ErrorBoundary>
            </Transition>
        </Card>
    }
}

#[component]
fn OvfDeployForm(v: OvfDeployView, deploy: ServerAction<DeployOvf>) -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let item = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let value = deploy.value();
    let Placement { pools, folders, datastores, networks, hosts, policies, .. } = v.placement.clone();
    let (pool0, ds0) = (first(&pools), first(&datastores));
    let provisioning = PROVISIONING.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect::<Vec<_>>();
    view! {
        {v.problem.clone().map(|p| view! { <p class="mb-3 text-sm text-amber-800 dark:text-amber-200" data-testid="ovf-problem">{p}</p> })}
        <ActionForm action=deploy attr:class="space-y-4" attr:data-testid="ovf-deploy-form">
            <input type="hidden" name="item" value=item/>
            <Fields value test_id="ovf-deploy-error">
            <TextField label="Virtual machine name" name="name" id="ovf-name" value=typed(value, "name", v.name.clone()) hint="Up to 80 characters; unique in its folder."/>
            <PlaceField label="Resource pool" name="resource_pool" id="ovf-pool" options=pools selected=typed(value, "resource_pool", pool0)/>
            <PlaceField label="VM folder" name="folder" id="ovf-folder" options=folders selected=typed(value, "folder", String::new()) optional=true/>
            <PlaceField label="Host" name="host" id="ovf-host" options=hosts selected=typed(value, "host", String::new()) optional=true/>
            <PlaceField label="Datastore" name="datastore" id="ovf-datastore" options=datastores selected=typed(value, "datastore", ds0)/>
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <SelectField label="Disk provisioning" name="provisioning" id="ovf-provisioning" options=provisioning selected=typed(value, "provisioning", String::new())/>
                <PolicyField id="ovf-policy" policies selected=typed(value, "storage_policy", String::new()) none="The datastore's default" hint="For the VM's files and every disk."/>
            </div>
            {(!v.flags.is_empty()).then(|| view! {
                <CheckboxGroup legend="Import options" name="flags" id="ovf-flags" options=v.flags.clone()
                    checked=Signal::derive(move || typed(value, "flags", String::new()).get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())/>
            })}
            {v.networks.iter().enumerate().map(|(i, n)| {
                let nets = networks.clone();
                let same = nets.as_ref().and_then(|l| l.iter().find(|(_, name)| name == n)).map(|x| x.0.clone()).unwrap_or_else(|| first(&nets));
                view! {
                    <input type="hidden" name="ovf_networks[]" value=n.clone()/>
                    <PlaceField label=format!("Network for “{n}”") name="networks[]" id=format!("ovf-network-{i}") options=nets selected=Signal::derive(move || same.clone())/>
                }
            }).collect_view()}
            {(!v.eulas.is_empty()).then(|| view! {
                <div class="space-y-2">
                    <p class="text-sm font-medium">"Licence agreement"</p>
                    {v.eulas.iter().map(|e| view! { <pre class="max-h-40 overflow-auto whitespace-pre-wrap rounded border border-slate-200 p-2 text-xs dark:border-slate-700">{e.clone()}</pre> }).collect_view()}
                    <Checkbox name="accept_eula" id="ovf-accept" label="I accept the licence agreement" checked=typed(value, "accept_eula", String::new())/>
                </div>
            })}
            <TextField label="Notes" name="annotation" id="ovf-annotation" value=typed(value, "annotation", v.annotation.clone()) multiline=true hint="The new VM's annotation."/>
            </Fields>
            <button type="submit" class=BUTTON disabled=move || deploy.pending().get() data-testid="ovf-deploy">"Deploy"</button>
        </ActionForm>
    }
}

/// A VM template: what it holds, and deploy it.
#[component]
pub fn TemplateDeployCard(item: String) -> impl IntoView {
    let deploy = ServerAction::<DeployTemplate>::new();
    let data = Resource::new(move || item.clone(), get_template);
    view! {
        <Card title="Deploy as a virtual machine">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move { data.await.map(|t| view! { <TemplateDeployForm t deploy/> }) })}
                </ErrorBoundary>
            </Transition>
        </Card>
    }
}

#[component]
fn TemplateDeployForm(t: TemplateView, deploy: ServerAction<DeployTemplate>) -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let item = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let value = deploy.value();
    let Placement { pools, folders, datastores, networks, hosts, clusters, policies } = t.placement.clone();
    let disk_rows = t.disks.clone();
    let disks = t.disks.iter().map(|(_, c, _)| human_bytes(*c)).collect::<Vec<_>>().join(", ");
    let nets = networks.clone().unwrap_or_default();
    let adapters: Vec<(String, String)> = t.nics.iter().map(|(key, net)| (key.clone(), nets.iter().find(|(n, _)| n == net).map(|(_, name)| name.clone()).unwrap_or_else(|| net.clone()))).collect();
    let removable = t.disks.iter().enumerate().map(|(i, (k, c, _))| (k.clone(), format!("Disk {} ({})", i + 1, human_bytes(*c)))).collect::<Vec<_>>();
    let removed = typed(value, "remove_disks", String::new());
    view! {
        <FieldList>
            <Field label="Guest OS" value=t.guest_os.clone()/>
            <Field label="CPUs" value=format!("{} ({} per socket)", t.cpus, t.cores_per_socket) test_id="template-cpus"/>
            <Field label="Memory" value=human_bytes(t.memory_mib << 20)/>
            <Field label="Disks" value=if disks.is_empty() { "None".to_string() } else { disks }/>
            <Field label="Network adapters" value=t.nics.len().to_string()/>
        </FieldList>
        <ActionForm action=deploy attr:class="mt-4 space-y-4" attr:data-testid="template-deploy-form">
            <input type="hidden" name="item" value=item/>
            <Fields value test_id="template-deploy-error">
            <TextField label="Virtual machine name" name="name" id="template-name" value=typed(value, "name", String::new()) hint="Up to 80 characters; unique in its folder."/>
            <PlaceField label="Resource pool" name="resource_pool" id="template-pool" options=pools selected=typed(value, "resource_pool", String::new()) optional=true/>
            <PlaceField label="VM folder" name="folder" id="template-folder" options=folders selected=typed(value, "folder", String::new()) optional=true/>
            <PlaceField label="Cluster" name="cluster" id="template-cluster" options=clusters selected=typed(value, "cluster", String::new()) optional=true/>
            <PlaceField label="Host" name="host" id="template-host" options=hosts selected=typed(value, "host", String::new()) optional=true/>
            <PlaceField label="Datastore" name="datastore" id="template-datastore" options=datastores selected=typed(value, "datastore", t.datastore.clone())/>
            <PolicyField id="template-policy" policies selected=typed(value, "storage_policy", String::new()) none="The template's own" hint="For the VM's files and every disk."/>
            {adapters.into_iter().enumerate().map(|(i, (key, net))| {
                let mut options = nets.clone();
                options.insert(0, (String::new(), format!("As the template: {net}")));
                view! {
                    <input type="hidden" name="nic_keys[]" value=key/>
                    <SelectField label=format!("Network adapter {}", i + 1) name="nic_networks[]" id=format!("template-nic-{i}") options selected=typed_nth(value, "nic_networks", i, String::new())/>
                }
            }).collect_view()}
            {disk_rows.iter().enumerate().map(|(i, (key, bytes, _))| view! {
                <input type="hidden" name="disk_keys[]" value=key.clone()/>
                <input type="hidden" name="disk_bytes[]" value=bytes.to_string()/>
                <TextField label=format!("Disk {} size (GiB)", i + 1) name="disk_gib[]" error_key=format!("disk_gib[{i}]") id=format!("template-disk-{i}") inputmode="numeric"
                    value=typed_nth(value, "disk_gib", i, String::new()) hint=format!("Now {}; empty keeps it. A disk grows, it cannot shrink.", human_bytes(*bytes))/>
            }).collect_view()}
            {(!removable.is_empty()).then(|| view! {
                <CheckboxGroup legend="Leave out" name="remove_disks" id="template-remove" options=removable
                    checked=Signal::derive(move || removed.get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())/>
            })}
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <TextField label="CPUs" name="cpus" id="template-cpus-input" value=typed(value, "cpus", String::new()) inputmode="numeric" hint="Empty: as the template."/>
                <TextField label="Memory (MiB)" name="memory_mib" id="template-memory" value=typed(value, "memory_mib", String::new()) inputmode="numeric" hint="Empty: as the template."/>
            </div>
            <Checkbox name="power_on" id="template-power-on" label="Power on after deploying" checked=typed(value, "power_on", String::new())/>
            </Fields>
            <button type="submit" class=BUTTON disabled=move || deploy.pending().get() data-testid="template-deploy">"Deploy"</button>
        </ActionForm>
    }
}

/// Mount this ISO image on a VM (a CD/DVD drive is added for it); unmount it again.
#[component]
pub fn IsoMountCard(item: String) -> impl IntoView {
    let query = use_query_map();
    let mount = ServerAction::<MountIso>::new();
    let unmount = ServerAction::<UnmountIso>::new();
    let mounted = Resource::new(move || (mount.version().get(), query.with(|q| q.get("done"))), |(_, done)| kept_result::<Mounted>(MountIso::PATH, done));
    let value = mount.value();
    view! {
        <Card title="Mount on a virtual machine">
            <ActionForm action=mount attr:class="space-y-4" attr:data-testid="iso-mount-form">
                <input type="hidden" name="item" value=item/>
                <Fields value test_id="iso-mount-error">
                <TextField label="Virtual machine (name or id)" name="vm" id="iso-vm" value=typed(value, "vm", String::new())
                    hint="A CD/DVD drive holding this image is added to it, connected at power-on (and now, if it runs)."/>
                </Fields>
                <button type="submit" class=BUTTON_SECONDARY>"Mount"</button>
            </ActionForm>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    mounted.await.ok().flatten().map(|m| {
                        let label = format!("Mounted on {} as CD/DVD drive {}.", m.vm_name, m.cdrom);
                        view! {
                            <div class="mt-4 space-y-2" data-testid="iso-mounted">
                                <Notice text=label/>
                                <p class="text-sm"><a href=format!("{}&tab=hardware", object_href("VirtualMachine", &m.vm)) class=LINK>"Open " {m.vm_name.clone()}</a></p>
                                <ActionForm action=unmount>
                                    <input type="hidden" name="vm" value=m.vm.clone()/>
                                    <input type="hidden" name="cdrom" value=m.cdrom.clone()/>
                                    <button type="submit" class=BUTTON_SECONDARY data-testid="iso-unmount">"Unmount"</button>
                                </ActionForm>
                            </div>
                        }
                    })
                })}
            </Transition>
            {move || succeeded(unmount).get().then(|| view! { <Notice text="Unmounted." test_id="iso-unmounted"/> })}
            <FormError value=unmount.value() test_id="iso-unmount-error"/>
        </Card>
    }
}

/// Capture a VM as an OVF template or a VM template of this library.
#[component]
pub fn CaptureCard(library: String, flags: Vec<(String, String)>) -> impl IntoView {
    let capture = ServerAction::<CaptureVm>::new();
    let value = capture.value();
    let kinds = vec![("ovf".to_string(), "OVF template".to_string()), ("vm-template".to_string(), "VM template".to_string())];
    view! {
        <Card title="Make a template from a virtual machine">
            <ActionForm action=capture attr:class="space-y-4" attr:data-testid="capture-form">
                <input type="hidden" name="library" value=library/>
                <Fields value test_id="capture-error">
                <TextField label="Virtual machine (name or id)" name="vm" id="capture-vm" value=typed(value, "vm", String::new()) hint="An OVF template is made from a powered-off machine."/>
                <RadioGroup legend="Kind" name="kind" id="capture-kind" options=kinds selected=typed(value, "kind", "ovf".into()) inline=true/>
                <TextField label="Item name" name="name" id="capture-name" value=typed(value, "name", String::new()) hint="Up to 80 characters; unique in this library."/>
                <TextField label="Description" name="description" id="capture-description" value=typed(value, "description", String::new())/>
                {(!flags.is_empty()).then(|| view! {
                    <CheckboxGroup legend="Export options (OVF template)" name="flags" id="capture-flags" options=flags.clone()
                        checked=Signal::derive(move || typed(value, "flags", String::new()).get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())/>
                })}
                </Fields>
                <button type="submit" class=BUTTON_SECONDARY disabled=move || capture.pending().get()>"Make template"</button>
            </ActionForm>
        </Card>
    }
}
