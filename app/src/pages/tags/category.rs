//! Tags › Categories › one category: edit (name, description, widen cardinality, add object types), its tags,
//! its users (add / remove used-by), revoke propagating permissions and delete, each behind a confirmation.

use super::categories::{cardinality_options, type_options};
use crate::api::cis::tagging::{get_category_detail, CategoryDetail, UpdateUsedBy, DeleteCategory, RevokeCategoryPermissions, UpdateCategory};
use crate::components::form::{succeeded, typed, CheckboxGroup, ConfirmPanel, Fields, FormError, Notice, SelectField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::table::{Empty, TagChip};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let update = ServerAction::<UpdateCategory>::new();
    let used_by = ServerAction::<UpdateUsedBy>::new();
    let revoke = ServerAction::<RevokeCategoryPermissions>::new();
    let detail = Resource::new(move || (id(), update.version().get(), used_by.version().get()), |(id, _, _)| get_category_detail(id));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Category"/><ErrorList errors/> }>
                {move || Suspend::new(async move { detail.await.map(|d| view! { <CategoryView d update used_by revoke/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn CategoryView(d: CategoryDetail, update: ServerAction<UpdateCategory>, used_by: ServerAction<UpdateUsedBy>, revoke: ServerAction<RevokeCategoryPermissions>) -> impl IntoView {
    let query = use_query_map();
    let confirm = move || query.with(|q| q.get("confirm"));
    let delete = ServerAction::<DeleteCategory>::new();
    let c = d.category.clone();
    let here = format!("/tags/categories/{}", c.id);
    let value = update.value();
    let types_initial = c.associable_types.join(",");
    let types_typed = typed(value, "associable_types", types_initial);
    let (tag_count, attachments) = (d.tags.len(), d.attachments);
    let delete_message = format!(
        "Deleting “{}” also deletes its {} and removes {} from the objects they are attached to. This cannot be undone.",
        c.name,
        plural(tag_count, "tag", "tags"),
        plural(attachments, "attachment", "attachments"),
    );
    let (id1, id2, id3) = (c.id.clone(), c.id.clone(), c.id.clone());
    let add_tag_href = format!("/tags/tags?category={}", c.id);
    let (used_id, used_list) = (c.id.clone(), c.used_by.clone());
    let cancel = here.clone();
    let cancel2 = here.clone();
    view! {
        <PageHeader title=format!("Category: {}", c.name) subtitle="Edit the category, manage who uses it, or delete it."/>
        <p class="mb-4 text-sm"><a href="/tags/categories" class=LINK>"← All categories"</a></p>
        {move || (confirm().as_deref() == Some("delete")).then(|| {
            let id = id1.clone();
            view! {
                <ConfirmPanel title="Delete this category?" message=delete_message.clone() cancel_href=cancel.clone()>
                    <ActionForm action=delete>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete" disabled=move || delete.pending().get()>"Delete category"</button>
                    </ActionForm>
                </ConfirmPanel>
                <FormError value=delete.value() test_id="delete-error"/>
            }
        })}
        {move || (confirm().as_deref() == Some("revoke")).then(|| {
            let id = id2.clone();
            view! {
                <ConfirmPanel title="Revoke propagating permissions?"
                    message="Permissions granted on this category that propagate to its tags and tagged objects are revoked for every user. Permissions set directly on tags are kept. Users may lose access they rely on."
                    cancel_href=cancel2.clone()>
                    <ActionForm action=revoke>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-revoke">"Revoke permissions"</button>
                    </ActionForm>
                </ConfirmPanel>
            }
        })}
        {move || succeeded(revoke).get().then(|| view! { <Notice text="Propagating permissions revoked." test_id="revoked"/> })}
        <FormError value=revoke.value() test_id="revoke-error"/>
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Settings">
                <ActionForm action=update attr:class="space-y-4" attr:data-testid="category-edit-form">
                    <input type="hidden" name="id" value=id3/>
                    <Fields value test_id="category-error">
                    <TextField label="Name" name="name" id="category-name" value=typed(value, "name", c.name.clone())/>
                    <TextField label="Description" name="description" id="category-description" value=typed(value, "description", c.description.clone()) multiline=true/>
                    <SelectField label="Tags per object" name="cardinality" id="category-cardinality" options=cardinality_options()
                        selected=typed(value, "cardinality", c.cardinality.as_str().to_string())/>
                    <CheckboxGroup legend="Object types" name="associable_types" options=type_options()
                        checked=Signal::derive(move || types_typed.get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
                        hint="None checked means all types. vCenter lets you add types and go from one tag to many, not the reverse."/>
                    </Fields>
                    {move || succeeded(update).get().then(|| view! { <Notice text="Category saved." test_id="category-saved"/> })}
                    <div class="flex flex-wrap gap-3">
                        <button type="submit" class=BUTTON disabled=move || update.pending().get()>"Save"</button>
                        <a href=format!("{here}?confirm=delete") class=BUTTON_DANGER data-testid="delete-category">"Delete…"</a>
                        <a href=format!("{here}?confirm=revoke") class=BUTTON_SECONDARY aria-describedby="revoke-explained">"Revoke propagating permissions…"</a>
                    </div>
                    <p id="revoke-explained" class="text-xs text-slate-600 dark:text-slate-400">
                        "Revoking takes away, for every user, the permissions granted on this category that flow down to what it covers; permissions set directly on those objects stay."
                    </p>
                </ActionForm>
            </Card>
            <div class="space-y-6">
                <Card title="Tags">
                    {if d.tags.is_empty() {
                        view! { <Empty text="No tags in this category."/> }.into_any()
                    } else {
                        view! {
                            <ul class="flex flex-wrap gap-2" data-testid="category-tags">
                                {d.tags.into_iter().map(|t| view! { <li><a href=format!("/tags/tags/{}", t.id) class="focus-visible:outline-2 focus-visible:outline-sky-500"><TagChip name=t.name/></a></li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <p class="mt-3 text-sm"><a href=add_tag_href class=LINK>"Add a tag to this category"</a></p>
                </Card>
                <UsedByCard target="category" id=used_id used=used_list action=used_by/>
            </div>
        </div>
    }
}

/// "1 tag", "3 tags".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The users of a category or tag (`used_by`), with add and remove; `target` is `category` or `tag`.
#[component]
pub fn UsedByCard(#[prop(into)] target: String, id: String, used: Vec<String>, action: ServerAction<UpdateUsedBy>) -> impl IntoView {
    let value = action.value();
    let (t1, i1) = (target.clone(), id.clone());
    view! {
        <Card title="Used by">
            <p class="mb-3 text-xs text-slate-600 dark:text-slate-400" data-testid="used-by-explained">
                "Users and services that say they rely on this "{target.clone()}" (vCenter's “used by” list). It grants and blocks nothing: it tells an administrator whom to ask before renaming or deleting it."
            </p>
            {if used.is_empty() {
                view! { <Empty text="Nobody is listed."/> }.into_any()
            } else {
                view! {
                    <ul class="mb-3 divide-y divide-slate-200 dark:divide-slate-800" data-testid="used-by-list">
                        {used.into_iter().map(|u| {
                            let (t, i) = (target.clone(), id.clone());
                            view! {
                                <li class="flex items-center justify-between py-2 text-sm">
                                    <span>{u.clone()}</span>
                                    <ActionForm action>
                                        <input type="hidden" name="target" value=t/>
                                        <input type="hidden" name="id" value=i/>
                                        <input type="hidden" name="entity" value=u.clone()/>
                                        <input type="hidden" name="remove" value="1"/>
                                        <button type="submit" class=BUTTON_SECONDARY aria-label=format!("Remove {u}")>"Remove"</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ActionForm action attr:data-testid="used-by-form">
                <input type="hidden" name="target" value=t1/>
                <input type="hidden" name="id" value=i1/>
                <Fields value test_id="used-by-error">
                    <div class="flex items-end gap-2">
                        <div class="grow"><TextField label="Add a user or service" name="entity" id="used-by-entity" value=typed(value, "entity", String::new())/></div>
                        <button type="submit" class=BUTTON_SECONDARY>"Add"</button>
                    </div>
                </Fields>
            </ActionForm>
        </Card>
    }
}
