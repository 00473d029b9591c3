//! Content libraries (`content/library`, `content/local-library`, `content/subscribed-library`,
//! `content/configuration`): every library with its type, storage, item count and size; create a local
//! library (published, optionally with a password) or subscribe to a published one (probe the URL, accept
//! its certificate thumbprint); the service's automatic sync settings. A library's page: its settings (edit,
//! sync, evict), its items (create one, upload files into a new one), delete behind a confirmation that says
//! how many items go.

use crate::api::content::library::{
    get_libraries, get_library, item_type_words, kind_words, ContentConfig, CreateLibraryItem, CreateLocalLibrary, CreateSubscribedLibrary, DeleteLibrary, EvictLibrary, LibrariesView,
    LibraryRow, LibraryView, ProbeSubscription, ProbeView, SyncLibrary, UpdateContentConfig, UpdateLibrary,
};
use crate::api::content::transfer::UPLOAD_PATH;
use crate::api::kept_result;
use crate::api::vcenter::inventory::human_bytes;
use crate::components::form::{
    succeeded, typed, Checkbox, ConfirmPanel, ResultNotice, FormError, Fields, Notice, PasswordField, RadioGroup, SelectField, TextField, Warning, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, INPUT, LABEL, LINK,
};
use crate::components::table::{Empty, Table};
use crate::components::{human_time, Card, ErrorList, Field, FieldList, Loading, PageHeader, StatusBadge, Tone};
use crate::vsphere::rest::encode_component;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn library_href(id: &str) -> String {
    format!("/content-libraries/{}", encode_component(id))
}

pub fn item_href(id: &str) -> String {
    format!("/content-libraries/items/{}", encode_component(id))
}

/// "3 items" / "1 item".
pub fn items_words(n: usize) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}

/// The upload's refusal, when the page came back from one (`?upload_error=`).
#[component]
pub fn UploadError() -> impl IntoView {
    let query = use_query_map();
    move || query.with(|q| q.get("upload_error")).map(|e| view! { <div role="alert" data-testid="upload-error"><Warning text=e/></div> })
}

/// `/content-libraries`.
#[component]
pub fn LibrariesPage() -> impl IntoView {
    let query = use_query_map();
    let create = ServerAction::<CreateLocalLibrary>::new();
    let probe = ServerAction::<ProbeSubscription>::new();
    let subscribe = ServerAction::<CreateSubscribedLibrary>::new();
    let config = ServerAction::<UpdateContentConfig>::new();
    let data = Resource::new(move || (config.version().get(), query.with(|q| q.get("find"))), |(_, find)| get_libraries(find));
    let probed = Resource::new(move || (probe.version().get(), query.with(|q| q.get("done"))), |(_, done)| kept_result::<ProbeView>(ProbeSubscription::PATH, done));
    view! {
        <PageHeader title="Content libraries" subtitle="Templates, ISO images and files, kept once and shared between vCenters."/>
        <ResultNotice texts=&[("deleted", "Library deleted.")] test_id="library-deleted"/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let probed = probed.await.ok().flatten();
                    data.await.map(|v| view! { <LibrariesBody v create probe subscribe config probed/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn LibrariesBody(
    v: LibrariesView,
    create: ServerAction<CreateLocalLibrary>,
    probe: ServerAction<ProbeSubscription>,
    subscribe: ServerAction<CreateSubscribedLibrary>,
    config: ServerAction<UpdateContentConfig>,
    probed: Option<ProbeView>,
) -> impl IntoView {
    let rows = v.libraries.clone();
    let table = if rows.is_empty() {
        view! { <Empty text="No content libraries yet. Create a local library, or subscribe to one another vCenter publishes."/> }.into_any()
    } else {
        view! {
            <Table caption="Content libraries" headings=vec!["Name", "Type", "Storage", "Items", "Size", "Sharing", "Last sync"] test_id="libraries">
                {rows.into_iter().map(|l| {
                    let sharing = sharing_words(&l);
                    view! {
                        <tr data-testid="library" data-library=l.id.clone()>
                            <td class="font-medium"><a href=library_href(&l.id) class=LINK>{l.name.clone()}</a>
                                {(!l.description.is_empty()).then(|| view! { <div class="text-xs text-slate-600 dark:text-slate-400">{l.description.clone()}</div> })}</td>
                            <td>{kind_words(l.subscribed)}</td>
                            <td>{l.storage.clone()}</td>
                            <td class="tabular-nums" data-testid="library-items">{l.items}</td>
                            <td class="tabular-nums">{human_bytes(l.size)}</td>
                            <td>{sharing}</td>
                            <td>{l.last_sync.as_deref().map(human_time).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        }
        .into_any()
    };
    let stores = v.datastores.clone();
    let local_stores = v.datastores.clone();
    let found = v.found.clone();
    let found_libraries = v.found_libraries.clone();
    let asked = use_query_map().with_untracked(|q| q.get("find")).unwrap_or_default();
    view! {
        <div class="grid grid-cols-1 gap-6 2xl:grid-cols-[1fr_30rem]">
            <div class="space-y-6">
                {table}
                <FindItems asked found found_libraries/>
                <ConfigCard c=v.config.clone() action=config/>
            </div>
            <div class="space-y-6">
                <Card title="New local library">
                    <ActionForm action=create attr:class="space-y-4" attr:data-testid="local-library-form">
                        {let value = create.value(); view! {
                        <Fields value test_id="local-library-error">
                        <TextField label="Name" name="name" id="library-name" value=typed(value, "name", String::new()) hint="Up to 80 characters; unique among libraries."/>
                        <TextField label="Description" name="description" id="library-description" value=typed(value, "description", String::new()) multiline=true/>
                        <DatastoreField stores=local_stores.clone() id="library-datastore" selected=typed(value, "datastore", String::new())/>
                        <Checkbox name="published" id="library-published" label="Publish this library (other vCenters may subscribe to it)" checked=typed(value, "published", String::new())/>
                        <PasswordField name="password" id="library-password" label="Password for subscribers (optional)" done=Signal::derive(move || create.version().get())
                            hint="With a password, subscribers authenticate as user vcsp."/>
                        </Fields>
                        }}
                        <button type="submit" class=BUTTON disabled=move || create.pending().get()>"Create library"</button>
                    </ActionForm>
                </Card>
                <SubscribeCard stores probe subscribe probed/>
            </div>
        </div>
    }
}

/// Find libraries and items by name (a GET form: reading changes nothing).
#[component]
fn FindItems(asked: String, found: Option<Vec<crate::api::content::library::FoundItem>>, found_libraries: Option<Vec<(String, String)>>) -> impl IntoView {
    view! {
        <Card title="Find by name">
            <form method="get" class="flex flex-wrap items-end gap-2" role="search">
                <div class="grow">
                    <label for="find-item" class=LABEL>"A library's name, or an item's in every library"</label>
                    <input id="find-item" name="find" type="search" class=INPUT value=asked/>
                </div>
                <button type="submit" class=BUTTON_SECONDARY>"Find"</button>
            </form>
            {found_libraries.filter(|l| !l.is_empty()).map(|l| view! {
                <p class="mt-3 text-sm" data-testid="found-libraries">"Libraries of that name: "
                    {l.into_iter().map(|(id, name)| view! { <a href=library_href(&id) class=format!("{LINK} mr-3") data-testid="found-library">{name}</a> }).collect_view()}
                </p>
            })}
            {found.map(|f| if f.is_empty() {
                view! { <p class="mt-3 text-sm" data-testid="found-none">"No item has that name."</p> }.into_any()
            } else {
                view! {
                    <div class="mt-3">
                        <Table caption="Items found" headings=vec!["Item", "Type", "Size", "Library"] test_id="found-items">
                            {f.into_iter().map(|i| view! {
                                <tr data-testid="found-item">
                                    <td><a href=item_href(&i.id) class=LINK>{i.name.clone()}</a></td>
                                    <td>{item_type_words(&i.kind)}</td>
                                    <td class="tabular-nums">{human_bytes(i.size)}</td>
                                    <td>{i.library.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </Table>
                    </div>
                }.into_any()
            })}
        </Card>
    }
}

fn sharing_words(l: &LibraryRow) -> String {
    if l.subscribed {
        format!("Subscribed{}", if l.on_demand { ", downloads on demand" } else { ", downloads everything" })
    } else if l.published {
        format!("Published{}", if l.password_protected { " with a password" } else { "" })
    } else {
        "Not published".into()
    }
}

/// The datastore a library's files go on: a list when vCenter lists datastores, else a typed id (vcsim).
#[component]
fn DatastoreField(stores: Option<Vec<(String, String)>>, #[prop(into)] id: String, selected: Signal<String>) -> impl IntoView {
    match stores {
        Some(list) => view! { <SelectField label="Storage (datastore)" name="datastore" id=id options=list selected=selected/> }.into_any(),
        None => view! {
            <TextField label="Storage (datastore id)" name="datastore" id=id value=selected
                hint="vCenter lists no datastores here: type the datastore's id (datastore-12)."/>
        }
        .into_any(),
    }
}

/// Subscribe: probe the URL first (vCenter contacts it), then accept the certificate thumbprint shown.
#[component]
fn SubscribeCard(stores: Option<Vec<(String, String)>>, probe: ServerAction<ProbeSubscription>, subscribe: ServerAction<CreateSubscribedLibrary>, probed: Option<ProbeView>) -> impl IntoView {
    let value = probe.value();
    let p = probed.clone().unwrap_or_default();
    let downloads = vec![("on_demand".to_string(), "When an item is used (on demand)".to_string()), ("full".to_string(), "Everything now".to_string())];
    let sub_value = subscribe.value();
    let download_default = if probed.as_ref().is_some_and(|p| !p.on_demand) { "full" } else { "on_demand" }.to_string();
    view! {
        <Card title="Subscribe to a library">
            <ActionForm action=probe attr:class="space-y-4" attr:data-testid="probe-form">
                <Fields value test_id="probe-error">
                <TextField label="Subscription URL" name="url" id="subscribe-url" value=typed(value, "url", p.url.clone())
                    hint="The published library's URL, as its vCenter shows it (…/lib.json)."/>
                <TextField label="Name" name="name" id="subscribe-name" value=typed(value, "name", p.name.clone()) hint="Up to 80 characters."/>
                <TextField label="Description" name="description" id="subscribe-description" value=typed(value, "description", p.description.clone())/>
                <DatastoreField stores=stores.clone() id="subscribe-datastore" selected=typed(value, "datastore", p.datastore.clone())/>
                <RadioGroup legend="Download content" name="download" id="subscribe-download" options=downloads.clone()
                    selected=typed(value, "download", download_default.clone()) inline=true/>
                <PasswordField name="password" id="subscribe-password" label="Password (when the library has one)" done=Signal::derive(move || probe.version().get()) current=true/>
                </Fields>
                <button type="submit" class=BUTTON_SECONDARY disabled=move || probe.pending().get()>"Probe URL"</button>
            </ActionForm>
            {probed.is_none().then(|| view! { <FormError value=sub_value test_id="subscribe-refused"/> })}
            {probed.map(|p| {
                let ok = p.ok;
                view! {
                    <div class="mt-4 space-y-3 border-t border-slate-200 pt-4 dark:border-slate-700" data-testid="probe-result">
                        <p class="flex items-center gap-2 text-sm"><StatusBadge tone=if ok { Tone::Good } else { Tone::Bad } word=if ok { "Reachable" } else { "Not reachable" }/>
                            <span data-testid="probe-words">{p.words.clone()}</span></p>
                        {ok.then(|| {
                            let thumb = p.thumbprint.clone().unwrap_or_default();
                            view! {
                                <ActionForm action=subscribe attr:class="space-y-3" attr:data-testid="subscribe-form">
                                    <input type="hidden" name="url" value=p.url.clone()/>
                                    <input type="hidden" name="name" value=p.name.clone()/>
                                    <input type="hidden" name="description" value=p.description.clone()/>
                                    <input type="hidden" name="datastore" value=p.datastore.clone()/>
                                    <input type="hidden" name="download" value=if p.on_demand { "on_demand" } else { "full" }/>
                                    <Fields value=sub_value test_id="subscribe-error">
                                    {(!thumb.is_empty()).then(|| view! {
                                        <div>
                                            <p class="text-sm">"The publisher's certificate thumbprint (SHA-1). Compare it with the one its vCenter shows before you accept it:"</p>
                                            <p class="mt-1 break-all font-mono text-xs" data-testid="probe-thumbprint">{thumb.clone()}</p>
                                            <label class="mt-2 flex items-center gap-2 text-sm">
                                                <input type="checkbox" name="thumbprint" id="subscribe-thumbprint" value=thumb.clone() class="h-4 w-4"/>
                                                "I accept this thumbprint"
                                            </label>
                                        </div>
                                    })}
                                    <PasswordField name="password" id="subscribe-password-again" label="Password (empty: the one given to the probe)" done=Signal::derive(move || subscribe.version().get()) current=true/>
                                    </Fields>
                                    <button type="submit" class=BUTTON disabled=move || subscribe.pending().get()>"Subscribe"</button>
                                </ActionForm>
                            }
                        })}
                    </div>
                }
            })}
        </Card>
    }
}

#[component]
fn ConfigCard(c: ContentConfig, action: ServerAction<UpdateContentConfig>) -> impl IntoView {
    let value = action.value();
    view! {
        <Card title="Automatic synchronization">
            <ActionForm action attr:class="space-y-4" attr:data-testid="content-config-form">
                <p class="text-sm text-slate-700 dark:text-slate-300">"Subscribed libraries that sync automatically do so within these hours, this many items at a time."</p>
                <Fields value test_id="content-config-error">
                <Checkbox name="automatic_sync_enabled" id="config-sync" label="Sync subscribed libraries automatically"
                    checked=typed(value, "automatic_sync_enabled", if c.automatic_sync_enabled { "on".into() } else { String::new() })/>
                <div class="grid grid-cols-1 gap-4 sm:grid-cols-3">
                    <TextField label="From hour (0–23)" name="start_hour" id="config-start" value=typed(value, "start_hour", c.start_hour.to_string()) inputmode="numeric"/>
                    <TextField label="Until hour (0–23)" name="stop_hour" id="config-stop" value=typed(value, "stop_hour", c.stop_hour.to_string()) inputmode="numeric"/>
                    <TextField label="Items at a time" name="max_concurrent" id="config-max" value=typed(value, "max_concurrent", c.max_concurrent.to_string()) inputmode="numeric"/>
                </div>
                </Fields>
                {move || succeeded(action).get().then(|| view! { <Notice text="Settings saved." test_id="content-config-saved"/> })}
                <button type="submit" class=BUTTON_SECONDARY>"Save settings"</button>
            </ActionForm>
        </Card>
    }
}

/// `/content-libraries/:id` (`?confirm=delete` asks before deleting).
#[component]
pub fn LibraryPage() -> impl IntoView {
    let params = use_params_map();
    let update = ServerAction::<UpdateLibrary>::new();
    let sync = ServerAction::<SyncLibrary>::new();
    let evict = ServerAction::<EvictLibrary>::new();
    let data = Resource::new(
        move || (params.with(|p| p.get("id").unwrap_or_default()), update.version().get(), sync.version().get(), evict.version().get()),
        |(id, ..)| get_library(id),
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Content library"/><ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|v| view! { <LibraryBody v update sync evict/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn LibraryBody(v: LibraryView, update: ServerAction<UpdateLibrary>, sync: ServerAction<SyncLibrary>, evict: ServerAction<EvictLibrary>) -> impl IntoView {
    let query = use_query_map();
    let l = v.library.clone();
    let here = library_href(&l.id);
    let delete = ServerAction::<DeleteLibrary>::new();
    let new_item = ServerAction::<CreateLibraryItem>::new();
    let confirm = move || query.with(|q| q.get("confirm"));
    let delete_message = format!(
        "Deleting library “{}” deletes {} and their files ({}). This cannot be undone.",
        l.name,
        items_words(l.items),
        human_bytes(l.size)
    );
    let (id1, id2, id3, id4) = (l.id.clone(), l.id.clone(), l.id.clone(), l.id.clone());
    let subscribed = l.subscribed;
    let types = v.types.clone();
    let export_flags = v.export_flags.clone();
    let cancel = here.clone();
    let value = update.value();
    let downloads = vec![("on_demand".to_string(), "When an item is used (on demand)".to_string()), ("full".to_string(), "Everything".to_string())];
    let sharing = sharing_words(&l);
    view! {
        <PageHeader title=format!("Library: {}", l.name) subtitle=format!("{} library · {}", kind_words(l.subscribed), items_words(l.items))/>
        <p class="mb-4 text-sm"><a href="/content-libraries" class=LINK>"← All libraries"</a></p>
        <ResultNotice texts=&[("created", "Library created."), ("subscribed", "Subscribed: the library is synced with its source."), ("item-deleted", "Item deleted.")] test_id="library-notice"/>
        {move || (confirm().as_deref() == Some("delete")).then(|| {
            let id = id1.clone();
            view! {
                <ConfirmPanel title="Delete this library?" message=delete_message.clone() cancel_href=cancel.clone()>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete">"Delete library"</button>
                    </ActionForm>
                </ConfirmPanel>
                <FormError value=delete.value() test_id="delete-error"/>
            }
        })}
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Details">
                <FieldList>
                    <Field label="Type" value=kind_words(l.subscribed)/>
                    <Field label="Storage" value=l.storage.clone() test_id="library-storage"/>
                    <Field label="Items" value=items_words(l.items)/>
                    <Field label="Size" value=human_bytes(l.size)/>
                    <Field label="Sharing" value=sharing.clone()/>
                    {l.publish_url.clone().map(|u| view! { <Field label="Publish URL" value=u test_id="publish-url"/> })}
                    {l.subscription_url.clone().map(|u| view! { <Field label="Subscribed to" value=u/> })}
                    <Field label="Last synchronized" value=l.last_sync.as_deref().map(human_time).unwrap_or_else(|| "—".into())/>
                    <Field label="Created" value=human_time(&l.created)/>
                    <Field label="Changed" value=human_time(&l.modified)/>
                </FieldList>
                {subscribed.then(|| view! {
                    <div class="mt-4 flex flex-wrap gap-3">
                        <ActionForm action=sync><input type="hidden" name="id" value=id2.clone()/>
                            <button type="submit" class=BUTTON_SECONDARY data-testid="sync-library">"Sync now"</button></ActionForm>
                        <ActionForm action=evict><input type="hidden" name="id" value=id3.clone()/>
                            <button type="submit" class=BUTTON_SECONDARY>"Evict cached files"</button></ActionForm>
                    </div>
                    {move || succeeded(sync).get().then(|| view! { <Notice text="Library synced." test_id="library-synced"/> })}
                    {move || succeeded(evict).get().then(|| view! { <Notice text="Cached files evicted." test_id="library-evicted"/> })}
                    <FormError value=sync.value() test_id="sync-error"/>
                    <FormError value=evict.value() test_id="evict-error"/>
                })}
            </Card>
            <Card title="Settings">
                <ActionForm action=update attr:class="space-y-4" attr:data-testid="library-edit-form">
                    <input type="hidden" name="id" value=id4/>
                    <input type="hidden" name="version" value=l.version.clone()/>
                    <Fields value test_id="library-edit-error">
                    <TextField label="Name" name="name" id="edit-name" value=typed(value, "name", l.name.clone())/>
                    <TextField label="Description" name="description" id="edit-description" value=typed(value, "description", l.description.clone()) multiline=true/>
                    {if subscribed {
                        view! {
                            <RadioGroup legend="Download content" name="download" id="edit-download" options=downloads.clone()
                                selected=typed(value, "download", if l.on_demand { "on_demand".into() } else { "full".into() }) inline=true/>
                            <Checkbox name="automatic_sync" id="edit-automatic-sync" label="Sync automatically" checked=typed(value, "automatic_sync", if l.automatic_sync { "on".into() } else { String::new() })/>
                        }.into_any()
                    } else {
                        view! {
                            <Checkbox name="published" id="edit-published" label="Published" checked=typed(value, "published", if l.published { "on".into() } else { String::new() })/>
                            <PasswordField name="password" id="edit-password" label="New password for subscribers (leave empty to keep)" done=Signal::derive(move || update.version().get())/>
                        }.into_any()
                    }}
                    </Fields>
                    {move || succeeded(update).get().then(|| view! { <Notice text="Library saved." test_id="library-saved"/> })}
                    <div class="flex flex-wrap gap-3">
                        <button type="submit" class=BUTTON>"Save"</button>
                        <a href=format!("{here}?confirm=delete") class=BUTTON_DANGER data-testid="delete-library">"Delete…"</a>
                    </div>
                </ActionForm>
            </Card>
        </div>
        <section class="mt-6 space-y-3">
            <h2 class="text-base font-semibold">"Items"</h2>
            <UploadError/>
            <ItemTable items=v.items.clone()/>
            {(!subscribed).then(|| view! { <NewItemCard library=l.id.clone() action=new_item types=types.clone()/> })}
            {(!subscribed).then(|| view! { <div class="xl:w-1/2 xl:pr-3"><super::deploy::CaptureCard library=l.id.clone() flags=export_flags.clone()/></div> })}
        </section>
    }
}

#[component]
fn ItemTable(items: Vec<crate::api::content::library::ItemRow>) -> impl IntoView {
    if items.is_empty() {
        return view! { <Empty text="This library has no items yet."/> }.into_any();
    }
    view! {
        <Table caption="Items of this library" headings=vec!["Name", "Type", "Size", "On this vCenter", "Changed"] test_id="items">
            {items.into_iter().map(|i| view! {
                <tr data-testid="item" data-item=i.id.clone()>
                    <td class="font-medium"><a href=item_href(&i.id) class=LINK>{i.name.clone()}</a></td>
                    <td>{item_type_words(&i.kind)}</td>
                    <td class="tabular-nums">{human_bytes(i.size)}</td>
                    <td>{if i.cached { "Yes" } else { "No (not synced)" }}</td>
                    <td>{human_time(&i.modified)}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// A new item: empty (files added later), or with files uploaded now (the upload form streams them).
#[component]
fn NewItemCard(library: String, action: ServerAction<CreateLibraryItem>, types: Vec<(String, String)>) -> impl IntoView {
    let value = action.value();
    let known = if types.is_empty() { vec![("ovf".to_string(), "OVF template".to_string()), ("iso".into(), "ISO image".into())] } else { types };
    let types: Vec<(String, String)> = std::iter::once(("".to_string(), "Detect from the files".to_string())).chain(known).collect();
    let (upload_library, upload_types) = (library.clone(), types.clone());
    view! {
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Upload files as a new item">
                <form method="post" action=UPLOAD_PATH enctype="multipart/form-data" id="upload-form" class="space-y-4" data-testid="upload-form">
                    <input type="hidden" name="library" value=upload_library.clone()/>
                    <div>
                        <label for="upload-name" class=LABEL>"Item name"</label>
                        <input id="upload-name" name="name" type="text" class=INPUT required=true maxlength="80" aria-describedby="upload-name-hint"/>
                        <p id="upload-name-hint" class="mt-1 text-xs text-slate-600 dark:text-slate-400">"Up to 80 characters; unique in this library."</p>
                    </div>
                    <div>
                        <label for="upload-kind" class=LABEL>"Type"</label>
                        <select id="upload-kind" name="kind" class=INPUT>
                            {upload_types.clone().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="upload-files" class=LABEL>"Files"</label>
                        <input id="upload-files" name="files" type="file" multiple=true required=true class=INPUT aria-describedby="upload-files-hint"/>
                        <p id="upload-files-hint" class="mt-1 text-xs text-slate-600 dark:text-slate-400">"An OVF template with its disks and other files, an ISO image, or any file."</p>
                    </div>
                    <crate::islands::upload::UploadProgress form="upload-form" progress=""/>
                    <button type="submit" class=BUTTON data-testid="upload-submit">"Upload"</button>
                </form>
            </Card>
            <Card title="New empty item">
                <ActionForm action attr:class="space-y-4" attr:data-testid="item-form">
                    <input type="hidden" name="library" value=library/>
                    <Fields value test_id="item-error">
                    <TextField label="Name" name="name" id="item-name" value=typed(value, "name", String::new()) hint="Up to 80 characters; unique in this library."/>
                    <TextField label="Description" name="description" id="item-description" value=typed(value, "description", String::new())/>
                    <SelectField label="Type" name="kind" id="item-kind" options=types selected=typed(value, "kind", String::new())/>
                    </Fields>
                    <button type="submit" class=BUTTON_SECONDARY>"Create item"</button>
                </ActionForm>
            </Card>
        </div>
    }
}
