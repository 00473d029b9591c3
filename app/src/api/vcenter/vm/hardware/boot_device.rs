//! `vcenter/vm/hardware/boot/device`: the boot order — which devices the firmware tries, in order (a disk, the
//! CD/DVD drive, a network adapter), moved up and down, added and removed; empty, the firmware's own order.
//! A form sends the whole new order as tokens: `DISK`, `DISK:2000+2001`, `CDROM`, `ETHERNET:4000`, `FLOPPY`.

use crate::error::AppError;
use crate::vsphere::models::vcenter::vm::hardware::boot::device::Entry;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The token of an entry.
pub fn token(e: &Entry) -> String {
    match e.r#type.as_str() {
        "ETHERNET" => format!("ETHERNET:{}", e.nic.clone().unwrap_or_default()),
        "DISK" => match e.disks.as_deref() {
            Some(d) if !d.is_empty() => format!("DISK:{}", d.join("+")),
            _ => "DISK".into(),
        },
        t => t.to_string(),
    }
}

/// The entries of an order (`DISK,CDROM,ETHERNET:4000`), or the refusal.
pub fn entries(order: &str) -> Result<Vec<Entry>, AppError> {
    let bad = || AppError::invalid("order", "The boot order names disks, the CD/DVD drive, network adapters or the floppy drive.");
    order
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (kind, rest) = t.split_once(':').map_or((t, None), |(k, r)| (k, Some(r)));
            let r#type = kind.parse().map_err(|_| bad())?;
            Ok(match (kind, rest) {
                ("ETHERNET", Some(nic)) if !nic.is_empty() => Entry { r#type, nic: Some(nic.to_string()), disks: None },
                ("DISK", Some(d)) => Entry { r#type, nic: None, disks: Some(d.split('+').map(str::to_string).collect()) },
                ("DISK" | "CDROM" | "FLOPPY", None) => Entry { r#type, nic: None, disks: None },
                _ => return Err(bad()),
            })
        })
        .collect()
}

/// `order` with entry `i` moved by `by` (-1 up, +1 down), removed (`by` = 0), as tokens.
pub fn moved(order: &[String], i: usize, by: i32) -> String {
    let mut o = order.to_vec();
    match by {
        0 if i < o.len() => {
            o.remove(i);
        }
        -1 if i > 0 && i < o.len() => o.swap(i, i - 1),
        1 if i + 1 < o.len() => o.swap(i, i + 1),
        _ => {}
    }
    o.join(",")
}

/// A new boot order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BootOrderForm {
    pub vm: String,
    #[serde(default)]
    pub order: String,
}

/// Sets the boot order (`PUT …/boot/device`).
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/boot/device")]
pub async fn set_vm_boot_order(#[server(flatten)] form: BootOrderForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    let devices = entries(&form.order)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_boot_device_set(&id, &devices).await }).await?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "boot-order", <SetVmBootOrder as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_goes_to_entries_and_back_and_moves() {
        let e = entries("CDROM, DISK:2000+2001,ETHERNET:4000").unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[1].disks.as_deref(), Some(&["2000".to_string(), "2001".to_string()][..]));
        assert_eq!(e.iter().map(token).collect::<Vec<_>>().join(","), "CDROM,DISK:2000+2001,ETHERNET:4000");
        assert!(entries("").unwrap().is_empty(), "the firmware's own order");
        assert!(entries("ETHERNET").is_err() && entries("USB").is_err());
        let o: Vec<String> = ["DISK", "CDROM", "ETHERNET:4000"].map(String::from).to_vec();
        assert_eq!(moved(&o, 1, -1), "CDROM,DISK,ETHERNET:4000");
        assert_eq!(moved(&o, 1, 1), "DISK,ETHERNET:4000,CDROM");
        assert_eq!(moved(&o, 0, -1), "DISK,CDROM,ETHERNET:4000", "the first stays first");
        assert_eq!(moved(&o, 2, 0), "DISK,CDROM");
    }
}
