//! Appliance › Networking server functions (`appliance/networking`): the overview, host name (set / test),
//! DNS servers (mode, set, add, test), search domains (set / add), IPv6 on or off, each interface's IPv4 and
//! IPv6, proxies per protocol (set / delete / test), the no-proxy list, and reset. Every input is checked
//! before anything is sent (`app::validate` and the fns below); a refused form keeps what was typed.

use crate::error::AppError;
use crate::validate;
use crate::vsphere::models::appliance::networking::interfaces::{ipv4, ipv6, InterfaceInfo};
use crate::vsphere::models::appliance::networking::proxy::Config as ProxyConfig;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The proxy protocols: API name (path), label.
pub const PROXY_PROTOCOLS: &[(&str, &str)] = &[("http", "HTTP"), ("https", "HTTPS"), ("ftp", "FTP")];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkingOverview {
    pub hostname: String,
    /// `dhcp` or `is_static`.
    pub dns_mode: String,
    pub dns_servers: Vec<String>,
    pub domains: Vec<String>,
    /// IPv6 is on when the interfaces' IPv6 is configurable.
    pub ipv6_enabled: bool,
    pub interfaces: Vec<InterfaceInfo>,
    /// (protocol as the path names it, its config).
    pub proxies: Vec<(String, ProxyConfig)>,
    pub noproxy: Vec<String>,
}

/// A test's outcome: overall `green` / `orange` / `red` (or reachable / unreachable), and its lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestOutcome {
    pub status: String,
    /// (success, message)
    pub messages: Vec<(bool, String)>,
}

fn bad(field: &str, m: String) -> AppError {
    AppError::invalid(field, m)
}

/// The appliance's host name (a fully qualified name).
pub fn hostname_input(name: &str) -> Result<String, AppError> {
    let n = name.trim();
    if validate::is_hostname(n) {
        Ok(n.to_string())
    } else if n.is_empty() {
        Err(bad("hostname", "Enter a host name.".into()))
    } else {
        Err(bad("hostname", format!("“{n}” is not a valid host name: letters, digits and hyphens, in dot-separated labels.")))
    }
}

/// DNS servers are addresses, not names.
pub fn dns_server_input(server: &str) -> Result<String, AppError> {
    let s = server.trim();
    if validate::is_ipv4(s) || validate::is_ipv6(s) {
        Ok(s.to_string())
    } else {
        Err(bad("servers", format!("“{s}” is not an IP address: DNS servers are given by address.")))
    }
}

/// The DNS mode and servers; static needs at least one.
pub fn dns_input(mode: &str, servers: &str) -> Result<(String, Vec<String>), AppError> {
    match mode {
        "dhcp" => Ok(("dhcp".into(), vec![])),
        "is_static" => {
            let list = validate::split_list(servers).iter().map(|s| dns_server_input(s)).collect::<Result<Vec<_>, _>>()?;
            if list.is_empty() {
                return Err(bad("servers", "Static DNS needs at least one server.".into()));
            }
            Ok(("is_static".into(), list))
        }
        _ => Err(bad("mode", "Choose DHCP or static DNS.".into())),
    }
}

/// Search domains, each a domain name.
pub fn domains_input(text: &str) -> Result<Vec<String>, AppError> {
    let list = validate::split_list(text);
    match list.iter().find(|d| !validate::is_hostname(d)) {
        Some(d) => Err(bad("domains", format!("“{d}” is not a valid domain name."))),
        None => Ok(list),
    }
}

/// IPv4 settings: a static address needs an address, a prefix of 1–32 and a gateway (if any) in its subnet.
pub fn ipv4_input(mode: &str, address: &str, prefix: &str, gateway: &str) -> Result<ipv4::Config, AppError> {
    match mode {
        "DHCP" => Ok(ipv4::Config { mode: ipv4::Mode::Dhcp, address: None, prefix: None, default_gateway: None }),
        "UNCONFIGURED" => Ok(ipv4::Config { mode: ipv4::Mode::Unconfigured, address: None, prefix: None, default_gateway: None }),
        "STATIC" => {
            let a = validate::ipv4(address).map_err(|m| bad("address", m))?;
            let p = validate::prefix(prefix, 32).map_err(|m| bad("prefix", m))?;
            if p == 0 {
                return Err(bad("prefix", "Enter a prefix length between 1 and 32.".into()));
            }
            let g = gateway.trim();
            let default_gateway = if g.is_empty() {
                None
            } else {
                let g = validate::ipv4(g).map_err(|m| bad("gateway", m))?;
                let mask = u32::MAX << (32 - p);
                let (ga, aa): (std::net::Ipv4Addr, std::net::Ipv4Addr) = (g.parse().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED), a.parse().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED));
                if u32::from(ga) & mask != u32::from(aa) & mask {
                    return Err(bad("gateway", format!("The gateway {g} is not in the subnet of {a}/{p}.")));
                }
                Some(g)
            };
            Ok(ipv4::Config { mode: ipv4::Mode::Static, address: Some(a), prefix: Some(p), default_gateway })
        }
        _ => Err(bad("mode", "Choose DHCP, static or unconfigured.".into())),
    }
}

/// IPv6 settings: static addresses typed as `address/prefix`, one per line.
pub fn ipv6_input(dhcp: bool, autoconf: bool, addresses: &str, gateway: &str) -> Result<ipv6::Config, AppError> {
    let mut list = vec![];
    for item in validate::split_list(addresses) {
        let (a, p) = item.split_once('/').ok_or_else(|| bad("addresses", format!("Write “{item}” as address/prefix, e.g. fd00:10::20/64.")))?;
        let address = validate::ipv6(a).map_err(|m| bad("addresses", m))?;
        let prefix = validate::prefix(p, 128).map_err(|m| bad("addresses", format!("{item}: {m}")))?;
        if prefix == 0 {
            return Err(bad("addresses", format!("{item}: enter a prefix length between 1 and 128.")));
        }
        list.push(ipv6::Address { address, prefix });
    }
    let g = gateway.trim();
    let default_gateway = if g.is_empty() { String::new() } else { validate::ipv6(g).map_err(|m| bad("gateway", m))? };
    Ok(ipv6::Config { dhcp, autoconf, addresses: list, default_gateway })
}

/// A proxy: server (host, or http(s)://host), port, optional user and password.
pub fn proxy_input(server: &str, port: &str, username: &str, password: &str, enabled: bool) -> Result<ProxyConfig, AppError> {
    let s = server.trim();
    let host = s.strip_prefix("http://").or_else(|| s.strip_prefix("https://")).unwrap_or(s).trim_end_matches('/');
    validate::host(host).map_err(|m| bad("server", m))?;
    let port = validate::port(port).map_err(|m| bad("port", m))?;
    let username = Some(username.trim().to_string()).filter(|u| !u.is_empty());
    if username.is_none() && !password.is_empty() {
        return Err(bad("username", "Enter the user name that goes with the password.".into()));
    }
    let password = Some(password.to_string()).filter(|p| !p.is_empty());
    Ok(ProxyConfig { server: s.to_string(), port, username, password, enabled })
}

/// A proxy protocol as the path names it.
pub fn proxy_protocol(p: &str) -> Result<&'static str, AppError> {
    PROXY_PROTOCOLS.iter().map(|(v, _)| *v).find(|v| *v == p).ok_or_else(|| bad("protocol", "Choose HTTP, HTTPS or FTP.".into()))
}

/// No-proxy entries: hosts, addresses, `.domain` suffixes or IPv4 networks (`10.0.0.0/8`).
pub fn noproxy_input(text: &str) -> Result<Vec<String>, AppError> {
    let list = validate::split_list(text);
    for e in &list {
        let plain = e.strip_prefix('.').unwrap_or(e);
        let ok = match plain.split_once('/') {
            Some((net, len)) => validate::is_ipv4(net) && len.parse::<u8>().is_ok_and(|l| l <= 32),
            None => validate::host(plain).is_ok(),
        };
        if !ok {
            return Err(bad("servers", format!("“{e}” is not a host, address, .domain or network (like 10.0.0.0/8).")));
        }
    }
    Ok(list)
}

#[server(prefix = "/api", endpoint = "appliance/networking")]
pub async fn get_networking() -> Result<NetworkingOverview, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (info, dns, domains, interfaces, proxies, noproxy) = tokio::try_join!(
            vc.appliance_networking_get(),
            vc.appliance_networking_dns_servers_get(),
            vc.appliance_networking_dns_domains_list(),
            vc.appliance_networking_interfaces_list(),
            vc.appliance_networking_proxy_list(),
            vc.appliance_networking_no_proxy_get()
        )?;
        let ipv6_enabled = interfaces.iter().any(|i| i.ipv6.as_ref().is_some_and(|v| v.configurable));
        Ok(NetworkingOverview {
            hostname: info.dns.hostname,
            dns_mode: dns.mode.to_string(),
            dns_servers: info.dns.servers,
            domains,
            ipv6_enabled,
            interfaces,
            proxies: proxies.iter().map(|(p, c)| (p.to_string().to_lowercase(), c.clone())).collect(),
            noproxy,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "appliance/networking/hostname")]
pub async fn set_hostname(hostname: String) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("hostname", hostname.as_str())]);
    let name = hostname_input(&hostname).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move {
        // Renaming restarts the appliance's services: not for the name it has.
        if vc.appliance_networking_dns_hostname_get().await?.eq_ignore_ascii_case(&name) {
            return Err(AppError::invalid("hostname", format!("The appliance is already named {name}: nothing to change.")));
        }
        vc.appliance_networking_dns_hostname_set(&name).await
    })
    .await
    .map_err(keep)
}

/// Whether an interface's IPv4 settings already are `to` (the address fields count only when static).
pub fn ipv4_unchanged(now: &crate::vsphere::models::appliance::networking::interfaces::ipv4::Info, to: &crate::vsphere::models::appliance::networking::interfaces::ipv4::Config) -> bool {
    now.mode == to.mode && (to.mode.as_str() != "STATIC" || (now.address == to.address && now.prefix == to.prefix && now.default_gateway.clone().unwrap_or_default() == to.default_gateway.clone().unwrap_or_default()))
}

/// Whether an interface's IPv6 settings already are `to` (its static addresses: those of origin MANUAL).
pub fn ipv6_unchanged(now: &crate::vsphere::models::appliance::networking::interfaces::ipv6::Info, to: &crate::vsphere::models::appliance::networking::interfaces::ipv6::Config) -> bool {
    let mut manual: Vec<(String, i64)> = now.addresses.iter().filter(|a| a.origin.as_str() == "MANUAL").map(|a| (a.address.to_lowercase(), a.prefix)).collect();
    let mut wanted: Vec<(String, i64)> = to.addresses.iter().map(|a| (a.address.to_lowercase(), a.prefix)).collect();
    manual.sort();
    wanted.sort();
    now.dhcp == to.dhcp && now.autoconf == to.autoconf && manual == wanted && now.default_gateway == to.default_gateway
}

#[cfg(feature = "ssr")]
const UNCHANGED: &str = "The interface already has these settings: nothing to change (saving them would restart its network all the same).";

/// A test as the page shows it after the test form's POST: what was tested (a proxy test's protocol in
/// `scope`), and what came back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptTest {
    #[serde(default)]
    pub scope: String,
    pub input: String,
    pub outcome: TestOutcome,
}

/// Tests a host name (the appliance resolves it). A POST, since it makes the appliance contact DNS servers:
/// the outcome is kept for the page the form returns to.
#[server(prefix = "/api", endpoint = "appliance/networking/hostname/test")]
pub async fn test_hostname(hostname: String) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::networking::dns::hostname::MessageStatus;
    let keep = |e: AppError| e.with_input(&[("hostname", hostname.as_str())]);
    let name = hostname_input(&hostname).map_err(keep)?;
    let t = crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_dns_hostname_test(&name).await }).await.map_err(keep)?;
    let outcome = TestOutcome { status: t.status.to_string(), messages: t.messages.into_iter().map(|m| (m.result == MessageStatus::Success, m.message)).collect() };
    crate::api::ssr::keep_result(<TestHostname as leptos::server_fn::ServerFn>::PATH, &KeptTest { scope: String::new(), input: hostname.trim().to_string(), outcome })
}

/// The DNS servers form: how the appliance gets them (`dhcp` or `is_static`) and the list typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DnsForm {
    pub mode: String,
    #[serde(default)]
    pub servers: String,
}

#[server(prefix = "/api", endpoint = "appliance/networking/dns")]
pub async fn set_dns(#[server(flatten)] form: DnsForm) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::networking::dns::servers::{DnsServerConfig, DnsServerMode};
    let keep = |e: AppError| e.with_form(&form);
    let (m, list) = dns_input(&form.mode, &form.servers).map_err(keep)?;
    let config = DnsServerConfig { mode: m.parse::<DnsServerMode>().unwrap_or_else(|never| match never {}), servers: list };
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_dns_servers_set(&config).await }).await.map_err(keep)
}

#[server(prefix = "/api", endpoint = "appliance/networking/dns/add")]
pub async fn add_dns_server(server: String) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("server", server.as_str())]);
    let s = dns_server_input(&server).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_dns_servers_add(&s).await }).await.map_err(keep)
}

/// Tests DNS servers (the appliance queries them): a POST like [`test_hostname`].
#[server(prefix = "/api", endpoint = "appliance/networking/dns/test")]
pub async fn test_dns(servers: String) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::networking::dns::servers::MessageStatus;
    let keep = |e: AppError| e.with_input(&[("servers", servers.as_str())]);
    let list = validate::split_list(&servers).iter().map(|s| dns_server_input(s)).collect::<Result<Vec<_>, _>>().map_err(keep)?;
    if list.is_empty() {
        return Err(keep(bad("servers", "Enter at least one DNS server to test.".into())));
    }
    let t = crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_dns_servers_test(&list).await }).await.map_err(keep)?;
    let outcome = TestOutcome { status: t.status.to_string(), messages: t.messages.into_iter().map(|m| (m.result == MessageStatus::Success, m.message)).collect() };
    crate::api::ssr::keep_result(<TestDns as leptos::server_fn::ServerFn>::PATH, &KeptTest { scope: String::new(), input: servers.trim().to_string(), outcome })
}

#[server(prefix = "/api", endpoint = "appliance/networking/domains")]
pub async fn set_domains(domains: String) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("domains", domains.as_str())]);
    let list = domains_input(&domains).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_dns_domains_set(&list).await }).await.map_err(keep)
}

#[server(prefix = "/api", endpoint = "appliance/networking/domains/add")]
pub async fn add_domain(domain: String) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("domain", domain.as_str())]);
    let d = domains_input(&domain).map_err(keep)?;
    let [d] = d.as_slice() else {
        return Err(keep(bad("domain", "Enter one domain name.".into())));
    };
    let d = d.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_dns_domains_add(&d).await }).await.map_err(keep)
}

#[server(prefix = "/api", endpoint = "appliance/networking/ipv6-enabled")]
pub async fn set_ipv6_enabled(enabled: String) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::networking::UpdateSpec;
    let on = enabled == "true";
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_update(&UpdateSpec { ipv6_enabled: Some(on) }).await }).await
}

#[server(prefix = "/api", endpoint = "appliance/networking/reset")]
pub async fn reset_networking() -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_reset().await }).await?;
    leptos_axum::redirect("/appliance/networking?reset=done");
    Ok(())
}

#[server(prefix = "/api", endpoint = "appliance/networking/interface")]
pub async fn get_interface(nic: String) -> Result<InterfaceInfo, AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_interfaces_get(&nic).await }).await
}

/// An interface's IPv4 form.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ipv4Form {
    pub nic: String,
    pub mode: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub gateway: String,
}

#[server(prefix = "/api", endpoint = "appliance/networking/ipv4")]
pub async fn set_ipv4(#[server(flatten)] form: Ipv4Form) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let config = ipv4_input(&form.mode, &form.address, &form.prefix, &form.gateway).map_err(keep)?;
    let nic = form.nic.clone();
    crate::api::ssr::with_vc(|vc| async move {
        if ipv4_unchanged(&vc.appliance_networking_interfaces_ipv4_get(&nic).await?, &config) {
            return Err(AppError::invalid("mode", UNCHANGED));
        }
        vc.appliance_networking_interfaces_ipv4_set(&nic, &config).await
    })
    .await
    .map_err(keep)
}

/// An interface's IPv6 form: the DHCP and autoconfiguration boxes, the static addresses and the gateway.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ipv6Form {
    pub nic: String,
    pub dhcp: Option<String>,
    pub autoconf: Option<String>,
    #[serde(default)]
    pub addresses: String,
    #[serde(default)]
    pub gateway: String,
}

#[server(prefix = "/api", endpoint = "appliance/networking/ipv6")]
pub async fn set_ipv6(#[server(flatten)] form: Ipv6Form) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let config = ipv6_input(form.dhcp.is_some(), form.autoconf.is_some(), &form.addresses, &form.gateway).map_err(keep)?;
    let nic = form.nic.clone();
    crate::api::ssr::with_vc(|vc| async move {
        if ipv6_unchanged(&vc.appliance_networking_interfaces_ipv6_get(&nic).await?, &config) {
            return Err(AppError::invalid("addresses", UNCHANGED));
        }
        vc.appliance_networking_interfaces_ipv6_set(&nic, &config).await
    })
    .await
    .map_err(keep)
}

/// A proxy form (one per protocol); the password is never shown again, typed or saved.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ProxyForm {
    pub protocol: String,
    #[serde(default)]
    pub server: String,
    #[serde(default)]
    pub port: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    pub enabled: Option<String>,
}

#[server(prefix = "/api", endpoint = "appliance/networking/proxy")]
pub async fn set_proxy(#[server(flatten)] form: ProxyForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let p = proxy_protocol(&form.protocol).map_err(keep)?;
    let config = proxy_input(&form.server, &form.port, &form.username, &form.password, form.enabled.is_some()).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_proxy_set(p, &config).await }).await.map_err(keep)
}

#[server(prefix = "/api", endpoint = "appliance/networking/proxy/delete")]
pub async fn delete_proxy(protocol: String) -> Result<(), AppError> {
    let p = proxy_protocol(&protocol)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_proxy_delete(p).await }).await?;
    leptos_axum::redirect("/appliance/networking/proxy");
    Ok(())
}

/// Tests reaching `host` through the saved proxy of `protocol` (its password stays on the appliance: it is
/// never read back, so the test sends none). A POST, since the appliance contacts that host: the outcome is
/// kept for the page the form returns to, under the protocol's card.
#[server(prefix = "/api", endpoint = "appliance/networking/proxy/test")]
pub async fn test_proxy(protocol: String, host: String) -> Result<(), AppError> {
    use crate::vsphere::models::appliance::networking::proxy::ServerStatus;
    let keep = |e: AppError| e.with_input(&[("host", host.as_str()), ("protocol", protocol.as_str())]);
    let p = proxy_protocol(&protocol).map_err(keep)?;
    let h = validate::host(&host).map_err(|m| keep(bad("host", m)))?;
    let t = crate::api::ssr::with_vc(|vc| async move {
        let saved = vc.appliance_networking_proxy_get(p).await?;
        if saved.server.is_empty() {
            return Err(bad("proxy", format!("No {} proxy is saved: save one, then test it.", p.to_uppercase())));
        }
        vc.appliance_networking_proxy_test(p, &h, &ProxyConfig { password: None, ..saved }).await
    })
    .await
    .map_err(keep)?;
    let reachable = t.status == ServerStatus::ServerReachable;
    let outcome = TestOutcome { status: if reachable { "reachable".into() } else { "unreachable".into() }, messages: vec![(reachable, t.message.default_message)] };
    crate::api::ssr::keep_result(<TestProxy as leptos::server_fn::ServerFn>::PATH, &KeptTest { scope: p.to_string(), input: host.trim().to_string(), outcome })
}

#[server(prefix = "/api", endpoint = "appliance/networking/noproxy")]
pub async fn set_noproxy(servers: String) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("servers", servers.as_str())]);
    let list = noproxy_input(&servers).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_networking_no_proxy_set(&list).await }).await.map_err(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(e: AppError) -> String {
        e.to_string()
    }

    #[test]
    fn settings_that_are_already_there_are_not_sent_again() {
        let v4: ipv4::Info = serde_json::from_value(serde_json::json!({"configurable": true, "mode": "STATIC", "address": "10.0.0.5", "prefix": 24, "default_gateway": "10.0.0.1"})).unwrap();
        assert!(ipv4_unchanged(&v4, &ipv4_input("STATIC", "10.0.0.5", "24", "10.0.0.1").unwrap()));
        assert!(!ipv4_unchanged(&v4, &ipv4_input("STATIC", "10.0.0.6", "24", "10.0.0.1").unwrap()));
        assert!(!ipv4_unchanged(&v4, &ipv4_input("DHCP", "", "", "").unwrap()));
        let dhcp: ipv4::Info = serde_json::from_value(serde_json::json!({"configurable": true, "mode": "DHCP", "address": "10.0.0.77", "prefix": 24})).unwrap();
        assert!(ipv4_unchanged(&dhcp, &ipv4_input("DHCP", "", "", "").unwrap()), "a DHCP address is the server's, not a setting");
        let v6: ipv6::Info = serde_json::from_value(serde_json::json!({"dhcp": false, "autoconf": true, "default_gateway": "fd00::1", "configurable": true, "addresses": [
            {"origin": "MANUAL", "status": "PREFERRED", "address": "FD00::20", "prefix": 64},
            {"origin": "RANDOM", "status": "PREFERRED", "address": "fd00::abcd", "prefix": 64}]})).unwrap();
        assert!(ipv6_unchanged(&v6, &ipv6_input(false, true, "fd00::20/64", "fd00::1").unwrap()));
        assert!(!ipv6_unchanged(&v6, &ipv6_input(false, true, "fd00::21/64", "fd00::1").unwrap()));
        assert!(!ipv6_unchanged(&v6, &ipv6_input(true, true, "fd00::20/64", "fd00::1").unwrap()));
    }

    #[test]
    fn hostnames_and_dns() {
        assert_eq!(hostname_input(" vc.corp.local ").unwrap(), "vc.corp.local");
        assert!(msg(hostname_input("vc_01").unwrap_err()).contains("not a valid host name"));
        assert!(msg(hostname_input("").unwrap_err()).contains("Enter a host name"));
        assert_eq!(dns_input("is_static", "10.0.0.2\n10.0.0.3").unwrap().1, vec!["10.0.0.2", "10.0.0.3"]);
        assert!(msg(dns_input("is_static", "dns.corp.local").unwrap_err()).contains("not an IP address"));
        assert!(msg(dns_input("is_static", "").unwrap_err()).contains("at least one"));
        assert!(dns_input("dhcp", "garbage").unwrap().1.is_empty(), "DHCP ignores the list");
        assert_eq!(domains_input("corp.local, lab.corp.local").unwrap().len(), 2);
        assert!(msg(domains_input("corp local!").unwrap_err()).contains("“local!” is not a valid domain"));
    }

    #[test]
    fn ipv4_settings() {
        let c = ipv4_input("STATIC", "10.0.0.20", "24", "10.0.0.1").unwrap();
        assert_eq!((c.address.as_deref(), c.prefix, c.default_gateway.as_deref()), (Some("10.0.0.20"), Some(24), Some("10.0.0.1")));
        assert!(msg(ipv4_input("STATIC", "10.0.0.256", "24", "").unwrap_err()).contains("not an IPv4 address"));
        assert!(msg(ipv4_input("STATIC", "10.0.0.20", "33", "").unwrap_err()).contains("between 0 and 32"));
        assert!(msg(ipv4_input("STATIC", "10.0.0.20", "0", "").unwrap_err()).contains("between 1 and 32"));
        assert!(msg(ipv4_input("STATIC", "10.0.0.20", "24", "10.0.1.1").unwrap_err()).contains("not in the subnet of 10.0.0.20/24"));
        assert!(ipv4_input("STATIC", "10.0.0.20", "16", "10.0.1.1").is_ok(), "a /16 holds it");
        assert_eq!(ipv4_input("DHCP", "junk", "junk", "junk").unwrap().address, None);
        assert!(ipv4_input("MAGIC", "", "", "").is_err());
    }

    #[test]
    fn ipv6_settings() {
        let c = ipv6_input(false, true, "fd00:10::20/64\nfd00:20::1/128", "fd00:10::1").unwrap();
        assert_eq!(c.addresses.len(), 2);
        assert!(msg(ipv6_input(false, false, "fd00:10::20", "").unwrap_err()).contains("address/prefix"));
        assert!(msg(ipv6_input(false, false, "fd00::zz/64", "").unwrap_err()).contains("not an IPv6 address"));
        assert!(msg(ipv6_input(false, false, "fd00::1/129", "").unwrap_err()).contains("between 0 and 128"));
        assert!(msg(ipv6_input(false, false, "", "10.0.0.1").unwrap_err()).contains("not an IPv6 address"));
    }

    #[test]
    fn proxies_and_noproxy() {
        let c = proxy_input("http://proxy.corp.local", "3128", "svc", "pw", true).unwrap();
        assert_eq!((c.port, c.username.as_deref(), c.password.as_deref()), (3128, Some("svc"), Some("pw")));
        assert!(msg(proxy_input("proxy corp", "3128", "", "", true).unwrap_err()).contains("not a valid host name"));
        assert!(msg(proxy_input("proxy.corp.local", "99999", "", "", true).unwrap_err()).contains("not a port"));
        assert!(msg(proxy_input("proxy.corp.local", "3128", "", "pw", true).unwrap_err()).contains("user name"));
        assert!(proxy_protocol("gopher").is_err());
        assert_eq!(noproxy_input("localhost .corp.local 10.0.0.0/8").unwrap().len(), 3);
        assert!(msg(noproxy_input("10.0.0.0/40").unwrap_err()).contains("not a host"));
    }
}
