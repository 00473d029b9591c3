//! Appliance › Syslog server functions (`appliance/logging/forwarding`): up to three remote syslog servers,
//! saved together, and a test of the saved ones.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The appliance forwards to at most this many servers.
pub const MAX_SYSLOG_SERVERS: usize = 3;

/// The protocols, as the API names them, with their usual port.
pub const PROTOCOLS: &[(&str, &str, i64)] = &[("TLS", "TLS (encrypted)", 6514), ("TCP", "TCP", 514), ("RELP", "RELP (reliable)", 20514), ("UDP", "UDP", 514)];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyslogServer {
    pub hostname: String,
    pub port: i64,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyslogStatus {
    pub hostname: String,
    /// `UP`, `DOWN` or `UNKNOWN`.
    pub state: String,
    pub message: String,
}

/// The rows of the form (host, port, protocol); rows without a host are left out. An empty port takes the
/// protocol's usual one. Messages name the row.
pub fn syslog_servers(rows: &[(&str, &str, &str)]) -> Result<Vec<SyslogServer>, AppError> {
    let mut out = Vec::new();
    for (i, (host, port, protocol)) in rows.iter().enumerate() {
        let n = i + 1;
        if host.trim().is_empty() {
            continue;
        }
        // The row's input (`host2`), and a message that says which server it is.
        let bad = |part: &str, m: String| AppError::invalid(&format!("{part}{n}"), format!("Syslog server {n}: {m}"));
        let hostname = crate::validate::host(host).map_err(|m| bad("host", m))?;
        let (p, _, usual) = PROTOCOLS.iter().find(|(p, _, _)| p == protocol).ok_or_else(|| bad("protocol", "choose a protocol.".into()))?;
        let port = if port.trim().is_empty() { *usual } else { crate::validate::port(port).map_err(|m| bad("port", m))? };
        out.push(SyslogServer { hostname, port, protocol: p.to_string() });
    }
    if out.len() > MAX_SYSLOG_SERVERS {
        return Err(AppError::invalid("servers", format!("At most {MAX_SYSLOG_SERVERS} syslog servers can be configured.")));
    }
    Ok(out)
}

#[server(prefix = "/api", endpoint = "appliance/logging")]
pub async fn get_syslog() -> Result<Vec<SyslogServer>, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        Ok(vc.appliance_logging_forwarding_get().await?.into_iter().map(|c| SyslogServer { hostname: c.hostname, port: c.port, protocol: c.protocol.to_string() }).collect())
    })
    .await
}

/// The syslog form: three rows of host, port and protocol (an empty host leaves its row out).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SyslogForm {
    pub host1: String,
    pub port1: String,
    pub protocol1: String,
    pub host2: String,
    pub port2: String,
    pub protocol2: String,
    pub host3: String,
    pub port3: String,
    pub protocol3: String,
}

#[server(prefix = "/api", endpoint = "appliance/logging/set")]
pub async fn set_syslog(#[server(flatten)] form: SyslogForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let f = &form;
    let rows = [(f.host1.as_str(), f.port1.as_str(), f.protocol1.as_str()), (f.host2.as_str(), f.port2.as_str(), f.protocol2.as_str()), (f.host3.as_str(), f.port3.as_str(), f.protocol3.as_str())];
    let servers = syslog_servers(&rows).map_err(keep)?;
    use crate::vsphere::models::appliance::logging::forwarding::{Config, Protocol};
    let configs: Vec<Config> = servers
        .into_iter()
        .map(|s| Config { hostname: s.hostname, port: s.port, protocol: s.protocol.parse::<Protocol>().unwrap_or_else(|never| match never {}) })
        .collect();
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_logging_forwarding_set(&configs).await }).await.map_err(keep)
}

/// A test of the saved servers, as the page shows it after the test form's POST.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyslogTest {
    /// A test message was sent too.
    pub sent: bool,
    pub results: Vec<SyslogStatus>,
}

/// Tests the saved servers, optionally sending them a test message. A POST (it makes the appliance contact
/// those servers, and a reload must not do it again): the results are kept for the page it returns to.
#[server(prefix = "/api", endpoint = "appliance/logging/test")]
pub async fn test_syslog(send_test_message: Option<String>) -> Result<(), AppError> {
    let sent = send_test_message.is_some();
    let results = crate::api::ssr::with_vc(|vc| async move {
        Ok(vc
            .appliance_logging_forwarding_test(Some(sent))
            .await?
            .into_iter()
            .map(|s| SyslogStatus { hostname: s.hostname, state: s.state.to_string(), message: s.message.map(|m| m.default_message).unwrap_or_default() })
            .collect())
    })
    .await?;
    crate::api::ssr::keep_result(<TestSyslog as leptos::server_fn::ServerFn>::PATH, &SyslogTest { sent, results })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_servers() {
        let s = syslog_servers(&[("logs.corp.local", "", "TLS"), ("", "", "UDP"), ("10.0.0.9", "1514", "UDP")]).unwrap();
        assert_eq!(s.len(), 2, "the empty row is left out");
        assert_eq!((s[0].port, s[0].protocol.as_str()), (6514, "TLS"), "an empty port takes the protocol's usual one");
        assert_eq!(s[1].port, 1514);
        assert!(syslog_servers(&[("", "", "TCP"); 3]).unwrap().is_empty(), "no rows: forwarding off");
    }

    #[test]
    fn bad_rows_are_named() {
        // The message names the row in words; the field is the row's input, so the form marks that one.
        let e = syslog_servers(&[("ok.local", "514", "TCP"), ("bad host", "514", "TCP")]).unwrap_err();
        assert_eq!(e.invalid_field(), Some("host2"));
        let e = e.to_string();
        assert!(e.starts_with("Syslog server 2: ") && e.contains("not a valid host name"), "{e}");
        assert_eq!(syslog_servers(&[("ok.local", "x", "TCP")]).unwrap_err().invalid_field(), Some("port1"));
        let e = syslog_servers(&[("ok.local", "70000", "TCP")]).unwrap_err().to_string();
        assert!(e.contains("1 to 65535"), "{e}");
        let e = syslog_servers(&[("ok.local", "514", "SMTP")]).unwrap_err();
        assert_eq!((e.invalid_field(), e.to_string().as_str()), (Some("protocol1"), "Syslog server 1: choose a protocol."));
        assert!(syslog_servers(&[("a.local", "", "TCP"), ("b.local", "", "TCP"), ("c.local", "", "TCP"), ("d.local", "", "TCP")])
            .unwrap_err()
            .to_string()
            .contains("At most 3"));
    }
}
