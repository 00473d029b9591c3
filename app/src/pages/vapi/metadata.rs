//! API explorer (`/api-explorer`): vCenter's own description of its API (`vapi/metadata`). The services by
//! component, searched by id or operation name (a GET form); a service's operations with their request,
//! inputs, output, errors, the privileges they need and how they authenticate, and the console page that uses
//! the service; each structure and enumeration with its fields or values.

use crate::api::vapi::metadata::{get_api_catalogue, get_api_cli, get_api_component, get_api_operation, get_api_package, get_api_resource, get_api_service, get_api_services, get_api_type, matches, OperationDetail, TypeText};
use crate::components::form::{BUTTON, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{ApiFields, Card, ErrorList, Loading, PageHeader};
use crate::vsphere::rest::encode_component;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn operation_href(service: &str, op: &str) -> String {
    format!("/api-explorer/operation?service={}&op={}", encode_component(service), encode_component(op))
}

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
    let catalogue = Resource::new(|| (), |_| get_api_catalogue());
    let shown = q.clone();
    view! {
        <PageHeader title="API explorer" subtitle="vCenter's own description of its API: every service and operation, what it takes and returns, the privileges it needs."/>
        <Transition fallback=|| ()>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { catalogue.await.map(|c| view! { <div class="mb-6"><CatalogueCard c/></div> }) })}
            </ErrorBoundary>
        </Transition>
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
                    detail.await.map(|d| { let sid = d.id.clone(); view! {
                        <PageHeader title=d.id.clone() subtitle="A service of vCenter's API, as vCenter describes it."/>
                        <p class="mb-4 flex flex-wrap gap-4 text-sm">
                            <a href="/api-explorer" class=LINK>"← API explorer"</a>
                            {d.page.clone().map(|p| view! { <a href=p.clone() class=LINK data-testid="console-page">{format!("Used by the console: {p}")}</a> })}
                            <a href=format!("/api-explorer/cli?ns={}", encode_component(&d.id)) class=LINK>"Its CLI commands"</a>
                            <a href=format!("/api-explorer/package?id={}", encode_component(d.id.rsplit_once('.').map_or("", |(p, _)| p))) class=LINK>"Its package"</a>
                        </p>
                        <div class="space-y-6">
                            {d.operations.into_iter().map(|o| { let own = operation_href(&sid, &o.name); view! {
                                <Card title=o.name.clone()>
                                    <a href=own class=format!("{LINK} text-sm") data-testid="operation-page">"Its own page"</a>
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
                            }}).collect_view()}
                            {(!d.structures.is_empty() || !d.enumerations.is_empty()).then(|| view! {
                                <Card title="Types of this service">
                                    <ul class="space-y-1 text-sm">
                                        {d.structures.into_iter().map(|s| view! { <li><a href=type_href("structure", &s) class=format!("{LINK} font-mono text-xs")>{s.clone()}</a></li> }).collect_view()}
                                        {d.enumerations.into_iter().map(|s| view! { <li><a href=type_href("enumeration", &s) class=format!("{LINK} font-mono text-xs")>{s.clone()}</a>" (enumeration)"</li> }).collect_view()}
                                    </ul>
                                </Card>
                            })}
                        </div>
                    }})
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

/// What vCenter describes, counted by source, with its components and resource types.
#[component]
fn CatalogueCard(c: crate::api::vapi::metadata::Catalogue) -> impl IntoView {
    view! {
        <Card title="What vCenter describes">
            <div class="space-y-4 text-sm">
                <dl class="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_minmax(0,1fr)]" data-testid="api-catalogue">
                    {c.counts.into_iter().map(|(source, counts)| view! {
                        <dt class="font-medium">{source.clone()}</dt>
                        <dd data-source=source>{counts.into_iter().map(|(what, n)| format!("{n} {what}")).collect::<Vec<_>>().join(" · ")}</dd>
                    }).collect_view()}
                </dl>
                <p class="break-words">"Components: "{c.components.into_iter().map(|id| view! { <a href=format!("/api-explorer/component?id={}", encode_component(&id)) class=format!("{LINK} mr-3 font-mono text-xs") data-testid="component-link">{id.clone()}</a> }).collect_view()}</p>
                <details>
                    <summary class="cursor-pointer">{format!("Resource types ({})", c.resources.len())}</summary>
                    <p class="mt-2 break-words">{c.resources.into_iter().map(|id| view! { <a href=format!("/api-explorer/resource?id={}", encode_component(&id)) class=format!("{LINK} mr-3 font-mono text-xs")>{id.clone()}</a> }).collect_view()}</p>
                </details>
                <p><a href="/api-explorer/cli" class=LINK data-testid="cli-link">"The CLI's namespaces and commands"</a></p>
            </div>
        </Card>
    }
}

/// A list of ids as links (`href` of each), or "none".
fn id_links(ids: Vec<String>, href: impl Fn(&str) -> String + 'static) -> AnyView {
    if ids.is_empty() {
        return view! { <span class="text-slate-600 dark:text-slate-400">"none"</span> }.into_any();
    }
    view! { <ul class="space-y-1">{ids.into_iter().map(|id| view! { <li><a href=href(&id) class=format!("{LINK} font-mono text-xs")>{id.clone()}</a></li> }).collect_view()}</ul> }.into_any()
}

fn or_none(v: &[String]) -> String {
    if v.is_empty() { "none".into() } else { v.join(", ") }
}

/// A page of the explorer: its query, its data, and what to show of it.
#[component]
fn ExplorerPage<T, F, Fut, V>(title: &'static str, fetch: F, show: fn(T) -> V) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, crate::error::AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let data = Resource::new(|| (), move |_| fetch());
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=move |errors| view! { <PageHeader title=title/><ErrorList errors/> }>
                {move || Suspend::new(async move { data.await.map(show) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn ApiComponentPage() -> impl IntoView {
    let id = use_query_map().with_untracked(|m| m.get("id").unwrap_or_default());
    view! {
        <ExplorerPage title="Component" fetch=move || get_api_component(id.clone()) show={|c: crate::api::vapi::metadata::ComponentDetail| view! {
            <PageHeader title=format!("Component {}", c.id) subtitle="A component of vCenter's API: its packages, the privileges and schemes they default to."/>
            <p class="mb-4 text-sm"><a href="/api-explorer" class=LINK>"← API explorer"</a></p>
            {(!c.documentation.is_empty()).then(|| view! { <p class="mb-4 text-sm">{c.documentation.clone()}</p> })}
            <div class="space-y-6">
                <Card title="Fingerprints">
                    <p class="mb-3 text-sm text-slate-600 dark:text-slate-400">"Each changes when that description changes: a tool that keeps a copy reads it again only then."</p>
                    <ApiFields rows=c.fingerprints test_id="fingerprints"/>
                </Card>
                <Card title="Packages">
                    <Table caption="Packages" headings=vec!["Package", "Services", "Default privileges", "Authentication"] test_id="component-packages">
                        {c.packages.into_iter().map(|(p, n, privs, schemes)| view! {
                            <tr data-package=p.clone()>
                                <td><a href=format!("/api-explorer/package?id={}", encode_component(&p)) class=format!("{LINK} font-mono text-xs")>{p.clone()}</a></td>
                                <td>{n}</td>
                                <td class="text-xs">{or_none(&privs)}</td>
                                <td class="text-xs">{or_none(&schemes)}</td>
                            </tr>
                        }).collect_view()}
                    </Table>
                </Card>
            </div>
        }}/>
    }
}

#[component]
pub fn ApiPackagePage() -> impl IntoView {
    let id = use_query_map().with_untracked(|m| m.get("id").unwrap_or_default());
    view! {
        <ExplorerPage title="Package" fetch=move || get_api_package(id.clone()) show={|p: crate::api::vapi::metadata::PackageDetail| view! {
            <PageHeader title=format!("Package {}", p.id) subtitle="A package of vCenter's API."/>
            <p class="mb-4 text-sm"><a href="/api-explorer" class=LINK>"← API explorer"</a></p>
            {(!p.documentation.is_empty()).then(|| view! { <p class="mb-4 text-sm">{p.documentation.clone()}</p> })}
            <div class="grid gap-6 lg:grid-cols-2">
                <Card title="Defaults">
                    <dl class="space-y-2 text-sm" data-testid="package-defaults">
                        <dt class="font-medium">"Privileges its operations need unless they say otherwise"</dt><dd>{or_none(&p.privileges)}</dd>
                        <dt class="font-medium">"How they authenticate"</dt><dd>{or_none(&p.schemes)}</dd>
                    </dl>
                </Card>
                <Card title="Services">{id_links(p.services, |s| format!("/api-explorer/service?id={}", encode_component(s)))}</Card>
                <Card title="Structures">{id_links(p.structures, |s| type_href("structure", s))}</Card>
                <Card title="Enumerations">{id_links(p.enumerations, |s| type_href("enumeration", s))}</Card>
            </div>
        }}/>
    }
}

#[component]
pub fn ApiOperationPage() -> impl IntoView {
    let (service, op) = use_query_map().with_untracked(|m| (m.get("service").unwrap_or_default(), m.get("op").unwrap_or_default()));
    view! {
        <ExplorerPage title="Operation" fetch=move || get_api_operation(service.clone(), op.clone()) show={|o: crate::api::vapi::metadata::OperationPage| {
            let OperationDetail { name, documentation, request, params, output, errors, privileges, schemes } = o.operation;
            let service = o.service.clone();
            view! {
                <PageHeader title=format!("{}.{name}", o.service) subtitle="An operation of vCenter's API."/>
                <p class="mb-4 flex flex-wrap gap-4 text-sm">
                    <a href=format!("/api-explorer/service?id={}", encode_component(&o.service)) class=LINK>{format!("← {}", o.service)}</a>
                    {o.page.clone().map(|p| view! { <a href=p.clone() class=LINK data-testid="console-page">{format!("Used by the console: {p}")}</a> })}
                    <a href=format!("/api-explorer/cli?ns={}&cmd={}", encode_component(&o.service), encode_component(&name)) class=LINK>"Its CLI command"</a>
                </p>
                <div class="space-y-6">
                    <Card title="Request">
                        <div class="space-y-3 text-sm">
                            <p class="font-mono text-xs" data-testid="request">{request}</p>
                            <p>{documentation}</p>
                            {if params.is_empty() { view! { <p class="text-slate-600 dark:text-slate-400">"No inputs."</p> }.into_any() } else { view! {
                                <Table caption="Inputs" headings=vec!["Input", "Type", "Description"]>
                                    {params.into_iter().map(|(n, t, doc)| view! { <tr><td class="font-mono text-xs">{n}</td><td><TypeLink t/></td><td class="text-xs">{doc}</td></tr> }).collect_view()}
                                </Table>
                            }.into_any() }}
                            <p>"Returns "<TypeLink t=output/></p>
                            {(!errors.is_empty()).then(|| view! {
                                <ul class="list-disc pl-5 text-xs" data-testid="errors">
                                    {errors.into_iter().map(|(e, doc)| view! { <li><span class="font-mono">{e.rsplit('.').next().unwrap_or_default().to_string()}</span>" "{doc}</li> }).collect_view()}
                                </ul>
                            })}
                        </div>
                    </Card>
                    <Card title="Privileges and authentication">
                        <div class="space-y-2 text-sm" data-testid="privileges">
                            <p>{if o.own_privileges { format!("Needs {}.", if privileges.is_empty() { "no privilege".to_string() } else { privileges.join(", ") }) } else { "No privileges of its own: its package's defaults apply.".to_string() }}</p>
                            {o.property_privileges.into_iter().map(|(path, p)| view! { <p>"Input "<code class="font-mono text-xs">{path}</code>" also needs "{p.join(", ")}"."</p> }).collect_view()}
                            <p>{if o.own_schemes { format!("Authenticates with {}.", or_none(&schemes)) } else { "Authenticates as its service does.".to_string() }}</p>
                        </div>
                    </Card>
                    <Card title="Other operations of this service">
                        <p class="flex flex-wrap gap-3 text-sm">{o.siblings.into_iter().map(|s| {
                            let here = s == name;
                            view! { <a href=operation_href(&service, &s) class=format!("{LINK} font-mono text-xs") aria-current=here.then_some("page")>{s.clone()}</a> }
                        }).collect_view()}</p>
                    </Card>
                </div>
            }
        }}/>
    }
}

#[component]
pub fn ApiResourcePage() -> impl IntoView {
    let id = use_query_map().with_untracked(|m| m.get("id").unwrap_or_default());
    let title = format!("Resource type {id}");
    view! {
        <PageHeader title=title subtitle="A resource type of vCenter's API and the structures that model it."/>
        <p class="mb-4 text-sm"><a href="/api-explorer" class=LINK>"← API explorer"</a></p>
        <ExplorerPage title="Resource type" fetch=move || get_api_resource(id.clone()) show={|models: Vec<String>| view! {
            <Card title="Structures that model it"><div data-testid="resource-models">{id_links(models, |s| type_href("structure", s))}</div></Card>
        }}/>
    }
}

#[component]
pub fn ApiCliPage() -> impl IntoView {
    let (ns, cmd) = use_query_map().with_untracked(|m| (m.get("ns").unwrap_or_default(), m.get("cmd").unwrap_or_default()));
    view! {
        <PageHeader title="CLI commands" subtitle="The commands vCenter's CLI (dcli) offers, one namespace per service, as vCenter describes them."/>
        <p class="mb-4 text-sm"><a href="/api-explorer" class=LINK>"← API explorer"</a></p>
        <ExplorerPage title="CLI" fetch=move || get_api_cli(ns.clone(), cmd.clone()) show={|c: crate::api::vapi::metadata::CliView| {
            let cli_href = |ns: &str| format!("/api-explorer/cli?ns={}", encode_component(ns));
            let current = c.namespace.as_ref().map(|n| n.0.clone()).unwrap_or_default();
            view! {
                <div class="space-y-6">
                    <Card title="Fingerprints"><ApiFields rows=c.fingerprints test_id="cli-fingerprints"/></Card>
                    {c.namespace.map(|(id, description, children, commands)| {
                        let ns = id.clone();
                        view! {
                            <Card title=format!("Namespace {id}")>
                                <div class="space-y-3 text-sm" data-testid="cli-namespace">
                                    <p>{description}</p>
                                    {(!children.is_empty()).then(|| view! { <div><p class="font-medium">"Namespaces in it"</p>{id_links(children, move |s| cli_href(s))}</div> })}
                                    <p class="font-medium">"Commands"</p>
                                    <p class="flex flex-wrap gap-3">{commands.into_iter().map(|name| view! {
                                        <a href=format!("/api-explorer/cli?ns={}&cmd={}", encode_component(&ns), encode_component(&name)) class=format!("{LINK} font-mono text-xs") data-testid="cli-command">{name.clone()}</a>
                                    }).collect_view()}</p>
                                </div>
                            </Card>
                        }
                    })}
                    {c.command.map(|rows| view! { <Card title="Command"><ApiFields rows test_id="cli-command-fields"/></Card> })}
                    <Card title="Namespaces">
                        <details open=current.is_empty()>
                            <summary class="cursor-pointer text-sm">{format!("All {} namespaces", c.namespaces.len())}</summary>
                            <div class="mt-2 text-sm" data-testid="cli-namespaces">{id_links(c.namespaces, cli_href)}</div>
                        </details>
                    </Card>
                </div>
            }
        }}/>
    }
}
