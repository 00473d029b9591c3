//! `vcenter/vm/hardware/cdrom`: a VM's CD/DVD drives — list, get, add, change the medium, remove, connect and
//! disconnect — by the rules vSphere 6.7 documents:
//!
//! - A new drive goes on the SATA adapter unless the spec names IDE, at the address asked for or the first
//!   free one ([`super::slots`]); SATA drives are added and removed while the VM runs, IDE drives only powered
//!   off; a suspended VM takes no change (`not_allowed_in_current_state`).
//! - The medium is an ISO file (`[datastore] path.iso` on a datastore of the inventory), a host device (named,
//!   or detected automatically) or the client's device (emulated or passed through); without one, a host
//!   device detected automatically. It may change while the VM runs: that is how a disc is swapped.
//! - Connect and disconnect only while the VM is powered on; again is `already_in_desired_state`.

use crate::simulator::vcenter::inventory::{Cdrom, InventoryData, Vm};
use super::device;
use super::slots::{self, BusSpec, IdeSpec};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/hardware/cdrom", get(list).post(create))
        .route("/rest/vcenter/vm/{vm}/hardware/cdrom/{cdrom}", get(get_one).patch(update).delete(remove))
        .route("/rest/vcenter/vm/{vm}/hardware/cdrom/{cdrom}/connect", post(|s: State<SimState>, a: Authed, p: Path<(String, String)>| connect(s, a, p, true)))
        .route("/rest/vcenter/vm/{vm}/hardware/cdrom/{cdrom}/disconnect", post(|s: State<SimState>, a: Authed, p: Path<(String, String)>| connect(s, a, p, false)))
}

pub fn info(v: &Vm, c: &Cdrom) -> Value {
    let (bus, address) = slots::address_json(c.bus_type, c.bus, c.unit);
    let backing = match c.backing.as_str() {
        "ISO_FILE" => json!({ "type": "ISO_FILE", "iso_file": c.iso_file }),
        "HOST_DEVICE" => match &c.host_device {
            Some(h) => json!({ "type": "HOST_DEVICE", "host_device": h, "auto_detect": false }),
            None => json!({ "type": "HOST_DEVICE", "auto_detect": true }),
        },
        _ => json!({ "type": "CLIENT_DEVICE", "device_access_type": c.access }),
    };
    let mut info = json!({
        "type": c.bus_type, "label": c.label, "backing": backing,
        "state": v.connection(c.connected), "start_connected": c.start_connected, "allow_guest_control": c.allow_guest_control
    });
    info[bus] = address;
    info
}

#[derive(Deserialize, Default, Clone)]
pub struct BackingSpec {
    pub r#type: String,
    pub iso_file: Option<String>,
    pub host_device: Option<String>,
    pub device_access_type: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct CreateSpec {
    pub r#type: Option<String>,
    pub ide: Option<IdeSpec>,
    pub sata: Option<BusSpec>,
    pub backing: Option<BackingSpec>,
    pub start_connected: Option<bool>,
    pub allow_guest_control: Option<bool>,
}

#[derive(Deserialize, Default)]
pub struct UpdateSpec {
    pub backing: Option<BackingSpec>,
    pub start_connected: Option<bool>,
    pub allow_guest_control: Option<bool>,
}

fn find<'a>(v: &'a Vm, cdrom: &str) -> Result<&'a Cdrom, SimError> {
    v.cdroms.iter().find(|c| c.key == cdrom).ok_or_else(|| SimError::not_found("Virtual CD-ROM device", cdrom))
}

/// An ISO path's problem, if it has one: `[datastore] folder/file.iso` on a datastore of the inventory.
pub fn iso_problem(path: &str, stores: &[String]) -> Option<String> {
    device::file_problem(path, stores, "folder/file.iso", &[".iso"], "an ISO image (name.iso)")
}

/// `c` with the medium `b`, or what is wrong with it.
fn with_backing(c: &Cdrom, b: &BackingSpec, stores: &[String]) -> Result<Cdrom, String> {
    let mut n = c.clone();
    match b.r#type.as_str() {
        "ISO_FILE" => {
            let path = b.iso_file.clone().unwrap_or_default();
            if let Some(p) = iso_problem(&path, stores) {
                return Err(p);
            }
            (n.iso_file, n.host_device) = (Some(path), None);
        }
        "HOST_DEVICE" => (n.iso_file, n.host_device) = (None, b.host_device.clone().filter(|h| !h.is_empty())),
        "CLIENT_DEVICE" => {
            n.access = b.device_access_type.clone().unwrap_or_else(|| "EMULATION".into());
            if !["EMULATION", "PASSTHRU", "PASSTHRU_EXCLUSIVE"].contains(&n.access.as_str()) {
                return Err(format!("{} is not a device access type.", n.access));
            }
            (n.iso_file, n.host_device) = (None, None);
        }
        other => return Err(format!("{other} is not a CD-ROM backing type: ISO_FILE, HOST_DEVICE or CLIENT_DEVICE.")),
    }
    n.backing = b.r#type.clone();
    Ok(n)
}

/// The VM with a new drive as `spec` asks, and its key; or the documented refusal.
pub fn apply_create(v: &Vm, spec: &CreateSpec, stores: &[String]) -> Result<(Vm, String), SimError> {
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.vm.hardware.cdrom.spec", m, &[]);
    let bus_type: &'static str = match spec.r#type.as_deref() {
        None | Some("SATA") => "SATA",
        Some("IDE") => "IDE",
        Some(other) => return Err(invalid(format!("{other} is not a CD-ROM adapter type: IDE or SATA."))),
    };
    slots::check_plug(v, bus_type, "CD/DVD drive")?;
    let (bus, unit) = slots::place(v, bus_type, spec.ide, spec.sata, "CD/DVD drive")?;
    let key = slots::next_key(if bus_type == "SATA" { 16000 } else { 3000 }, v.cdroms.iter().map(|c| &c.key));
    let start_connected = spec.start_connected.unwrap_or(false);
    let blank = Cdrom {
        key: key.clone(),
        label: slots::next_label("CD/DVD drive", v.cdroms.iter().map(|c| &c.label)),
        bus_type,
        bus,
        unit,
        backing: "HOST_DEVICE".into(),
        iso_file: None,
        host_device: None,
        access: "EMULATION".into(),
        start_connected,
        connected: start_connected,
        allow_guest_control: spec.allow_guest_control.unwrap_or(false),
    };
    let drive = match &spec.backing {
        Some(b) => with_backing(&blank, b, stores).map_err(invalid)?,
        None => blank,
    };
    let mut n = v.clone();
    n.cdroms.push(drive);
    Ok((n, key))
}

/// The VM with drive `cdrom` changed as `spec` asks; or the documented refusal.
pub fn apply_update(v: &Vm, cdrom: &str, spec: &UpdateSpec, stores: &[String]) -> Result<Vm, SimError> {
    let old = find(v, cdrom)?;
    if v.power_state == "SUSPENDED" {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.api.vcenter.vm.hardware.cdrom.suspended",
            format!("Virtual machine {} is suspended: its CD/DVD drives cannot be changed.", v.id),
            &[],
        ));
    }
    let mut n = match &spec.backing {
        // Update documents no `invalid_argument` for what the type converter accepts: a bad medium is `error`.
        Some(b) => with_backing(old, b, stores).map_err(|m| SimError::error("com.vmware.api.vcenter.vm.hardware.cdrom.backing", m, &[]))?,
        None => old.clone(),
    };
    n.start_connected = spec.start_connected.unwrap_or(old.start_connected);
    n.allow_guest_control = spec.allow_guest_control.unwrap_or(old.allow_guest_control);
    let mut vm = v.clone();
    vm.cdroms.iter_mut().filter(|c| c.key == cdrom).for_each(|c| *c = n.clone());
    Ok(vm)
}

/// The VM without drive `cdrom`; or the documented refusal.
pub fn apply_remove(v: &Vm, cdrom: &str) -> Result<Vm, SimError> {
    let c = find(v, cdrom)?;
    slots::check_plug(v, c.bus_type, "CD/DVD drive")?;
    let mut n = v.clone();
    n.cdroms.retain(|c| c.key != cdrom);
    Ok(n)
}

/// Drive `cdrom` connected (`on`) or disconnected; or the documented refusal.
pub fn apply_connect(v: &Vm, cdrom: &str, on: bool) -> Result<Vm, SimError> {
    let old = find(v, cdrom)?;
    device::check_connect(v, &old.label, old.connected, on)?;
    let mut n = v.clone();
    n.cdroms.iter_mut().filter(|c| c.key == cdrom).for_each(|c| c.connected = on);
    Ok(n)
}

fn stores(d: &InventoryData) -> Vec<String> {
    d.datastores.iter().map(|s| s.name.clone()).collect()
}

async fn list(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(state.inventory.read().vm(&id)?.cdroms.iter().map(|c| json!({ "cdrom": c.key })).collect::<Vec<_>>()))
}

async fn get_one(State(state): State<SimState>, _: Authed, Path((id, cdrom)): Path<(String, String)>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let v = d.vm(&id)?;
    Ok(ok(info(v, find(v, &cdrom)?)))
}

async fn create(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let spec = device::spec::<CreateSpec>(&body)?;
    Ok(ok(device::change_vm(&state, &id, |d, v| apply_create(v, &spec, &stores(d)))?))
}

async fn update(State(state): State<SimState>, _: Authed, Path((id, cdrom)): Path<(String, String)>, body: Bytes) -> Result<Response, SimError> {
    let spec = device::spec::<UpdateSpec>(&body)?;
    device::change_vm(&state, &id, |d, v| Ok((apply_update(v, &cdrom, &spec, &stores(d))?, ())))?;
    Ok(ok_void())
}

async fn remove(State(state): State<SimState>, _: Authed, Path((id, cdrom)): Path<(String, String)>) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_remove(v, &cdrom)?, ())))?;
    Ok(ok_void())
}

async fn connect(State(state): State<SimState>, _: Authed, Path((id, cdrom)): Path<(String, String)>, on: bool) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_connect(v, &cdrom, on)?, ())))?;
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;

    fn vm(power: &'static str) -> Vm {
        let mut v = seed(1).vms.remove(0);
        v.power_state = power;
        v
    }

    fn stores() -> Vec<String> {
        vec!["east-nfs-iso".into()]
    }

    fn iso(path: &str) -> BackingSpec {
        BackingSpec { r#type: "ISO_FILE".into(), iso_file: Some(path.into()), ..Default::default() }
    }

    #[test]
    fn a_drive_is_added_on_sata_while_it_runs_and_on_ide_only_powered_off() {
        let on = vm("POWERED_ON");
        let (n, key) = apply_create(&on, &CreateSpec { backing: Some(iso("[east-nfs-iso] images/ubuntu.iso")), ..Default::default() }, &stores()).unwrap();
        let c = n.cdroms.iter().find(|c| c.key == key).unwrap();
        assert_eq!((c.label.as_str(), c.bus_type, c.bus, c.unit, c.backing.as_str()), ("CD/DVD drive 2", "SATA", 0, 1, "ISO_FILE"));
        let ide = CreateSpec { r#type: Some("IDE".into()), ..Default::default() };
        assert_eq!(apply_create(&on, &ide, &stores()).unwrap_err().kind.as_str(), "not_allowed_in_current_state");
        let (n, key) = apply_create(&vm("POWERED_OFF"), &ide, &stores()).unwrap();
        let c = n.cdroms.iter().find(|c| c.key == key).unwrap();
        assert_eq!((c.bus_type, c.backing.as_str(), c.host_device.clone()), ("IDE", "HOST_DEVICE", None), "auto-detected host device by default");
        let bad = CreateSpec { backing: Some(iso("[east-nfs-iso] images/readme.txt")), ..Default::default() };
        assert_eq!(apply_create(&on, &bad, &stores()).unwrap_err().kind.as_str(), "invalid_argument");
    }

    #[test]
    fn a_disc_is_swapped_while_it_runs_and_connected_only_then() {
        let on = vm("POWERED_ON");
        let swapped = apply_update(&on, "16000", &UpdateSpec { backing: Some(iso("[east-nfs-iso] a.iso")), ..Default::default() }, &stores()).unwrap();
        assert_eq!(swapped.cdroms[0].iso_file.as_deref(), Some("[east-nfs-iso] a.iso"));
        let bad = UpdateSpec { backing: Some(iso("[nowhere] a.iso")), ..Default::default() };
        assert_eq!(apply_update(&on, "16000", &bad, &stores()).unwrap_err().kind.as_str(), "error");
        assert_eq!(apply_update(&vm("SUSPENDED"), "16000", &UpdateSpec::default(), &stores()).unwrap_err().kind.as_str(), "not_allowed_in_current_state");
        let connected = apply_connect(&swapped, "16000", true).unwrap();
        assert_eq!(connected.connection(connected.cdroms[0].connected), "CONNECTED");
        assert_eq!(apply_connect(&connected, "16000", true).unwrap_err().kind.as_str(), "already_in_desired_state");
        assert_eq!(apply_connect(&vm("POWERED_OFF"), "16000", true).unwrap_err().kind.as_str(), "not_allowed_in_current_state");
        assert!(apply_remove(&on, "16000").unwrap().cdroms.is_empty(), "SATA: hot remove");
    }
}
