//! API coverage (`/api-coverage`): every operation of the API, with the client function that calls it, the
//! console's code that calls that function (and the page of its service), and the simulator's code that
//! routes it — from the generated coverage table (`app/src/api/coverage_table.rs`), so a missing one shows.
//! Filtered by a text and "not called yet" (a GET form).

use crate::api::coverage_table::TABLE;
use crate::api::vapi::metadata::console_page;
use crate::components::form::{BUTTON, INPUT, LABEL, LINK};
use crate::components::table::Table;
use crate::components::{Card, PageHeader};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ApiCoveragePage() -> impl IntoView {
    let (q, uncalled) = use_query_map().with_untracked(|m| (m.get("q").unwrap_or_default(), m.get("uncalled").is_some_and(|v| v == "on")));
    let total = TABLE.len();
    let called = TABLE.iter().filter(|r| !r.5.is_empty()).count();
    let needle = q.trim().to_lowercase();
    let rows: Vec<_> = TABLE
        .iter()
        .filter(|r| !uncalled || r.5.is_empty())
        .filter(|r| needle.is_empty() || r.0.contains(&needle) || r.1.to_lowercase().contains(&needle) || r.3.contains(&needle))
        .collect();
    let shown = rows.len();
    view! {
        <PageHeader title="API coverage" subtitle="Every operation of vCenter's API: the console code that calls it and the simulator code that serves it."/>
        <div class="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Card title="Served by the simulator"><p class="text-2xl font-semibold" data-testid="routed">{format!("{total} of {total}")}</p><p class="text-xs text-slate-600 dark:text-slate-400">"Each operation is called on the simulator by the test suite (server/tests/integration/coverage.rs)."</p></Card>
            <Card title="Called by the console"><p class="text-2xl font-semibold" data-testid="called">{format!("{called} of {total}")}</p></Card>
        </div>
        <form method="get" action="/api-coverage" class="mb-4 flex flex-wrap items-end gap-3" role="search">
            <div class="min-w-64 flex-1">
                <label for="coverage-q" class=LABEL>"Area, path or function"</label>
                <input id="coverage-q" name="q" type="search" class=INPUT value=q/>
            </div>
            <label class="flex items-center gap-2 text-sm"><input type="checkbox" name="uncalled" checked=uncalled/>"Not called by the console yet"</label>
            <button type="submit" class=BUTTON>"Filter"</button>
        </form>
        <p class="mb-3 text-sm text-slate-600 dark:text-slate-400" data-testid="coverage-shown">{format!("{shown} operations shown.")}</p>
        <Table caption="API coverage" headings=vec!["Operation", "Client function", "Console", "Simulator"] test_id="coverage">
            {rows.into_iter().map(|(area, request, _name, function, service, callers, routed)| {
                let page = console_page(&service.to_lowercase());
                view! {
                    <tr data-function=*function data-called=(!callers.is_empty()).to_string()>
                        <td><div class="text-xs text-slate-600 dark:text-slate-400">{*area}</div><div class="font-mono text-xs">{*request}</div></td>
                        <td class="font-mono text-xs">{*function}</td>
                        <td class="text-xs">
                            {if callers.is_empty() { view! { <span class="font-medium text-amber-800 dark:text-amber-300">"Not called"</span> }.into_any() } else {
                                view! { <ul>{callers.iter().map(|c| view! { <li class="font-mono">{*c}</li> }).collect_view()}</ul> }.into_any()
                            }}
                            {page.map(|p| view! { <a href=p class=LINK>{p}</a> })}
                        </td>
                        <td class="text-xs">{if routed.is_empty() { view! { <span>"Routed at run time"</span> }.into_any() } else { view! { <ul>{routed.iter().map(|c| view! { <li class="font-mono">{*c}</li> }).collect_view()}</ul> }.into_any() }}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}
