//! `appliance/networking`: overview, IPv6 switch, reset; DNS servers, search domains, host name; interfaces
//! with their IPv4 and IPv6; proxies and the no-proxy list.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::networking::dns::hostname::TestStatusInfo as HostnameTest;
use crate::vsphere::models::appliance::networking::dns::servers::{DnsServerConfig, TestStatusInfo as DnsTest};
use crate::vsphere::models::appliance::networking::interfaces::{ipv4, ipv6, InterfaceInfo};
use crate::vsphere::models::appliance::networking::proxy::{Config as ProxyConfig, Protocol, TestResult};
use crate::vsphere::models::appliance::networking::Info;
use crate::vsphere::rest::{encode_component, Query, VapiMap};
use serde_json::json;

const BASE: &str = "/rest/appliance/networking";

impl VcSession {
    /// `GET /rest/appliance/networking`: DNS and every interface.
    pub async fn networking_get(&self) -> Result<Info, AppError> {
        self.get(BASE, &Query::new()).await
    }

    /// `PATCH /rest/appliance/networking`: IPv6 on or off.
    pub async fn networking_update(&self, ipv6_enabled: bool) -> Result<(), AppError> {
        self.patch(BASE, &json!({ "spec": { "ipv6_enabled": ipv6_enabled } })).await
    }

    /// `POST /rest/appliance/networking?action=reset`: restarts networking, renews DHCP leases.
    pub async fn networking_reset(&self) -> Result<(), AppError> {
        self.post(&format!("{BASE}?action=reset"), None::<&()>).await
    }

    /// `GET /rest/appliance/networking/dns/domains`
    pub async fn networking_dns_domains_list(&self) -> Result<Vec<String>, AppError> {
        self.get(&format!("{BASE}/dns/domains"), &Query::new()).await
    }

    /// `POST /rest/appliance/networking/dns/domains`
    pub async fn networking_dns_domains_add(&self, domain: &str) -> Result<(), AppError> {
        self.post(&format!("{BASE}/dns/domains"), Some(&json!({ "domain": domain }))).await
    }

    /// `PUT /rest/appliance/networking/dns/domains`
    pub async fn networking_dns_domains_set(&self, domains: &[String]) -> Result<(), AppError> {
        self.put(&format!("{BASE}/dns/domains"), &json!({ "domains": domains })).await
    }

    /// `GET /rest/appliance/networking/dns/hostname`
    pub async fn networking_dns_hostname_get(&self) -> Result<String, AppError> {
        self.get(&format!("{BASE}/dns/hostname"), &Query::new()).await
    }

    /// `PUT /rest/appliance/networking/dns/hostname`
    pub async fn networking_dns_hostname_set(&self, name: &str) -> Result<(), AppError> {
        self.put(&format!("{BASE}/dns/hostname"), &json!({ "name": name })).await
    }

    /// `POST /rest/appliance/networking/dns/hostname/test`
    pub async fn networking_dns_hostname_test(&self, name: &str) -> Result<HostnameTest, AppError> {
        self.post(&format!("{BASE}/dns/hostname/test"), Some(&json!({ "name": name }))).await
    }

    /// `GET /rest/appliance/networking/dns/servers`
    pub async fn networking_dns_servers_get(&self) -> Result<DnsServerConfig, AppError> {
        self.get(&format!("{BASE}/dns/servers"), &Query::new()).await
    }

    /// `PUT /rest/appliance/networking/dns/servers`
    pub async fn networking_dns_servers_set(&self, config: &DnsServerConfig) -> Result<(), AppError> {
        self.put(&format!("{BASE}/dns/servers"), &json!({ "config": config })).await
    }

    /// `POST /rest/appliance/networking/dns/servers`: adds one.
    pub async fn networking_dns_servers_add(&self, server: &str) -> Result<(), AppError> {
        self.post(&format!("{BASE}/dns/servers"), Some(&json!({ "server": server }))).await
    }

    /// `POST /rest/appliance/networking/dns/servers/test`
    pub async fn networking_dns_servers_test(&self, servers: &[String]) -> Result<DnsTest, AppError> {
        self.post(&format!("{BASE}/dns/servers/test"), Some(&json!({ "servers": servers }))).await
    }

    /// `GET /rest/appliance/networking/interfaces`
    pub async fn networking_interfaces_list(&self) -> Result<Vec<InterfaceInfo>, AppError> {
        self.get(&format!("{BASE}/interfaces"), &Query::new()).await
    }

    /// `GET /rest/appliance/networking/interfaces/{interface_name}`
    pub async fn networking_interfaces_get(&self, nic: &str) -> Result<InterfaceInfo, AppError> {
        self.get(&format!("{BASE}/interfaces/{}", encode_component(nic)), &Query::new()).await
    }

    /// `GET /rest/appliance/networking/interfaces/{interface_name}/ipv4`
    pub async fn networking_ipv4_get(&self, nic: &str) -> Result<ipv4::Info, AppError> {
        self.get(&format!("{BASE}/interfaces/{}/ipv4", encode_component(nic)), &Query::new()).await
    }

    /// `PUT /rest/appliance/networking/interfaces/{interface_name}/ipv4`
    pub async fn networking_ipv4_set(&self, nic: &str, config: &ipv4::Config) -> Result<(), AppError> {
        self.put(&format!("{BASE}/interfaces/{}/ipv4", encode_component(nic)), &json!({ "config": config })).await
    }

    /// `GET /rest/appliance/networking/interfaces/{interface_name}/ipv6`
    pub async fn networking_ipv6_get(&self, nic: &str) -> Result<ipv6::Info, AppError> {
        self.get(&format!("{BASE}/interfaces/{}/ipv6", encode_component(nic)), &Query::new()).await
    }

    /// `PUT /rest/appliance/networking/interfaces/{interface_name}/ipv6`
    pub async fn networking_ipv6_set(&self, nic: &str, config: &ipv6::Config) -> Result<(), AppError> {
        self.put(&format!("{BASE}/interfaces/{}/ipv6", encode_component(nic)), &json!({ "config": config })).await
    }

    /// `GET /rest/appliance/networking/noproxy`
    pub async fn networking_noproxy_get(&self) -> Result<Vec<String>, AppError> {
        self.get(&format!("{BASE}/noproxy"), &Query::new()).await
    }

    /// `PUT /rest/appliance/networking/noproxy`
    pub async fn networking_noproxy_set(&self, servers: &[String]) -> Result<(), AppError> {
        self.put(&format!("{BASE}/noproxy"), &json!({ "servers": servers })).await
    }

    /// `GET /rest/appliance/networking/proxy`: every protocol's proxy.
    pub async fn networking_proxy_list(&self) -> Result<VapiMap<Protocol, ProxyConfig>, AppError> {
        self.get(&format!("{BASE}/proxy"), &Query::new()).await
    }

    /// `GET /rest/appliance/networking/proxy/{protocol}`
    pub async fn networking_proxy_get(&self, protocol: &str) -> Result<ProxyConfig, AppError> {
        self.get(&format!("{BASE}/proxy/{}", encode_component(protocol)), &Query::new()).await
    }

    /// `PUT /rest/appliance/networking/proxy/{protocol}`
    pub async fn networking_proxy_set(&self, protocol: &str, config: &ProxyConfig) -> Result<(), AppError> {
        self.put(&format!("{BASE}/proxy/{}", encode_component(protocol)), &json!({ "config": config })).await
    }

    /// `DELETE /rest/appliance/networking/proxy/{protocol}`
    pub async fn networking_proxy_delete(&self, protocol: &str) -> Result<(), AppError> {
        self.delete(&format!("{BASE}/proxy/{}", encode_component(protocol))).await
    }

    /// `POST /rest/appliance/networking/proxy/{protocol}?action=test`: reach `host` through this proxy.
    pub async fn networking_proxy_test(&self, protocol: &str, host: &str, config: &ProxyConfig) -> Result<TestResult, AppError> {
        self.post(&format!("{BASE}/proxy/{}?action=test", encode_component(protocol)), Some(&json!({ "host": host, "config": config }))).await
    }
}
