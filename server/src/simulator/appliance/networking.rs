//! `appliance/networking`: the overview (DNS + every interface), IPv6 on/off, reset; DNS servers (mode,
//! list, add, test), search domains (list, add, set), host name (get, set, test); each interface's IPv4 and
//! IPv6 (get / set); the proxy per protocol (list, get, set, delete, test) and the no-proxy list.
//!
//! The simulated network is the one of [`super::ntp::reachable`]: names under `.invalid`, `.example`,
//! `.test` and the documentation address ranges do not answer; the rest does. A DHCP interface leases
//! 10.0.0.150/24 via 10.0.0.1.

use super::ntp::reachable;
use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use crate::simulator::rules;
use app::vsphere::models::appliance::networking::dns::hostname::{Message as HostMessage, MessageStatus as HostResult, TestStatus as HostStatus, TestStatusInfo as HostTest};
use app::vsphere::models::appliance::networking::dns::servers::{
    DnsServerConfig, DnsServerMode, Message as DnsMessage, MessageStatus as DnsResult, TestStatus as DnsStatus, TestStatusInfo as DnsTest,
};
use app::vsphere::models::appliance::networking::dns_info::DnsMode;
use app::vsphere::models::appliance::networking::interfaces::{ipv4, ipv6, InterfaceInfo, InterfaceStatus};
use app::vsphere::models::appliance::networking::proxy::{Config as ProxyConfig, Protocol, ServerStatus, TestResult};
use app::vsphere::models::appliance::networking::{DnsInfo, Info, UpdateSpec};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::{Query, VapiMap};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::net::Ipv4Addr;
use std::sync::Mutex;

struct Nic {
    name: &'static str,
    mac: &'static str,
    up: bool,
    ipv4: ipv4::Config,
    ipv6: ipv6::Config,
}

struct Data {
    hostname: String,
    dns: DnsServerConfig,
    domains: Vec<String>,
    ipv6_enabled: bool,
    nics: Vec<Nic>,
    proxies: Vec<(Protocol, ProxyConfig)>,
    noproxy: Vec<String>,
    resets: u32,
}

pub struct Networking {
    data: Mutex<Data>,
}

impl Networking {
    /// The appliance's networking, its host name `hostname` (the domain searched is the name's own).
    pub fn named(hostname: &str) -> Self {
        let n = Networking::default();
        {
            let mut d = n.data.lock().unwrap();
            d.hostname = hostname.to_string();
            if let Some((_, domain)) = hostname.split_once('.') {
                d.domains = vec![domain.to_string()];
            }
        }
        n
    }
}

impl Default for Networking {
    fn default() -> Self {
        let no_v6 = || ipv6::Config { dhcp: false, autoconf: false, addresses: vec![], default_gateway: String::new() };
        Networking {
            data: Mutex::new(Data {
                hostname: "vcsa-01.corp.local".into(),
                dns: DnsServerConfig { mode: DnsServerMode::IsStatic, servers: vec!["10.0.0.2".into(), "10.0.0.3".into()] },
                domains: vec!["corp.local".into()],
                ipv6_enabled: true,
                nics: vec![
                    Nic {
                        name: "nic0",
                        mac: "00:50:56:9a:3c:01",
                        up: true,
                        ipv4: ipv4::Config { mode: ipv4::Mode::Static, address: Some("10.0.0.20".into()), prefix: Some(24), default_gateway: Some("10.0.0.1".into()) },
                        ipv6: no_v6(),
                    },
                    // The vCenter HA network adapter, not configured.
                    Nic { name: "nic1", mac: "00:50:56:9a:3c:02", up: false, ipv4: ipv4::Config { mode: ipv4::Mode::Unconfigured, address: None, prefix: None, default_gateway: None }, ipv6: no_v6() },
                ],
                proxies: vec![],
                noproxy: vec!["localhost".into(), "127.0.0.1".into()],
                resets: 0,
            }),
        }
    }
}

impl Networking {
    /// How many times networking was reset (tests read it).
    pub fn resets(&self) -> u32 {
        self.data.lock().unwrap().resets
    }
}

fn invalid(id: &str, message: String, arg: &str) -> SimError {
    // The networking operations document only `error` for input they refuse.
    SimError::error(&format!("com.vmware.appliance.networking.{id}"), message, &[arg])
}

fn ipv4_info(n: &Nic) -> ipv4::Info {
    let c = &n.ipv4;
    match c.mode {
        ipv4::Mode::Dhcp => ipv4::Info { configurable: true, mode: c.mode.clone(), address: Some("10.0.0.150".into()), prefix: Some(24), default_gateway: Some("10.0.0.1".into()) },
        _ => ipv4::Info { configurable: true, mode: c.mode.clone(), address: c.address.clone(), prefix: c.prefix, default_gateway: c.default_gateway.clone() },
    }
}

/// The link-local address from the MAC (EUI-64), as the kernel derives it.
fn link_local(mac: &str) -> String {
    let b: Vec<u8> = mac.split(':').filter_map(|h| u8::from_str_radix(h, 16).ok()).collect();
    if b.len() != 6 {
        return "fe80::1".into();
    }
    let group = |hi: u8, lo: u8| (u16::from(hi) << 8) | u16::from(lo);
    format!("fe80::{:x}:{:x}:{:x}:{:x}", group(b[0] ^ 2, b[1]), group(b[2], 0xff), group(0xfe, b[3]), group(b[4], b[5]))
}

fn ipv6_info(n: &Nic, enabled: bool) -> ipv6::Info {
    let c = &n.ipv6;
    let mut addresses = vec![];
    if enabled {
        addresses.push(ipv6::AddressInfo { origin: ipv6::Origin::Linklayer, status: ipv6::Status::Preferred, address: link_local(n.mac), prefix: 64 });
        if c.autoconf {
            addresses.push(ipv6::AddressInfo { origin: ipv6::Origin::Random, status: ipv6::Status::Preferred, address: "fd00:10::250:56ff:fe9a:3c01".into(), prefix: 64 });
        }
        if c.dhcp {
            addresses.push(ipv6::AddressInfo { origin: ipv6::Origin::Dhcp, status: ipv6::Status::Preferred, address: "fd00:10::150".into(), prefix: 128 });
        }
        for a in &c.addresses {
            addresses.push(ipv6::AddressInfo { origin: ipv6::Origin::Manual, status: ipv6::Status::Preferred, address: a.address.clone(), prefix: a.prefix });
        }
    }
    ipv6::Info { dhcp: c.dhcp, autoconf: c.autoconf, addresses, default_gateway: c.default_gateway.clone(), configurable: enabled }
}

fn interface(n: &Nic, v6: bool) -> InterfaceInfo {
    InterfaceInfo {
        name: n.name.into(),
        status: if n.up { InterfaceStatus::Up } else { InterfaceStatus::Down },
        mac: n.mac.into(),
        ipv4: Some(ipv4_info(n)),
        ipv6: Some(ipv6_info(n, v6)),
    }
}

impl Networking {
    /// The appliance's host name (its system name in backups: `appliance/recovery`).
    pub fn hostname(&self) -> String {
        self.data.lock().unwrap().hostname.clone()
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/networking", get(overview).patch(update).post(reset))
        .route("/rest/appliance/networking/dns/domains", get(domains_list).post(domains_add).put(domains_set))
        .route("/rest/appliance/networking/dns/hostname", get(hostname_get).put(hostname_set))
        .route("/rest/appliance/networking/dns/hostname/test", post(hostname_test))
        .route("/rest/appliance/networking/dns/servers", get(servers_get).post(servers_add).put(servers_set))
        .route("/rest/appliance/networking/dns/servers/test", post(servers_test))
        .route("/rest/appliance/networking/interfaces", get(interfaces_list))
        .route("/rest/appliance/networking/interfaces/{nic}", get(interface_get))
        .route("/rest/appliance/networking/interfaces/{nic}/ipv4", get(ipv4_get).put(ipv4_set))
        .route("/rest/appliance/networking/interfaces/{nic}/ipv6", get(ipv6_get).put(ipv6_set))
        .route("/rest/appliance/networking/noproxy", get(noproxy_get).put(noproxy_set))
        .route("/rest/appliance/networking/proxy", get(proxy_list))
        .route("/rest/appliance/networking/proxy/{protocol}", get(proxy_get).put(proxy_set).delete(proxy_delete).post(proxy_test))
}

async fn overview(State(s): State<SimState>, _: Authed) -> Response {
    let d = s.networking.data.lock().unwrap();
    let dns = DnsInfo {
        mode: if d.dns.mode == DnsServerMode::Dhcp { DnsMode::Dhcp } else { DnsMode::Static },
        hostname: d.hostname.clone(),
        servers: if d.dns.mode == DnsServerMode::Dhcp { vec!["10.0.0.1".into()] } else { d.dns.servers.clone() },
    };
    ok(Info { dns, interfaces: d.nics.iter().map(|n| (n.name.to_string(), interface(n, d.ipv6_enabled))).collect() })
}

#[derive(Deserialize)]
struct SpecBody<T> {
    spec: T,
}

async fn update(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let SpecBody { spec } = body::<SpecBody<UpdateSpec>>(&bytes)?;
    if let Some(on) = spec.ipv6_enabled {
        s.networking.data.lock().unwrap().ipv6_enabled = on;
    }
    Ok(ok_void())
}

/// `?action=reset`: restarts networking on every interface and renews DHCP leases; the configuration stays.
async fn reset(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if Query::parse(q.as_deref().unwrap_or("")).get("action") != Some("reset") {
        return Err(SimError::no_operation("POST /rest/appliance/networking"));
    }
    s.networking.data.lock().unwrap().resets += 1;
    Ok(ok_void())
}

/// A search domain: a host name syntax (a leading dot is not allowed).
fn check_domain(d: &str) -> Result<(), SimError> {
    if rules::is_host_name(d) {
        Ok(())
    } else {
        Err(invalid("dns.domain.invalid", format!("'{d}' is not a valid domain name."), d))
    }
}

async fn domains_list(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.networking.data.lock().unwrap().domains.clone())
}

#[derive(Deserialize)]
struct DomainBody {
    domain: String,
}

async fn domains_add(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let DomainBody { domain } = body(&bytes)?;
    check_domain(&domain)?;
    let mut d = s.networking.data.lock().unwrap();
    if !d.domains.iter().any(|x| x.eq_ignore_ascii_case(&domain)) {
        d.domains.push(domain);
    }
    Ok(ok_void())
}

#[derive(Deserialize)]
struct DomainsBody {
    domains: Vec<String>,
}

async fn domains_set(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let DomainsBody { domains } = body(&bytes)?;
    for d in &domains {
        check_domain(d)?;
    }
    s.networking.data.lock().unwrap().domains = domains;
    Ok(ok_void())
}

async fn hostname_get(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.networking.data.lock().unwrap().hostname.clone())
}

#[derive(Deserialize)]
struct NameBody {
    name: String,
}

async fn hostname_set(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let NameBody { name } = body(&bytes)?;
    if !rules::is_host_name(&name) && !rules::is_ipv4(&name) {
        return Err(invalid("dns.hostname.invalid", format!("'{name}' is not a valid host name."), &name));
    }
    s.networking.data.lock().unwrap().hostname = name;
    Ok(ok_void())
}

/// Green: resolves forward and back to this appliance; orange: resolves, but not to this appliance;
/// red: malformed or does not resolve.
async fn hostname_test(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let NameBody { name } = body(&bytes)?;
    let d = s.networking.data.lock().unwrap();
    let me = d.nics.iter().find_map(|n| ipv4_info(n).address).unwrap_or_default();
    let line = |ok: bool, message: String| HostMessage { message, result: if ok { HostResult::Success } else { HostResult::Failure } };
    let dns = d.dns.servers.join(", ");
    let (status, messages) = if !rules::is_host_name(&name) {
        (HostStatus::Red, vec![line(false, format!("'{name}' is not a valid host name."))])
    } else if !reachable(&name) {
        (HostStatus::Red, vec![line(false, format!("Could not resolve {name} using DNS servers {dns}."))])
    } else if name.eq_ignore_ascii_case(&d.hostname) || d.domains.iter().any(|dom| name.to_lowercase().ends_with(&format!(".{}", dom.to_lowercase()))) {
        (HostStatus::Green, vec![line(true, format!("{name} resolves to {me}.")), line(true, format!("Reverse lookup of {me} returns {name}."))])
    } else {
        (
            HostStatus::Orange,
            vec![line(true, format!("{name} resolves to 198.18.0.20.")), line(false, format!("198.18.0.20 is not an address of this appliance ({me}); reverse lookup does not match."))],
        )
    };
    Ok(ok(HostTest { status, messages }))
}

async fn servers_get(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.networking.data.lock().unwrap().dns.clone())
}

/// DNS servers must be IP addresses, not names.
fn check_dns_servers(servers: &[String]) -> Result<(), SimError> {
    match servers.iter().find(|x| !rules::is_ipv4(x) && !rules::is_ipv6(x)) {
        Some(bad) => Err(invalid("dns.server.invalid", format!("'{bad}' is not an IP address; DNS servers are given by address."), bad)),
        None => Ok(()),
    }
}

#[derive(Deserialize)]
struct ServerBody {
    server: String,
}

async fn servers_add(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let ServerBody { server } = body(&bytes)?;
    check_dns_servers(std::slice::from_ref(&server))?;
    let mut d = s.networking.data.lock().unwrap();
    if d.dns.mode == DnsServerMode::Dhcp {
        return Err(SimError::error("com.vmware.appliance.networking.dns.dhcp", "DNS servers come from DHCP; switch to static DNS to add one.", &[]));
    }
    if !d.dns.servers.contains(&server) {
        d.dns.servers.push(server);
    }
    Ok(ok_void())
}

#[derive(Deserialize)]
struct ConfigBody<T> {
    config: T,
}

async fn servers_set(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let ConfigBody { config } = body::<ConfigBody<DnsServerConfig>>(&bytes)?;
    if let DnsServerMode::UnknownValue(m) = &config.mode {
        return Err(invalid("dns.mode.invalid", format!("'{m}' is not a DNS mode; use dhcp or is_static."), m));
    }
    if config.mode == DnsServerMode::IsStatic {
        check_dns_servers(&config.servers)?;
        if config.servers.is_empty() {
            return Err(invalid("dns.servers.empty", "Static DNS needs at least one server.".into(), ""));
        }
    }
    s.networking.data.lock().unwrap().dns = config;
    Ok(ok_void())
}

#[derive(Deserialize)]
struct ServersBody {
    servers: Vec<String>,
}

async fn servers_test(_: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let ServersBody { servers } = body(&bytes)?;
    let messages: Vec<DnsMessage> = servers
        .iter()
        .map(|x| {
            if !rules::is_ipv4(x) && !rules::is_ipv6(x) {
                DnsMessage { message: format!("'{x}' is not an IP address."), result: DnsResult::Failure }
            } else if reachable(x) {
                DnsMessage { message: format!("DNS server {x} answered."), result: DnsResult::Success }
            } else {
                DnsMessage { message: format!("DNS server {x} did not answer on port 53."), result: DnsResult::Failure }
            }
        })
        .collect();
    let good = messages.iter().filter(|m| m.result == DnsResult::Success).count();
    let status = if good == messages.len() && good > 0 {
        DnsStatus::Green
    } else if good > 0 {
        DnsStatus::Orange
    } else {
        DnsStatus::Red
    };
    Ok(ok(DnsTest { status, messages }))
}

async fn interfaces_list(State(s): State<SimState>, _: Authed) -> Response {
    let d = s.networking.data.lock().unwrap();
    ok(d.nics.iter().map(|n| interface(n, d.ipv6_enabled)).collect::<Vec<_>>())
}

fn nic<'a>(d: &'a mut Data, name: &str) -> Result<&'a mut Nic, SimError> {
    d.nics.iter_mut().find(|n| n.name == name).ok_or_else(|| SimError::not_found("Network interface", name))
}

async fn interface_get(State(s): State<SimState>, _: Authed, Path(name): Path<String>) -> Result<Response, SimError> {
    let mut d = s.networking.data.lock().unwrap();
    let v6 = d.ipv6_enabled;
    Ok(ok(interface(nic(&mut d, &name)?, v6)))
}

async fn ipv4_get(State(s): State<SimState>, _: Authed, Path(name): Path<String>) -> Result<Response, SimError> {
    let mut d = s.networking.data.lock().unwrap();
    Ok(ok(ipv4_info(nic(&mut d, &name)?)))
}

/// Static needs an address, a prefix of 1–32 and a gateway (if any) inside the subnet.
fn check_ipv4(c: &ipv4::Config) -> Result<ipv4::Config, SimError> {
    match &c.mode {
        ipv4::Mode::Static => {
            let a = c.address.clone().unwrap_or_default();
            let addr: Ipv4Addr = a.parse().map_err(|_| invalid("ipv4.address.invalid", format!("'{a}' is not a valid IPv4 address."), &a))?;
            let prefix = c.prefix.unwrap_or(-1);
            if !(1..=32).contains(&prefix) {
                let p = prefix.to_string();
                return Err(invalid("ipv4.prefix.invalid", format!("Prefix {p} is out of range 1-32."), &p));
            }
            let gw = c.default_gateway.clone().filter(|g| !g.is_empty());
            if let Some(g) = &gw {
                let gw_addr: Ipv4Addr = g.parse().map_err(|_| invalid("ipv4.gateway.invalid", format!("'{g}' is not a valid IPv4 address."), g))?;
                let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
                if u32::from(gw_addr) & mask != u32::from(addr) & mask {
                    return Err(invalid("ipv4.gateway.subnet", format!("The default gateway {g} is not in the subnet of {a}/{prefix}."), g));
                }
            }
            Ok(ipv4::Config { mode: ipv4::Mode::Static, address: Some(a), prefix: Some(prefix), default_gateway: gw })
        }
        ipv4::Mode::Dhcp | ipv4::Mode::Unconfigured => Ok(ipv4::Config { mode: c.mode.clone(), address: None, prefix: None, default_gateway: None }),
        ipv4::Mode::UnknownValue(m) => Err(invalid("ipv4.mode.invalid", format!("'{m}' is not an IPv4 mode; use DHCP, STATIC or UNCONFIGURED."), m)),
    }
}

async fn ipv4_set(State(s): State<SimState>, _: Authed, Path(name): Path<String>, bytes: Bytes) -> Result<Response, SimError> {
    let ConfigBody { config } = body::<ConfigBody<ipv4::Config>>(&bytes)?;
    let mut d = s.networking.data.lock().unwrap();
    let n = nic(&mut d, &name)?;
    n.ipv4 = check_ipv4(&config)?;
    n.up = n.ipv4.mode != ipv4::Mode::Unconfigured || n.name == "nic0";
    Ok(ok_void())
}

async fn ipv6_get(State(s): State<SimState>, _: Authed, Path(name): Path<String>) -> Result<Response, SimError> {
    let mut d = s.networking.data.lock().unwrap();
    let v6 = d.ipv6_enabled;
    Ok(ok(ipv6_info(nic(&mut d, &name)?, v6)))
}

async fn ipv6_set(State(s): State<SimState>, _: Authed, Path(name): Path<String>, bytes: Bytes) -> Result<Response, SimError> {
    let ConfigBody { config } = body::<ConfigBody<ipv6::Config>>(&bytes)?;
    let mut d = s.networking.data.lock().unwrap();
    if !d.ipv6_enabled {
        return Err(SimError::error("com.vmware.appliance.networking.ipv6.disabled", "IPv6 is disabled on this appliance; enable it first.", &[]));
    }
    for a in &config.addresses {
        if !rules::is_ipv6(&a.address) {
            return Err(invalid("ipv6.address.invalid", format!("'{}' is not a valid IPv6 address.", a.address), &a.address));
        }
        if !(1..=128).contains(&a.prefix) {
            let p = a.prefix.to_string();
            return Err(invalid("ipv6.prefix.invalid", format!("Prefix {p} of {} is out of range 1-128.", a.address), &p));
        }
    }
    if !config.default_gateway.is_empty() && !rules::is_ipv6(&config.default_gateway) {
        return Err(invalid("ipv6.gateway.invalid", format!("'{}' is not a valid IPv6 address.", config.default_gateway), &config.default_gateway));
    }
    nic(&mut d, &name)?.ipv6 = config;
    Ok(ok_void())
}

/// A no-proxy entry: a host name, an address, a domain with a leading dot, or an IPv4 network in CIDR form.
fn noproxy_ok(e: &str) -> bool {
    let e = e.strip_prefix('.').unwrap_or(e);
    if let Some((net, len)) = e.split_once('/') {
        return rules::is_ipv4(net) && len.parse::<u8>().is_ok_and(|l| l <= 32);
    }
    rules::is_host(e)
}

async fn noproxy_get(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.networking.data.lock().unwrap().noproxy.clone())
}

async fn noproxy_set(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let ServersBody { servers } = body(&bytes)?;
    if let Some(bad) = servers.iter().find(|e| !noproxy_ok(e)) {
        return Err(invalid("noproxy.invalid", format!("'{bad}' is not a host, address, domain or network."), bad));
    }
    s.networking.data.lock().unwrap().noproxy = servers;
    Ok(ok_void())
}

fn protocol(p: &str) -> Result<Protocol, SimError> {
    match p.to_ascii_uppercase().as_str() {
        "HTTP" => Ok(Protocol::Http),
        "HTTPS" => Ok(Protocol::Https),
        "FTP" => Ok(Protocol::Ftp),
        _ => Err(invalid("proxy.protocol.invalid", format!("'{p}' is not a proxy protocol; use http, https or ftp."), p)),
    }
}

fn unset() -> ProxyConfig {
    ProxyConfig { server: String::new(), port: -1, username: None, password: None, enabled: false }
}

/// Without the password: it is never read back.
fn shown(c: &ProxyConfig) -> ProxyConfig {
    ProxyConfig { password: None, ..c.clone() }
}

async fn proxy_list(State(s): State<SimState>, _: Authed) -> Response {
    let d = s.networking.data.lock().unwrap();
    ok([Protocol::Http, Protocol::Https, Protocol::Ftp]
        .into_iter()
        .map(|p| {
            let c = d.proxies.iter().find(|(q, _)| *q == p).map(|(_, c)| shown(c)).unwrap_or_else(unset);
            (p, c)
        })
        .collect::<VapiMap<Protocol, ProxyConfig>>())
}

async fn proxy_get(State(s): State<SimState>, _: Authed, Path(p): Path<String>) -> Result<Response, SimError> {
    let p = protocol(&p)?;
    let d = s.networking.data.lock().unwrap();
    Ok(ok(d.proxies.iter().find(|(q, _)| *q == p).map(|(_, c)| shown(c)).unwrap_or_else(unset)))
}

/// The proxy's server: `http://host` or `https://host` or a bare host.
fn proxy_host(server: &str) -> &str {
    server.strip_prefix("http://").or_else(|| server.strip_prefix("https://")).unwrap_or(server).trim_end_matches('/')
}

fn check_proxy(c: &ProxyConfig) -> Result<(), SimError> {
    if !rules::is_host(proxy_host(&c.server)) {
        return Err(invalid("proxy.server.invalid", format!("'{}' is not a valid proxy server.", c.server), &c.server));
    }
    if !(1..=65_535).contains(&c.port) {
        let p = c.port.to_string();
        return Err(invalid("proxy.port.invalid", format!("Port {p} is out of range 1-65535."), &p));
    }
    Ok(())
}

async fn proxy_set(State(s): State<SimState>, _: Authed, Path(p): Path<String>, bytes: Bytes) -> Result<Response, SimError> {
    let p = protocol(&p)?;
    let ConfigBody { config } = body::<ConfigBody<ProxyConfig>>(&bytes)?;
    check_proxy(&config)?;
    let mut d = s.networking.data.lock().unwrap();
    let keep_password = d.proxies.iter().find(|(q, _)| *q == p).and_then(|(_, c)| c.password.clone());
    d.proxies.retain(|(q, _)| *q != p);
    let password = config.password.clone().or(keep_password).filter(|_| config.username.is_some());
    d.proxies.push((p, ProxyConfig { password, ..config }));
    Ok(ok_void())
}

async fn proxy_delete(State(s): State<SimState>, _: Authed, Path(p): Path<String>) -> Result<Response, SimError> {
    let p = protocol(&p)?;
    s.networking.data.lock().unwrap().proxies.retain(|(q, _)| *q != p);
    Ok(ok_void())
}

#[derive(Deserialize)]
struct ProxyTestBody {
    host: String,
    config: ProxyConfig,
}

async fn proxy_test(_: Authed, Path(p): Path<String>, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    if Query::parse(q.as_deref().unwrap_or("")).get("action") != Some("test") {
        return Err(SimError::no_operation(&format!("POST /rest/appliance/networking/proxy/{p}")));
    }
    let p = protocol(&p)?;
    let ProxyTestBody { host, config } = body(&bytes)?;
    check_proxy(&config)?;
    if !rules::is_host(&host) {
        return Err(invalid("proxy.test.host.invalid", format!("'{host}' is not a valid host name or IP address."), &host));
    }
    let proxy = format!("{}:{}", proxy_host(&config.server), config.port);
    let msg = |id: &str, text: String| LocalizableMessage { id: format!("com.vmware.appliance.networking.proxy.{id}"), default_message: text, args: vec![host.clone()] };
    let result = if !reachable(proxy_host(&config.server)) {
        TestResult { status: ServerStatus::ServerUnreachable, message: msg("unreachable", format!("Could not connect to the proxy {proxy}.")) }
    } else if !reachable(&host) {
        TestResult { status: ServerStatus::ServerUnreachable, message: msg("host.unreachable", format!("The proxy {proxy} could not reach {host}.")) }
    } else {
        TestResult { status: ServerStatus::ServerReachable, message: msg("reachable", format!("Reached {host} over {p} through the proxy {proxy}.")) }
    };
    Ok(ok(result))
}
