//! `appliance/system`: version, uptime (grows from a simulated boot), time (the real clock, in the appliance's
//! time zone), time zone.

use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use axum::body::Bytes;
use app::vsphere::models::appliance::system::{time::SystemTimeStruct, version::VersionStruct};
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::sync::Mutex;
use std::time::Instant;

pub struct System {
    /// When the simulator started (or last rebooted), and how long the appliance had been up then.
    boot: Mutex<(Instant, f64)>,
    timezone: Mutex<String>,
    /// Changes when an update is installed (`appliance/update`).
    version: Mutex<VersionStruct>,
}

impl System {
    pub fn new() -> Self {
        System {
            // Up for 12 days, 5 hours, 37 minutes when the simulator starts.
            boot: Mutex::new((Instant::now(), (12 * 86_400 + 5 * 3_600 + 37 * 60) as f64 + 0.42)),
            timezone: Mutex::new("UTC".into()),
            version: Mutex::new(VersionStruct {
                product: "VMware vCenter Server Appliance".into(),
                version: "6.7.0.44000".into(),
                build: "16046470".into(),
                r#type: "vCenter Server with an embedded Platform Services Controller".into(),
                summary: "Patch for VMware vCenter Server 6.7".into(),
                releasedate: "April 28, 2020".into(),
                install_time: "2019-11-14T09:52:03 UTC".into(),
            }),
        }
    }

    /// The appliance's version, build and patch.
    pub fn version(&self) -> VersionStruct {
        self.version.lock().unwrap().clone()
    }

    /// An update was installed: the new version, build, patch name and release date (the install time of
    /// the appliance stays).
    pub fn set_version(&self, version: &str, build: &str, summary: &str, releasedate: &str) {
        let mut v = self.version.lock().unwrap();
        v.version = version.into();
        v.build = build.into();
        v.summary = summary.into();
        v.releasedate = releasedate.into();
    }

    pub fn uptime(&self) -> f64 {
        let (started, offset) = *self.boot.lock().unwrap();
        offset + started.elapsed().as_secs_f64()
    }

    /// The appliance booted just now (after a simulated reboot).
    pub fn booted(&self) {
        *self.boot.lock().unwrap() = (Instant::now(), 0.0);
    }

    pub fn timezone(&self) -> String {
        self.timezone.lock().unwrap().clone()
    }

    /// The real clock in the appliance's time zone (the system's tz database, `tzdata`); a zone the database
    /// lacks reads as UTC.
    pub fn time(&self) -> SystemTimeStruct {
        let now = jiff::Timestamp::now();
        let local = now.in_tz(&self.timezone()).unwrap_or_else(|_| now.to_zoned(jiff::tz::TimeZone::UTC));
        SystemTimeStruct {
            seconds_since_epoch: now.as_nanosecond() as f64 / 1e9,
            date: local.strftime("%a %m-%d-%Y").to_string(),
            time: local.strftime("%H:%M:%S").to_string(),
            timezone: self.timezone(),
        }
    }
}

impl Default for System {
    fn default() -> Self {
        Self::new()
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/system/version", get(version))
        .route("/rest/appliance/system/uptime", get(uptime))
        .route("/rest/appliance/system/time", get(time_get))
        .route("/rest/appliance/system/time/timezone", get(timezone_get).put(timezone_set))
}

async fn version(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.system.version())
}

async fn uptime(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.system.uptime())
}

async fn time_get(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.system.time())
}

async fn timezone_get(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.system.timezone())
}

#[derive(serde::Deserialize)]
struct TimezoneBody {
    name: String,
}

/// Only a zone the appliance's zoneinfo knows (exact spelling) is accepted.
async fn timezone_set(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let TimezoneBody { name } = body(&bytes)?;
    if !crate::simulator::rules::is_time_zone(&name) {
        return Err(SimError::invalid_argument("com.vmware.appliance.system.time.timezone.invalid", format!("Unknown time zone '{name}'."), &[&name]));
    }
    *s.system.timezone.lock().unwrap() = name;
    Ok(ok_void())
}
