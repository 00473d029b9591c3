//! API explorer (`/api-explorer`): vCenter's own description of its API (`vapi/metadata`). The services by
//! component, searched by id or operation name (a GET form); a service's operations with their request,
//! inputs, output, errors, the privileges they need and how they authenticate, and the console page that uses
//! the service; each structure and enumeration with its fields or values.

use crate::api::vapi::metadata::{get_api_service, get_api_services, get_api_type, matches, TypeText};
use crate::components::form::{BUTTON, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{Card, ErrorList, Loading, PageHeader};
use crate::vsphere::rest::encode_component;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn type_href(kind: &str, id: &str) -> String {
    format!("/api-explorer/type?kind={kind}&id={}", encode_component(id))
}

#[component]
fn TypeLink(t: TypeText) -> impl IntoView {
    match t.refers {
        Some((kind, id)) => view! { <a href=type_href(&kind, &id) class=format!("{LINK} font-mono text-xs")>{t.text}</a> }.into_any(),
        None => view! { <span class="font-mono text-xs">{t.text}</span> }.into_any(),
    }
}

#[component]
pub fn ApiExplorerPage() -> impl IntoView {
    let q = use_query_map().with_untracked(|m| m.get("q").unwrap_or_default());
    let services = Resource::new(|| (), |_| get_api_services());
    let shown = q.clone();
    view! {
        <PageHeader title="API explorer" subtitle="vCenter's own description of its API: every service and operation, what it takes and returns, the privileges it needs."/>
        <form method="get" action="/api-explorer" class="mb-6 flex flex-wrap items-end gap-3" role="search">
            <div class="min-w-64 flex-1">
                <label for="api-q" class=LABEL>"Service or operation"</label>
                <input id="api-q" name="q" type="search" class=INPUT value=q placeholder="vm.power, attach, backup"/>
            </div>
            <button type="submit" class=BUTTON>"Search"</button>
        </form>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || {
                    let q = shown.clone();
                    Suspend::new(async move {
                        services.await.map(|all| {
                            let total: usize = all.iter().map(|s| s.operations.len()).sum();
                            let found: Vec<_> = all.iter().filter(|s| matches(s, &q)).cloned().collect();
                            let mut components: Vec<String> = found.iter().map(|s| s.component.clone()).collect();
                            components.dedup();
                            view! {
                                <p class="mb-4 text-sm text-slate-600 dark:text-slate-400" data-testid="api-count">
                                    {format!("{} of {} services ({} operations in all).", found.len(), all.len(), total)}
                                </p>
                                {if found.is_empty() { Some(view! { <Empty text="No service or operation matches the search."/> }) } else { None }}
                                <div class="space-y-6">
                                    {components.into_iter().map(|c| {
                                        let rows: Vec<_> = found.iter().filter(|s| s.component == c).cloned().collect();
                                        view! {
                                            <Card title=c.clone()>
                                                <Table caption=format!("Services of {c}") headings=vec!["Service", "Operations"] test_id="api-services">
                                                    {rows.into_iter().map(|s| view! {
                                                        <tr data-service=s.id.clone()>
                                                            <td><a href=format!("/api-explorer/service?id={}", encode_component(&s.id)) class=format!("{LINK} font-mono text-xs")>{s.id.clone()}</a></td>
                                                            <td class="text-xs">{s.operations.join(", ")}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </Table>
                                            </Card>
                                        }
                                    }).collect_view()}
                                </div>
                            }
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn ApiServicePage() -> impl IntoView {
    let id = use_query_map().with_untracked(|m| m.get("id").unwrap_or_default());
    let detail = Resource::new(move || id.clone(), get_api_service);
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Service"/><ErrorList errors/> }>
                {move || Suspend::new(async move {
                    detail.await.map(|d| view! {
                        <PageHeader title=d.id.clone() subtitle="A service of vCenter's API, as vCenter describes it."/>
                        <p class="mb-4 flex flex-wrap gap-4 text-sm">
                            <a href="/api-explorer" class=LINK>"← API explorer"</a>
                            {d.page.clone().map(|p| view! { <a href=p.clone() class=LINK data-testid="console-page">{format!("Used by the console: {p}")}</a> })}
                        </p>
                        <div class="space-y-6">
                            {d.operations.into_iter().map(|o| view! {
                                <Card title=o.name.clone()>
                                    <div class="space-y-3 text-sm" data-operation=o.name.clone()>
                                        <p class="font-mono text-xs" data-testid="request">{o.request.clone()}</p>
                                        <p>{o.documentation.clone()}</p>
                                        {if o.params.is_empty() { view! { <p class="text-slate-600 dark:text-slate-400">"No inputs."</p> }.into_any() } else { view! {
                                            <Table caption=format!("Inputs of {}", o.name) headings=vec!["Input", "Type", "Description"]>
                                                {o.params.into_iter().map(|(n, t, doc)| view! { <tr><td class="font-mono text-xs">{n}</td><td><TypeLink t/></td><td class="text-xs">{doc}</td></tr> }).collect_view()}
                                            </Table>
                                        }.into_any() }}
                                        <p>"Returns "<TypeLink t=o.output.clone()/></p>
                                        <p data-testid="privileges">"Needs "{if o.privileges.is_empty() { "no privilege".to_string() } else { o.privileges.join(", ") }}"; authenticates with "{o.schemes.join(" or ")}"."</p>
                                        {(!o.errors.is_empty()).then(|| view! {
                                            <ul class="list-disc pl-5 text-xs">
                                                {o.errors.into_iter().map(|(e, doc)| view! { <li><span class="font-mono">{e.rsplit('.').next().unwrap_or_default().to_string()}</span>" "{doc}</li> }).collect_view()}
                                            </ul>
                                        })}
                                    </div>
                                </Card>
                            }).collect_view()}
                            {(!d.structures.is_empty() || !d.enumerations.is_empty()).then(|| view! {
                                <Card title="Types of this service">
                                    <ul class="space-y-1 text-sm">
                                        {d.structures.into_iter().map(|s| view! { <li><a href=type_href("structure", &s) class=format!("{LINK} font-mono text-xs")>{s.clone()}</a></li> }).collect_view()}
                                        {d.enumerations.into_iter().map(|s| view! { <li><a href=type_href("enumeration", &s) class=format!("{LINK} font-mono text-xs")>{s.clone()}</a>" (enumeration)"</li> }).collect_view()}
                                    </ul>
                                </Card>
                            })}
                        </div>
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn ApiTypePage() -> impl IntoView {
    let (kind, id) = use_query_map().with_untracked(|m| (m.get("kind").unwrap_or_default(), m.get("id").unwrap_or_default()));
    let detail = Resource::new(move || (kind.clone(), id.clone()), |(k, i)| get_api_type(k, i));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Type"/><ErrorList errors/> }>
                {move || Suspend::new(async move {
                    detail.await.map(|d| {
                        let enumeration = d.kind == "enumeration";
                        view! {
                            <PageHeader title=d.id.clone() subtitle=if enumeration { "An enumeration of vCenter's API." } else { "A structure of vCenter's API." }/>
                            <p class="mb-4 text-sm"><a href="/api-explorer" class=LINK>"← API explorer"</a></p>
                            {(!d.documentation.is_empty()).then(|| view! { <p class="mb-4 text-sm">{d.documentation.clone()}</p> })}
                            <Table caption=d.id.clone() headings=if enumeration { vec!["Value", "Description"] } else { vec!["Field", "Type", "Description"] } test_id="type-members">
                                {d.members.into_iter().map(|(n, t, doc)| if enumeration {
                                    view! { <tr><td class="font-mono text-xs">{n}</td><td class="text-xs">{doc}</td></tr> }.into_any()
                                } else {
                                    view! { <tr><td class="font-mono text-xs">{n}</td><td><TypeLink t/></td><td class="text-xs">{doc}</td></tr> }.into_any()
                                }).collect_view()}
                            </Table>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}
