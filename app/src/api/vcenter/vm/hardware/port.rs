//! `vcenter/vm/hardware/floppy`, `serial` and `parallel`: add a floppy drive, a serial or a parallel port with
//! its backing, change it, (removal and connection are in `device`). The three share a form: each is a
//! connectable device with a backing and no bus address. Checked before sending: a file as
//! `[datastore] folder/file` (a floppy image `.flp` or `.img`), a pipe's name, a network location as a URI
//! (`telnet://:7001`, `tcp://10.0.0.5:7001`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The backings each class offers, in words (the API's order).
pub fn backings(class: &str) -> &'static [(&'static str, &'static str)] {
    match class {
        "floppy" => &[("IMAGE_FILE", "Image file on a datastore"), ("HOST_DEVICE", "Host's floppy device"), ("CLIENT_DEVICE", "Client device (the console user's machine)")],
        "serial" => &[
            ("FILE", "Output to a file on a datastore"),
            ("HOST_DEVICE", "Host's serial device"),
            ("PIPE_SERVER", "Named pipe, this end is the server"),
            ("PIPE_CLIENT", "Named pipe, this end is the client"),
            ("NETWORK_SERVER", "Network, the VM listens (server)"),
            ("NETWORK_CLIENT", "Network, the VM connects (client)"),
        ],
        _ => &[("FILE", "Output to a file on a datastore"), ("HOST_DEVICE", "Host's parallel device")],
    }
}

/// The class's name in a sentence, and how many of it a VM may have.
pub fn what(class: &str) -> (&'static str, usize) {
    match class {
        "floppy" => ("floppy drive", 2),
        "serial" => ("serial port", 4),
        _ => ("parallel port", 3),
    }
}

/// A floppy drive, serial or parallel port as a form has it: `device` is empty when adding.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PortForm {
    pub vm: String,
    /// `floppy`, `serial` or `parallel`.
    pub class: String,
    #[serde(default)]
    pub device: String,
    #[serde(default)]
    pub backing: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub host_device: String,
    #[serde(default)]
    pub pipe: String,
    pub no_rx_loss: Option<String>,
    #[serde(default)]
    pub network_location: String,
    #[serde(default)]
    pub proxy: String,
    pub yield_on_poll: Option<String>,
    pub start_connected: Option<String>,
}

/// A backing as the three classes' specs have it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backing {
    pub r#type: String,
    pub file: Option<String>,
    pub host_device: Option<String>,
    pub pipe: Option<String>,
    pub no_rx_loss: Option<bool>,
    pub network_location: Option<String>,
    pub proxy: Option<String>,
}

/// A network location's problem, if it has one: `scheme://host:port` (the host may be empty for a server).
pub fn uri_problem(uri: &str) -> Option<&'static str> {
    match uri.split_once("://") {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) => match rest.rsplit_once(':') {
            Some((_, port)) if port.parse::<u16>().is_ok_and(|p| p > 0) && !rest.contains(char::is_whitespace) => None,
            _ => Some("Give the port after the host: telnet://:7001 to listen, tcp://10.0.0.5:7001 to connect."),
        },
        _ => Some("Give a URI: telnet://:7001 to listen, tcp://10.0.0.5:7001 to connect."),
    }
}

/// The backing `form` asks for, or the refusal at its field.
pub fn backing(form: &PortForm) -> Result<Backing, AppError> {
    let offered = backings(&form.class);
    let t = form.backing.trim();
    if !offered.iter().any(|(k, _)| *k == t) {
        let list: Vec<&str> = offered.iter().map(|(_, l)| *l).collect();
        return Err(AppError::invalid("backing", format!("Choose one: {}.", list.join("; "))));
    }
    let mut b = Backing { r#type: t.to_string(), ..Default::default() };
    match t {
        "IMAGE_FILE" | "FILE" => {
            let path = form.file.trim();
            let floppy = form.class == "floppy";
            let shape = path.strip_prefix('[').and_then(|p| p.split_once("] ")).filter(|(s, f)| !s.trim().is_empty() && !f.trim().is_empty());
            let lower = path.to_lowercase();
            if shape.is_none() {
                return Err(AppError::invalid("file", "Give the file as [datastore] folder/file, as the datastore browser shows it."));
            }
            if floppy && !(lower.ends_with(".flp") || lower.ends_with(".img")) {
                return Err(AppError::invalid("file", "A floppy image is a .flp or .img file: [datastore] folder/disk.flp."));
            }
            b.file = Some(path.to_string());
        }
        "HOST_DEVICE" => b.host_device = Some(form.host_device.trim().to_string()).filter(|h| !h.is_empty()),
        "PIPE_SERVER" | "PIPE_CLIENT" => {
            let pipe = form.pipe.trim();
            if pipe.is_empty() {
                return Err(AppError::invalid("pipe", "Name the pipe, as \\\\.\\pipe\\console or /tmp/console."));
            }
            (b.pipe, b.no_rx_loss) = (Some(pipe.to_string()), Some(form.no_rx_loss.is_some()));
        }
        "NETWORK_SERVER" | "NETWORK_CLIENT" => {
            let uri = form.network_location.trim();
            if let Some(p) = uri_problem(uri) {
                return Err(AppError::invalid("network_location", p));
            }
            let proxy = form.proxy.trim();
            if !proxy.is_empty() {
                if let Some(p) = uri_problem(proxy) {
                    return Err(AppError::invalid("proxy", p));
                }
            }
            (b.network_location, b.proxy) = (Some(uri.to_string()), Some(proxy.to_string()).filter(|p| !p.is_empty()));
        }
        _ => {}
    }
    Ok(b)
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn class_of(form: &PortForm) -> Result<&'static str, AppError> {
    match form.class.as_str() {
        "floppy" => Ok("floppy"),
        "serial" => Ok("serial"),
        "parallel" => Ok("parallel"),
        _ => Err(AppError::invalid("class", "Only floppy drives and serial and parallel ports are set here.")),
    }
}

/// Sends `form` to vCenter: a create when `device` is empty, else an update. Server only.
#[cfg(feature = "ssr")]
async fn send(form: PortForm, vm: String) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::vm::hardware::{floppy, parallel, serial};
    let class = class_of(&form)?;
    let b = backing(&form)?;
    let start = Some(form.start_connected.is_some());
    let device = form.device.trim().to_string();
    crate::api::ssr::with_vc(|vc| async move {
        match class {
            "floppy" => {
                let backing = Some(floppy::BackingSpec { r#type: b.r#type.parse().expect("a backing type of the API"), image_file: b.file, host_device: b.host_device });
                if device.is_empty() {
                    vc.vcenter_vm_hardware_floppy_create(&vm, &floppy::CreateSpec { backing, start_connected: start, allow_guest_control: Some(true) }).await.map(|_| ())
                } else {
                    vc.vcenter_vm_hardware_floppy_update(&vm, &device, &floppy::UpdateSpec { backing, start_connected: start, allow_guest_control: None }).await
                }
            }
            "serial" => {
                let backing = Some(serial::BackingSpec { r#type: b.r#type.parse().expect("a backing type of the API"), file: b.file, host_device: b.host_device, pipe: b.pipe, no_rx_loss: b.no_rx_loss, network_location: b.network_location, proxy: b.proxy });
                let yield_on_poll = Some(form.yield_on_poll.is_some());
                if device.is_empty() {
                    vc.vcenter_vm_hardware_serial_create(&vm, &serial::CreateSpec { yield_on_poll, backing, start_connected: start, allow_guest_control: Some(true) }).await.map(|_| ())
                } else {
                    vc.vcenter_vm_hardware_serial_update(&vm, &device, &serial::UpdateSpec { yield_on_poll, backing, start_connected: start, allow_guest_control: None }).await
                }
            }
            _ => {
                let backing = Some(parallel::BackingSpec { r#type: b.r#type.parse().expect("a backing type of the API"), file: b.file, host_device: b.host_device });
                if device.is_empty() {
                    vc.vcenter_vm_hardware_parallel_create(&vm, &parallel::CreateSpec { backing, start_connected: start, allow_guest_control: Some(true) }).await.map(|_| ())
                } else {
                    vc.vcenter_vm_hardware_parallel_update(&vm, &device, &parallel::UpdateSpec { backing, start_connected: start, allow_guest_control: None }).await
                }
            }
        }
    })
    .await
}

/// Adds a floppy drive, serial or parallel port; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/port/create")]
pub async fn add_vm_port(#[server(flatten)] form: PortForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let class = class_of(&form).map_err(keep)?;
    send(form.clone(), vm.clone()).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", &format!("{class}-added"), <AddVmPort as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a floppy drive's, serial or parallel port's backing and options; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/port/update")]
pub async fn update_vm_port(#[server(flatten)] form: PortForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let class = class_of(&form).map_err(keep)?;
    if form.device.trim().is_empty() {
        return Err(keep(AppError::invalid("device", "Choose the device to change.")));
    }
    send(form.clone(), vm.clone()).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", &format!("{class}-saved"), <UpdateVmPort as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(class: &str, backing: &str) -> PortForm {
        PortForm { vm: "vm-1".into(), class: class.into(), backing: backing.into(), ..Default::default() }
    }

    #[test]
    fn each_backing_names_what_it_uses() {
        let field = |f: PortForm| backing(&f).unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(form("serial", "PIPE_SERVER")).as_deref(), Some("pipe"));
        assert_eq!(field(PortForm { network_location: "10.0.0.5:7001".into(), ..form("serial", "NETWORK_CLIENT") }).as_deref(), Some("network_location"));
        assert_eq!(field(PortForm { network_location: "telnet://:7001".into(), proxy: "proxy".into(), ..form("serial", "NETWORK_SERVER") }).as_deref(), Some("proxy"));
        assert_eq!(field(PortForm { file: "[iso] dos.iso".into(), ..form("floppy", "IMAGE_FILE") }).as_deref(), Some("file"));
        assert_eq!(field(PortForm { file: "lpt.out".into(), ..form("parallel", "FILE") }).as_deref(), Some("file"));
        assert_eq!(field(form("parallel", "PIPE_SERVER")).as_deref(), Some("backing"), "a parallel port has no pipe");
        let ok = backing(&PortForm { network_location: " telnet://:7001 ".into(), ..form("serial", "NETWORK_SERVER") }).unwrap();
        assert_eq!((ok.network_location.as_deref(), ok.proxy), (Some("telnet://:7001"), None));
        let host = backing(&form("floppy", "HOST_DEVICE")).unwrap();
        assert_eq!(host.host_device, None, "empty: detected automatically");
        assert_eq!(backing(&PortForm { file: "[east-nfs-iso] boot/dos.flp".into(), ..form("floppy", "IMAGE_FILE") }).unwrap().file.as_deref(), Some("[east-nfs-iso] boot/dos.flp"));
    }
}
