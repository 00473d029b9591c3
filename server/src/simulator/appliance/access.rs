//! `appliance/access`: SSH, DCUI and console CLI (on / off) and the BASH shell (on for a time-out of at
//! most a day, counting down, off when it runs out).

use crate::simulator::{bad_body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::access::shell::ShellConfig;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest the shell may be enabled for, in seconds.
pub const MAX_SHELL_TIMEOUT: i64 = 86_400;

struct Data {
    ssh: bool,
    dcui: bool,
    consolecli: bool,
    /// While enabled: when the shell turns itself off.
    shell_until: Option<Instant>,
}

pub struct Access {
    data: Mutex<Data>,
}

impl Default for Access {
    fn default() -> Self {
        // A fresh appliance: SSH off, DCUI and console CLI on, shell off.
        Access { data: Mutex::new(Data { ssh: false, dcui: true, consolecli: true, shell_until: None }) }
    }
}

impl Access {
    pub fn new() -> Self {
        Self::default()
    }

    fn shell(&self) -> ShellConfig {
        let mut d = self.data.lock().unwrap();
        match d.shell_until {
            Some(until) if until > Instant::now() => ShellConfig { enabled: true, timeout: (until - Instant::now()).as_secs_f64().ceil() as i64 },
            _ => {
                d.shell_until = None;
                ShellConfig { enabled: false, timeout: 0 }
            }
        }
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/access/shell", get(get_shell).put(put_shell))
        .route("/rest/appliance/access/{service}", get(get_flag).put(put_flag))
}

fn flag<'a>(d: &'a mut Data, service: &str) -> Result<&'a mut bool, SimError> {
    match service {
        "ssh" => Ok(&mut d.ssh),
        "dcui" => Ok(&mut d.dcui),
        "consolecli" => Ok(&mut d.consolecli),
        other => Err(SimError::no_operation(&format!("/rest/appliance/access/{other}"))),
    }
}

async fn get_flag(State(s): State<SimState>, _: Authed, Path(service): Path<String>) -> Result<Response, SimError> {
    let mut d = s.access.data.lock().unwrap();
    Ok(ok(*flag(&mut d, &service)?))
}

#[derive(Deserialize)]
struct Enabled {
    enabled: bool,
}

async fn put_flag(State(s): State<SimState>, _: Authed, Path(service): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let mut d = s.access.data.lock().unwrap();
    let f = flag(&mut d, &service)?;
    *f = serde_json::from_slice::<Enabled>(&body).map_err(bad_body)?.enabled;
    Ok(ok_void())
}

async fn get_shell(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.access.shell())
}

#[derive(Deserialize)]
struct ShellBody {
    config: ShellConfig,
}

async fn put_shell(State(s): State<SimState>, _: Authed, body: Bytes) -> Result<Response, SimError> {
    let c = serde_json::from_slice::<ShellBody>(&body).map_err(bad_body)?.config;
    if c.enabled && !(1..=MAX_SHELL_TIMEOUT).contains(&c.timeout) {
        let t = c.timeout.to_string();
        return Err(SimError::error(
            "com.vmware.appliance.access.shell.timeout.invalid",
            format!("The shell time-out must be between 1 and 86400 seconds; {t} was given."),
            &[&t],
        ));
    }
    s.access.data.lock().unwrap().shell_until = c.enabled.then(|| Instant::now() + Duration::from_secs(c.timeout as u64));
    Ok(ok_void())
}
