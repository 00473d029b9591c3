//! Audit log (`/audit`): the newest actions taken through the console — who, when, on which vCenter, which
//! operation on what, and whether vCenter (or the console's own check) refused it, with why — filtered by
//! user, area and outcome (a GET form: reading changes nothing).

use crate::api::audit::get_audit;
use crate::components::form::{BUTTON, INPUT, LABEL, LINK};
use crate::components::table::{Empty, Table};
use crate::components::{ErrorList, Loading, PageHeader, StatusBadge, Tone};
use leptos::prelude::*;
use crate::vsphere::rest::encode_component;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || query.with(|q| (q.get("user").unwrap_or_default(), q.get("area").unwrap_or_default(), q.get("outcome").unwrap_or_default()));
    let (user, area, outcome) = filter();
    let data = Resource::new(filter, |(u, a, o)| get_audit(u, a, o));
    let outcomes = [("", "Any outcome"), ("ok", "Went through"), ("refused", "Refused")];
    view! {
        <PageHeader title="Audit log" subtitle="Every action taken through this console: who, when, what on which object, and whether vCenter refused it. Passwords are never written down."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || {
                    let (user, area, outcome) = (user.clone(), area.clone(), outcome.clone());
                    Suspend::new(async move {
                        data.await.map(|v| view! {
                            <form method="get" action="/audit" class="mb-6 flex flex-wrap items-end gap-3" role="search">
                                <div>
                                    <label for="audit-user" class=LABEL>"User"</label>
                                    <input id="audit-user" name="user" type="search" class=INPUT value=user.clone() list="audit-users"/>
                                    <datalist id="audit-users">{v.users.iter().map(|u| view! { <option value=u.clone()/> }).collect_view()}</datalist>
                                </div>
                                <div>
                                    <label for="audit-area" class=LABEL>"Area"</label>
                                    <select id="audit-area" name="area" class=INPUT>
                                        <option value="" selected=area.is_empty()>"Every area"</option>
                                        {v.areas.iter().map(|a| view! { <option value=a.clone() selected=*a == area>{a.clone()}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div>
                                    <label for="audit-outcome" class=LABEL>"Outcome"</label>
                                    <select id="audit-outcome" name="outcome" class=INPUT>
                                        {outcomes.iter().map(|(k, l)| view! { <option value=*k selected=*k == outcome>{*l}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class=BUTTON>"Filter"</button>
                                <a href="/audit" class=LINK>"Clear"</a>
                            </form>
                            <p class="mb-3 text-sm text-slate-600 dark:text-slate-400" data-testid="audit-count">{format!("{} of the {} actions kept{}.", v.entries.len(), v.total, if v.entries.len() == crate::api::audit::SHOWN { " (the newest that match)" } else { "" })}</p>
                            {if v.entries.is_empty() {
                                view! { <Empty text="No action matches the filter."/> }.into_any()
                            } else {
                                view! {
                                    <Table caption="Actions, newest first" headings=vec!["Time (UTC)", "User", "vCenter", "Operation", "On", "Outcome"] test_id="audit-entries">
                                        {v.entries.into_iter().map(|e| {
                                            let when = e.time.replace('T', " ").trim_end_matches('Z').to_string();
                                            let on = e.target_words();
                                            let refused = e.outcome == "refused";
                                            view! {
                                                <tr data-testid="audit-entry" data-operation=e.operation.clone() data-outcome=e.outcome.clone()>
                                                    <td class="whitespace-nowrap tabular-nums">{when}</td>
                                                    <td><a href=format!("/audit?user={}", encode_component(&e.user)) class=LINK title="Only this user's actions">{e.user.clone()}</a></td>
                                                    <td class="break-all text-xs" data-testid="audit-vcenter">{e.vcenter.clone()}</td>
                                                    <td class="font-mono text-xs"><a href=format!("/audit?area={}", encode_component(&e.operation)) class=LINK title="Only this operation">{e.operation.clone()}</a></td>
                                                    <td class="max-w-md break-words text-xs">{on}</td>
                                                    <td>
                                                        <StatusBadge tone=if refused { Tone::Bad } else { Tone::Good } word=if refused { "Refused" } else { "Went through" }/>
                                                        {e.error.clone().map(|why| view! { <p class="mt-1 max-w-md break-words text-xs" data-testid="audit-error">{why}</p> })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </Table>
                                }.into_any()
                            }}
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}
