//! `appliance/networking` through our client against the simulator: the overview, host name, DNS servers
//! and domains, IPv4 / IPv6 per interface, proxies and the no-proxy list — changes persist and show in the
//! overview, bad values are refused with a message and change nothing, tests report each server.

use crate::common;

use app::error::VapiErrorKind;
use app::vsphere::models::appliance::networking::dns::hostname::TestStatus as HostStatus;
use app::vsphere::models::appliance::networking::dns::servers::{DnsServerConfig, DnsServerMode, TestStatus as DnsStatus};
use app::vsphere::models::appliance::networking::dns_info::DnsMode;
use app::vsphere::models::appliance::networking::interfaces::{ipv4, ipv6, InterfaceStatus};
use app::vsphere::models::appliance::networking::proxy::{Config as ProxyConfig, Protocol, ServerStatus};
use common::*;

fn invalid(e: &app::error::AppError, text: &str) -> bool {
    e.is(VapiErrorKind::Error) && e.to_string().contains(text)
}

#[test]
fn hostname_dns_and_domains() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let o = s.appliance_networking_get().await.unwrap();
        assert_eq!((o.dns.hostname.as_str(), o.dns.mode.clone(), o.dns.servers.clone()), ("vcsa-01.corp.local", DnsMode::Static, vec!["10.0.0.2".to_string(), "10.0.0.3".to_string()]));
        assert_eq!(o.interfaces.len(), 2);
        assert_eq!(o.interfaces.get(&"nic0".to_string()).unwrap().status, InterfaceStatus::Up);

        s.appliance_networking_dns_hostname_set("vcenter.corp.local").await.unwrap();
        assert_eq!(s.appliance_networking_dns_hostname_get().await.unwrap(), "vcenter.corp.local");
        assert_eq!(s.appliance_networking_get().await.unwrap().dns.hostname, "vcenter.corp.local", "the overview shows it");
        assert!(invalid(&s.appliance_networking_dns_hostname_set("bad_name!").await.unwrap_err(), "not a valid host name"));
        assert_eq!(s.appliance_networking_dns_hostname_test("vcenter.corp.local").await.unwrap().status, HostStatus::Green);
        assert_eq!(s.appliance_networking_dns_hostname_test("other.elsewhere.net").await.unwrap().status, HostStatus::Orange);
        let red = s.appliance_networking_dns_hostname_test("nope.invalid").await.unwrap();
        assert_eq!(red.status, HostStatus::Red);
        assert!(red.messages[0].message.contains("Could not resolve nope.invalid"));

        s.appliance_networking_dns_servers_add("10.0.0.4").await.unwrap();
        assert_eq!(s.appliance_networking_dns_servers_get().await.unwrap().servers, vec!["10.0.0.2", "10.0.0.3", "10.0.0.4"]);
        assert!(invalid(&s.appliance_networking_dns_servers_add("dns.corp.local").await.unwrap_err(), "not an IP address"));
        let e = s.appliance_networking_dns_servers_set(&DnsServerConfig { mode: DnsServerMode::IsStatic, servers: vec!["10.0.0.9".into(), "999.1.1.1".into()] }).await.unwrap_err();
        assert!(invalid(&e, "'999.1.1.1' is not an IP address"), "{e}");
        assert_eq!(s.appliance_networking_dns_servers_get().await.unwrap().servers.len(), 3, "a refused list changes nothing");
        s.appliance_networking_dns_servers_set(&DnsServerConfig { mode: DnsServerMode::Dhcp, servers: vec![] }).await.unwrap();
        assert_eq!(s.appliance_networking_get().await.unwrap().dns.mode, DnsMode::Dhcp);
        let e = s.appliance_networking_dns_servers_add("10.0.0.5").await.unwrap_err();
        assert!(e.is(VapiErrorKind::Error), "{e}");
        let t = s.appliance_networking_dns_servers_test(&["10.0.0.2".into(), "192.0.2.53".into()]).await.unwrap();
        assert_eq!(t.status, DnsStatus::Orange);
        assert!(t.messages[1].message.contains("did not answer"));

        s.appliance_networking_dns_domains_add("lab.corp.local").await.unwrap();
        assert_eq!(s.appliance_networking_dns_domains_list().await.unwrap(), vec!["corp.local", "lab.corp.local"]);
        s.appliance_networking_dns_domains_set(&["corp.local".into()]).await.unwrap();
        assert_eq!(s.appliance_networking_dns_domains_list().await.unwrap(), vec!["corp.local"]);
        assert!(invalid(&s.appliance_networking_dns_domains_add("bad domain").await.unwrap_err(), "not a valid domain"));
    })
}

#[test]
fn interfaces_ipv4_and_ipv6() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let v4 = s.appliance_networking_interfaces_ipv4_get("nic0").await.unwrap();
        assert_eq!((v4.mode, v4.address.as_deref(), v4.prefix, v4.default_gateway.as_deref()), (ipv4::Mode::Static, Some("10.0.0.20"), Some(24), Some("10.0.0.1")));
        let stat = |a: &str, p: i64, g: &str| ipv4::Config { mode: ipv4::Mode::Static, address: Some(a.into()), prefix: Some(p), default_gateway: Some(g.into()) };
        s.appliance_networking_interfaces_ipv4_set("nic1", &stat("192.168.50.10", 24, "192.168.50.1")).await.unwrap();
        let nic1 = s.appliance_networking_interfaces_get("nic1").await.unwrap();
        assert_eq!((nic1.status, nic1.ipv4.unwrap().address.as_deref()), (InterfaceStatus::Up, Some("192.168.50.10")));
        assert!(invalid(&s.appliance_networking_interfaces_ipv4_set("nic1", &stat("192.168.50.300", 24, "")).await.unwrap_err(), "not a valid IPv4 address"));
        assert!(invalid(&s.appliance_networking_interfaces_ipv4_set("nic1", &stat("192.168.50.10", 33, "")).await.unwrap_err(), "out of range 1-32"));
        assert!(invalid(&s.appliance_networking_interfaces_ipv4_set("nic1", &stat("192.168.50.10", 24, "192.168.60.1")).await.unwrap_err(), "not in the subnet"));
        assert_eq!(s.appliance_networking_interfaces_ipv4_get("nic1").await.unwrap().address.as_deref(), Some("192.168.50.10"), "refusals change nothing");
        s.appliance_networking_interfaces_ipv4_set("nic1", &ipv4::Config { mode: ipv4::Mode::Dhcp, address: None, prefix: None, default_gateway: None }).await.unwrap();
        assert_eq!(s.appliance_networking_interfaces_ipv4_get("nic1").await.unwrap().address.as_deref(), Some("10.0.0.150"), "a DHCP lease");
        assert!(s.appliance_networking_interfaces_ipv4_get("nic7").await.unwrap_err().is(VapiErrorKind::NotFound));

        let v6 = s.appliance_networking_interfaces_ipv6_get("nic0").await.unwrap();
        assert!(v6.configurable && v6.addresses.iter().any(|a| a.origin == ipv6::Origin::Linklayer && a.address == "fe80::250:56ff:fe9a:3c01"), "{v6:?}");
        let cfg = ipv6::Config { dhcp: false, autoconf: true, addresses: vec![ipv6::Address { address: "fd00:10::20".into(), prefix: 64 }], default_gateway: "fd00:10::1".into() };
        s.appliance_networking_interfaces_ipv6_set("nic0", &cfg).await.unwrap();
        let v6 = s.appliance_networking_interfaces_ipv6_get("nic0").await.unwrap();
        assert!(v6.autoconf && v6.addresses.iter().any(|a| a.origin == ipv6::Origin::Manual && a.address == "fd00:10::20"));
        let bad = ipv6::Config { addresses: vec![ipv6::Address { address: "fd00::zz".into(), prefix: 64 }], ..cfg.clone() };
        assert!(invalid(&s.appliance_networking_interfaces_ipv6_set("nic0", &bad).await.unwrap_err(), "not a valid IPv6 address"));
        s.appliance_networking_update(&app::vsphere::models::appliance::networking::UpdateSpec { ipv6_enabled: Some(false) }).await.unwrap();
        assert!(s.appliance_networking_interfaces_ipv6_get("nic0").await.unwrap().addresses.is_empty(), "IPv6 off: no addresses");
        assert!(s.appliance_networking_interfaces_ipv6_set("nic0", &cfg).await.unwrap_err().is(VapiErrorKind::Error));
        s.appliance_networking_update(&app::vsphere::models::appliance::networking::UpdateSpec { ipv6_enabled: Some(true) }).await.unwrap();
    })
}

#[test]
fn proxies_noproxy_and_reset() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let list = s.appliance_networking_proxy_list().await.unwrap();
        assert_eq!(list.len(), 3);
        assert!(!list.get(&Protocol::Https).unwrap().enabled);
        let cfg = ProxyConfig { server: "http://proxy.corp.local".into(), port: 3128, username: Some("svc-proxy".into()), password: Some("S3cret!".into()), enabled: true };
        s.appliance_networking_proxy_set("https", &cfg).await.unwrap();
        let got = s.appliance_networking_proxy_get("https").await.unwrap();
        assert_eq!((got.server.as_str(), got.port, got.username.as_deref(), got.enabled), ("http://proxy.corp.local", 3128, Some("svc-proxy"), true));
        assert_eq!(got.password, None, "the password is never read back");
        assert!(invalid(&s.appliance_networking_proxy_set("https", &ProxyConfig { port: 0, ..cfg.clone() }).await.unwrap_err(), "out of range"));
        assert!(invalid(&s.appliance_networking_proxy_set("gopher", &cfg).await.unwrap_err(), "not a proxy protocol"));
        let t = s.appliance_networking_proxy_test("https", "www.vmware.com", &cfg).await.unwrap();
        assert_eq!(t.status, ServerStatus::ServerReachable);
        let t = s.appliance_networking_proxy_test("https", "www.vmware.com", &ProxyConfig { server: "proxy.example".into(), ..cfg.clone() }).await.unwrap();
        assert_eq!(t.status, ServerStatus::ServerUnreachable);
        assert!(t.message.default_message.contains("Could not connect to the proxy proxy.example:3128"));
        s.appliance_networking_proxy_delete("https").await.unwrap();
        assert!(!s.appliance_networking_proxy_get("https").await.unwrap().enabled);

        assert_eq!(s.appliance_networking_no_proxy_get().await.unwrap(), vec!["localhost", "127.0.0.1"]);
        s.appliance_networking_no_proxy_set(&["localhost".into(), ".corp.local".into(), "10.0.0.0/8".into()]).await.unwrap();
        assert_eq!(s.appliance_networking_no_proxy_get().await.unwrap().len(), 3);
        assert!(invalid(&s.appliance_networking_no_proxy_set(&["10.0.0.0/40".into()]).await.unwrap_err(), "not a host, address, domain or network"));

        s.appliance_networking_reset().await.unwrap();
        assert_eq!(sim.networking.resets(), 1);
        assert_eq!(s.appliance_networking_get().await.unwrap().dns.hostname, "vcsa-01.corp.local", "a reset keeps the configuration");
    })
}
