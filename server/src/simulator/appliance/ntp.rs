//! `appliance/ntp`: the NTP servers (get / set) and a reachability test of any list of servers.
//!
//! The simulated network: every valid host name or address answers NTP, except names under the reserved
//! `.invalid`, `.example` and `.test` domains and the documentation address ranges (192.0.2.0/24,
//! 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), which do not — so a test has both outcomes to show.

use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use crate::simulator::rules;
use app::vsphere::models::appliance::ntp::{LocalizableMessage, ServerStatus, TestRunStatus};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::net::IpAddr;
use std::sync::Mutex;

pub struct Ntp {
    servers: Mutex<Vec<String>>,
}

impl Default for Ntp {
    fn default() -> Self {
        Ntp { servers: Mutex::new(vec!["0.vmware.pool.ntp.org".into(), "1.vmware.pool.ntp.org".into()]) }
    }
}

impl Ntp {
    pub fn servers(&self) -> Vec<String> {
        self.servers.lock().unwrap().clone()
    }
}

/// Whether `server` answers in the simulated network (see the module doc).
pub fn reachable(server: &str) -> bool {
    let s = server.trim_end_matches('.').to_ascii_lowercase();
    if [".invalid", ".example", ".test"].iter().any(|tld| s.ends_with(tld)) {
        return false;
    }
    match s.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => {
            let o = a.octets();
            !matches!((o[0], o[1], o[2]), (192, 0, 2) | (198, 51, 100) | (203, 0, 113)) && !a.is_unspecified()
        }
        Ok(IpAddr::V6(a)) => {
            let seg = a.segments();
            !(seg[0] == 0x2001 && seg[1] == 0x0db8) && !a.is_unspecified()
        }
        Err(_) => true,
    }
}

/// Refuses a list with an entry that is neither a host name nor an address, naming it.
pub fn check_hosts(servers: &[String], what: &str) -> Result<(), SimError> {
    if let Some(bad) = servers.iter().find(|s| !rules::is_host(s)) {
        return Err(SimError::error(
            &format!("com.vmware.appliance.{what}.server.invalid"),
            format!("'{bad}' is not a valid host name or IP address."),
            &[bad],
        ));
    }
    Ok(())
}

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/appliance/ntp", get(get_servers).put(set_servers)).route("/rest/appliance/ntp/test", post(test))
}

#[derive(Deserialize)]
struct Servers {
    servers: Vec<String>,
}

async fn get_servers(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.ntp.servers())
}

async fn set_servers(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let Servers { servers } = body(&bytes)?;
    check_hosts(&servers, "ntp")?;
    *s.ntp.servers.lock().unwrap() = servers;
    Ok(ok_void())
}

async fn test(_: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let Servers { servers } = body(&bytes)?;
    check_hosts(&servers, "ntp")?;
    let results: Vec<TestRunStatus> = servers
        .into_iter()
        .map(|server| {
            let up = reachable(&server);
            let message = if up {
                LocalizableMessage { id: "com.vmware.appliance.ntp.server.reachable".into(), default_message: format!("NTP server {server} is reachable and answers time requests."), args: vec![server.clone()] }
            } else {
                LocalizableMessage { id: "com.vmware.appliance.ntp.server.unreachable".into(), default_message: format!("Could not reach NTP server {server}: no answer on UDP port 123."), args: vec![server.clone()] }
            };
            TestRunStatus { status: if up { ServerStatus::ServerReachable } else { ServerStatus::ServerUnreachable }, server, message }
        })
        .collect();
    Ok(ok(results))
}
