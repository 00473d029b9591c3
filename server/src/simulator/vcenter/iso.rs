//! `vcenter/iso`: a content library's ISO image mounted on a virtual machine — a new CD/DVD drive backed by the
//! image's file on the library's datastore (`[datastore] contentlib-<library>/<item>/<file>.iso`), connected
//! at power-on and now if the machine runs — and unmounted again (the drive removed while powered off, emptied
//! while running). vCenter's rules: the item holds an ISO file on this vCenter's datastore storage
//! (`invalid_argument`, `resource_inaccessible`), the drive can be plugged now (SATA while running, IDE only
//! powered off: `not_allowed_in_current_state`), and only a drive holding a library image is unmounted.

use super::vm::hardware::cdrom;
use crate::simulator::content::path_id;
use crate::simulator::{bad_body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/com/vmware/vcenter/iso/image/{id}", post(image))
}

/// Errors the two operations document; any other refusal of the drive's change is a state the VM is in.
fn documented(e: SimError, allowed: &[&str]) -> SimError {
    if allowed.contains(&e.kind.as_str()) {
        e
    } else {
        SimError::new(VapiErrorKind::NotAllowedInCurrentState, &e.id, e.message, &[])
    }
}

/// The datastore path of an ISO item's image.
fn image_path(state: &SimState, item: &str) -> Result<String, SimError> {
    let d = state.content.data.lock().unwrap();
    let i = d.items.iter().find(|i| i.id == item).ok_or_else(|| SimError::not_found("Library item", item))?;
    let f = i.files.iter().find(|f| f.name.to_lowercase().ends_with(".iso")).ok_or_else(|| {
        SimError::invalid_argument("com.vmware.vcenter.iso.not_iso", format!("Library item '{}' holds no ISO image (.iso file).", i.name), &[item])
    })?;
    let inaccessible = |why: String| SimError::new(VapiErrorKind::Other("resource_inaccessible".into()), "com.vmware.vcenter.iso.inaccessible", why, &[item]);
    if !f.cached {
        return Err(inaccessible(format!("The ISO image of '{}' is not on this vCenter: sync the item first.", i.name)));
    }
    let l = d.libraries.iter().find(|l| l.id == i.library).ok_or_else(|| SimError::not_found("Library", &i.library))?;
    let ds = l.datastore.clone().ok_or_else(|| inaccessible(format!("Library '{}' is not stored on a datastore.", l.name)))?;
    let store = state.inventory.read().datastores.iter().find(|s| s.id == ds).map(|s| s.name.clone()).ok_or_else(|| inaccessible(format!("The datastore of library '{}' is gone.", l.name)))?;
    Ok(format!("[{store}] contentlib-{}/{}/{}", l.id, i.id, f.name))
}

async fn image(State(state): State<SimState>, _: Authed, Path(seg): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    match crate::simulator::content::action(&q).as_deref() {
        Some("mount") => {
            #[derive(Deserialize)]
            struct B {
                vm: String,
            }
            let vm = serde_json::from_slice::<B>(&body).map_err(bad_body)?.vm;
            let path = image_path(&state, &id)?;
            let mut inv = state.inventory.write();
            let stores: Vec<String> = inv.datastores.iter().map(|s| s.name.clone()).collect();
            let v = inv.vm(&vm)?.clone();
            let running = v.power_state == "POWERED_ON";
            let spec = |kind: &str| -> Result<cdrom::CreateSpec, SimError> {
                serde_json::from_value(serde_json::json!({ "type": kind, "backing": { "type": "ISO_FILE", "iso_file": path }, "start_connected": true })).map_err(bad_body)
            };
            let allowed = ["not_found", "invalid_argument", "resource_inaccessible", "not_allowed_in_current_state"];
            let (mut n, key) = match cdrom::apply_create(&v, &spec("SATA")?, &stores) {
                Ok(r) => r,
                Err(_) if !running => cdrom::apply_create(&v, &spec("IDE")?, &stores).map_err(|e| documented(e, &allowed))?,
                Err(e) => return Err(documented(e, &allowed)),
            };
            if running {
                n.cdroms.iter_mut().filter(|c| c.key == key).for_each(|c| c.connected = true);
            }
            inv.vms.iter_mut().filter(|x| x.id == vm).for_each(|x| *x = n.clone());
            Ok(ok(key))
        }
        Some("unmount") => {
            #[derive(Deserialize)]
            struct B {
                cdrom: String,
            }
            let key = serde_json::from_slice::<B>(&body).map_err(bad_body)?.cdrom;
            let mut inv = state.inventory.write();
            let v = inv.vm(&id)?.clone();
            let c = v.cdroms.iter().find(|c| c.key == key).ok_or_else(|| SimError::not_found("CD-ROM", &key))?;
            if !c.iso_file.as_deref().is_some_and(|f| f.contains("] contentlib-")) {
                return Err(SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.vcenter.iso.not_mounted", format!("{} holds no content library image.", c.label), &[&key]));
            }
            let n = if v.power_state == "POWERED_OFF" {
                cdrom::apply_remove(&v, &key).map_err(|e| documented(e, &["not_found", "not_allowed_in_current_state"]))?
            } else {
                let mut n = v.clone();
                n.cdroms.iter_mut().filter(|c| c.key == key).for_each(|c| {
                    c.backing = "CLIENT_DEVICE".into();
                    c.iso_file = None;
                    c.access = "EMULATION".into();
                    c.connected = false;
                });
                n
            };
            inv.vms.iter_mut().filter(|x| x.id == id).for_each(|x| *x = n.clone());
            Ok(ok_void())
        }
        a => Err(SimError::no_operation(&format!("POST /rest/com/vmware/vcenter/iso/image/id:{{…}} {}", a.unwrap_or("")))),
    }
}
