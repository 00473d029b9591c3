//! Datacenters: the new-datacenter form on the Datacenters list, and a datacenter's Delete card on its page,
//! whose confirmation counts what the datacenter holds (and deletes it all when it is not empty).

use crate::api::vcenter::datacenter::{get_datacenter_contents, get_datacenter_folders, CreateDatacenter, DeleteDatacenter};
use crate::components::form::{typed, ConfirmPanel, FormError, Fields, SelectField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY};
use crate::components::{Card, ErrorList, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Create a datacenter: its name, and its folder when there is more than one datacenter folder.
#[component]
pub fn NewDatacenterCard() -> impl IntoView {
    let create = ServerAction::<CreateDatacenter>::new();
    let folders = Resource::new(|| (), |_| get_datacenter_folders());
    let value = create.value();
    view! {
        <Card title="New datacenter">
            <ActionForm action=create attr:class="space-y-3" attr:data-testid="new-datacenter">
                <Fields value test_id="new-datacenter-error">
                    <div class="flex flex-wrap items-end gap-3">
                        <div class="min-w-64 flex-1">
                            <TextField label="Datacenter name" name="name" id="datacenter-name" value=typed(value, "name", String::new()) hint="1 to 80 characters, without / \\ or %."/>
                        </div>
                        <Transition fallback=|| view! { <Loading/> }>
                            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                                {move || Suspend::new(async move {
                                    folders.await.map(|f| {
                                        let chosen = typed(value, "folder", f.first().map(|(id, _)| id.clone()).unwrap_or_default());
                                        (f.len() > 1).then(|| view! { <SelectField label="Folder" name="folder" id="datacenter-folder" options=f selected=chosen/> })
                                    })
                                })}
                            </ErrorBoundary>
                        </Transition>
                        <button type="submit" class=BUTTON data-testid="create-datacenter">"Create datacenter"</button>
                    </div>
                </Fields>
            </ActionForm>
        </Card>
    }
}

/// Delete a datacenter: the confirmation says what it holds; a datacenter that holds something is deleted
/// with it (forced).
#[component]
pub fn DatacenterDeleteCard(#[prop(into)] id: String, #[prop(into)] name: String, #[prop(into)] page: String) -> impl IntoView {
    let delete = ServerAction::<DeleteDatacenter>::new();
    let asked = use_query_map().with_untracked(|q| q.get("confirm").as_deref() == Some("delete"));
    let body = if asked {
        let dc = id.clone();
        let contents = Resource::new(move || dc.clone(), get_datacenter_contents);
        let cancel = page.clone();
        view! {
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || {
                        let (id, name, cancel) = (id.clone(), name.clone(), cancel.clone());
                        Suspend::new(async move {
                            contents.await.map(|c| {
                                let message = if c.is_empty() {
                                    "It holds nothing: no hosts, clusters, virtual machines, datastores or networks.".to_string()
                                } else {
                                    format!("It holds {}. They all leave vCenter's inventory with it (virtual machines' files stay on their datastores, and hosts can be added again). This cannot be undone.", c.words())
                                };
                                view! {
                                    <ConfirmPanel title=format!("Delete the datacenter {name}?") message cancel_href=cancel>
                                        <ActionForm action=delete>
                                            <input type="hidden" name="id" value=id.clone()/>
                                            <input type="hidden" name="name" value=name.clone()/>
                                            <input type="hidden" name="force" value=if c.is_empty() { "false" } else { "true" }/>
                                            <button type="submit" class=BUTTON_DANGER autofocus data-testid="confirm-delete-datacenter">
                                                {if c.is_empty() { "Delete datacenter" } else { "Delete datacenter and everything in it" }}
                                            </button>
                                        </ActionForm>
                                    </ConfirmPanel>
                                }
                            })
                        })
                    }}
                </ErrorBoundary>
            </Transition>
            <FormError value=delete.value() test_id="delete-datacenter-error"/>
        }
        .into_any()
    } else {
        view! { <a href=format!("{page}&confirm=delete") class=BUTTON_SECONDARY data-testid="delete-datacenter">"Delete…"</a> }.into_any()
    };
    view! {
        <Card title="Delete">
            <div class="space-y-3">{body}</div>
        </Card>
    }
}
