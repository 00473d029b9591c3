//! Appliance › Time: the current time, the time zone (from a list), the synchronization mode with the NTP
//! servers, and a test of NTP servers with each one's status. Every form works without JavaScript.

use crate::api::appliance::time::{get_time, NtpResult, NtpTest, SetTimezone, SetTimesync, TestNtp, TimeSettings, SYNC_MODES};
use crate::api::kept_result;
use leptos::server_fn::ServerFn;
use crate::api::appliance::time_zones::TIME_ZONES;
use crate::components::form::{succeeded, typed, Fields, Notice, RadioGroup, SelectField, TextField, BUTTON, BUTTON_SECONDARY};
use crate::components::table::Table;
use crate::components::{Card, ErrorList, Field, FieldList, Loading, PageHeader, StatusBadge, Tone};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TimePage() -> impl IntoView {
    let zone = ServerAction::<SetTimezone>::new();
    let sync = ServerAction::<SetTimesync>::new();
    let settings = Resource::new(move || (zone.version().get(), sync.version().get()), |_| get_time());
    // The NTP test posts (the appliance contacts the servers typed); its results come back with the page.
    let query = use_query_map();
    let run = ServerAction::<TestNtp>::new();
    let test = Resource::new(move || query.with(|q| q.get("done")), |done| kept_result::<NtpTest>(TestNtp::PATH, done));
    view! {
        <PageHeader title="Time" subtitle="The appliance's time zone and how it keeps its clock: NTP servers, the ESXi host, or neither."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    // Awaited once, here, and passed down (see networking's `TestRun`).
                    let s = settings.await?;
                    let kept = test.await?;
                    Ok::<_, AppError>(view! { <TimeView s zone sync run kept/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn TimeView(
    s: TimeSettings,
    zone: ServerAction<SetTimezone>,
    sync: ServerAction<SetTimesync>,
    run: ServerAction<TestNtp>,
    kept: Option<NtpTest>,
) -> impl IntoView {
    let zone_value = zone.value();
    let zone_typed = typed(zone_value, "timezone", s.timezone.clone());
    let sync_value = sync.value();
    let mode = typed(sync_value, "mode", s.mode.clone());
    let servers_text = s.servers.join("\n");
    let servers = typed(sync_value, "servers", servers_text.clone());
    // What was typed when the test was refused, else the servers tested last, else the saved ones.
    let last = kept.as_ref().map(|t| t.servers.clone()).unwrap_or_else(|| servers_text.clone());
    let test_servers = typed(run.value(), "servers", last);
    let zones: Vec<(String, String)> = TIME_ZONES.iter().map(|z| (z.to_string(), z.replace('_', " "))).collect();
    view! {
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Current time">
                <FieldList>
                    <Field label="Date" value=s.time.date.clone()/>
                    <Field label="Time" value=s.time.time.clone()/>
                    <Field label="Time zone" value=s.timezone.clone() test_id="current-timezone"/>
                    <Field label="Synchronization" value=SYNC_MODES.iter().find(|(m, _)| *m == s.mode).map(|(_, l)| *l).unwrap_or("Unknown") test_id="current-mode"/>
                </FieldList>
            </Card>
            <Card title="Time zone">
                <ActionForm action=zone attr:class="space-y-4" attr:data-testid="timezone-form">
                    <Fields value=zone_value test_id="timezone-error">
                    <SelectField label="Time zone" name="timezone" id="timezone" options=zones selected=zone_typed/>
                    </Fields>
                    {move || succeeded(zone).get().then(|| view! { <Notice text="Time zone saved." test_id="timezone-saved"/> })}
                    <button type="submit" class=BUTTON>"Save time zone"</button>
                </ActionForm>
            </Card>
            <Card title="Time synchronization">
                <ActionForm action=sync attr:class="space-y-4" attr:data-testid="timesync-form">
                  <Fields value=sync_value test_id="timesync-error">
                    <RadioGroup legend="Mode" name="mode" id="timesync-mode" selected=mode
                        options=SYNC_MODES.iter().map(|(m, l)| (m.to_string(), l.to_string())).collect()/>
                    <TextField label="NTP servers" name="servers" id="ntp-servers" value=servers multiline=true
                        hint="Host names or IP addresses, one per line. NTP mode needs at least one."/>
                  </Fields>
                    {move || succeeded(sync).get().then(|| view! { <Notice text="Time synchronization saved." test_id="timesync-saved"/> })}
                    <button type="submit" class=BUTTON>"Save synchronization"</button>
                </ActionForm>
            </Card>
            <Card title="Test NTP servers">
                <ActionForm action=run attr:class="space-y-4" attr:data-testid="ntp-test-form">
                    <Fields value=run.value() test_id="ntp-test-refused">
                        <TextField label="Servers to test" name="servers" id="ntp-test-servers" value=test_servers multiline=true
                            hint="Checks that each server answers time requests from the appliance. Nothing is saved."/>
                    </Fields>
                    <button type="submit" class=BUTTON_SECONDARY>"Test"</button>
                </ActionForm>
                {kept.map(|t| view! { <div class="mt-4"><NtpResults results=t.results/></div> })}
            </Card>
        </div>
    }
}

#[component]
fn NtpResults(results: Vec<NtpResult>) -> impl IntoView {
    view! {
        <Table caption="NTP test results" headings=vec!["Server", "Status"] test_id="ntp-results">
            {results.into_iter().map(|r| view! {
                <tr data-server=r.server.clone()>
                    <td>
                        <div class="font-medium">{r.server.clone()}</div>
                        <div class="mt-0.5 text-xs text-slate-600 dark:text-slate-300">{r.message.clone()}</div>
                    </td>
                    <td>{if r.reachable {
                        view! { <StatusBadge tone=Tone::Good word="Reachable"/> }
                    } else {
                        view! { <StatusBadge tone=Tone::Bad word="Unreachable"/> }
                    }}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
}
