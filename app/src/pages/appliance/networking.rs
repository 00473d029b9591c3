//! Appliance › Networking (`appliance/networking`): the overview (host name, DNS, every interface), the host
//! name (set, test), DNS servers (mode and list, add one, test), search domains (set, add), IPv6 on or off
//! and "reset networking" behind a confirmation; a page per interface for its IPv4 and IPv6
//! ([`InterfacePage`]); the proxies and the no-proxy list ([`ProxyPage`]). The host name, DNS and proxy tests
//! post (the appliance contacts the hosts they name; a reload must not do it again), and their outcome comes
//! back with the page the form returns to.

use crate::api::appliance::networking::{
    get_networking, AddDnsServer, AddDomain, DeleteProxy, KeptTest, NetworkingOverview, ResetNetworking, SetDns, SetDomains, SetHostname, SetIpv4, SetIpv6,
    SetIpv6Enabled, SetNoproxy, SetProxy, TestDns, TestHostname, TestOutcome, TestProxy, PROXY_PROTOCOLS,
};
use crate::api::kept_result;
use leptos::server_fn::ServerFn;
use crate::components::form::{succeeded, typed, Checkbox, ConfirmPanel, FieldWithButton, Fields, FormError, Notice, PasswordField, RadioGroup, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::table::Table;
use crate::components::{Card, ErrorList, Loading, OnOffBadge, PageHeader, StatusBadge, Tone};
use crate::error::AppError;
use crate::vsphere::models::appliance::networking::interfaces::InterfaceInfo;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The overview's resource, keyed on every action of the page.
type Overview = Resource<Result<NetworkingOverview, AppError>>;

fn ipv4_text(i: &InterfaceInfo) -> String {
    match &i.ipv4 {
        Some(v4) => match (v4.mode.as_str(), &v4.address, v4.prefix) {
            ("UNCONFIGURED", _, _) => "Not configured".into(),
            (mode, Some(a), Some(p)) => format!("{a}/{p} ({})", if mode == "DHCP" { "DHCP" } else { "static" }),
            (mode, _, _) => mode.to_string(),
        },
        None => "—".into(),
    }
}

fn ipv6_text(i: &InterfaceInfo) -> String {
    match &i.ipv6 {
        Some(v6) if v6.addresses.is_empty() => "None".into(),
        Some(v6) => v6.addresses.iter().map(|a| format!("{}/{}", a.address, a.prefix)).collect::<Vec<_>>().join(", "),
        None => "—".into(),
    }
}

/// A test's result: overall status and each line with its outcome.
#[component]
fn TestResult(outcome: TestOutcome, #[prop(into)] test_id: String) -> impl IntoView {
    let (tone, word) = match outcome.status.as_str() {
        "green" | "reachable" => (Tone::Good, "Passed"),
        "orange" => (Tone::Warn, "Partly"),
        _ => (Tone::Bad, "Failed"),
    };
    view! {
        <div class="mt-3 space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-700" data-testid=test_id>
            <StatusBadge tone word/>
            <ul class="space-y-1 text-sm">
                {outcome.messages.into_iter().map(|(ok, m)| view! {
                    <li class=if ok { "text-emerald-800 dark:text-emerald-200" } else { "text-red-800 dark:text-red-200" } data-ok=ok.to_string()>
                        <span aria-hidden="true">{if ok { "✔ " } else { "✖ " }}</span>{m}
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A test's outcome kept by its form's POST, shown while the page's URL says the form went through; `scope`
/// picks a proxy card's own. Nothing otherwise.
#[component]
fn TestPanel(kept: Option<KeptTest>, #[prop(into)] test_id: String, #[prop(optional)] scope: &'static str) -> impl IntoView {
    kept.filter(|k| k.scope == scope).map(|k| view! { <TestResult outcome=k.outcome test_id/> })
}

/// A test's kept outcome (see [`kept_result`]). Each page awaits it once, with its own data, and passes the
/// value down: one resource read from several suspense boundaries can leave a streamed page unfinished.
type TestRun = Resource<Result<Option<KeptTest>, AppError>>;

#[component]
pub fn NetworkingPage() -> impl IntoView {
    let hostname = ServerAction::<SetHostname>::new();
    let dns = ServerAction::<SetDns>::new();
    let add_dns = ServerAction::<AddDnsServer>::new();
    let domains = ServerAction::<SetDomains>::new();
    let add_domain = ServerAction::<AddDomain>::new();
    let ipv6 = ServerAction::<SetIpv6Enabled>::new();
    let overview: Overview = Resource::new(
        move || (hostname.version().get(), dns.version().get(), add_dns.version().get(), domains.version().get(), add_domain.version().get(), ipv6.version().get()),
        |_| get_networking(),
    );
    let query = use_query_map();
    let host_run = ServerAction::<TestHostname>::new();
    let dns_run = ServerAction::<TestDns>::new();
    let host_test: TestRun = Resource::new(move || query.with(|q| q.get("done")), |done| kept_result(TestHostname::PATH, done));
    let dns_test: TestRun = Resource::new(move || query.with(|q| q.get("done")), |done| kept_result(TestDns::PATH, done));
    view! {
        <PageHeader title="Networking" subtitle="Host name, DNS, network interfaces and proxies of the appliance."/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let o = overview.await?;
                    let (host_kept, dns_kept) = (host_test.await?, dns_test.await?);
                    Ok::<_, AppError>(view! { <NetworkingView o hostname dns add_dns domains add_domain ipv6 host_run host_kept dns_run dns_kept/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[allow(clippy::too_many_arguments)]
#[component]
fn NetworkingView(
    o: NetworkingOverview,
    hostname: ServerAction<SetHostname>,
    dns: ServerAction<SetDns>,
    add_dns: ServerAction<AddDnsServer>,
    domains: ServerAction<SetDomains>,
    add_domain: ServerAction<AddDomain>,
    ipv6: ServerAction<SetIpv6Enabled>,
    host_run: ServerAction<TestHostname>,
    host_kept: Option<KeptTest>,
    dns_run: ServerAction<TestDns>,
    dns_kept: Option<KeptTest>,
) -> impl IntoView {
    let query = use_query_map();
    let reset = ServerAction::<ResetNetworking>::new();
    let confirm_reset = move || query.with(|q| q.get("confirm").as_deref() == Some("reset"));
    let reset_done = move || query.with(|q| q.get("reset").is_some());
    let hv = hostname.value();
    let host_typed = typed(hv, "hostname", o.hostname.clone());
    let host_test_typed = typed(host_run.value(), "hostname", host_kept.as_ref().map_or_else(|| o.hostname.clone(), |k| k.input.clone()));
    let dv = dns.value();
    let dns_mode = typed(dv, "mode", o.dns_mode.clone());
    let dns_servers = typed(dv, "servers", if o.dns_mode == "dhcp" { String::new() } else { o.dns_servers.join("\n") });
    let dns_test_typed = typed(dns_run.value(), "servers", dns_kept.as_ref().map_or_else(|| o.dns_servers.join("\n"), |k| k.input.clone()));
    let domv = domains.value();
    let domains_typed = typed(domv, "domains", o.domains.join("\n"));
    let adv = add_dns.value();
    let add_dns_typed = typed(adv, "server", String::new());
    let adomv = add_domain.value();
    let add_domain_typed = typed(adomv, "domain", String::new());
    let v6_on = o.ipv6_enabled;
    view! {
        {move || confirm_reset().then(|| view! {
            <ConfirmPanel title="Reset networking?"
                message="Every network interface is restarted and DHCP leases are renewed; the configuration is kept. Connections to the appliance, this console's included, drop for a few seconds; if an interface uses DHCP its address may change."
                cancel_href="/appliance/networking">
                <ActionForm action=reset>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-reset">"Reset networking"</button>
                </ActionForm>
            </ConfirmPanel>
        })}
        {move || (v6_on && query.with(|q| q.get("confirm").as_deref() == Some("ipv6-off"))).then(|| view! {
            <ConfirmPanel title="Disable IPv6?"
                message="Every interface drops its IPv6 addresses (static, DHCPv6 and autoconfigured). Whoever reaches the appliance over IPv6 — this console included, if it does — loses the connection, and IPv6-only DNS and NTP servers become unreachable. IPv4 is not affected."
                cancel_href="/appliance/networking">
                <ActionForm action=ipv6>
                    <input type="hidden" name="enabled" value="false"/>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-disable-ipv6">"Disable IPv6"</button>
                </ActionForm>
            </ConfirmPanel>
        })}
        <FormError value=ipv6.value() test_id="ipv6-toggle-error"/>
        <FormError value=reset.value() test_id="reset-error"/>
        {move || reset_done().then(|| view! { <div class="mb-4"><Notice text="Networking was reset." test_id="reset-done"/></div> })}
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <div class="xl:col-span-2"><Card title="Overview">
                <dl class="grid grid-cols-[max-content_minmax(0,1fr)] break-words gap-x-6 gap-y-2 text-sm" data-testid="networking-overview">
                    <dt class="text-slate-600 dark:text-slate-400">"Host name"</dt><dd data-testid="overview-hostname">{o.hostname.clone()}</dd>
                    <dt class="text-slate-600 dark:text-slate-400">"DNS"</dt>
                    <dd data-testid="overview-dns">{format!("{} — {}", if o.dns_mode == "dhcp" { "from DHCP" } else { "static" }, o.dns_servers.join(", "))}</dd>
                    <dt class="text-slate-600 dark:text-slate-400">"Search domains"</dt><dd data-testid="overview-domains">{if o.domains.is_empty() { "None".to_string() } else { o.domains.join(", ") }}</dd>
                    <dt class="text-slate-600 dark:text-slate-400">"IPv6"</dt><dd><OnOffBadge on=v6_on/></dd>
                </dl>
                <div class="mt-4">
                    <Table caption="Network interfaces" headings=vec!["Interface", "Status", "IPv4", "IPv6", "MAC"] test_id="interfaces">
                        {o.interfaces.iter().map(|i| {
                            let up = i.status.as_str() == "up";
                            view! {
                                <tr data-nic=i.name.clone()>
                                    <td><a class=LINK href=format!("/appliance/networking/interfaces/{}", i.name)>{i.name.clone()}</a></td>
                                    <td>{if up { view! { <StatusBadge tone=Tone::Good word="Up"/> } } else { view! { <StatusBadge tone=Tone::Neutral word="Down"/> } }}</td>
                                    <td>{ipv4_text(i)}</td>
                                    <td><span class="font-mono text-xs">{ipv6_text(i)}</span></td>
                                    <td><span class="font-mono text-xs">{i.mac.clone()}</span></td>
                                </tr>
                            }
                        }).collect_view()}
                    </Table>
                </div>
                <div class="mt-4 flex flex-wrap items-center gap-3">
                    // Turning IPv6 off cuts whoever reaches the appliance over it: that asks first; turning it on does not.
                    {if v6_on {
                        view! { <a href="/appliance/networking?confirm=ipv6-off" class=BUTTON_SECONDARY data-testid="disable-ipv6">"Disable IPv6…"</a> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=ipv6>
                                <input type="hidden" name="enabled" value="true"/>
                                <button type="submit" class=BUTTON_SECONDARY>"Enable IPv6"</button>
                            </ActionForm>
                        }.into_any()
                    }}
                    <a href="/appliance/networking/proxy" class=BUTTON_SECONDARY>"Proxy settings"</a>
                    <a href="/appliance/networking?confirm=reset" class=BUTTON_SECONDARY data-testid="reset-networking">"Reset networking…"</a>
                </div>
            </Card></div>
            <Card title="Host name">
                <ActionForm action=hostname attr:class="space-y-3" attr:data-testid="hostname-form">
                    <Fields value=hv test_id="hostname-error">
                    <TextField label="Host name" name="hostname" id="hostname" value=host_typed hint="The appliance's fully qualified domain name."/>
                    </Fields>
                    {move || succeeded(hostname).get().then(|| view! { <Notice text="Host name saved." test_id="hostname-saved"/> })}
                    <button type="submit" class=BUTTON>"Save host name"</button>
                </ActionForm>
                <ActionForm action=host_run attr:class="mt-4" attr:data-testid="hostname-test-form">
                    <Fields value=host_run.value() test_id="hostname-test-refused">
                        <FieldWithButton button="Test"><TextField label="Test a host name" name="hostname" id="test-hostname" value=host_test_typed/></FieldWithButton>
                    </Fields>
                </ActionForm>
                <TestPanel kept=host_kept test_id="hostname-test"/>
            </Card>
            <Card title="DNS servers">
                <ActionForm action=dns attr:class="space-y-3" attr:data-testid="dns-form">
                    <Fields value=dv test_id="dns-error">
                    <RadioGroup legend="Mode" name="mode" id="dns-mode" inline=true
                        selected=Signal::derive(move || if dns_mode.get() == "dhcp" { "dhcp".to_string() } else { "is_static".to_string() })
                        options=vec![("dhcp".into(), "From DHCP".into()), ("is_static".into(), "Static".into())]/>
                    <TextField label="Servers" name="servers" id="dns-servers" value=dns_servers multiline=true hint="IP addresses, one per line (static only)."/>
                    </Fields>
                    {move || succeeded(dns).get().then(|| view! { <Notice text="DNS servers saved." test_id="dns-saved"/> })}
                    <button type="submit" class=BUTTON>"Save DNS"</button>
                </ActionForm>
                <ActionForm action=add_dns attr:class="mt-4" attr:data-testid="dns-add-form">
                    <Fields value=adv test_id="dns-add-error">
                        <FieldWithButton button="Add"><TextField label="Add a DNS server" name="server" id="dns-add" value=add_dns_typed/></FieldWithButton>
                    </Fields>
                </ActionForm>
                <ActionForm action=dns_run attr:class="mt-4 space-y-2" attr:data-testid="dns-test-form">
                    <Fields value=dns_run.value() test_id="dns-test-refused">
                        <TextField label="Test DNS servers" name="servers" id="test-dns" value=dns_test_typed multiline=true/>
                    </Fields>
                    <button type="submit" class=BUTTON_SECONDARY>"Test"</button>
                </ActionForm>
                <TestPanel kept=dns_kept test_id="dns-test"/>
            </Card>
            <Card title="Search domains">
                <ActionForm action=domains attr:class="space-y-3" attr:data-testid="domains-form">
                    <Fields value=domv test_id="domains-error">
                    <TextField label="Domains" name="domains" id="domains" value=domains_typed multiline=true hint="Tried in order to complete short host names; one per line."/>
                    </Fields>
                    <button type="submit" class=BUTTON>"Save domains"</button>
                </ActionForm>
                <ActionForm action=add_domain attr:class="mt-4" attr:data-testid="domain-add-form">
                    <Fields value=adomv test_id="domain-add-error">
                        <FieldWithButton button="Add"><TextField label="Add a domain" name="domain" id="domain-add" value=add_domain_typed/></FieldWithButton>
                    </Fields>
                </ActionForm>
            </Card>
        </div>
    }
}

/// `/appliance/networking/interfaces/:nic`: the interface's IPv4 (DHCP, static, unconfigured) and IPv6
/// (DHCP, autoconfiguration, static addresses, default gateway), each viewed and edited.
#[component]
pub fn InterfacePage() -> impl IntoView {
    let params = use_params_map();
    let nic = move || params.with(|p| p.get("nic").unwrap_or_default());
    let v4 = ServerAction::<SetIpv4>::new();
    let v6 = ServerAction::<SetIpv6>::new();
    let info = Resource::new(move || (nic(), v4.version().get(), v6.version().get()), |(n, _, _)| crate::api::appliance::networking::get_interface(n));
    view! {
        <PageHeader title=format!("Interface {}", nic()) subtitle="IPv4 and IPv6 settings of a network interface."/>
        <p class="mb-4 text-sm"><a href="/appliance/networking" class=LINK>"← Networking"</a></p>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { info.await.map(|i| view! { <InterfaceView i v4 v6/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn InterfaceView(i: InterfaceInfo, v4: ServerAction<SetIpv4>, v6: ServerAction<SetIpv6>) -> impl IntoView {
    let ipv4 = i.ipv4.clone();
    let ipv6 = i.ipv6.clone();
    let v4v = v4.value();
    let mode = typed(v4v, "mode", ipv4.as_ref().map(|c| c.mode.to_string()).unwrap_or_else(|| "UNCONFIGURED".into()));
    let address = typed(v4v, "address", ipv4.as_ref().and_then(|c| c.address.clone()).unwrap_or_default());
    let prefix = typed(v4v, "prefix", ipv4.as_ref().and_then(|c| c.prefix).map(|p| p.to_string()).unwrap_or_default());
    let gateway = typed(v4v, "gateway", ipv4.as_ref().and_then(|c| c.default_gateway.clone()).unwrap_or_default());
    let v6v = v6.value();
    let statics: Vec<String> = ipv6.as_ref().map(|c| c.addresses.iter().filter(|a| a.origin.as_str() == "MANUAL").map(|a| format!("{}/{}", a.address, a.prefix)).collect()).unwrap_or_default();
    let addresses = typed(v6v, "addresses", statics.join("\n"));
    let gw6 = typed(v6v, "gateway", ipv6.as_ref().map(|c| c.default_gateway.clone()).unwrap_or_default());
    let dhcp6 = typed(v6v, "dhcp", if ipv6.as_ref().is_some_and(|c| c.dhcp) { "on".into() } else { String::new() });
    let auto6 = typed(v6v, "autoconf", if ipv6.as_ref().is_some_and(|c| c.autoconf) { "on".into() } else { String::new() });
    let v6_configurable = ipv6.as_ref().is_some_and(|c| c.configurable);
    let nic = i.name.clone();
    let nic2 = i.name.clone();
    view! {
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="IPv4">
                <p class="mb-3 text-sm" data-testid="ipv4-current">{format!("Now: {}", ipv4_text(&i))}</p>
                <ActionForm action=v4 attr:class="space-y-3" attr:data-testid="ipv4-form">
                    <input type="hidden" name="nic" value=nic/>
                    <Fields value=v4v test_id="ipv4-error">
                    <RadioGroup legend="Mode" name="mode" id="ipv4-mode" inline=true selected=mode
                        options=[("DHCP", "DHCP"), ("STATIC", "Static"), ("UNCONFIGURED", "Unconfigured")].into_iter().map(|(v, l)| (v.to_string(), l.to_string())).collect()/>
                    <TextField label="Address" name="address" id="ipv4-address" value=address hint="Static only, e.g. 10.0.0.20"/>
                    <TextField label="Prefix" name="prefix" id="ipv4-prefix" value=prefix hint="1 to 32 (24 is 255.255.255.0)"/>
                    <TextField label="Default gateway" name="gateway" id="ipv4-gateway" value=gateway hint="In the same subnet; may be empty"/>
                    </Fields>
                    {move || succeeded(v4).get().then(|| view! { <Notice text="IPv4 settings saved." test_id="ipv4-saved"/> })}
                    <button type="submit" class=BUTTON>"Save IPv4"</button>
                </ActionForm>
            </Card>
            <Card title="IPv6">
                <ul class="mb-3 space-y-1 text-sm" data-testid="ipv6-current">
                    {ipv6.as_ref().map(|c| c.addresses.iter().map(|a| view! {
                        <li><span class="font-mono">{format!("{}/{}", a.address, a.prefix)}</span>{format!(" — {}, {}", a.origin.as_str().to_lowercase(), a.status.as_str().to_lowercase())}</li>
                    }).collect_view())}
                </ul>
                {if v6_configurable {
                    view! {
                        <ActionForm action=v6 attr:class="space-y-3" attr:data-testid="ipv6-form">
                            <input type="hidden" name="nic" value=nic2/>
                            <Fields value=v6v test_id="ipv6-error">
                            <Checkbox name="dhcp" id="ipv6-dhcp" label="Get an address by DHCPv6" checked=dhcp6/>
                            <Checkbox name="autoconf" id="ipv6-autoconf" label="Autoconfiguration (SLAAC)" checked=auto6/>
                            <TextField label="Static addresses" name="addresses" id="ipv6-addresses" value=addresses multiline=true hint="address/prefix, one per line, e.g. fd00:10::20/64"/>
                            <TextField label="Default gateway" name="gateway" id="ipv6-gateway" value=gw6/>
                            </Fields>
                            {move || succeeded(v6).get().then(|| view! { <Notice text="IPv6 settings saved." test_id="ipv6-saved"/> })}
                            <button type="submit" class=BUTTON>"Save IPv6"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <p class="text-sm text-slate-600 dark:text-slate-300">"IPv6 is disabled on this appliance. Enable it on the Networking page."</p> }.into_any()
                }}
            </Card>
        </div>
    }
}

/// `/appliance/networking/proxy`: HTTP, HTTPS and FTP proxies (server, port, user, password, enabled; test
/// against a host; delete) and the no-proxy list.
#[component]
pub fn ProxyPage() -> impl IntoView {
    let set = ServerAction::<SetProxy>::new();
    let delete = ServerAction::<DeleteProxy>::new();
    let noproxy = ServerAction::<SetNoproxy>::new();
    let overview: Overview = Resource::new(move || (set.version().get(), delete.version().get(), noproxy.version().get()), |_| get_networking());
    let query = use_query_map();
    let run = ServerAction::<TestProxy>::new();
    let test: TestRun = Resource::new(move || query.with(|q| q.get("done")), |done| kept_result(TestProxy::PATH, done));
    view! {
        <PageHeader title="Proxy" subtitle="How the appliance reaches the internet (update repositories, telemetry): a proxy per protocol, and the hosts reached directly."/>
        <p class="mb-4 text-sm"><a href="/appliance/networking" class=LINK>"← Networking"</a></p>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move {
                    let o = overview.await?;
                    let kept = test.await?;
                    Ok::<_, AppError>(view! { <ProxyView o set delete noproxy run kept/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn ProxyView(
    o: NetworkingOverview,
    set: ServerAction<SetProxy>,
    delete: ServerAction<DeleteProxy>,
    noproxy: ServerAction<SetNoproxy>,
    run: ServerAction<TestProxy>,
    kept: Option<KeptTest>,
) -> impl IntoView {
    let query = use_query_map();
    let confirm = move || query.with(|q| q.get("delete"));
    let nv = noproxy.value();
    let noproxy_typed = typed(nv, "servers", o.noproxy.join("\n"));
    view! {
        {move || confirm().and_then(|p| PROXY_PROTOCOLS.iter().find(|(v, _)| *v == p).map(|(v, l)| view! {
            <ConfirmPanel title=format!("Delete the {l} proxy?") message=format!("The appliance will reach {l} servers directly, without a proxy. If the network requires one, updates and other downloads over {l} will fail.") cancel_href="/appliance/networking/proxy">
                <ActionForm action=delete>
                    <input type="hidden" name="protocol" value=*v/>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-delete-proxy">"Delete proxy"</button>
                </ActionForm>
            </ConfirmPanel>
        }))}
        <FormError value=delete.value() test_id="proxy-delete-error"/>
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-3">
            {PROXY_PROTOCOLS.iter().map(|(p, label)| {
                let c = o.proxies.iter().find(|(q, _)| q == p).map(|(_, c)| c.clone());
                view! { <ProxyCard protocol=p label=label config=c set run kept=kept.clone()/> }
            }).collect_view()}
        </div>
        <div class="mt-6">
            <Card title="No proxy for">
                <ActionForm action=noproxy attr:class="space-y-3" attr:data-testid="noproxy-form">
                    <Fields value=nv test_id="noproxy-error">
                    <TextField label="Hosts reached directly" name="servers" id="noproxy" value=noproxy_typed multiline=true
                        hint="Host names, addresses, .domain suffixes or networks like 10.0.0.0/8; one per line."/>
                    </Fields>
                    {move || succeeded(noproxy).get().then(|| view! { <Notice text="No-proxy list saved." test_id="noproxy-saved"/> })}
                    <button type="submit" class=BUTTON>"Save"</button>
                </ActionForm>
            </Card>
        </div>
    }
}

#[component]
fn ProxyCard(
    protocol: &'static str,
    label: &'static str,
    config: Option<crate::vsphere::models::appliance::networking::proxy::Config>,
    set: ServerAction<SetProxy>,
    run: ServerAction<TestProxy>,
    kept: Option<KeptTest>,
) -> impl IntoView {
    let sv = set.value();
    // Typed values come back only to the card whose protocol the refused form was for.
    let mine = move |name: &'static str, initial: String| {
        Signal::derive(move || match sv.get() {
            Some(Err(e)) if e.input("protocol").as_deref() == Some(protocol) => e.input(name).unwrap_or_default(),
            _ => initial.clone(),
        })
    };
    // This card's refusal only (the three cards post to one server function).
    let refused = Signal::derive(move || sv.get().filter(|r| r.as_ref().err().is_none_or(|e| e.input("protocol").as_deref() == Some(protocol))));
    let c = config.clone().filter(|c| !c.server.is_empty());
    let saved = c.is_some();
    let server = mine("server", c.as_ref().map(|c| c.server.clone()).unwrap_or_default());
    let port = mine("port", c.as_ref().map(|c| c.port.to_string()).unwrap_or_default());
    let username = mine("username", c.as_ref().and_then(|c| c.username.clone()).unwrap_or_default());
    let enabled = mine("enabled", if c.as_ref().is_some_and(|c| c.enabled) { "on".into() } else { String::new() });
    let id = move |f: &str| format!("proxy-{protocol}-{f}");
    // The last test's host, when it was this card's.
    let rv = run.value();
    let last = kept.clone().filter(|k| k.scope == protocol).map(|k| k.input).unwrap_or_else(|| "www.vmware.com".into());
    let test_host = Signal::derive(move || match rv.get() {
        Some(Err(e)) if e.input("protocol").as_deref() == Some(protocol) => e.input("host").unwrap_or_default(),
        _ => last.clone(),
    });
    // This card's test refusal only.
    let test_refused = Signal::derive(move || rv.get().filter(|r| r.as_ref().err().is_none_or(|e| e.input("protocol").as_deref() == Some(protocol))));
    view! {
        <Card title=format!("{label} proxy")>
            <div class="mb-3" data-testid=format!("proxy-{protocol}-state")><OnOffBadge on=c.as_ref().is_some_and(|c| c.enabled)/></div>
            <ActionForm action=set attr:class="space-y-3" attr:data-testid=format!("proxy-{protocol}-form")>
                <input type="hidden" name="protocol" value=protocol/>
              <Fields value=refused test_id="proxy-error">
                <TextField label="Server" name="server" id=id("server") value=server hint="Host name or address, optionally with http://"/>
                <TextField label="Port" name="port" id=id("port") value=port inputmode="numeric"/>
                <TextField label="User name" name="username" id=id("username") value=username hint="Optional"/>
                <PasswordField label="Password" name="password" id=id("password") done=set.version() hint="Never shown; leave empty to keep the saved one."/>
                <Checkbox name="enabled" id=id("enabled") label="Use this proxy" checked=enabled/>
              </Fields>
                <div class="flex flex-wrap gap-2">
                    <button type="submit" class=BUTTON>"Save"</button>
                    {saved.then(|| view! { <a href=format!("/appliance/networking/proxy?delete={protocol}") class=BUTTON_SECONDARY>"Delete…"</a> })}
                </div>
            </ActionForm>
            {saved.then(|| view! {
                <ActionForm action=run attr:class="mt-4 space-y-2 border-t border-slate-200 pt-4 dark:border-slate-700" attr:data-testid=format!("proxy-{protocol}-test-form")>
                    <input type="hidden" name="protocol" value=protocol/>
                    <Fields value=test_refused test_id=format!("proxy-{protocol}-test-refused")>
                        <TextField label="Test by reaching" name="host" id=id("test-host") value=test_host hint="Through the saved proxy, with its saved user name."/>
                    </Fields>
                    <button type="submit" class=BUTTON_SECONDARY>"Test saved proxy"</button>
                </ActionForm>
            })}
            <TestPanel kept test_id=format!("proxy-{protocol}-test") scope=protocol/>
        </Card>
    }
}
