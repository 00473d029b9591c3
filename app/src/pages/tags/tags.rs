//! Tags › Tags: every tag grouped by its category, filterable; create a tag in a category.

use super::categories::{cardinality_words, types_words};
use crate::api::cis::tagging::{get_tagging_overview, CreateTag, TaggingOverview};
use crate::components::form::{succeeded, typed, Fields, Notice, SelectField, TextField, BUTTON, BUTTON_SECONDARY, LINK};
use crate::components::table::{Empty, TagChip};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use crate::islands::filter::{filter_matches, haystack, FilterInput};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TagsPage() -> impl IntoView {
    let create = ServerAction::<CreateTag>::new();
    let overview = Resource::new(move || create.version().get(), |_| get_tagging_overview());
    let query = use_query_map();
    let initial = query.with_untracked(|q| q.get("q")).unwrap_or_default();
    let preselected = query.with_untracked(|q| q.get("category")).unwrap_or_default();
    view! {
        <PageHeader title="Tags" subtitle="Tags by category. Open a tag to see and change the objects it is attached to."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || {
                    let preselected = preselected.clone();
                    let initial = initial.clone();
                    Suspend::new(async move {
                        overview.await.map(|o| view! {
                            <div class="grid grid-cols-1 gap-6 2xl:grid-cols-[1fr_28rem]">
                                <div class="space-y-4">
                                    <form method="get" class="flex flex-wrap items-end gap-2" role="search">
                                        <div class="grow">
                                            <FilterInput id="tag-filter" name="q" label="Filter tags" placeholder="Tag or category name"
                                                initial=initial.clone() scope="tag-groups"/>
                                        </div>
                                        <button type="submit" class=BUTTON_SECONDARY>"Filter"</button>
                                    </form>
                                    <TagGroups o=o.clone() filter=initial.clone()/>
                                </div>
                                <NewTagCard o create preselected/>
                            </div>
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn TagGroups(o: TaggingOverview, filter: String) -> impl IntoView {
    if o.categories.is_empty() {
        return view! { <Empty text="No categories yet: create a category first, then its tags."/> }.into_any();
    }
    view! {
        <div class="space-y-4" id="tag-groups" data-testid="tag-groups">
            {o.categories.into_iter().map(|c| {
                let cat_name = c.category.name.clone();
                let group_hay = haystack(std::iter::once(cat_name.as_str()).chain(c.tags.iter().map(|t| t.name.as_str())));
                let group_hidden = !filter_matches(&group_hay, &filter);
                view! {
                    <section class="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900" data-testid="tag-group"
                        data-filter=group_hay hidden=group_hidden>
                        <h2 class="text-sm font-semibold text-slate-900 dark:text-slate-100">
                            <a href=format!("/tags/categories/{}", c.category.id) class=LINK>{cat_name}</a>
                        </h2>
                        <p class="mb-3 text-xs text-slate-600 dark:text-slate-400">
                            {cardinality_words(&c.category.cardinality)} " · " {types_words(&c.category.associable_types)}
                        </p>
                        {if c.tags.is_empty() {
                            view! { <p class="text-sm text-slate-600 dark:text-slate-400">"No tags."</p> }.into_any()
                        } else {
                            let cat_name = c.category.name.clone();
                            view! {
                                <ul class="flex flex-wrap gap-2">
                                    {c.tags.into_iter().map(|t| {
                                        let hay = haystack([t.name.as_str(), cat_name.as_str()]);
                                        let hidden = !filter_matches(&hay, &filter);
                                        view! {
                                            <li data-filter=hay hidden=hidden>
                                                <a href=format!("/tags/tags/{}", t.id) title=t.description.clone() class="focus-visible:outline-2 focus-visible:outline-sky-500"><TagChip name=t.name.clone()/></a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn NewTagCard(o: TaggingOverview, create: ServerAction<CreateTag>, preselected: String) -> impl IntoView {
    let value = create.value();
    let mut options = vec![(String::new(), "Choose a category…".to_string())];
    options.extend(o.categories.iter().map(|c| (c.category.id.clone(), c.category.name.clone())));
    view! {
        <div>
            <Card title="New tag">
                <ActionForm action=create attr:class="space-y-4" attr:data-testid="tag-form">
                    <Fields value test_id="tag-error">
                    <SelectField label="Category" name="category_id" id="tag-category" options selected=typed(value, "category_id", preselected)/>
                    <TextField label="Name" name="name" id="tag-name" value=typed(value, "name", String::new()) hint="Up to 256 characters; unique within its category."/>
                    <TextField label="Description" name="description" id="tag-description" value=typed(value, "description", String::new()) multiline=true/>
                    </Fields>
                    {move || succeeded(create).get().then(|| view! { <Notice text="Tag created." test_id="tag-created"/> })}
                    <button type="submit" class=BUTTON disabled=move || create.pending().get()>"Create tag"</button>
                </ActionForm>
            </Card>
        </div>
    }
}
