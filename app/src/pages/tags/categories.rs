//! Tags › Categories: every category with its cardinality, object types and number of tags, filterable;
//! create a category; look up what a user or service uses (`list_used_categories`, `list_used_tags`).

use crate::api::cis::tagging::{get_tagging_overview, get_used_by, CreateCategory, TaggingOverview};
use crate::components::form::{succeeded, typed, CheckboxGroup, Fields, Notice, SelectField, TextField, BUTTON, BUTTON_SECONDARY, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table, TagChip};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use crate::vsphere::inventory::{object_type_label, ASSOCIABLE_TYPES};
use crate::vsphere::models::cis::tagging::category_model::Cardinality;
use crate::islands::filter::{filter_matches, haystack, FilterInput};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "One tag per object" / "Many tags per object".
pub fn cardinality_words(c: &Cardinality) -> String {
    match c {
        Cardinality::Single => "One tag per object".into(),
        Cardinality::Multiple => "Many tags per object".into(),
        Cardinality::UnknownValue(v) => v.clone(),
    }
}

pub fn cardinality_options() -> Vec<(String, String)> {
    vec![("SINGLE".into(), "One tag per object".into()), ("MULTIPLE".into(), "Many tags per object".into())]
}

pub fn type_options() -> Vec<(String, String)> {
    ASSOCIABLE_TYPES.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// "Virtual machine, Host" or "All object types".
pub fn types_words(types: &[String]) -> String {
    if types.is_empty() {
        "All object types".into()
    } else {
        types.iter().map(|t| object_type_label(t)).collect::<Vec<_>>().join(", ")
    }
}

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let create = ServerAction::<CreateCategory>::new();
    let overview = Resource::new(move || create.version().get(), |_| get_tagging_overview());
    let query = use_query_map();
    let initial = query.with_untracked(|q| q.get("q")).unwrap_or_default();
    let used_by = move || query.with(|q| q.get("used_by")).filter(|s| !s.trim().is_empty());
    let used = Resource::new(used_by, |e| async move {
        match e {
            Some(e) => get_used_by(e).await.map(Some),
            None => Ok(None),
        }
    });
    let value = create.value();
    let types_typed = typed(value, "associable_types", String::new());
    view! {
        <PageHeader title="Tag categories" subtitle="Categories group tags and decide how many of their tags an object may carry and which objects they apply to."/>
        <div class="grid grid-cols-1 gap-6 2xl:grid-cols-[1fr_28rem]">
            <div class="space-y-4">
                <form method="get" class="flex flex-wrap items-end gap-2" role="search">
                    <div class="grow">
                        <FilterInput id="category-filter" name="q" label="Filter categories" placeholder="Name, description or object type"
                            initial=initial.clone() scope="category-list"/>
                    </div>
                    <button type="submit" class=BUTTON_SECONDARY>"Filter"</button>
                </form>
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || {
                            let filter = initial.clone();
                            Suspend::new(async move { overview.await.map(|o| view! { <div id="category-list"><CategoryTable o filter/></div> }) })
                        }}
                    </ErrorBoundary>
                </Transition>
            </div>
            <div class="space-y-6">
                <Card title="New category">
                    <ActionForm action=create attr:class="space-y-4" attr:data-testid="category-form">
                        <Fields value test_id="category-error">
                        <TextField label="Name" name="name" id="category-name" value=typed(value, "name", String::new()) hint="Up to 256 characters; unique among categories."/>
                        <TextField label="Description" name="description" id="category-description" value=typed(value, "description", String::new()) multiline=true/>
                        <SelectField label="Tags per object" name="cardinality" id="category-cardinality" options=cardinality_options()
                            selected=typed(value, "cardinality", "SINGLE".into())/>
                        <CheckboxGroup legend="Object types" name="associable_types" options=type_options()
                            checked=Signal::derive(move || types_typed.get().split(',').filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
                            hint="Leave all unchecked to allow every type. Types can be added later, not removed."/>
                        </Fields>
                        {move || succeeded(create).get().then(|| view! { <Notice text="Category created." test_id="category-created"/> })}
                        <button type="submit" class=BUTTON disabled=move || create.pending().get()>"Create category"</button>
                    </ActionForm>
                </Card>
                <Card title="Used by">
                    <form method="get" class="flex items-end gap-2">
                        <div class="grow">
                            <label for="used-by" class=LABEL>"User or service"</label>
                            <input id="used-by" name="used_by" type="text" class=INPUT value=used_by/>
                        </div>
                        <button type="submit" class=BUTTON_SECONDARY>"Look up"</button>
                    </form>
                    <p class="mt-2 text-xs text-slate-600 dark:text-slate-400">"Categories and tags that list this entity as a user (list used categories / tags)."</p>
                    <Transition fallback=|| ()>
                        <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                            {move || Suspend::new(async move {
                                used.await.map(|u| u.map(|u| view! {
                                    <div class="mt-3 space-y-2 text-sm" data-testid="used-by-result">
                                        <p>"Categories used by " <strong>{u.entity.clone()}</strong> ": "
                                            {if u.categories.is_empty() { "none".to_string() } else { u.categories.join(", ") }}</p>
                                        <p class="flex flex-wrap items-center gap-1">"Tags: "
                                            {if u.tags.is_empty() { view! { <span>"none"</span> }.into_any() } else {
                                                u.tags.into_iter().map(|t| view! { <TagChip name=t.name category=t.category/> }).collect_view().into_any()
                                            }}
                                        </p>
                                    </div>
                                }))
                            })}
                        </ErrorBoundary>
                    </Transition>
                </Card>
            </div>
        </div>
    }
}

#[component]
fn CategoryTable(o: TaggingOverview, filter: String) -> impl IntoView {
    if o.categories.is_empty() {
        return view! { <Empty text="No categories yet. Create one to start tagging."/> }.into_any();
    }
    let rows = o.categories;
    view! {
        <Table caption="Tag categories" headings=vec!["Name", "Description", "Tags per object", "Object types", "Tags"] test_id="category-table">
            {rows.into_iter().map(|c| {
                let hay = haystack([c.category.name.as_str(), c.category.description.as_str(), types_words(&c.category.associable_types).as_str()]);
                let hidden = !filter_matches(&hay, &filter);
                let href = format!("/tags/categories/{}", c.category.id);
                view! {
                    <tr data-testid="category-row" data-filter=hay hidden=hidden>
                        <td><a href=href class=LINK>{c.category.name.clone()}</a></td>
                        <td>{c.category.description.clone()}</td>
                        <td>{cardinality_words(&c.category.cardinality)}</td>
                        <td>{types_words(&c.category.associable_types)}</td>
                        <td data-testid="tag-count">{c.tags.len()}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}
