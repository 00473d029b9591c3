//! The inventory browser (filter form, list with a Tags column, bulk attach / detach with progress and a
//! per-object result) and an object's tags panel. Used by the inventory pages and by a tag's page.

use crate::api::cis::tagging::{get_object_tags, SetObjectTags, StartBulkTag, TagRef};
use crate::api::vcenter::vm::power::{power_action, ConfirmBulkPower, StartBulkPower, POWER_ACTIONS};
use crate::api::vcenter::inventory::{get_inventory, FilterOptions, InventoryPage, ListView, PAGE_SIZES};
use crate::components::form::{ConfirmPanel, FieldMessage, FieldState, Fields, FormError, ProgressBar, Warning, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, INPUT, LABEL, LINK};
use crate::components::table::{Empty, TagChip, DATA_TABLE};
use crate::components::{Card, ErrorList, ErrorPanel, Loading};
use crate::error::AppError;
use crate::vsphere::inventory::{FilterField, InventoryKind, ListFilter, ASSOCIABLE_TYPES};
use crate::vsphere::rest::encode_component;
use leptos::prelude::*;
use crate::islands::progress::Following;
use crate::islands::select::{SelectAll, SelectedCount};
use crate::jobs::{shared_page_job, JobItem, JobView, Source};
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The page of one object (its details and tags).
pub fn object_href(object_type: &str, id: &str) -> String {
    format!("/objects?type={}&id={}", encode_component(object_type), encode_component(id))
}

/// How many objects one bulk request carries; the progress bar moves between requests.
pub const BULK_CHUNK: usize = 50;

/// Columns read for the rows a page shows, after the list is sorted and paged: they do not sort it.
const PAGE_ONLY_COLUMNS: &[&str] = &["Guest OS", "Host", "Cluster"];

/// The id of the bulk form (its checkboxes are what "Select all" and the count work on).
const BULK_FORM: &str = "bulk-form";
/// The box of the first row: where a refusal for the selection points.
const FIRST_ROW: &str = "bulk-first-object";

/// The state filter's choices for a kind: (value, label).
fn state_choices(kind: InventoryKind) -> Option<(&'static str, Vec<(&'static str, &'static str)>)> {
    Some(match kind {
        InventoryKind::Vm => ("Power state", vec![("POWERED_ON", "Powered on"), ("POWERED_OFF", "Powered off"), ("SUSPENDED", "Suspended")]),
        InventoryKind::Host => ("Connection", vec![("CONNECTED", "Connected"), ("DISCONNECTED", "Disconnected"), ("NOT_RESPONDING", "Not responding")]),
        InventoryKind::Datastore => ("Type", vec![("VMFS", "VMFS"), ("NFS", "NFS 3"), ("NFS41", "NFS 4.1"), ("CIFS", "CIFS"), ("VSAN", "vSAN"), ("VFFS", "VFFS"), ("VVOL", "vVol")]),
        InventoryKind::Network => ("Type", vec![("STANDARD_PORTGROUP", "Standard port group"), ("DISTRIBUTED_PORTGROUP", "Distributed port group"), ("OPAQUE_NETWORK", "Opaque network")]),
        InventoryKind::Folder => ("Holds", vec![("VIRTUAL_MACHINE", "Virtual machines"), ("HOST", "Hosts and clusters"), ("DATASTORE", "Datastores"), ("NETWORK", "Networks"), ("DATACENTER", "Datacenters")]),
        _ => return None,
    })
}

/// The list's filter from the page's query string.
pub fn filter_from_query(q: &leptos_router::params::ParamsMap) -> (ListFilter, String) {
    let one = |k: &str| q.get(k).filter(|v| !v.is_empty()).map(|v| vec![v]).unwrap_or_default();
    let filter = ListFilter {
        ids: vec![],
        names: vec![],
        datacenters: one("datacenter"),
        clusters: one("cluster"),
        hosts: one("host"),
        folders: one("folder"),
        resource_pools: one("pool"),
        states: one("state"),
        standalone: q.get("standalone").and_then(|v| match v.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }),
    };
    (filter, q.get("name").unwrap_or_default())
}

/// The list's sort and page from the query string (`sort`, `desc`, `page`, `per`).
pub fn view_from_query(q: &leptos_router::params::ParamsMap) -> ListView {
    let d = ListView::default();
    ListView {
        sort: q.get("sort").filter(|s| !s.is_empty()).unwrap_or(d.sort),
        desc: q.get("desc").is_some_and(|v| v == "1"),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(d.page),
        per: q.get("per").and_then(|p| p.parse().ok()).unwrap_or(d.per),
    }
}

/// Browses one kind of object with the list's filters; select objects and attach or detach a tag.
/// `path` is the page the filter form returns to; `fixed_tag` (an id) limits the bulk bar to one tag (a tag's
/// page); `kind_select` adds the kind to the filter form. A bulk action runs as a console job: the page is
/// reached again with `?job=<id>`, follows its progress live, then lists each object's outcome.
#[component]
pub fn InventoryBrowser(
    #[prop(into)] kind: Signal<InventoryKind>,
    #[prop(into)] path: String,
    #[prop(optional)] fixed_tag: Option<String>,
    #[prop(optional)] kind_select: bool,
) -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let (filter, contains) = query.with(filter_from_query);
            (kind.get(), filter, contains, query.with(view_from_query))
        },
        |(kind, filter, contains, view)| get_inventory(kind.slug().to_string(), filter, contains, view),
    );
    let job = shared_page_job();
    let fixed = StoredValue::new(fixed_tag);
    view! {
        <div class="space-y-4" data-testid="inventory-browser">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {
                        let path = path.clone();
                        move || {
                            let path = path.clone();
                            Suspend::new(async move {
                                let job = job.await?;
                                page.await.map(|p| {
                                    let k = p.kind;
                                    view! {
                                        <FilterForm kind=k options=p.options.clone() path=path.clone() kind_select/>
                                        <InventoryList p fixed=fixed.get_value() job/>
                                    }
                                })
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn FilterForm(kind: InventoryKind, options: FilterOptions, path: String, kind_select: bool) -> impl IntoView {
    let query = use_query_map();
    let current = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let select = |label: &'static str, name: &'static str, choices: Vec<(String, String)>, any: &'static str| {
        let chosen = current(name);
        view! {
            <div>
                <label for=format!("filter-{name}") class=LABEL>{label}</label>
                <select id=format!("filter-{name}") name=name class=INPUT>
                    <option value="">{any}</option>
                    {choices.into_iter().map(|(v, l)| {
                        let sel = v == chosen;
                        view! { <option value=v selected=sel>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let fields = kind.filters();
    let has = |f: FilterField| fields.contains(&f);
    view! {
        <form method="get" action=path class="grid grid-cols-1 gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-700 dark:bg-slate-900" role="search" data-testid="inventory-filter">
            {kind_select.then(|| select("Object kind", "kind", InventoryKind::ALL.iter().map(|k| (k.slug().to_string(), k.plural().to_string())).collect(), "Virtual machines"))}
            <div>
                <label for="filter-name" class=LABEL>"Name contains"</label>
                <input id="filter-name" name="name" type="search" class=INPUT value=current("name")/>
            </div>
            {has(FilterField::Datacenters).then(|| select("Datacenter", "datacenter", options.datacenters.clone(), "Any datacenter"))}
            {has(FilterField::Clusters).then(|| select("Cluster", "cluster", options.clusters.clone(), "Any cluster"))}
            {has(FilterField::Hosts).then(|| select("Host", "host", options.hosts.clone(), "Any host"))}
            {(has(FilterField::Folders) && !options.folders.is_empty()).then(|| select("Folder", "folder", options.folders.clone(), "Any folder"))}
            {has(FilterField::ResourcePools).then(|| select("Resource pool", "pool", options.resource_pools.clone(), "Any resource pool"))}
            {state_choices(kind).map(|(label, choices)| select(label, "state", choices.into_iter().map(|(v, l)| (v.to_string(), l.to_string())).collect(), "Any"))}
            {has(FilterField::Standalone).then(|| select("Cluster membership", "standalone", vec![("no".into(), "In a cluster".into()), ("yes".into(), "Standalone".into())], "Any"))}
            <div class="flex items-end gap-2">
                <button type="submit" class=BUTTON_SECONDARY>"Apply filters"</button>
            </div>
        </form>
    }
}

#[component]
fn InventoryList(p: InventoryPage, fixed: Option<String>, job: Option<JobView>) -> impl IntoView {
    if p.unavailable {
        return view! {
            <Warning text="Inventory listing is not available on this vCenter: it does not serve the vcenter inventory lists. You can still tag an object given by its type and id." test_id="inventory-unavailable"/>
            <ObjectByIdForm/>
        }
        .into_any();
    }
    let kind = p.kind;
    let headings: Vec<String> = p.rows.first().map(|r| r.details.iter().map(|(h, _)| h.clone()).collect()).unwrap_or_default();
    let count = p.total;
    let summary = if count == p.matched {
        format!("{count} {}", if count == 1 { kind.singular().to_lowercase() } else { kind.plural().to_lowercase() })
    } else {
        format!("{count} of {} {} match the name", p.matched, kind.plural().to_lowercase())
    };
    let location = leptos_router::hooks::use_location();
    let here = crate::components::layout::here(&location);
    let view_of = p.view.clone();
    // A link to this list with its filters and another sort, page or page size.
    let link = {
        let here = here.clone();
        move |sort: &str, desc: bool, page: usize, per: usize| {
            let q = format!("sort={}&desc={}&page={page}&per={per}", encode_component(sort), if desc { 1 } else { 0 });
            crate::components::layout::with_query(&here, &["sort", "desc", "page", "per", "job", "done", "__path", "__err"], Some(&q))
        }
    };
    let heading = {
        let link = link.clone();
        let v = view_of.clone();
        move |h: String| {
            // Known for the page's rows only (a VM's host and cluster): not a sort of the whole list.
            if PAGE_ONLY_COLUMNS.contains(&h.as_str()) {
                return view! { <th scope="col">{h}</th> }.into_any();
            }
            let sorted = v.sort == h;
            let href = link(&h, sorted && !v.desc, 1, v.per);
            let sort_state = if sorted { if v.desc { "descending" } else { "ascending" } } else { "none" };
            let arrow = if sorted { if v.desc { " ▼" } else { " ▲" } } else { "" };
            view! {
                <th scope="col" aria-sort=sort_state>
                    <a href=href class="hover:underline focus-visible:outline-2 focus-visible:outline-sky-500" data-testid="sort-link">{if h == "name" { "Name".to_string() } else { h.clone() }}{arrow}</a>
                </th>
            }
            .into_any()
        }
    };
    let pages = p.total.div_ceil(p.view.per).max(1);
    let pager = {
        let v = view_of.clone();
        let link = link.clone();
        (p.total > PAGE_SIZES[0]).then(move || view! {
            <nav aria-label="Pages" class="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm" data-testid="pager">
                <span data-testid="page-of">{format!("Page {} of {pages}", v.page)}</span>
                {(v.page > 1).then(|| view! { <a href=link(&v.sort, v.desc, v.page - 1, v.per) class=LINK rel="prev">"← Previous"</a> })}
                {(v.page < pages).then(|| view! { <a href=link(&v.sort, v.desc, v.page + 1, v.per) class=LINK rel="next" data-testid="next-page">"Next →"</a> })}
                <span class="ml-auto flex items-center gap-2">"Rows per page:"
                    {PAGE_SIZES.iter().map(|&n| if n == v.per {
                        view! { <span aria-current="true" class="font-semibold">{n}</span> }.into_any()
                    } else {
                        view! { <a href=link(&v.sort, v.desc, 1, n) class=LINK>{n}</a> }.into_any()
                    }).collect_view()}
                </span>
            </nav>
        })
    };
    let split_note = p.split.as_ref().map(|s| format!(
        "More {} match than vCenter lists at once: they were read host by host ({} lists); names as of {}, kept a minute.",
        kind.plural().to_lowercase(),
        s.calls,
        if s.age_seconds == 0 { "now".to_string() } else { format!("{} s ago", s.age_seconds) }
    ));
    let fixed: Option<TagRef> = fixed.map(|id| p.all_tags.iter().find(|t| t.id == id).cloned().unwrap_or(TagRef { name: id.clone(), id, category: String::new() }));
    // A refused bulk form (nothing selected, no tag) comes back with why.
    let start = ServerAction::<StartBulkTag>::new();
    let power = ServerAction::<StartBulkPower>::new();
    // A confirmation that came too late (used, expired) is refused here, its panel being gone.
    let confirmed = ServerAction::<ConfirmBulkPower>::new();
    // While a bulk job runs (or waits for its confirmation), its buttons wait for it.
    let running = job.as_ref().is_some_and(|j| !j.progress.finished());
    // A list without the job: where a confirmation's Cancel goes.
    let without_job = crate::components::layout::with_query(&here, &["job", "done", "__path", "__err"], None);
    let tag_choices: Vec<TagRef> = match &fixed {
        Some(t) => vec![t.clone()],
        None => p.offered_tags.clone(),
    };
    view! {
        {p.too_many.clone().map(|t| view! { <Warning text=t test_id="too-many"/> })}
        {split_note.map(|t| view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="split-listing">{t}</p> })}
        {p.tags_error.clone().map(|e| view! { <div><p class="text-sm">"Tags could not be read:"</p><ErrorPanel error=e/></div> })}
        // Outside the bulk form: a confirmation is a form of its own, and forms do not nest.
        {job.map(|job| view! { <BulkJob job cancel_href=without_job.clone()/> })}
        // autocomplete off: a browser that restores form state must not bring back a selection after an action.
        <form method="post" action=StartBulkTag::url() id=BULK_FORM autocomplete="off" class="space-y-3" data-testid="bulk-form">
            <Fields value=start.value() test_id="bulk-error" summary_first=true>
            {
            // The objects' refusal ("Select at least one object.") marks the first row's box and is said in the bar.
            let objects = FieldState::new("objects", FIRST_ROW, false);
            view! {
            // Stays in view while the rows scroll: the selection's actions are always at hand.
            <div class="sticky top-0 z-10 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-slate-50 p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900" data-testid="bulk-bar">
                <p class="text-sm text-slate-700 dark:text-slate-300" data-testid="list-count">{summary}</p>
                <SelectedCount form=BULK_FORM name="objects[]"/>
                <FieldMessage id=FIRST_ROW state=objects/>
                <div class="ml-auto flex flex-wrap items-end gap-2">
                    {match &fixed {
                        Some(t) => view! {
                            <input type="hidden" name="tag_ids[]" value=t.id.clone()/>
                            <span class="text-sm">"Tag " <TagChip name=t.name.clone() category=t.category.clone()/></span>
                        }.into_any(),
                        None => view! {
                            {
                                let tag = FieldState::new("tag_ids", "bulk-tag", false);
                                view! {
                                    <div>
                                        <label for="bulk-tag" class="sr-only">"Tag"</label>
                                        <select id="bulk-tag" name="tag_ids[]" class=INPUT aria-invalid=tag.invalid() aria-describedby=tag.described() autofocus=tag.focus()>
                                            <option value="">"Choose a tag…"</option>
                                            {tag_choices.iter().map(|t| view! { <option value=t.id.clone()>{format!("{}: {}", t.category, t.name)}</option> }).collect_view()}
                                        </select>
                                        <FieldMessage id="bulk-tag" state=tag/>
                                    </div>
                                }
                            }
                        }.into_any(),
                    }}
                    <button type="submit" name="op" value="attach" class=BUTTON data-testid="bulk-attach" disabled=running>"Attach to selected"</button>
                    <button type="submit" name="op" value="detach" class=BUTTON_SECONDARY data-testid="bulk-detach" disabled=running>"Detach from selected"</button>
                </div>
                // A VM list also powers its selection (another server function, the same selection).
                {(kind == InventoryKind::Vm).then(|| view! {
                    <div class="flex w-full flex-wrap items-center justify-end gap-2 border-t border-slate-200 pt-3 dark:border-slate-700" role="group" aria-label="Power of the selected virtual machines" data-testid="bulk-power">
                        <span class="text-sm text-slate-600 dark:text-slate-400">"Power:"</span>
                        {POWER_ACTIONS.iter().map(|a| view! {
                            <button type="submit" formaction=StartBulkPower::url() name="action" value=a.name class=BUTTON_SECONDARY data-testid=format!("bulk-power-{}", a.name) disabled=running>
                                {if a.bulk_asks.is_some() { format!("{}…", a.button) } else { a.button.to_string() }}
                            </button>
                        }).collect_view()}
                        <div class="w-full"><FormError value=power.value() test_id="bulk-power-error"/></div>
                        <div class="w-full"><FormError value=confirmed.value() test_id="bulk-confirm-error"/></div>
                    </div>
                })}
            </div>
            {if p.rows.is_empty() {
                view! { <Empty text=if p.too_many.is_some() { "Nothing to show until the list is narrowed." } else { "Nothing matches these filters." }/> }.into_any()
            } else {
                view! {
                    <div class="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
                        <table class=DATA_TABLE data-testid="inventory-table">
                            <caption class="sr-only">{kind.plural()}</caption>
                            <thead class="bg-slate-50 dark:bg-slate-800/60">
                                <tr>
                                    <th scope="col">
                                        <SelectAll form=BULK_FORM name="objects[]"/>
                                    </th>
                                    {heading("name".to_string())}
                                    {headings.into_iter().map(heading.clone()).collect_view()}
                                    <th scope="col">"Tags"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p.rows.into_iter().zip(p.tags).enumerate().map(|(i, (r, tags))| {
                                    let key = format!("{}:{}", r.object_type, r.id);
                                    let k3 = key.clone();
                                    let href = object_href(&r.object_type, &r.id);
                                    let objects = objects.only_if(i == 0);
                                    view! {
                                        <tr data-testid="inventory-row" data-object=k3>
                                            <td>
                                                <input type="checkbox" name="objects[]" value=key class="h-4 w-4" aria-label=format!("Select {}", r.name) id=(i == 0).then_some(FIRST_ROW)
                                                    aria-invalid=objects.invalid() aria-describedby=objects.described() autofocus=objects.focus()/>
                                            </td>
                                            <td><a href=href class=LINK>{r.name.clone()}</a></td>
                                            {r.details.into_iter().map(|(_, v)| view! { <td>{v}</td> }).collect_view()}
                                            <td data-testid="row-tags">
                                                <div class="flex flex-wrap gap-1">
                                                    {tags.into_iter().map(|t| view! { <TagChip name=t.name category=t.category/> }).collect_view()}
                                                </div>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {pager}
                }.into_any()
            }}
            }
            }
            </Fields>
        </form>
    }
    .into_any()
}

/// A bulk action's job: its live progress while it runs, then how many objects took the change and why the
/// others refused.
#[component]
fn BulkJob(job: JobView, #[prop(into)] cancel_href: String) -> impl IntoView {
    if let Some(action) = job.proposal.as_deref().and_then(|a| power_action(a).ok()) {
        // Waits for the user's word: what it will do, to which VMs.
        let names: Vec<String> = job.items.iter().map(|i| i.name.clone()).collect();
        let title = format!("{} {}?", action.button, plural_vms(names.len()));
        let confirm = ServerAction::<ConfirmBulkPower>::new();
        return view! {
            <ConfirmPanel title message=action.bulk_asks.unwrap_or_default() cancel_href>
                <p class="w-full text-sm text-red-900 dark:text-red-100" data-testid="bulk-confirm-names">{names_line(&names)}</p>
                <ActionForm action=confirm>
                    <input type="hidden" name="job" value=job.id.clone()/>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="bulk-confirm">{format!("{} {}", action.button, plural_vms(names.len()))}</button>
                </ActionForm>
            </ConfirmPanel>
        }
        .into_any();
    }
    if !job.progress.finished() {
        return view! { <Following source=Source::Job(job.id.clone()) initial=job.progress test_id="bulk-running"/> }.into_any();
    }
    let done_word = done_word(&job.progress.title);
    let failed: Vec<JobItem> = job.items.iter().filter(|r| !r.ok).cloned().collect();
    let ok = job.items.len() - failed.len();
    let p = job.progress;
    view! {
        <ProgressBar done=p.done as usize total=p.total as usize label=p.title.clone()/>
        {(!p.messages.is_empty()).then(|| view! {
            <div data-testid="bulk-error">
                <ErrorPanel error=AppError::Internal(format!("The job stopped: {}", p.messages.join(" ")))/>
            </div>
        })}
        <div class="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-700 dark:bg-slate-900" role="status" data-testid="bulk-results">
            <p data-testid="bulk-summary">{format!("{ok} {done_word}, {} refused.", failed.len())}</p>
            {(!failed.is_empty()).then(|| view! {
                <ul class="mt-2 space-y-1">
                    {refusal_groups(&failed).into_iter().map(|g| view! {
                        <li class="text-red-800 dark:text-red-200" data-testid="bulk-failure" data-count=g.names.len()>
                            <span aria-hidden="true">"✖ "</span>
                            <strong data-testid="bulk-failure-count">{plural_objects(g.names.len())}</strong>": " {g.message}
                            <span class="block text-xs" data-testid="bulk-failure-names">{names_line(&g.names)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <details class="mt-2">
                <summary class="cursor-pointer text-slate-600 dark:text-slate-400">"Every object"</summary>
                <ul class="mt-1 max-h-64 overflow-y-auto">
                    {job.items.into_iter().map(|r| view! {
                        <li>{if r.ok { "✔ " } else { "✖ " }}{r.name}</li>
                    }).collect_view()}
                </ul>
            </details>
        </div>
    }
    .into_any()
}

/// Objects refused for the same reason: the reason (the first object's message) and every object's name.
#[derive(Clone, Debug, PartialEq)]
pub struct RefusalGroup {
    pub message: String,
    pub names: Vec<String>,
}

/// Groups refusals by reason, in the order they first appear. vCenter names the object in its message
/// ("VirtualMachine vm-42 already has tag …"), so the reason is the message with the object's id and name taken
/// out; sixty objects refused by one rule are one line, not sixty.
pub fn refusal_groups(failed: &[JobItem]) -> Vec<RefusalGroup> {
    let mut groups: Vec<(String, RefusalGroup)> = Vec::new();
    for r in failed {
        let id = r.key.split_once(':').map_or(r.key.as_str(), |(_, id)| id);
        let mut reason = r.message.replace(&r.key, "\u{1}");
        for part in [id, r.name.as_str()].into_iter().filter(|p| !p.is_empty()) {
            reason = reason.replace(part, "\u{1}");
        }
        match groups.iter_mut().find(|(k, _)| *k == reason) {
            Some((_, g)) => g.names.push(r.name.clone()),
            None => groups.push((reason, RefusalGroup { message: r.message.clone(), names: vec![r.name.clone()] })),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// What a finished bulk job did to the objects it did not refuse: "attached", "powered on".
fn done_word(title: &str) -> &'static str {
    if title.starts_with("Detach") {
        return "detached";
    }
    POWER_ACTIONS.iter().find(|a| a.progress == title).map_or("attached", |a| a.past)
}

fn plural_vms(n: usize) -> String {
    format!("{n} virtual machine{}", if n == 1 { "" } else { "s" })
}

fn plural_objects(n: usize) -> String {
    format!("{n} object{}", if n == 1 { "" } else { "s" })
}

/// `web-001, web-002 and 58 more` past ten names.
fn names_line(names: &[String]) -> String {
    const SHOWN: usize = 10;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!("{} and {} more", names[..SHOWN].join(", "), names.len() - SHOWN)
    }
}

/// Go to an object given by type and id (for a vCenter without inventory lists).
#[component]
pub fn ObjectByIdForm() -> impl IntoView {
    view! {
        <form method="get" action="/objects" class="flex flex-wrap items-end gap-3" data-testid="object-by-id">
            <div>
                <label for="object-type" class=LABEL>"Object type"</label>
                <select id="object-type" name="type" class=INPUT>
                    {ASSOCIABLE_TYPES.iter().map(|(k, v)| view! { <option value=*k>{*v}</option> }).collect_view()}
                </select>
            </div>
            <div>
                <label for="object-id" class=LABEL>"Object id"</label>
                <input id="object-id" name="id" type="text" class=INPUT placeholder="vm-42"/>
            </div>
            <button type="submit" class=BUTTON_SECONDARY>"Open"</button>
        </form>
    }
}

/// Find datastores or networks by id (vCenter's inventory find): a GET form (`?find=`, nothing changes), and
/// each id found with its vSphere type and a link to its page; vCenter's refusal names an unknown id.
#[component]
pub fn FindByIdCard(kind: InventoryKind) -> impl IntoView {
    let ids = use_query_map().with_untracked(|q| q.get("find")).filter(|f| !f.trim().is_empty());
    let path = format!("/inventory/{}", kind.slug());
    let slug = kind.slug().to_string();
    let placeholder = if kind == InventoryKind::Datastore { "datastore-60, datastore-63" } else { "network-70, dvportgroup-72" };
    let found = ids.clone().map(|ids| Resource::new(move || ids.clone(), move |ids| crate::api::vcenter::inventory::find_objects(slug.clone(), ids)));
    view! {
        <Card title="Find by id">
            <form method="get" action=path class="flex flex-wrap items-end gap-3" role="search" data-testid="find-by-id">
                <div class="min-w-64 flex-1">
                    <label for="find-ids" class=LABEL>"Ids"</label>
                    <input id="find-ids" name="find" type="text" class=INPUT placeholder=placeholder value=ids.clone().unwrap_or_default()/>
                </div>
                <button type="submit" class=BUTTON_SECONDARY>"Find"</button>
            </form>
            {found.map(|found| view! {
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <div class="mt-3"><ErrorList errors/></div> }>
                        {move || Suspend::new(async move {
                            found.await.map(|rows| view! {
                                <ul class="mt-3 space-y-1 text-sm" data-testid="found">
                                    {rows.into_iter().map(|(id, t)| view! {
                                        <li><a href=object_href(&t, &id) class=LINK>{id.clone()}</a>" — "{crate::vsphere::inventory::object_type_label(&t)}</li>
                                    }).collect_view()}
                                </ul>
                            })
                        })}
                    </ErrorBoundary>
                </Transition>
            })}
        </Card>
    }
}

/// An object's tags: attached ones with Detach, and Attach from the tags it may take.
#[component]
pub fn TagsPanel(#[prop(into)] object: String) -> impl IntoView {
    let set = ServerAction::<SetObjectTags>::new();
    let key = object.clone();
    let tags = Resource::new(move || set.version().get(), move |_| get_object_tags(key.clone()));
    view! {
        <Card title="Tags">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {
                        let object = object.clone();
                        move || {
                            let object = object.clone();
                            Suspend::new(async move {
                                tags.await.map(|t| {
                                    let o2 = object.clone();
                                    view! {
                                        {if t.attached.is_empty() {
                                            view! { <Empty text="No tags attached."/> }.into_any()
                                        } else {
                                            view! {
                                                <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="attached-tags">
                                                    {t.attached.into_iter().map(|tag| {
                                                        let o = object.clone();
                                                        view! {
                                                            <li class="flex items-center justify-between py-2">
                                                                <TagChip name=tag.name.clone() category=tag.category.clone()/>
                                                                <ActionForm action=set>
                                                                    <input type="hidden" name="object" value=o/>
                                                                    <input type="hidden" name="tag_ids[]" value=tag.id.clone()/>
                                                                    <input type="hidden" name="op" value="detach"/>
                                                                    <button type="submit" class=BUTTON_SECONDARY aria-label=format!("Detach {}", tag.name)>"Detach"</button>
                                                                </ActionForm>
                                                            </li>
                                                        }
                                                    }).collect_view()}
                                                </ul>
                                            }.into_any()
                                        }}
                                        <ActionForm action=set attr:class="mt-4 flex flex-wrap items-end gap-2" attr:data-testid="attach-form">
                                            <input type="hidden" name="object" value=o2/>
                                            <input type="hidden" name="op" value="attach"/>
                                            <div class="grow">
                                                <label for="attach-tag" class=LABEL>"Attach a tag"</label>
                                                <select id="attach-tag" name="tag_ids[]" class=INPUT>
                                                    {t.attachable.iter().map(|tag| view! { <option value=tag.id.clone()>{format!("{}: {}", tag.category, tag.name)}</option> }).collect_view()}
                                                </select>
                                                <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">
                                                    "Only tags this object may take are offered: their category allows its type, and a one-tag-per-object category it already uses is left out."
                                                </p>
                                            </div>
                                            <button type="submit" class=BUTTON disabled=t.attachable.is_empty()>"Attach"</button>
                                        </ActionForm>
                                    }
                                })
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
            <div class="mt-3"><FormError value=set.value() test_id="tags-error"/></div>
        </Card>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(key: &str, name: &str, message: &str) -> JobItem {
        JobItem { key: key.into(), name: name.into(), ok: false, message: message.into() }
    }

    #[test]
    fn refusals_group_by_reason_whatever_object_they_name() {
        let rule = |id: &str| format!("VirtualMachine {id} already has tag 'alice' of category 'Owner', which allows one tag per object.");
        let failed = vec![
            refused("VirtualMachine:vm-1", "web-001", &rule("vm-1")),
            refused("VirtualMachine:vm-2", "web-002", "Permission denied: missing privilege InventoryService.Tagging.AttachTag."),
            refused("VirtualMachine:vm-12", "web-012", &rule("vm-12")),
            refused("VirtualMachine:vm-3", "web-003", &rule("vm-3")),
        ];
        let groups = refusal_groups(&failed);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].names, ["web-001", "web-012", "web-003"]);
        assert_eq!(groups[0].message, rule("vm-1"));
        assert_eq!(groups[1].names, ["web-002"]);
        let many: Vec<String> = (1..=12).map(|i| format!("web-{i:03}")).collect();
        assert_eq!(names_line(&many), "web-001, web-002, web-003, web-004, web-005, web-006, web-007, web-008, web-009, web-010 and 2 more");
    }
}
