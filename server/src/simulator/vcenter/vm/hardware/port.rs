//! `vcenter/vm/hardware/floppy`, `serial` and `parallel`: a VM's floppy drives and serial and parallel ports —
//! list, get, add, change, remove, connect and disconnect — by the rules vSphere 6.7 documents:
//!
//! - At most 2 floppy drives, 4 serial ports and 3 parallel ports (`unable_to_allocate_resource`); keys from
//!   8000, 9000 and 10000, labels "Floppy drive N", "Serial port N", "Parallel port N".
//! - None of them is hot-pluggable: they are added and removed only while the VM is powered off
//!   (`not_allowed_in_current_state`). A floppy's image may be swapped while the VM runs; a port's backing
//!   changes only powered off.
//! - Backings: a floppy drive has an image file (`[datastore] folder/file.flp`), a host device (named, or detected
//!   automatically) or the client's device; a parallel port a file or a host device; a serial port a file, a host
//!   device, a named pipe (server or client end, with or without loss of received data) or a network URI
//!   (`telnet://:7001` served, `tcp://host:port` dialled; a proxy as a URI too). Without a backing: a host
//!   device detected automatically. A backing that lacks what it names is `error` (these operations document no
//!   `invalid_argument`).
//! - Connect and disconnect only while the VM is powered on (as every connectable device).

use super::device;
use crate::simulator::vcenter::inventory::{InventoryData, Port, Vm};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

/// A floppy drive, a serial port or a parallel port.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Class {
    Floppy,
    Serial,
    Parallel,
}

impl Class {
    /// The path segment, `floppy`, `serial` or `parallel`.
    fn segment(self) -> &'static str {
        match self {
            Class::Floppy => "floppy",
            Class::Serial => "serial",
            Class::Parallel => "parallel",
        }
    }
    /// What the list answers each device as (`{"floppy": …}` or `{"port": …}`).
    fn summary_field(self) -> &'static str {
        if self == Class::Floppy { "floppy" } else { "port" }
    }
    fn label(self) -> &'static str {
        match self {
            Class::Floppy => "Floppy drive",
            Class::Serial => "Serial port",
            Class::Parallel => "Parallel port",
        }
    }
    fn not_found(self) -> &'static str {
        match self {
            Class::Floppy => "Virtual floppy drive",
            Class::Serial => "Virtual serial port",
            Class::Parallel => "Virtual parallel port",
        }
    }
    pub fn max(self) -> usize {
        match self {
            Class::Floppy => 2,
            Class::Serial => 4,
            Class::Parallel => 3,
        }
    }
    fn first_key(self) -> u32 {
        match self {
            Class::Floppy => 8000,
            Class::Serial => 9000,
            Class::Parallel => 10000,
        }
    }
    fn backings(self) -> &'static [&'static str] {
        match self {
            Class::Floppy => &["IMAGE_FILE", "HOST_DEVICE", "CLIENT_DEVICE"],
            Class::Serial => &["FILE", "HOST_DEVICE", "PIPE_SERVER", "PIPE_CLIENT", "NETWORK_SERVER", "NETWORK_CLIENT"],
            Class::Parallel => &["FILE", "HOST_DEVICE"],
        }
    }
    pub fn devices(self, v: &Vm) -> &Vec<Port> {
        match self {
            Class::Floppy => &v.floppies,
            Class::Serial => &v.serial_ports,
            Class::Parallel => &v.parallel_ports,
        }
    }
    fn devices_mut(self, v: &mut Vm) -> &mut Vec<Port> {
        match self {
            Class::Floppy => &mut v.floppies,
            Class::Serial => &mut v.serial_ports,
            Class::Parallel => &mut v.parallel_ports,
        }
    }
}

pub fn routes() -> Router<SimState> {
    let mut r = Router::new();
    for class in [Class::Floppy, Class::Serial, Class::Parallel] {
        let base = format!("/rest/vcenter/vm/{{vm}}/hardware/{}", class.segment());
        r = r
            .route(&base, get(move |s: State<SimState>, a: Authed, p: Path<String>| list(s, a, p, class)).post(move |s: State<SimState>, a: Authed, p: Path<String>, b: Bytes| create(s, a, p, b, class)))
            .route(
                &format!("{base}/{{device}}"),
                get(move |s: State<SimState>, a: Authed, p: Path<(String, String)>| get_one(s, a, p, class))
                    .patch(move |s: State<SimState>, a: Authed, p: Path<(String, String)>, b: Bytes| update(s, a, p, b, class))
                    .delete(move |s: State<SimState>, a: Authed, p: Path<(String, String)>| remove(s, a, p, class)),
            )
            .route(&format!("{base}/{{device}}/connect"), post(move |s: State<SimState>, a: Authed, p: Path<(String, String)>| connect(s, a, p, class, true)))
            .route(&format!("{base}/{{device}}/disconnect"), post(move |s: State<SimState>, a: Authed, p: Path<(String, String)>| connect(s, a, p, class, false)));
    }
    r
}

pub fn info(class: Class, v: &Vm, p: &Port) -> Value {
    let mut backing = json!({ "type": p.backing });
    match p.backing.as_str() {
        "IMAGE_FILE" => backing["image_file"] = json!(p.file),
        "FILE" => backing["file"] = json!(p.file),
        "HOST_DEVICE" => match &p.host_device {
            Some(h) => (backing["host_device"], backing["auto_detect"]) = (json!(h), json!(false)),
            None => backing["auto_detect"] = json!(true),
        },
        "PIPE_SERVER" | "PIPE_CLIENT" => (backing["pipe"], backing["no_rx_loss"]) = (json!(p.pipe), json!(p.no_rx_loss)),
        "NETWORK_SERVER" | "NETWORK_CLIENT" => {
            backing["network_location"] = json!(p.network_location);
            if let Some(proxy) = &p.proxy {
                backing["proxy"] = json!(proxy);
            }
        }
        _ => {}
    }
    let mut info = json!({
        "label": p.label, "backing": backing, "state": v.connection(p.connected),
        "start_connected": p.start_connected, "allow_guest_control": p.allow_guest_control
    });
    if class == Class::Serial {
        info["yield_on_poll"] = json!(p.yield_on_poll);
    }
    info
}

/// The backing spec of the three classes (`image_file` is the floppy's name for `file`).
#[derive(Deserialize, Default, Clone)]
pub struct BackingSpec {
    pub r#type: String,
    pub image_file: Option<String>,
    pub file: Option<String>,
    pub host_device: Option<String>,
    pub pipe: Option<String>,
    pub no_rx_loss: Option<bool>,
    pub network_location: Option<String>,
    pub proxy: Option<String>,
}

/// The create and the update spec of the three classes.
#[derive(Deserialize, Default)]
pub struct Spec {
    pub backing: Option<BackingSpec>,
    pub yield_on_poll: Option<bool>,
    pub start_connected: Option<bool>,
    pub allow_guest_control: Option<bool>,
}

fn find<'a>(class: Class, v: &'a Vm, key: &str) -> Result<&'a Port, SimError> {
    class.devices(v).iter().find(|p| p.key == key).ok_or_else(|| SimError::not_found(class.not_found(), key))
}

fn refuse(why: String) -> SimError {
    SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.api.vcenter.vm.hardware.not_hot_pluggable", why, &[])
}

/// A network backing's URI problem, if it has one: a scheme and an address (`telnet://:7001`,
/// `tcp://10.0.0.5:7001`).
fn uri_problem(uri: &str) -> Option<String> {
    match uri.split_once("://") {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) && rest.contains(':') && !rest.contains(char::is_whitespace) => None,
        _ => Some(format!("{uri:?} is not a network location: scheme://host:port, as telnet://:7001 or tcp://10.0.0.5:7001.")),
    }
}

/// `p` with the backing `b`, or what is wrong with it.
fn with_backing(class: Class, p: &Port, b: &BackingSpec, stores: &[String]) -> Result<Port, String> {
    if !class.backings().contains(&b.r#type.as_str()) {
        return Err(format!("{} is not a {} backing: {}.", b.r#type, class.label().to_lowercase(), class.backings().join(", ")));
    }
    let mut n = Port { key: p.key.clone(), label: p.label.clone(), backing: b.r#type.clone(), yield_on_poll: p.yield_on_poll, start_connected: p.start_connected, connected: p.connected, allow_guest_control: p.allow_guest_control, ..Default::default() };
    match b.r#type.as_str() {
        "IMAGE_FILE" | "FILE" => {
            let path = if class == Class::Floppy { b.image_file.clone() } else { b.file.clone() }.unwrap_or_default();
            let problem = match class {
                Class::Floppy => device::file_problem(&path, stores, "folder/file", &[".flp", ".img"], "a .flp or .img file"),
                _ => device::file_problem(&path, stores, "folder/file", &[], "a file"),
            };
            if let Some(problem) = problem {
                return Err(problem);
            }
            n.file = Some(path);
        }
        "HOST_DEVICE" => n.host_device = b.host_device.clone().filter(|h| !h.trim().is_empty()),
        "PIPE_SERVER" | "PIPE_CLIENT" => {
            let pipe = b.pipe.clone().unwrap_or_default();
            if pipe.trim().is_empty() {
                return Err("A pipe backing names its pipe.".into());
            }
            (n.pipe, n.no_rx_loss) = (Some(pipe), b.no_rx_loss.unwrap_or(false));
        }
        "NETWORK_SERVER" | "NETWORK_CLIENT" => {
            let uri = b.network_location.clone().unwrap_or_default();
            if let Some(problem) = uri_problem(&uri).or_else(|| b.proxy.as_deref().filter(|p| !p.is_empty()).and_then(uri_problem)) {
                return Err(problem);
            }
            (n.network_location, n.proxy) = (Some(uri), b.proxy.clone().filter(|p| !p.is_empty()));
        }
        _ => {}
    }
    Ok(n)
}

fn backing_error(class: Class, m: String) -> SimError {
    SimError::error(&format!("com.vmware.api.vcenter.vm.hardware.{}.backing", class.segment()), m, &[])
}

/// The VM with a new device of `class` as `spec` asks, and its key; or the documented refusal.
pub fn apply_create(class: Class, v: &Vm, spec: &Spec, stores: &[String]) -> Result<(Vm, String), SimError> {
    if v.power_state != "POWERED_OFF" {
        return Err(refuse(format!("A {} can only be added while the virtual machine is powered off.", class.label().to_lowercase())));
    }
    let devices = class.devices(v);
    if devices.len() >= class.max() {
        return Err(SimError::new(
            VapiErrorKind::Other("unable_to_allocate_resource".into()),
            "com.vmware.api.vcenter.vm.hardware.max_devices",
            format!("Virtual machine {} already has {} {}s, the most it can have.", v.id, class.max(), class.label().to_lowercase()),
            &[],
        ));
    }
    let key = super::slots::next_key(class.first_key(), devices.iter().map(|p| &p.key));
    let start_connected = spec.start_connected.unwrap_or(false);
    let blank = Port {
        key: key.clone(),
        label: super::slots::next_label(class.label(), devices.iter().map(|p| &p.label)),
        backing: "HOST_DEVICE".into(),
        yield_on_poll: class == Class::Serial && spec.yield_on_poll.unwrap_or(false),
        start_connected,
        connected: false,
        allow_guest_control: spec.allow_guest_control.unwrap_or(false),
        ..Default::default()
    };
    let port = match &spec.backing {
        Some(b) => with_backing(class, &blank, b, stores).map_err(|m| backing_error(class, m))?,
        None => blank,
    };
    let mut n = v.clone();
    class.devices_mut(&mut n).push(port);
    Ok((n, key))
}

/// The VM with device `key` of `class` changed as `spec` asks; or the documented refusal.
pub fn apply_update(class: Class, v: &Vm, key: &str, spec: &Spec, stores: &[String]) -> Result<Vm, SimError> {
    let old = find(class, v, key)?;
    if v.power_state == "SUSPENDED" {
        return Err(refuse(format!("Virtual machine {} is suspended: its {}s cannot be changed.", v.id, class.label().to_lowercase())));
    }
    let mut n = match &spec.backing {
        Some(_) if class != Class::Floppy && v.power_state == "POWERED_ON" => {
            return Err(refuse(format!("A {}'s backing changes only while the virtual machine is powered off.", class.label().to_lowercase())));
        }
        Some(b) => with_backing(class, old, b, stores).map_err(|m| backing_error(class, m))?,
        None => old.clone(),
    };
    if class == Class::Serial {
        n.yield_on_poll = spec.yield_on_poll.unwrap_or(old.yield_on_poll);
    }
    n.start_connected = spec.start_connected.unwrap_or(old.start_connected);
    n.allow_guest_control = spec.allow_guest_control.unwrap_or(old.allow_guest_control);
    let mut vm = v.clone();
    class.devices_mut(&mut vm).iter_mut().filter(|p| p.key == key).for_each(|p| *p = n.clone());
    Ok(vm)
}

/// The VM without device `key` of `class`; or the documented refusal.
pub fn apply_remove(class: Class, v: &Vm, key: &str) -> Result<Vm, SimError> {
    let p = find(class, v, key)?;
    if v.power_state != "POWERED_OFF" {
        return Err(refuse(format!("{} can only be removed while the virtual machine is powered off.", p.label)));
    }
    let mut n = v.clone();
    class.devices_mut(&mut n).retain(|p| p.key != key);
    // A floppy drive that goes leaves the boot order too.
    if class == Class::Floppy && n.floppies.is_empty() {
        n.boot_devices.retain(|e| e.kind != "FLOPPY");
    }
    Ok(n)
}

/// Device `key` of `class` connected (`on`) or disconnected; or the documented refusal.
pub fn apply_connect(class: Class, v: &Vm, key: &str, on: bool) -> Result<Vm, SimError> {
    let old = find(class, v, key)?;
    device::check_connect(v, &old.label, old.connected, on)?;
    let mut n = v.clone();
    class.devices_mut(&mut n).iter_mut().filter(|p| p.key == key).for_each(|p| p.connected = on);
    Ok(n)
}

fn stores(d: &InventoryData) -> Vec<String> {
    d.datastores.iter().map(|s| s.name.clone()).collect()
}

async fn list(State(state): State<SimState>, _: Authed, Path(id): Path<String>, class: Class) -> Result<Response, SimError> {
    Ok(ok(class.devices(state.inventory.read().vm(&id)?).iter().map(|p| json!({ class.summary_field(): p.key })).collect::<Vec<_>>()))
}

async fn get_one(State(state): State<SimState>, _: Authed, Path((id, key)): Path<(String, String)>, class: Class) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let v = d.vm(&id)?;
    Ok(ok(info(class, v, find(class, v, &key)?)))
}

async fn create(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes, class: Class) -> Result<Response, SimError> {
    let spec = device::spec::<Spec>(&body)?;
    Ok(ok(device::change_vm(&state, &id, |d, v| apply_create(class, v, &spec, &stores(d)))?))
}

async fn update(State(state): State<SimState>, _: Authed, Path((id, key)): Path<(String, String)>, body: Bytes, class: Class) -> Result<Response, SimError> {
    let spec = device::spec::<Spec>(&body)?;
    device::change_vm(&state, &id, |d, v| Ok((apply_update(class, v, &key, &spec, &stores(d))?, ())))?;
    Ok(ok_void())
}

async fn remove(State(state): State<SimState>, _: Authed, Path((id, key)): Path<(String, String)>, class: Class) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_remove(class, v, &key)?, ())))?;
    Ok(ok_void())
}

async fn connect(State(state): State<SimState>, _: Authed, Path((id, key)): Path<(String, String)>, class: Class, on: bool) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_connect(class, v, &key, on)?, ())))?;
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

    fn backing(t: &str) -> BackingSpec {
        BackingSpec { r#type: t.into(), ..Default::default() }
    }

    fn kind(e: SimError) -> String {
        e.kind.as_str().to_string()
    }

    #[test]
    fn ports_are_added_only_powered_off_and_up_to_each_class_maximum() {
        let mut v = vm("POWERED_OFF");
        for n in 1..=4 {
            let spec = Spec { backing: Some(BackingSpec { network_location: Some(format!("telnet://:{}", 7000 + n)), ..backing("NETWORK_SERVER") }), ..Default::default() };
            let (next, key) = apply_create(Class::Serial, &v, &spec, &stores()).unwrap();
            let p = find(Class::Serial, &next, &key).unwrap();
            assert_eq!((p.label.clone(), p.key.clone()), (format!("Serial port {n}"), format!("{}", 8999 + n)));
            v = next;
        }
        assert_eq!(kind(apply_create(Class::Serial, &v, &Spec::default(), &stores()).unwrap_err()), "unable_to_allocate_resource", "a fifth serial port");
        assert_eq!(kind(apply_create(Class::Floppy, &vm("POWERED_ON"), &Spec::default(), &stores()).unwrap_err()), "not_allowed_in_current_state");
        assert_eq!(kind(apply_remove(Class::Serial, &{ let mut r = v.clone(); r.power_state = "POWERED_ON"; r }, "9000").unwrap_err()), "not_allowed_in_current_state");
        assert_eq!(apply_remove(Class::Serial, &v, "9000").unwrap().serial_ports.len(), 3);
    }

    #[test]
    fn a_backing_must_name_what_it_uses() {
        let off = vm("POWERED_OFF");
        let bad = |class, b: BackingSpec| kind(apply_create(class, &off, &Spec { backing: Some(b), ..Default::default() }, &stores()).unwrap_err());
        assert_eq!(bad(Class::Serial, backing("PIPE_SERVER")), "error", "a pipe without its name");
        assert_eq!(bad(Class::Serial, BackingSpec { network_location: Some("7001".into()), ..backing("NETWORK_CLIENT") }), "error");
        assert_eq!(bad(Class::Floppy, BackingSpec { image_file: Some("[east-nfs-iso] a.iso".into()), ..backing("IMAGE_FILE") }), "error", "not a floppy image");
        assert_eq!(bad(Class::Parallel, BackingSpec { file: Some("[nowhere] lpt.out".into()), ..backing("FILE") }), "error");
        assert_eq!(bad(Class::Parallel, backing("PIPE_SERVER")), "error", "a parallel port has no pipe");
        let (v, key) = apply_create(Class::Floppy, &off, &Spec { backing: Some(BackingSpec { image_file: Some("[east-nfs-iso] boot/dos.flp".into()), ..backing("IMAGE_FILE") }), start_connected: Some(true), ..Default::default() }, &stores()).unwrap();
        let info = info(Class::Floppy, &v, find(Class::Floppy, &v, &key).unwrap());
        assert_eq!((info["backing"]["image_file"].as_str(), info["state"].as_str(), info["label"].as_str()), (Some("[east-nfs-iso] boot/dos.flp"), Some("NOT_CONNECTED"), Some("Floppy drive 1")));
    }

    #[test]
    fn a_running_vm_swaps_a_floppy_image_and_connects_ports_but_keeps_port_backings() {
        let (mut v, floppy) = apply_create(Class::Floppy, &vm("POWERED_OFF"), &Spec { start_connected: Some(true), ..Default::default() }, &stores()).unwrap();
        let (with_port, port) = apply_create(Class::Parallel, &v, &Spec::default(), &stores()).unwrap();
        v = with_port;
        v.set_power("POWERED_ON");
        assert!(find(Class::Floppy, &v, &floppy).unwrap().connected, "connects at power on");
        let image = Spec { backing: Some(BackingSpec { image_file: Some("[east-nfs-iso] b.img".into()), ..backing("IMAGE_FILE") }), ..Default::default() };
        assert!(apply_update(Class::Floppy, &v, &floppy, &image, &stores()).is_ok());
        let file = Spec { backing: Some(BackingSpec { file: Some("[east-nfs-iso] lpt.out".into()), ..backing("FILE") }), ..Default::default() };
        assert_eq!(kind(apply_update(Class::Parallel, &v, &port, &file, &stores()).unwrap_err()), "not_allowed_in_current_state");
        let connected = apply_connect(Class::Parallel, &v, &port, true).unwrap();
        assert_eq!(kind(apply_connect(Class::Parallel, &connected, &port, true).unwrap_err()), "already_in_desired_state");
        assert_eq!(kind(apply_connect(Class::Floppy, &v, "8999", true).unwrap_err()), "not_found");
    }
}
