//! Tags › one tag: edit, the objects it is attached to (names and types; detach many), attach it to many
//! objects picked in the inventory, its users, revoke propagating permissions, delete behind a confirmation.

use super::category::{plural, UsedByCard};
use crate::api::cis::tagging::{get_tag_detail, BulkTag, DeleteTag, RevokeTagPermissions, TagDetail, UpdateTag, UpdateUsedBy};
use crate::components::form::{succeeded, typed, ConfirmPanel, FieldMessage, FieldState, Fields, FormError, Notice, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::inventory::{object_href, InventoryBrowser, ObjectByIdForm};
use crate::components::table::{Empty, Table};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use crate::vsphere::inventory::{object_type_label, InventoryKind};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The first attached object's box: where a refusal for the selection points.
const DETACH_FIRST: &str = "detach-first-object";

#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let update = ServerAction::<UpdateTag>::new();
    let used_by = ServerAction::<UpdateUsedBy>::new();
    let detach = ServerAction::<BulkTag>::new();
    // The page's bulk job (the inventory below shares this read), then the tag: a job shown as ended is shown
    // with every attachment it made. Read apart, the job could end between the two reads, and the page would
    // say "3 attached" over "Attached to 0 objects".
    let job = crate::jobs::shared_page_job();
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Tag"/><ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let _ = job.await;
                    get_tag_detail(id()).await.map(|d| view! { <TagView d update used_by detach/> })
                })}
            </ErrorBoundary>
        </Transition>
        <AttachCard id=Signal::derive(id)/>
    }
    .into_any()
}

#[component]
fn TagView(d: TagDetail, update: ServerAction<UpdateTag>, used_by: ServerAction<UpdateUsedBy>, detach: ServerAction<BulkTag>) -> impl IntoView {
    let query = use_query_map();
    let confirm = move || query.with(|q| q.get("confirm"));
    let delete = ServerAction::<DeleteTag>::new();
    let revoke = ServerAction::<RevokeTagPermissions>::new();
    let t = d.tag.clone();
    let here = format!("/tags/tags/{}", t.id);
    let value = update.value();
    let delete_message = format!(
        "Deleting tag “{}” removes it from {}. This cannot be undone.",
        t.name,
        plural(d.objects.len(), "object", "objects")
    );
    let (id1, id2, id3) = (t.id.clone(), t.id.clone(), t.id.clone());
    let (cancel, cancel2) = (here.clone(), here.clone());
    let count = d.objects.len();
    view! {
        <PageHeader title=format!("Tag: {}", t.name) subtitle=format!("In category {}", d.category.name)/>
        <p class="mb-4 text-sm"><a href="/tags/tags" class=LINK>"← All tags"</a>" · "<a href=format!("/tags/categories/{}", d.category.id) class=LINK>"Category " {d.category.name.clone()}</a></p>
        {move || (confirm().as_deref() == Some("delete")).then(|| {
            let id = id1.clone();
            view! {
                <ConfirmPanel title="Delete this tag?" message=delete_message.clone() cancel_href=cancel.clone()>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete">"Delete tag"</button>
                    </ActionForm>
                </ConfirmPanel>
                <FormError value=delete.value() test_id="delete-error"/>
            }
        })}
        {move || (confirm().as_deref() == Some("revoke")).then(|| {
            let id = id2.clone();
            view! {
                <ConfirmPanel title="Revoke propagating permissions?"
                    message="Permissions granted on this tag that propagate to the objects it is attached to are revoked for every user. Users may lose access they rely on."
                    cancel_href=cancel2.clone()>
                    <ActionForm action=revoke>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-revoke">"Revoke permissions"</button>
                    </ActionForm>
                </ConfirmPanel>
            }
        })}
        {move || succeeded(revoke).get().then(|| view! { <Notice text="Propagating permissions revoked." test_id="revoked"/> })}
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Settings">
                <ActionForm action=update attr:class="space-y-4" attr:data-testid="tag-edit-form">
                    <input type="hidden" name="id" value=id3/>
                    <Fields value test_id="tag-error">
                    <TextField label="Name" name="name" id="tag-name" value=typed(value, "name", t.name.clone())/>
                    <TextField label="Description" name="description" id="tag-description" value=typed(value, "description", t.description.clone()) multiline=true/>
                    </Fields>
                    {move || succeeded(update).get().then(|| view! { <Notice text="Tag saved." test_id="tag-saved"/> })}
                    <div class="flex flex-wrap gap-3">
                        <button type="submit" class=BUTTON>"Save"</button>
                        <a href=format!("{here}?confirm=delete") class=BUTTON_DANGER data-testid="delete-tag">"Delete…"</a>
                        <a href=format!("{here}?confirm=revoke") class=BUTTON_SECONDARY aria-describedby="revoke-explained">"Revoke propagating permissions…"</a>
                    </div>
                    <p id="revoke-explained" class="text-xs text-slate-600 dark:text-slate-400">
                        "Revoking takes away, for every user, the permissions granted on this tag that flow down to what it covers; permissions set directly on those objects stay."
                    </p>
                </ActionForm>
            </Card>
            <UsedByCard target="tag" id=t.id.clone() used=t.used_by.clone() action=used_by/>
        </div>
        <section class="mt-6">
            <h2 class="mb-2 text-base font-semibold">"Attached to " <span data-testid="attached-count">{plural(count, "object", "objects")}</span></h2>
            {if d.objects.is_empty() {
                view! { <Empty text="This tag is not attached to anything."/> }.into_any()
            } else {
                let tag_id = t.id.clone();
                view! {
                    <ActionForm action=detach attr:class="space-y-3" attr:data-testid="detach-form">
                        <input type="hidden" name="tag_ids[]" value=tag_id/>
                        <input type="hidden" name="op" value="detach"/>
                        <Fields value=detach.value() test_id="detach-error">
                        {
                        // "Select at least one object." marks the first row's box and is said under the list.
                        let objects = FieldState::new("objects", DETACH_FIRST, false);
                        view! {
                        <Table caption="Objects this tag is attached to" headings=vec!["Select", "Name", "Type", "Id"] test_id="attached-objects">
                            {d.objects.into_iter().enumerate().map(|(i, o)| {
                                let label = o.name.clone().unwrap_or_else(|| o.id.clone());
                                let first = i == 0;
                                let objects = objects.only_if(first);
                                view! {
                                    <tr data-testid="attached-object">
                                        <td><input type="checkbox" name="objects[]" value=format!("{}:{}", o.object_type, o.id) class="h-4 w-4" aria-label=format!("Select {label}")
                                            id=first.then_some(DETACH_FIRST) aria-invalid=objects.invalid() aria-describedby=objects.described() autofocus=objects.focus()
                                            prop:checked=move || { detach.version().get(); false }/></td>
                                        <td><a href=object_href(&o.object_type, &o.id) class=LINK>{label.clone()}</a></td>
                                        <td>{object_type_label(&o.object_type)}</td>
                                        <td><code class="text-xs">{o.id.clone()}</code></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </Table>
                        <FieldMessage id=DETACH_FIRST state=objects/>
                        }
                        }
                        </Fields>
                        {move || detach.value().get().and_then(|r| r.ok()).map(|results| {
                            let failed: Vec<_> = results.iter().filter(|r| !r.ok).map(|r| format!("{}: {}", r.object, r.messages.join(" "))).collect();
                            let ok = results.len() - failed.len();
                            view! {
                                <Notice text=format!("Detached from {ok}.") test_id="detached"/>
                                {failed.into_iter().map(|f| view! { <p class="text-sm text-red-800 dark:text-red-200">"✖ " {f}</p> }).collect_view()}
                            }
                        })}
                        <button type="submit" class=BUTTON_SECONDARY data-testid="detach-selected">"Detach from selected"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

/// Pick objects in the inventory (any kind) and attach this tag to them, or detach it, in bulk.
#[component]
fn AttachCard(id: Signal<String>) -> impl IntoView {
    let query = use_query_map();
    let kind = Signal::derive(move || query.with(|q| q.get("kind")).and_then(|k| InventoryKind::from_slug(&k)).unwrap_or(InventoryKind::Vm));
    view! {
        <section class="mt-8 space-y-3" data-testid="attach-card">
            <h2 class="text-base font-semibold">"Attach to or detach from objects"</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400">"Filter the inventory, select objects, then attach or detach this tag. Large selections go in batches, with their progress shown."</p>
            {move || {
                let id = id.get();
                view! { <InventoryBrowser kind path=format!("/tags/tags/{id}") fixed_tag=id kind_select=true/> }
            }}
            <details class="text-sm">
                <summary class="cursor-pointer">"Tag an object by type and id"</summary>
                <div class="mt-2"><ObjectByIdForm/></div>
            </details>
        </section>
    }
    .into_any()
}
