//! Appliance › Monitoring: a query form (metrics grouped by category, interval, aggregation, time range), one
//! line chart per unit with a table of the same values, and the catalogue of every monitored item.
//!
//! The form is a plain GET form: the query lives in the page's URL (`?metric=cpu.util&metric=mem.usage&
//! interval=MINUTES5&function=AVG&range=6h`), so the page works without JavaScript and a chart can be shared
//! by its link. The form is checked ([`check_query`]) before anything is sent to vCenter; a refused form is
//! shown as typed, since what was typed is the URL.

use crate::api::appliance::monitoring::{check_query, get_monitoring_catalogue, query_monitoring, Metric, MonitoringData, QueryForm, MAX_METRICS, RANGES};
use crate::components::chart::{format_value, full_time, ChartSeries, LineChart};
use crate::components::form::{BUTTON, BUTTON_SECONDARY, INPUT, LABEL};
use crate::components::table::{Empty, Table, DATA_TABLE};
use crate::components::{Card, ErrorList, ErrorPanel, Loading, PageHeader};
use crate::components::form::Warning;
use crate::error::AppError;
use crate::vsphere::monitoring::{category_rank, function_words, interval_words, unit_words, FUNCTIONS, INTERVALS};
use crate::islands::filter::{count_text, filter_matches, haystack, FilterInput};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

/// The form's fields in the page's query string.
const FIELDS: &[&str] = &["metric", "interval", "function", "range", "start", "end"];

/// The query form from the page's query string; the initial query when the page was opened without one.
pub fn form_from_query(q: &ParamsMap) -> QueryForm {
    if FIELDS.iter().all(|f| q.get_str(f).is_none()) {
        return QueryForm::initial();
    }
    let one = |k: &str| q.get(k).unwrap_or_default();
    QueryForm { metrics: q.get_all("metric").unwrap_or_default(), interval: one("interval"), function: one("function"), range: one("range"), start: one("start"), end: one("end") }
}

/// The catalogue grouped by category (CPU, Memory, Network, Disk, Storage, then others), in vCenter's order
/// within each.
pub fn by_category(metrics: &[Metric]) -> Vec<(String, Vec<Metric>)> {
    let mut groups: Vec<(String, Vec<Metric>)> = Vec::new();
    for m in metrics {
        match groups.iter_mut().find(|(c, _)| *c == m.category) {
            Some((_, list)) => list.push(m.clone()),
            None => groups.push((m.category.clone(), vec![m.clone()])),
        }
    }
    groups.sort_by_key(|(c, _)| category_rank(c));
    groups
}

/// Whether a catalogue row matches the filter (name or id, any case).
pub fn matches_filter(m: &Metric, filter: &str) -> bool {
    filter_matches(&metric_haystack(m), filter)
}

/// What a metric is found by: its name and its id.
fn metric_haystack(m: &Metric) -> String {
    haystack([m.name.as_str(), m.id.as_str()])
}

/// The series of a query grouped by unit, one chart each, in the order the metrics were asked for.
pub fn charts_by_unit(data: &MonitoringData) -> Vec<(String, String, Vec<ChartSeries>)> {
    let mut charts: Vec<(String, String, Vec<ChartSeries>)> = Vec::new();
    for s in &data.series {
        let series = ChartSeries { label: s.metric.name.clone(), values: s.values.clone() };
        match charts.iter_mut().find(|(units, _, _)| *units == s.metric.units) {
            Some((_, _, list)) => list.push(series),
            None => charts.push((s.metric.units.clone(), s.metric.unit.clone(), vec![series])),
        }
    }
    charts
}

#[component]
pub fn MonitoringPage() -> impl IntoView {
    let query = use_query_map();
    let form = Memo::new(move |_| query.with(form_from_query));
    let filter_initial = query.with_untracked(|q| q.get("q")).unwrap_or_default();
    let catalogue = Resource::new(|| (), |_| get_monitoring_catalogue());
    // Nothing is sent when the form is refused: the form shows why.
    let data = Resource::new(
        move || form.get(),
        |f| async move {
            match check_query(&f) {
                Ok(_) => query_monitoring(f).await.map(Some),
                Err(_) => Ok(None),
            }
        },
    );
    view! {
        <PageHeader title="Monitoring" subtitle="The appliance's CPU, memory, network, disk and storage over time, as vCenter's monitoring service records them."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || {
                    let f = form.get();
                    let q = query.with_untracked(|q| q.get("q")).unwrap_or_default();
                    Suspend::new(async move { catalogue.await.map(|c| view! { <QueryFormCard catalogue=c form=f filter=q/> }) })
                }}
            </ErrorBoundary>
        </Transition>
        <section class="mt-6 space-y-4" aria-label="Results" data-testid="results">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move { data.await.map(|d| d.map(|d| view! { <Results d/> })) })}
                </ErrorBoundary>
            </Transition>
        </section>
        <div class="mt-6">
            <Card title="Metric catalogue">
                <form method="get" class="mb-4 flex flex-wrap items-end gap-2" role="search" data-testid="catalogue-filter">
                    {move || hidden_fields(&form.get())}
                    <div class="grow">
                        <FilterInput id="catalogue-filter" name="q" label="Filter by name" placeholder="e.g. eth0, swap, log"
                            initial=filter_initial.clone() scope="catalogue"/>
                    </div>
                    <button type="submit" class=BUTTON_SECONDARY>"Filter"</button>
                </form>
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || {
                            let filter = filter_initial.clone();
                            Suspend::new(async move { catalogue.await.map(|c| view! { <div id="catalogue"><CatalogueTable c filter/></div> }) })
                        }}
                    </ErrorBoundary>
                </Transition>
            </Card>
        </div>
    }
}

/// The query form's values as hidden fields, so the catalogue filter keeps the chart.
fn hidden_fields(f: &QueryForm) -> impl IntoView {
    let mut pairs: Vec<(&'static str, String)> = f.metrics.iter().map(|m| ("metric", m.clone())).collect();
    pairs.extend([("interval", f.interval.clone()), ("function", f.function.clone()), ("range", f.range.clone()), ("start", f.start.clone()), ("end", f.end.clone())]);
    pairs.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()
}

#[component]
fn QueryFormCard(catalogue: Vec<Metric>, form: QueryForm, filter: String) -> impl IntoView {
    let refusal = check_query(&form).err();
    let bad_field = match &refusal {
        Some(AppError::Invalid { field, .. }) => field.clone(),
        _ => String::new(),
    };
    let invalid = move |name: &str| (bad_field == name).then_some("true");
    let select = |label: &'static str, name: &'static str, options: Vec<(String, String)>, chosen: String, aria_invalid: Option<&'static str>| {
        view! {
            <div>
                <label for=format!("query-{name}") class=LABEL>{label}</label>
                <select id=format!("query-{name}") name=name class=INPUT aria-invalid=aria_invalid>
                    {options.into_iter().map(|(v, l)| {
                        let selected = v == chosen;
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let intervals = INTERVALS.iter().map(|(k, w)| (k.to_string(), format!("Every {w}"))).collect();
    let functions = FUNCTIONS.iter().map(|(k, w)| (k.to_string(), w.to_string())).collect();
    let mut ranges: Vec<(String, String)> = RANGES.iter().map(|(k, w, _)| (k.to_string(), w.to_string())).collect();
    ranges.push(("custom".into(), "Custom".into()));
    let checked = form.metrics.clone();
    let groups = by_category(&catalogue);
    view! {
        <Card title="Query">
            <form method="get" class="space-y-5" data-testid="query-form">
                <fieldset aria-invalid=invalid("metrics") aria-describedby="metrics-hint">
                    <legend class=LABEL>"Metrics"</legend>
                    <p id="metrics-hint" class="mt-1 text-xs text-slate-600 dark:text-slate-400">
                        {format!("Up to {MAX_METRICS}. Metrics with the same unit share a chart.")}
                    </p>
                    <div class="mt-2 space-y-2">
                        {groups.into_iter().map(|(category, metrics)| {
                            let n_checked = metrics.iter().filter(|m| checked.contains(&m.id)).count();
                            let open = n_checked > 0 || category_rank(&category) < 2;
                            let total = metrics.len();
                            view! {
                                <details open=open class="rounded-lg border border-slate-200 dark:border-slate-700" data-testid="metric-group" data-category=category.clone()>
                                    <summary class="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-800 dark:text-slate-200">
                                        {category.clone()}
                                        <span class="ml-2 text-xs font-normal text-slate-600 dark:text-slate-400">
                                            {format!("{total} metrics{}", if n_checked > 0 { format!(", {n_checked} checked") } else { String::new() })}
                                        </span>
                                    </summary>
                                    <div class="grid grid-cols-1 gap-x-4 gap-y-1 px-3 pb-3 sm:grid-cols-2 xl:grid-cols-3">
                                        {metrics.into_iter().map(|m| {
                                            let is = checked.contains(&m.id);
                                            let id = format!("metric-{}", m.id.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
                                            let for_id = id.clone();
                                            view! {
                                                <label for=for_id class="flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300" title=m.description.clone()>
                                                    <input id=id type="checkbox" name="metric" value=m.id.clone() checked=is
                                                        class="mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 text-sky-600 focus:ring-sky-500 dark:border-slate-600"/>
                                                    <span>{m.name.clone()}<span class="ml-1 text-xs text-slate-600 dark:text-slate-400">{format!("({})", m.unit)}</span></span>
                                                </label>
                                            }
                                        }).collect_view()}
                                    </div>
                                </details>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="grid grid-cols-1 gap-4 sm:grid-cols-3">
                    {select("Interval between values", "interval", intervals, form.interval.clone(), invalid("interval"))}
                    {select("Aggregation", "function", functions, form.function.clone(), invalid("function"))}
                    {select("Time range", "range", ranges, form.range.clone(), invalid("range"))}
                </div>
                <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:max-w-2xl">
                    <div>
                        <label for="query-start" class=LABEL>"Start (UTC)"</label>
                        <input id="query-start" name="start" type="datetime-local" class=INPUT value=form.start.clone() aria-invalid=invalid("start") aria-describedby="range-hint"/>
                    </div>
                    <div>
                        <label for="query-end" class=LABEL>"End (UTC)"</label>
                        <input id="query-end" name="end" type="datetime-local" class=INPUT value=form.end.clone() aria-invalid=invalid("end") aria-describedby="range-hint"/>
                    </div>
                </div>
                <p id="range-hint" class="-mt-3 text-xs text-slate-600 dark:text-slate-400">"Start and end are used when the time range is Custom. Times are UTC, as vCenter records them."</p>
                {(!filter.is_empty()).then(|| view! { <input type="hidden" name="q" value=filter.clone()/> })}
                {refusal.map(|error| view! { <div data-testid="query-error"><ErrorPanel error/></div> })}
                <div class="flex flex-wrap items-center gap-3">
                    <button type="submit" class=BUTTON>"Show"</button>
                    <a href="/appliance/monitoring" class=BUTTON_SECONDARY>"Reset"</a>
                </div>
            </form>
        </Card>
    }
}

#[component]
fn Results(d: MonitoringData) -> impl IntoView {
    let points = d.series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let any_value = d.series.iter().any(|s| s.values.iter().any(Option::is_some));
    let summary = format!(
        "{} of every {}, {} to {}: {points} values per metric.",
        function_words(&d.function.parse().unwrap()),
        interval_words(&d.interval),
        full_time(d.start),
        full_time(d.end)
    );
    let charts = charts_by_unit(&d);
    view! {
        <p class="text-sm text-slate-700 dark:text-slate-300" data-testid="query-summary" data-count=points.to_string()>{summary}</p>
        {(!any_value).then(|| view! { <Warning text="vCenter has no values for this time range yet." test_id="no-values"/> })}
        <div class="grid grid-cols-1 gap-4 2xl:grid-cols-2">
            {charts.into_iter().map(|(units, unit, series)| {
                view! { <LineChart title=unit_words(&units) unit start=d.start step=d.step series test_id="chart"/> }
            }).collect_view()}
        </div>
        <ValuesTable d/>
    }
}

/// The same values as the charts, one row per time, one column per metric; folded away by default.
#[component]
fn ValuesTable(d: MonitoringData) -> impl IntoView {
    let points = d.series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let headings: Vec<String> = d.series.iter().map(|s| format!("{} ({})", s.metric.name, s.metric.unit)).collect();
    view! {
        <details class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900" data-testid="values-details">
            <summary class="cursor-pointer text-sm font-semibold text-slate-900 dark:text-slate-100">"Values as a table"</summary>
            <div class="mt-3 max-h-[32rem] overflow-auto rounded-lg border border-slate-200 dark:border-slate-800">
                <table class=format!("{DATA_TABLE} text-sm") data-testid="values-table">
                    <caption class="sr-only">"Monitoring values by time"</caption>
                    <thead class="sticky top-0 bg-slate-50 dark:bg-slate-800">
                        <tr>
                            <th scope="col" class="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">"Time (UTC)"</th>
                            {headings.into_iter().map(|h| view! {
                                <th scope="col" class="px-3 py-2 text-right text-xs font-semibold tracking-wide text-slate-600 dark:text-slate-400">{h}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {(0..points).map(|i| {
                            let t = d.start + i as i64 * d.step;
                            view! {
                                <tr data-time=t.to_string()>
                                    <th scope="row" class="whitespace-nowrap px-3 py-1.5 text-left font-normal text-slate-700 dark:text-slate-300">{full_time(t)}</th>
                                    {d.series.iter().map(|s| {
                                        let v = s.values.get(i).copied().flatten();
                                        view! {
                                            <td class="px-3 py-1.5 text-right tabular-nums text-slate-800 dark:text-slate-200">
                                                {v.map(format_value).unwrap_or_else(|| "–".into())}
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn CatalogueTable(c: Vec<Metric>, filter: String) -> impl IntoView {
    if c.is_empty() {
        return view! { <Empty text="vCenter lists no monitored items."/> }.into_any();
    }
    let total = c.len();
    let rows: Vec<Metric> = by_category(&c).into_iter().flat_map(|(_, m)| m).collect();
    let shown = rows.iter().filter(|m| matches_filter(m, &filter)).count();
    let template = "{n} of {total} metrics";
    view! {
        <p class="mb-2 text-xs text-slate-600 dark:text-slate-400" data-testid="catalogue-count" data-filter-count="" data-template=template data-total=total>
            {count_text(template, shown, total)}
        </p>
        <Table caption="Monitored items" headings=vec!["Name", "ID", "Units", "Category", "Instance", "Description"] test_id="catalogue-table">
            {rows.into_iter().map(|m| {
                let hidden = !matches_filter(&m, &filter);
                let hay = metric_haystack(&m);
                view! {
                    <tr data-testid="catalogue-row" data-filter=hay hidden=hidden>
                        <td>{m.name}</td>
                        <td><code class="text-xs">{m.id}</code></td>
                        <td>{m.unit}</td>
                        <td>{m.category}</td>
                        <td>{m.instance}</td>
                        <td>{m.description}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::appliance::monitoring::Series;

    fn metric(id: &str, category: &str, units: &str) -> Metric {
        Metric { id: id.into(), name: format!("Name of {id}"), units: units.into(), unit: units.into(), category: category.into(), instance: String::new(), description: String::new() }
    }

    #[test]
    fn the_form_comes_from_the_query_string() {
        let q: ParamsMap = [("metric", "cpu.util"), ("metric", "mem.usage"), ("interval", "MINUTES30"), ("function", "MAX"), ("range", "custom"), ("start", "2026-11-28T10:00"), ("end", "2026-11-28T12:00")].into_iter().collect();
        let f = form_from_query(&q);
        assert_eq!(f.metrics, vec!["cpu.util", "mem.usage"]);
        assert_eq!((f.interval.as_str(), f.function.as_str(), f.range.as_str(), f.start.as_str(), f.end.as_str()), ("MINUTES30", "MAX", "custom", "2026-11-28T10:00", "2026-11-28T12:00"));
        assert_eq!(form_from_query(&ParamsMap::new()), QueryForm::initial(), "no query: the initial one");
        let only_filter: ParamsMap = [("q", "eth0")].into_iter().collect();
        assert_eq!(form_from_query(&only_filter), QueryForm::initial());
        let no_metric: ParamsMap = [("interval", "MINUTES5"), ("range", "1h")].into_iter().collect();
        assert!(form_from_query(&no_metric).metrics.is_empty(), "a submitted form without metrics stays empty (and is refused)");
    }

    #[test]
    fn catalogue_groups_and_filters() {
        let c = vec![metric("disk.read.rate.dm-0", "Disk", "x"), metric("cpu.util", "CPU", "%"), metric("mem.usage", "Memory", "%"), metric("cpu.steal", "CPU", "%")];
        let g = by_category(&c);
        assert_eq!(g.iter().map(|(c, m)| (c.as_str(), m.len())).collect::<Vec<_>>(), vec![("CPU", 2), ("Memory", 1), ("Disk", 1)]);
        assert_eq!(g[0].1[0].id, "cpu.util", "vCenter's order within a category");
        assert!(matches_filter(&c[1], " CPU.U "));
        assert!(matches_filter(&c[1], "name of"));
        assert!(!matches_filter(&c[1], "eth0"));
        assert!(matches_filter(&c[1], ""));
    }

    #[test]
    fn one_chart_per_unit() {
        let s = |id: &str, units: &str| Series { metric: metric(id, "x", units), values: vec![Some(1.0)] };
        let d = MonitoringData { start: 0, end: 0, step: 300, interval: "MINUTES5".into(), function: "AVG".into(), series: vec![s("cpu.util", "%"), s("mem.util", "KB"), s("mem.usage", "%")] };
        let charts = charts_by_unit(&d);
        assert_eq!(charts.len(), 2);
        assert_eq!(charts[0].2.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), vec!["Name of cpu.util", "Name of mem.usage"]);
        assert_eq!(charts[1].1, "KB");
    }
}
