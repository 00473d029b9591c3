//! `vcenter/vm/guest`: what VMware Tools report of the guest — its identity, its local file systems and its
//! power state — and the soft power operations that go through Tools: shut down, restart, standby. Each
//! returns at once (the documentation: "does not wait for the guest operating system to complete the
//! operation"); the guest then takes [`GUEST_TRANSITION`] to get there.
//!
//! The documented errors: `not_found` (no such VM) everywhere; `service_unavailable` when Tools are not running
//! (identity, file systems, and the three operations); `not_allowed_in_current_state` for an operation on a VM
//! that is not powered on; `resource_busy` while the guest is still busy with the last one.

use super::super::inventory::{GuestMove, Vm};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::Query;
use app::vsphere::rest::VapiErrorKind;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use std::time::{Duration, Instant};

/// How long a guest takes to shut down, restart or go to standby.
pub const GUEST_TRANSITION: Duration = Duration::from_millis(1500);

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/guest/identity", get(identity))
        .route("/rest/vcenter/vm/{vm}/guest/local-filesystem", get(local_filesystem))
        .route("/rest/vcenter/vm/{vm}/guest/power", get(get_power).post(power_action))
}

/// Whether VMware Tools run in the VM: only while it is powered on and its guest is not busy shutting down,
/// restarting or going to standby, and not in every seventh VM (Tools not installed), so both answers can be
/// seen.
pub fn tools_running(v: &Vm) -> bool {
    v.power_state == "POWERED_ON" && v.guest_move.is_none() && number(v) % 7 != 0
}

fn number(v: &Vm) -> usize {
    v.id.trim_start_matches("vm-").parse().unwrap_or(0)
}

fn tools_not_running(id: &str) -> SimError {
    SimError::new(
        VapiErrorKind::ServiceUnavailable,
        "com.vmware.api.vcenter.vm.guest.tools_not_running",
        format!("VMware Tools is not running in virtual machine {id}."),
        &[id],
    )
}

/// The guest OS family of a `vcenter.vm.guest_OS` identifier.
fn family(guest_os: &str) -> &'static str {
    if guest_os.starts_with("WINDOWS") || guest_os.starts_with("WIN_") {
        "WINDOWS"
    } else if guest_os.starts_with("DARWIN") {
        "DARWIN"
    } else if guest_os.starts_with("SOLARIS") {
        "SOLARIS"
    } else if guest_os.starts_with("NETWARE") {
        "NETWARE"
    } else if ["UBUNTU", "RHEL", "CENTOS", "DEBIAN", "SLES", "OTHER_LINUX", "OTHER_24X_LINUX", "OTHER_26X_LINUX", "OTHER_3X_LINUX", "OTHER_4X_LINUX"]
        .iter()
        .any(|p| guest_os.starts_with(p))
    {
        "LINUX"
    } else {
        "OTHER"
    }
}

/// How vCenter names a guest OS for people.
fn full_name(guest_os: &str) -> String {
    match guest_os {
        "UBUNTU_64" => "Ubuntu Linux (64-bit)".into(),
        "RHEL_8_64" => "Red Hat Enterprise Linux 8 (64-bit)".into(),
        "CENTOS_7_64" => "CentOS 7 (64-bit)".into(),
        "WINDOWS_9_SERVER_64" => "Microsoft Windows Server 2016 (64-bit)".into(),
        "OTHER_3X_LINUX_64" => "Other 3.x Linux (64-bit)".into(),
        other => other.replace('_', " "),
    }
}

/// `GET …/guest/identity`: the guest's OS, host name and address.
async fn identity(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let v = d.vm(&id)?;
    if !tools_running(v) {
        return Err(tools_not_running(&id));
    }
    let n = number(v);
    Ok(ok(json!({
        "name": v.guest_os,
        "family": family(&v.guest_os),
        "full_name": { "id": format!("vmsg.guestos.{}.label", v.guest_os.to_lowercase()), "default_message": full_name(&v.guest_os), "args": [] },
        "host_name": format!("{}.corp.example", v.name),
        "ip_address": format!("10.{}.{}.{}", 20 + (n >> 16) % 200, (n >> 8) & 0xff, 1 + (n & 0xff) % 254)
    })))
}

/// The guest's file systems on its first disk: `C:\` on Windows; `/` and a 1 GiB `/boot` elsewhere. Each
/// with its capacity and free space in bytes; how full they are varies from VM to VM.
pub fn filesystems(v: &Vm) -> Vec<(String, i64, i64)> {
    const GIB: i64 = 1 << 30;
    let n = number(v) as i64;
    let disk = v.disks.first().map_or(16 * GIB, |d| d.capacity);
    let free = |capacity: i64, percent: i64| capacity / 100 * percent;
    if family(&v.guest_os) == "WINDOWS" {
        let c = disk - GIB / 2;
        vec![("C:\\".into(), c, free(c, 8 + (n * 37) % 80))]
    } else {
        let root = disk - GIB;
        vec![("/".into(), root, free(root, 8 + (n * 37) % 80)), ("/boot".into(), GIB, free(GIB, 55 + n % 30))]
    }
}

/// `GET …/guest/local-filesystem`: the guest's file systems, by mount point.
async fn local_filesystem(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let v = d.vm(&id)?;
    if !tools_running(v) {
        return Err(tools_not_running(&id));
    }
    let entries: Vec<_> = filesystems(v).into_iter().map(|(mount, capacity, free)| json!({ "key": mount, "value": { "capacity": capacity, "free_space": free } })).collect();
    Ok(ok(json!(entries)))
}

/// The guest's power state as Tools see it, and whether it takes soft power operations now.
pub fn guest_state(v: &Vm) -> (&'static str, bool) {
    match (v.power_state, v.guest_move) {
        ("POWERED_ON", Some(m)) => (m.shown, false),
        ("POWERED_ON", None) if tools_running(v) => ("RUNNING", true),
        ("POWERED_ON", None) => ("UNAVAILABLE", false),
        _ => ("NOT_RUNNING", false),
    }
}

/// `GET …/guest/power`.
async fn get_power(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let (shown, ready) = guest_state(d.vm(&id)?);
    Ok(ok(json!({ "state": shown, "operations_ready": ready })))
}

/// What a soft power operation does: the guest's state meanwhile and the VM's power state after it.
pub fn guest_move(action: &str) -> Option<(&'static str, &'static str)> {
    match action {
        "shutdown" => Some(("SHUTTING_DOWN", "POWERED_OFF")),
        "reboot" => Some(("RESETTING", "POWERED_ON")),
        "standby" => Some(("STANDBY", "SUSPENDED")),
        _ => None,
    }
}

/// `POST …/guest/power?action=shutdown|reboot|standby`.
async fn power_action(State(state): State<SimState>, _: Authed, Path(id): Path<String>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    let action = q.get("action").unwrap_or("");
    let (shown, then) = guest_move(action).ok_or_else(|| SimError::no_operation(&format!("POST /rest/vcenter/vm/{{vm}}/guest/power?action={action}")))?;
    let mut d = state.inventory.write();
    let v = d.vm_mut(&id)?;
    if v.power_state != "POWERED_ON" {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.api.vcenter.vm.guest.power.not_powered_on",
            format!("Virtual machine {id} is not powered on: its guest operating system is not running."),
            &[&id],
        ));
    }
    if let Some(m) = v.guest_move {
        return Err(SimError::new(
            VapiErrorKind::ResourceBusy,
            "com.vmware.api.vcenter.vm.guest.power.busy",
            format!("The guest operating system of virtual machine {id} is busy ({}).", m.shown.to_lowercase().replace('_', " ")),
            &[&id],
        ));
    }
    if !tools_running(v) {
        return Err(tools_not_running(&id));
    }
    state.inventory.set_move(v, Some(GuestMove { until: Instant::now() + GUEST_TRANSITION, shown, then }));
    Ok(ok_void())
}
