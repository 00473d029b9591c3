//! Appliance › Syslog (`appliance/logging/forwarding`): up to three remote syslog servers (host, port,
//! protocol), saved together, and a test of the saved servers, optionally sending a test message (a POST: its
//! results come back with the page). Works without JavaScript.

use crate::api::appliance::logging::{get_syslog, SetSyslog, SyslogServer, SyslogStatus, SyslogTest, TestSyslog, MAX_SYSLOG_SERVERS, PROTOCOLS};
use crate::api::kept_result;
use leptos::server_fn::ServerFn;
use crate::components::form::{succeeded, typed, Fields, FormError, Notice, SelectField, TextField, BUTTON, BUTTON_SECONDARY};
use crate::components::table::Table;
use crate::components::{Card, ErrorList, ErrorPanel, Loading, PageHeader, StatusBadge, Tone};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SyslogPage() -> impl IntoView {
    let save = ServerAction::<SetSyslog>::new();
    let servers = Resource::new(move || save.version().get(), |_| get_syslog());
    // The test posts (it contacts the servers); its results come back with the page it returns to.
    let run = ServerAction::<TestSyslog>::new();
    let query = use_query_map();
    let test = Resource::new(move || query.with(|q| q.get("done")), |done| kept_result::<SyslogTest>(TestSyslog::PATH, done));
    view! {
        <PageHeader title="Syslog forwarding" subtitle="Send the appliance's log messages to up to three remote syslog servers."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { servers.await.map(|list| view! { <SyslogView list save run test/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

const FIELDS: [[&str; 3]; 3] = [["host1", "port1", "protocol1"], ["host2", "port2", "protocol2"], ["host3", "port3", "protocol3"]];

/// The three rows of host, port and protocol (inside the form's [`Fields`], so each input can show its refusal).
#[component]
fn SyslogRows(list: Vec<SyslogServer>, #[prop(into)] value: Signal<Option<Result<(), AppError>>>) -> impl IntoView {
    (0..MAX_SYSLOG_SERVERS)
        .map(|i| {
            let s = list.get(i);
            let [h, p, pr] = FIELDS[i];
            let host = typed(value, h, s.map(|s| s.hostname.clone()).unwrap_or_default());
            let port = typed(value, p, s.map(|s| s.port.to_string()).unwrap_or_default());
            let protocol = typed(value, pr, s.map(|s| s.protocol.clone()).unwrap_or_else(|| "TLS".into()));
            let n = i + 1;
            view! {
                <fieldset class="grid grid-cols-1 gap-3 sm:grid-cols-[1fr_7rem_10rem]" data-testid=format!("syslog-row-{n}")>
                    <legend class="sr-only">{format!("Server {n}")}</legend>
                    <TextField label=format!("Server {n}: host") name=h id=format!("syslog-host-{n}") value=host placeholder="logs.example.com"/>
                    <TextField label="Port" name=p id=format!("syslog-port-{n}") value=port inputmode="numeric" placeholder="usual"/>
                    <SelectField label="Protocol" name=pr id=format!("syslog-protocol-{n}") selected=protocol
                        options=PROTOCOLS.iter().map(|(v, l, _)| (v.to_string(), l.to_string())).collect()/>
                </fieldset>
            }
        })
        .collect_view()
}

#[component]
fn SyslogView(list: Vec<SyslogServer>, save: ServerAction<SetSyslog>, run: ServerAction<TestSyslog>, test: Resource<Result<Option<SyslogTest>, AppError>>) -> impl IntoView {
    let value = save.value();
    let configured = list.len();
    view! {
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Forwarding">
                <p class="mb-4 text-sm text-slate-600 dark:text-slate-300" data-testid="syslog-summary">
                    {match configured {
                        0 => "Log messages are not forwarded.".to_string(),
                        1 => "Log messages are forwarded to 1 server.".to_string(),
                        n => format!("Log messages are forwarded to {n} servers."),
                    }}
                </p>
                <ActionForm action=save attr:class="space-y-4" attr:data-testid="syslog-form">
                  <Fields value test_id="syslog-error">
                    <SyslogRows list=list.clone() value/>
                    <p class="text-xs text-slate-600 dark:text-slate-400">
                        "Leave a host empty to remove that server. An empty port takes the protocol's usual one (TLS 6514, TCP and UDP 514, RELP 20514)."
                    </p>
                  </Fields>
                    {move || succeeded(save).get().then(|| view! { <Notice text="Syslog forwarding saved." test_id="syslog-saved"/> })}
                    <button type="submit" class=BUTTON>"Save"</button>
                </ActionForm>
            </Card>
            <Card title="Test forwarding">
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        let kept = test.await;
                        let sent = matches!(&kept, Ok(Some(t)) if t.sent);
                        view! {
                            <ActionForm action=run attr:class="space-y-4" attr:data-testid="syslog-test-form">
                                <p class="text-sm text-slate-600 dark:text-slate-300">"Checks the connection to each saved server."</p>
                                <label class="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
                                    <input type="checkbox" name="send_test_message" value="on" class="h-4 w-4" checked=sent/>
                                    "Also send a test message"
                                </label>
                                <button type="submit" class=BUTTON_SECONDARY disabled=configured == 0>"Test"</button>
                            </ActionForm>
                            <FormError value=run.value() test_id="syslog-test-error"/>
                            {match kept {
                                Ok(Some(t)) if t.results.is_empty() => Some(view! { <p class="mt-4 text-sm">"No server is configured."</p> }.into_any()),
                                Ok(Some(t)) => Some(view! { <div class="mt-4"><SyslogResults results=t.results/></div> }.into_any()),
                                Ok(None) => None,
                                Err(error) => Some(view! { <div class="mt-4" data-testid="syslog-test-error"><ErrorPanel error/></div> }.into_any()),
                            }}
                        }
                    })}
                </Transition>
            </Card>
        </div>
    }
}

#[component]
fn SyslogResults(results: Vec<SyslogStatus>) -> impl IntoView {
    view! {
        <Table caption="Syslog test results" headings=vec!["Server", "State"] test_id="syslog-results">
            {results.into_iter().map(|r| {
                let (tone, word) = match r.state.as_str() {
                    "UP" => (Tone::Good, "Up"),
                    "DOWN" => (Tone::Bad, "Down"),
                    _ => (Tone::Warn, "Unknown"),
                };
                view! {
                    <tr data-server=r.hostname.clone()>
                        <td>
                            <div class="font-medium">{r.hostname.clone()}</div>
                            <div class="mt-0.5 text-xs text-slate-600 dark:text-slate-300">{r.message.clone()}</div>
                        </td>
                        <td><StatusBadge tone word/></td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}
