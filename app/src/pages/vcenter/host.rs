//! Hosts: the Add host page (`/inventory/host/new`) and a host's Connection card on its page (connect,
//! disconnect after a confirmation, remove from the inventory after a confirmation that counts its VMs).

use crate::api::vcenter::host::{get_host_folders, AddHost, HostAction};
use crate::components::form::{thumbprint_value, typed, Checkbox, ConfirmPanel, Fields, FormError, PasswordField, SelectField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AddHostPage() -> impl IntoView {
    let add = ServerAction::<AddHost>::new();
    let folders = Resource::new(|| (), |_| get_host_folders());
    let value = add.value();
    let print = thumbprint_value(value, "thumbprint");
    // Another vCenter manages the host: the take-over box is offered (ticked only by the user).
    let managed = Signal::derive(move || value.with(|v| matches!(v, Some(Err(e)) if e.kind().is_some_and(|k| k.as_str() == "resource_in_use"))));
    view! {
        <PageHeader title="Add host" subtitle="Add a standalone ESXi host to a host folder. vCenter checks the host's certificate: give its SHA-1 thumbprint, or leave it empty to have vCenter show it first."/>
        <p class="mb-4 text-sm"><a href="/inventory/host" class=LINK>"← Hosts"</a></p>
        <Card title="Host">
            <ActionForm action=add attr:class="space-y-4" attr:data-testid="add-host">
                <Fields value test_id="add-host-error">
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-3">
                        <div class="sm:col-span-2">
                            <TextField label="Host name or IP address" name="hostname" id="host-name" value=typed(value, "hostname", String::new())/>
                        </div>
                        <TextField label="Port" name="port" id="host-port" value=typed(value, "port", String::new()) inputmode="numeric" placeholder="443"/>
                    </div>
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
                        <TextField label="User name" name="user_name" id="host-user" value=typed(value, "user_name", "root".to_string())/>
                        <PasswordField name="password" id="host-password" label="Password" done=add.version()/>
                    </div>
                    <Transition fallback=|| view! { <Loading/> }>
                        <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                            {move || Suspend::new(async move {
                                folders.await.map(|f| {
                                    let first = f.first().map(|(id, _)| id.clone()).unwrap_or_default();
                                    view! { <SelectField label="Folder" name="folder" id="host-folder" options=f selected=typed(value, "folder", first)/> }
                                })
                            })}
                        </ErrorBoundary>
                    </Transition>
                    <TextField label="Certificate thumbprint (SHA-1)" name="thumbprint" id="host-thumbprint" value=print
                        hint="Leave it empty the first time: vCenter then names the host's thumbprint and it is filled in here. Compare it with the host's own (its console shows it) before you accept it."/>
                    {move || managed.get().then(|| view! {
                        <Checkbox name="force_add" id="host-force" label="Take the host over from the vCenter Server that manages it (that vCenter loses its connection to it)" checked=Signal::stored(String::new())/>
                    })}
                </Fields>
                <button type="submit" class=BUTTON data-testid="add-host-submit">"Add host"</button>
            </ActionForm>
        </Card>
    }
}

/// A host's connection and place in the inventory: connect, disconnect (asked first), remove (asked first,
/// counting its virtual machines, which leave the inventory with it).
#[component]
pub fn HostConnectionCard(#[prop(into)] host: String, #[prop(into)] name: String, #[prop(into)] connection: String, #[prop(into)] vms: String, #[prop(into)] page: String) -> impl IntoView {
    let act = ServerAction::<HostAction>::new();
    let asked = use_query_map().with_untracked(|q| q.get("confirm"));
    let connected = connection == "Connected";
    let (h, n) = (host.clone(), name.clone());
    let form = move |action: &'static str, label: &'static str, class: &'static str, test_id: &'static str| {
        view! {
            <ActionForm action=act>
                <input type="hidden" name="host" value=h.clone()/>
                <input type="hidden" name="action" value=action/>
                <input type="hidden" name="name" value=n.clone()/>
                <button type="submit" class=class autofocus=class == BUTTON_DANGER data-testid=test_id>{label}</button>
            </ActionForm>
        }
    };
    let body = match asked.as_deref() {
        Some("disconnect") if connected => view! {
            <ConfirmPanel title=format!("Disconnect {name}?") cancel_href=page.clone()
                message="vCenter stops managing the host until it is connected again: its virtual machines keep running, but they cannot be changed from vCenter, and vSphere HA and DRS leave them alone.">
                {form("disconnect", "Disconnect host", BUTTON_DANGER, "confirm-disconnect")}
            </ConfirmPanel>
        }.into_any(),
        Some("remove") => view! {
            <ConfirmPanel title=format!("Remove {name} from the inventory?") cancel_href=page.clone()
                message=format!("The host leaves vCenter's inventory, and its virtual machines ({vms}) with it; their files stay on the datastores, and the host can be added again. A host in a cluster must leave the cluster first.")>
                {form("remove", "Remove host", BUTTON_DANGER, "confirm-remove-host")}
            </ConfirmPanel>
        }.into_any(),
        _ => view! {
            <div class="flex flex-wrap gap-3">
                {if connected {
                    view! { <a href=format!("{page}&confirm=disconnect") class=BUTTON_SECONDARY data-testid="disconnect-host">"Disconnect…"</a> }.into_any()
                } else {
                    form("connect", "Connect", BUTTON, "connect-host").into_any()
                }}
                <a href=format!("{page}&confirm=remove") class=BUTTON_SECONDARY data-testid="remove-host">"Remove from inventory…"</a>
            </div>
        }.into_any(),
    };
    view! {
        <Card title="Connection">
            <div class="space-y-3">
                <p class="text-sm text-slate-700 dark:text-slate-300" data-testid="host-connection">{format!("{connection}.")}</p>
                {body}
                <FormError value=act.value() test_id="host-action-error"/>
            </div>
        </Card>
    }
}
