//! `appliance/logging`: syslog forwarding to at most three remote servers (get / set) and a test of the
//! configured ones, optionally sending a test message.
//!
//! The test reads the simulated network as the NTP test does ([`super::ntp::reachable`]): TCP, TLS and RELP
//! servers are UP or DOWN; over UDP, which has no connection, the state is UNKNOWN unless the host is known
//! to be unreachable — as the real appliance reports it.

use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::logging::forwarding::{connection_status::State as LinkState, Config, ConnectionStatus, Protocol};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::{Query, VapiErrorKind};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::sync::Mutex;

/// The appliance forwards to at most this many servers.
pub const MAX_SERVERS: usize = 3;

#[derive(Default)]
pub struct Logging {
    servers: Mutex<Vec<Config>>,
    /// Test messages sent, per host (tests read it).
    pub test_messages: Mutex<Vec<String>>,
}

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/appliance/logging/forwarding", get(get_config).put(set_config).post(test))
}

async fn get_config(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.logging.servers.lock().unwrap().clone())
}

#[derive(Deserialize)]
struct SetBody {
    cfg_list: Vec<Config>,
}

fn invalid(id: &str, message: String, arg: &str) -> SimError {
    SimError::invalid_argument(&format!("com.vmware.appliance.logging.forwarding.{id}"), message, &[arg])
}

/// RELP is accepted beside the 6.7 enum's TLS, TCP and UDP, as the appliance does since 6.7 U2.
fn protocol_ok(p: &Protocol) -> bool {
    !matches!(p, Protocol::UnknownValue(v) if v != "RELP")
}

async fn set_config(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let SetBody { cfg_list } = body(&bytes)?;
    if cfg_list.len() > MAX_SERVERS {
        let n = cfg_list.len().to_string();
        // The reference's answer for too many configurations: `unable_to_allocate_resource`.
        return Err(SimError::new(
            VapiErrorKind::Other("unable_to_allocate_resource".into()),
            "com.vmware.appliance.logging.forwarding.too_many",
            format!("At most {MAX_SERVERS} syslog servers can be configured; {n} were given."),
            &[&n],
        ));
    }
    for c in &cfg_list {
        if !crate::simulator::rules::is_host(&c.hostname) {
            return Err(invalid("hostname.invalid", format!("'{}' is not a valid host name or IP address.", c.hostname), &c.hostname));
        }
        if !(1..=65_535).contains(&c.port) {
            let p = c.port.to_string();
            return Err(invalid("port.invalid", format!("Port {p} of {} is out of range 1-65535.", c.hostname), &p));
        }
        if !protocol_ok(&c.protocol) {
            let p = c.protocol.to_string();
            return Err(invalid("protocol.invalid", format!("'{p}' is not a protocol; use TLS, TCP, UDP or RELP."), &p));
        }
    }
    *s.logging.servers.lock().unwrap() = cfg_list;
    Ok(ok_void())
}

#[derive(Deserialize, Default)]
struct TestBody {
    #[serde(default)]
    send_test_message: Option<bool>,
}

async fn test(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    if q.get("action") != Some("test") && q.get("~action") != Some("test") {
        return Err(SimError::no_operation("POST /rest/appliance/logging/forwarding"));
    }
    let TestBody { send_test_message } = if bytes.is_empty() { TestBody::default() } else { body(&bytes)? };
    let send = send_test_message.unwrap_or(false);
    let servers = s.logging.servers.lock().unwrap().clone();
    let msg = |id: &str, text: String, host: &str| LocalizableMessage { id: format!("com.vmware.appliance.logging.forwarding.{id}"), default_message: text, args: vec![host.to_string()] };
    let results: Vec<ConnectionStatus> = servers
        .into_iter()
        .map(|c| {
            let up = super::ntp::reachable(&c.hostname);
            let target = format!("{}:{}", c.hostname, c.port);
            let (state, message) = match (&c.protocol, up) {
                (_, false) => (LinkState::Down, Some(msg("down", format!("Could not connect to {target} over {}.", c.protocol), &c.hostname))),
                (Protocol::Udp, true) => (
                    LinkState::Unknown,
                    Some(msg("udp", format!("UDP has no connection: the appliance cannot tell whether {target} receives messages. Check the server's log."), &c.hostname)),
                ),
                (_, true) => (LinkState::Up, None),
            };
            if send && state != LinkState::Down {
                s.logging.test_messages.lock().unwrap().push(c.hostname.clone());
            }
            let message = match (message, send && state == LinkState::Up) {
                (None, true) => Some(msg("sent", format!("Connected to {target}; a test message was sent."), &c.hostname)),
                (m, _) => m,
            };
            ConnectionStatus { hostname: c.hostname, state, message }
        })
        .collect();
    Ok(ok(results))
}
