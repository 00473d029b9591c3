//! A library item (`content/library/item`, its `file` and `storage` services, `subscribed-item`): its type,
//! size, versions and files — each with its checksum, whether it is on this vCenter and where it is stored —
//! downloaded one by one (streamed); files uploaded into it (a new version) or fetched by vCenter from a URL;
//! its open transfers, cancelled or deleted; edit, copy into another
//! library, sync or evict (subscribed libraries), delete behind a confirmation.

use super::library::{item_href, library_href, UploadError};
use crate::api::content::library::{
    get_library_item, item_type_words, CopyLibraryItem, DeleteLibraryItem, EndTransfer, EvictLibraryItem, ItemView, SyncLibraryItem, TransferRow, UpdateLibraryItem,
};
use crate::api::content::transfer::{ImportFile, RemoveItemFile, DOWNLOAD_PATH, UPLOAD_PATH};
use crate::api::vcenter::inventory::human_bytes;
use crate::components::form::{succeeded, typed, ConfirmPanel, ResultNotice, FormError, Fields, Notice, SelectField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{human_time, Card, ErrorList, Field, FieldList, Loading, PageHeader};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A file vCenter is still preparing for download (`?download=<session>&file=<name>`): its progress, live, and
/// when it is ready, the button that streams it.
#[component]
fn DownloadPreparing(item: String) -> impl IntoView {
    use crate::api::content::library::get_download_status;
    use crate::islands::progress::Following;
    use crate::jobs::{JobState, Source};
    let query = use_query_map();
    let asked = query.with_untracked(|q| q.get("download").zip(q.get("file")));
    let (session, file) = asked.clone().unwrap_or_default();
    let status = Resource::new(move || asked.clone(), |a| async move {
        match a {
            Some((s, f)) => get_download_status(s, f).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || {
                    let (item, session, file) = (item.clone(), session.clone(), file.clone());
                    Suspend::new(async move {
                        status.await.map(|p| p.map(|p| {
                            let ready = p.state == JobState::Succeeded;
                            view! {
                                <div class="mb-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900" data-testid="download-preparing">
                                    <Following source=Source::Download { session: session.clone(), file: file.clone() } initial=p test_id="download-progress"/>
                                    {ready.then(|| view! {
                                        <form method="post" action=DOWNLOAD_PATH>
                                            <input type="hidden" name="item" value=item.clone()/>
                                            <input type="hidden" name="file" value=file.clone()/>
                                            <input type="hidden" name="session" value=session.clone()/>
                                            <button type="submit" class=BUTTON data-testid="download-ready">{format!("Download {file}")}</button>
                                        </form>
                                    })}
                                </div>
                            }
                        }))
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// The item's update (upload) and download sessions, whoever opened them: state, progress, expiry; an active
/// one cancelled (an upload only after a confirmation: its bytes are thrown away), an ended one deleted.
#[component]
fn Transfers(item: String, rows: Vec<TransferRow>) -> impl IntoView {
    let end = ServerAction::<EndTransfer>::new();
    let query = use_query_map();
    let here = item_href(&item);
    let asked = query.with_untracked(|q| q.get("confirm")).and_then(|c| c.strip_prefix("cancel-").map(str::to_string));
    let confirm_item = item.clone();
    let confirm = asked.and_then(|id| rows.iter().find(|r| r.id == id && r.upload && r.state == "ACTIVE").cloned()).map(|r| {
        let item = confirm_item;
        let files = r.files.iter().map(|(n, b, _)| format!("{n} ({})", human_bytes(*b))).collect::<Vec<_>>().join(", ");
        let message = format!("Someone's upload into this item is still open{}. Cancelling it throws away what vCenter received; the item keeps its current files.", if files.is_empty() { String::new() } else { format!(": {files}") });
        view! {
            <ConfirmPanel title="Cancel this upload?" message cancel_href=here.clone()>
                <ActionForm action=end>
                    <input type="hidden" name="item" value=item/>
                    <input type="hidden" name="session" value=r.id.clone()/>
                    <input type="hidden" name="kind" value="upload"/>
                    <input type="hidden" name="action" value="cancel"/>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-cancel-transfer">"Cancel upload"</button>
                </ActionForm>
            </ConfirmPanel>
        }
    });
    (!rows.is_empty()).then(move || view! {
        <section class="mt-6 space-y-3">
            <h2 class="text-base font-semibold">"Transfers"</h2>
            {confirm}
            <FormError value=end.value() test_id="transfer-error"/>
            <Table caption="Open upload and download sessions of this item" headings=vec!["Kind", "State", "Progress", "Expires", "Actions"] test_id="transfers">
                {rows.into_iter().map(|r| {
                    let kind = if r.upload { "upload" } else { "download" };
                    let received = r.files.iter().map(|(n, b, size)| match size {
                        Some(s) => format!("{n}: {} of {}", human_bytes(*b), human_bytes(*s)),
                        None => format!("{n}: {}", human_bytes(*b)),
                    }).collect::<Vec<_>>();
                    let active = r.state == "ACTIVE";
                    let action = match (active, r.upload) {
                        (true, true) => view! {
                            <a href=format!("{here}?confirm=cancel-{}", r.id) class=LINK data-testid="cancel-transfer">"Cancel…"</a>
                        }.into_any(),
                        (active, _) => {
                            let item = item.clone();
                            view! {
                            <ActionForm action=end attr:class="inline">
                                <input type="hidden" name="item" value=item/>
                                <input type="hidden" name="session" value=r.id.clone()/>
                                <input type="hidden" name="kind" value=kind/>
                                <input type="hidden" name="action" value=if active { "cancel" } else { "delete" }/>
                                <button type="submit" class=LINK data-testid="end-transfer">{if active { "Cancel" } else { "Delete" }}</button>
                            </ActionForm>
                        }.into_any()
                        }
                    };
                    view! {
                        <tr data-testid="transfer" data-state=r.state.clone()>
                            <td class="font-medium">{if r.upload { "Upload" } else { "Download" }}</td>
                            <td>{r.state.to_lowercase()}{(!r.error.is_empty()).then(|| view! { <span class="block text-xs text-red-800 dark:text-red-200">{r.error.clone()}</span> })}</td>
                            <td class="tabular-nums">{if r.progress > 0 { format!("{}% (as its client says)", r.progress) } else { String::new() }}
                                {received.into_iter().map(|t| view! { <span class="block text-xs text-slate-600 dark:text-slate-400" data-testid="transfer-file">{t}</span> }).collect_view()}
                            </td>
                            <td>{if r.expires.is_empty() { "—".to_string() } else { human_time(&r.expires) }}</td>
                            <td>{action}</td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </section>
    })
}

/// What the item's page says after its forms (`?result=`).
const ITEM_RESULTS: &[(&str, &str)] = &[
    ("created", "Item created. Upload its files below."),
    ("uploaded", "Upload complete: the files are in the library."),
    ("file-removed", "File removed: the item has a new content version."),
    ("copied", "Item copied: this is the copy."),
    ("captured", "Template made: this is it."),
    ("transfer-cancelled", "Transfer cancelled: an upload's bytes were thrown away."),
    ("transfer-deleted", "Transfer session deleted."),
    ("imported", "vCenter fetched the file: it is in the item."),
    ("importing", "vCenter is fetching the file: its progress is under Transfers (reload to follow it); the console completes it when it is in."),
];

/// vCenter fetches a file itself from a URL into this item (a web server or a datastore path).
#[component]
fn ImportCard(item: String) -> impl IntoView {
    let import = ServerAction::<ImportFile>::new();
    let value = import.value();
    view! {
        <Card title="Fetch a file from a URL">
            <ActionForm action=import attr:class="space-y-4" attr:data-testid="import-form">
                <input type="hidden" name="item" value=item/>
                <Fields value test_id="import-error">
                <TextField label="URL" name="url" id="import-url" value=typed(value, "url", String::new()) placeholder="https://repo.example.com/isos/photon.iso"
                    hint="vCenter fetches it itself: http, https, or a datastore path ds:///vmfs/volumes/…"/>
                <TextField label="File name (optional)" name="name" id="import-name" value=typed(value, "name", String::new()) hint="Empty: the URL's last part."/>
                <TextField label="Certificate thumbprint (https, optional)" name="thumbprint" id="import-thumbprint" value=typed(value, "thumbprint", String::new())
                    hint="The server's SHA-1 thumbprint, when vCenter does not trust its certificate."/>
                </Fields>
                <button type="submit" class=BUTTON_SECONDARY disabled=move || import.pending().get() data-testid="import-submit">"Fetch"</button>
            </ActionForm>
        </Card>
    }
}

/// `/content-libraries/items/:id` (`?confirm=delete` asks before deleting).
#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let update = ServerAction::<UpdateLibraryItem>::new();
    let sync = ServerAction::<SyncLibraryItem>::new();
    let evict = ServerAction::<EvictLibraryItem>::new();
    let data = Resource::new(
        move || (params.with(|p| p.get("id").unwrap_or_default()), update.version().get(), sync.version().get(), evict.version().get()),
        |(id, ..)| get_library_item(id),
    );
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Library item"/><ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(|v| view! { <ItemBody v update sync evict/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn ItemBody(v: ItemView, update: ServerAction<UpdateLibraryItem>, sync: ServerAction<SyncLibraryItem>, evict: ServerAction<EvictLibraryItem>) -> impl IntoView {
    let query = use_query_map();
    let i = v.item.clone();
    let lib = v.library.clone();
    let here = item_href(&i.id);
    let delete = ServerAction::<DeleteLibraryItem>::new();
    let copy = ServerAction::<CopyLibraryItem>::new();
    let confirm = move || query.with(|q| q.get("confirm"));
    let subscribed = lib.subscribed;
    let delete_message = format!("Deleting “{}” deletes its {} ({}) from library {}. This cannot be undone.", i.name, if v.files.len() == 1 { "file".to_string() } else { format!("{} files", v.files.len()) }, human_bytes(i.size), lib.name);
    let (id1, id2, id3, id4, id5) = (i.id.clone(), i.id.clone(), i.id.clone(), i.id.clone(), i.id.clone());
    let lib_id = lib.id.clone();
    let cancel = here.clone();
    let value = update.value();
    let copy_value = copy.value();
    let targets = v.targets.clone();
    let files = v.files.clone();
    let item_id = i.id.clone();
    let is_iso = v.files.iter().any(|f| f.name.to_lowercase().ends_with(".iso"));
    let uses = match i.kind.as_str() {
        "ovf" => Some(view! { <super::deploy::OvfDeployCard item=i.id.clone()/> }.into_any()),
        "vm-template" => Some(view! { <super::deploy::TemplateDeployCard item=i.id.clone()/> }.into_any()),
        _ if is_iso => Some(view! { <super::deploy::IsoMountCard item=i.id.clone()/> }.into_any()),
        _ => None,
    };
    let (edit_name, edit_description) = (i.name.clone(), i.description.clone());
    let (copy_id, copy_name, copy_library) = (i.id.clone(), format!("{} (copy)", i.name), lib.id.clone());
    view! {
        <PageHeader title=format!("Item: {}", i.name) subtitle=format!("{} in library {}", item_type_words(&i.kind), lib.name)/>
        <p class="mb-4 text-sm"><a href=library_href(&lib.id) class=LINK>"← Library " {lib.name.clone()}</a></p>
        <ResultNotice texts=ITEM_RESULTS test_id="item-notice"/>
        <UploadError/>
        <DownloadPreparing item=item_id.clone()/>
        {move || (confirm().as_deref() == Some("delete")).then(|| {
            let (id, library) = (id1.clone(), lib_id.clone());
            view! {
                <ConfirmPanel title="Delete this item?" message=delete_message.clone() cancel_href=cancel.clone()>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="library" value=library/>
                        <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete">"Delete item"</button>
                    </ActionForm>
                </ConfirmPanel>
                <FormError value=delete.value() test_id="delete-error"/>
            }
        })}
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Details">
                <FieldList>
                    <Field label="Type" value=item_type_words(&i.kind)/>
                    <Field label="Size" value=human_bytes(i.size) test_id="item-size"/>
                    <Field label="On this vCenter" value=if i.cached { "Yes" } else { "No: not synced (on demand)" } test_id="item-cached"/>
                    <Field label="Content version" value=i.content_version.clone()/>
                    <Field label="Created" value=human_time(&i.created)/>
                    <Field label="Changed" value=human_time(&i.modified)/>
                    {i.last_sync.as_deref().map(|t| view! { <Field label="Last synchronized" value=human_time(t)/> })}
                </FieldList>
                {subscribed.then(|| view! {
                    <div class="mt-4 flex flex-wrap gap-3">
                        <ActionForm action=sync><input type="hidden" name="id" value=id2.clone()/><input type="hidden" name="files" value="true"/>
                            <button type="submit" class=BUTTON_SECONDARY data-testid="sync-item">"Sync files now"</button></ActionForm>
                        <ActionForm action=evict><input type="hidden" name="id" value=id3.clone()/>
                            <button type="submit" class=BUTTON_SECONDARY data-testid="evict-item">"Evict files"</button></ActionForm>
                    </div>
                    {move || succeeded(sync).get().then(|| view! { <Notice text="Item synced." test_id="item-synced"/> })}
                    {move || succeeded(evict).get().then(|| view! { <Notice text="Files evicted from this vCenter." test_id="item-evicted"/> })}
                    <FormError value=sync.value() test_id="sync-error"/>
                    <FormError value=evict.value() test_id="evict-error"/>
                })}
            </Card>
            {(!subscribed).then(|| view! {
                <Card title="Settings">
                    <ActionForm action=update attr:class="space-y-4" attr:data-testid="item-edit-form">
                        <input type="hidden" name="id" value=id4.clone()/>
                        <Fields value test_id="item-edit-error">
                        <TextField label="Name" name="name" id="item-edit-name" value=typed(value, "name", edit_name.clone())/>
                        <TextField label="Description" name="description" id="item-edit-description" value=typed(value, "description", edit_description.clone()) multiline=true/>
                        </Fields>
                        {move || succeeded(update).get().then(|| view! { <Notice text="Item saved." test_id="item-saved"/> })}
                        <div class="flex flex-wrap gap-3">
                            <button type="submit" class=BUTTON>"Save"</button>
                            <a href=format!("{here}?confirm=delete") class=BUTTON_DANGER data-testid="delete-item">"Delete…"</a>
                        </div>
                    </ActionForm>
                </Card>
            })}
        </div>
        {uses.map(|u| view! { <div class="mt-6">{u}</div> })}
        <section class="mt-6 space-y-3">
            <h2 class="text-base font-semibold">"Files"</h2>
            <FileDetails item=item_id.clone() local=!subscribed/>
            {if files.is_empty() {
                view! { <Empty text="No files yet."/> }.into_any()
            } else {
                view! {
                    <Table caption="Files of this item" headings=vec!["File", "Size", "Checksum", "On this vCenter", "Stored at", "Download"] test_id="files">
                        {files.into_iter().map(|f| {
                            let item = item_id.clone();
                            view! {
                                <tr data-testid="file" data-file=f.name.clone()>
                                    <td class="font-medium"><a href=format!("{}?file={}", item_href(&item), crate::vsphere::rest::encode_component(&f.name)) class=LINK data-testid="file-details">{f.name.clone()}</a></td>
                                    <td class="tabular-nums" data-testid="file-size">{human_bytes(f.size)}</td>
                                    <td><code class="break-all text-xs" data-testid="file-checksum">{f.checksum.clone()}</code></td>
                                    <td>{if f.cached { "Yes" } else { "No" }}</td>
                                    <td><code class="break-all text-xs">{if f.storage.is_empty() { "—".to_string() } else { f.storage.join(", ") }}</code></td>
                                    <td>
                                        <form method="post" action=DOWNLOAD_PATH>
                                            <input type="hidden" name="item" value=item/>
                                            <input type="hidden" name="file" value=f.name.clone()/>
                                            <button type="submit" class=BUTTON_SECONDARY aria-label=format!("Download {}", f.name)>"Download"</button>
                                        </form>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </Table>
                }.into_any()
            }}
        </section>
        <Transfers item=i.id.clone() rows=v.transfers.clone()/>
        {(!subscribed).then(|| {
            let targets = targets.clone();
            let import_item = id5.clone();
            view! {
                <div class="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
                    <Card title="Upload files into this item">
                        <form method="post" action=UPLOAD_PATH enctype="multipart/form-data" id="upload-form" class="space-y-4" data-testid="upload-form">
                            <input type="hidden" name="item" value=id5.clone()/>
                            <div>
                                <label for="upload-files" class=LABEL>"Files"</label>
                                <input id="upload-files" name="files" type="file" multiple=true required=true class=INPUT aria-describedby="upload-files-hint"/>
                                <p id="upload-files-hint" class="mt-1 text-xs text-slate-600 dark:text-slate-400">"A file with the name of one already here replaces it; the others stay."</p>
                            </div>
                            <crate::islands::upload::UploadProgress form="upload-form" progress=crate::islands::upload::progress_url(&id5)/>
                            <button type="submit" class=BUTTON data-testid="upload-submit">"Upload"</button>
                        </form>
                    </Card>
                    <ImportCard item=import_item/>
                    <Card title="Copy into a library">
                        <ActionForm action=copy attr:class="space-y-4" attr:data-testid="copy-form">
                            <input type="hidden" name="id" value=copy_id.clone()/>
                            <Fields value=copy_value test_id="copy-error">
                            <SelectField label="Library" name="library" id="copy-library" options=targets selected=typed(copy_value, "library", copy_library.clone())/>
                            <TextField label="Name of the copy" name="name" id="copy-name" value=typed(copy_value, "name", copy_name.clone())/>
                            </Fields>
                            <button type="submit" class=BUTTON_SECONDARY>"Copy"</button>
                        </ActionForm>
                    </Card>
                </div>
            }
        })}
    }
}

/// The file `?file=` names, every field (what the item says of it and where it is stored), and its removal
/// from a local library's item behind a confirmation (`&confirm=remove-file`).
#[component]
fn FileDetails(item: String, local: bool) -> impl IntoView {
    let query = use_query_map();
    let (file, asked) = query.with_untracked(|q| (q.get("file").unwrap_or_default(), q.get("confirm").as_deref() == Some("remove-file")));
    if file.is_empty() {
        return ().into_any();
    }
    let (i, f) = (item.clone(), file.clone());
    let details = Resource::new(move || (i.clone(), f.clone()), |(i, f)| crate::api::content::library::get_item_file(i, f));
    let remove = ServerAction::<RemoveItemFile>::new();
    let here = format!("{}?file={}", item_href(&item), crate::vsphere::rest::encode_component(&file));
    let confirm = (local && asked).then(|| {
        let (item, file) = (item.clone(), file.clone());
        view! {
            <ConfirmPanel title=format!("Remove {file} from this item?") cancel_href=here.clone()
                message="The file is deleted from the library's storage and the item gets a new content version. Subscribers lose the file at their next sync. This cannot be undone.".to_string()>
                <ActionForm action=remove>
                    <input type="hidden" name="item" value=item/>
                    <input type="hidden" name="file" value=file.clone()/>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-remove-file">{format!("Remove {file}")}</button>
                </ActionForm>
            </ConfirmPanel>
            <FormError value=remove.value() test_id="remove-file-error"/>
        }
    });
    let remove_link = (local && !asked).then(|| view! { <a href=format!("{here}&confirm=remove-file") class=BUTTON_DANGER data-testid="remove-file">"Remove this file…"</a> });
    let title = format!("File {file}");
    view! {
        {confirm}
        <Card title=title>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move {
                        details.await.map(|parts| view! {
                            <div class="grid gap-6 lg:grid-cols-2" data-testid="file-fields">
                                {parts.into_iter().map(|(h, rows)| view! { <div><h3 class="mb-2 text-sm font-semibold">{h}</h3><crate::components::ApiFields rows/></div> }).collect_view()}
                            </div>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <div class="mt-4 flex flex-wrap gap-3">
                {remove_link}
                <a href=item_href(&item) class=BUTTON_SECONDARY>"Close"</a>
            </div>
        </Card>
    }
    .into_any()
}
