//! `vcenter/vm` create and delete: a new VM from the New virtual machine page (name, guest OS, folder, where it
//! runs, resource pool, datastore, CPUs, memory, one disk, one network adapter, optionally powered on), and a
//! VM deleted with its files after a confirmation. Checked before sending: the name (1 to 80 characters),
//! the choices made, CPUs and memory by the hardware rules, the disk's size.

use super::hardware::whole;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest VM name vCenter takes.
pub const MAX_NAME: usize = 80;

/// What the New virtual machine form offers: (id, name) of each, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewVmChoices {
    pub folders: Vec<(String, String)>,
    /// `cluster:<id>` or `host:<id>` (standalone hosts), with words.
    pub compute: Vec<(String, String)>,
    pub resource_pools: Vec<(String, String)>,
    /// With the free space in words.
    pub datastores: Vec<(String, String)>,
    pub networks: Vec<(String, String)>,
}

/// A guest OS value of the API as vSphere names it: the families by their product names, Windows by the
/// release its number stands for, `_64` as "(64-bit)"; anything else in plain words.
pub fn guest_os_words(value: &str) -> String {
    let (base, bits) = match value.strip_suffix("_64") {
        Some(b) => (b, " (64-bit)"),
        None => (value, ""),
    };
    let windows = [
        ("WINDOWS_9_SERVER", "Microsoft Windows Server 2016 or later"),
        ("WINDOWS_9", "Microsoft Windows 10"),
        ("WINDOWS_8_SERVER", "Microsoft Windows Server 2012"),
        ("WINDOWS_8", "Microsoft Windows 8"),
        ("WINDOWS_7_SERVER", "Microsoft Windows Server 2008 R2"),
        ("WINDOWS_7", "Microsoft Windows 7"),
    ];
    if let Some((_, name)) = windows.iter().find(|(k, _)| *k == base) {
        return format!("{name}{bits}");
    }
    let families = [("RHEL_", "Red Hat Enterprise Linux "), ("CENTOS_", "CentOS "), ("SLES_", "SUSE Linux Enterprise "), ("DEBIAN_", "Debian GNU/Linux "), ("ORACLE_LINUX_", "Oracle Linux ")];
    for (prefix, name) in families {
        if let Some(n) = base.strip_prefix(prefix).filter(|n| n.chars().all(|c| c.is_ascii_digit())) {
            return format!("{name}{n}{bits}");
        }
    }
    match base {
        "UBUNTU" => format!("Ubuntu Linux{bits}"),
        "CENTOS" => format!("CentOS{bits}"),
        "OTHER_3X_LINUX" => format!("Other 3.x Linux{bits}"),
        "OTHER_4X_LINUX" => format!("Other 4.x or later Linux{bits}"),
        _ => crate::api::vcenter::inventory::words(value),
    }
}

/// The API's guest OS values, in vSphere's words ([`guest_os_words`]), by words.
pub fn guest_os_choices() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = crate::vsphere::models::vcenter::vm::GuestOs::VALUES.iter().map(|v| (v.to_string(), guest_os_words(v))).collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

/// The New virtual machine form.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NewVmForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub guest_os: String,
    #[serde(default)]
    pub folder: String,
    /// `cluster:<id>` or `host:<id>`.
    #[serde(default)]
    pub compute: String,
    /// Empty: the cluster's or host's own (root) pool.
    #[serde(default)]
    pub resource_pool: String,
    #[serde(default)]
    pub datastore: String,
    #[serde(default)]
    pub cpus: String,
    #[serde(default)]
    pub memory_mb: String,
    #[serde(default)]
    pub disk_gb: String,
    /// Empty: no network adapter.
    #[serde(default)]
    pub network: String,
    /// A CD/DVD drive (on SATA): the client's device, or `iso_file` when one is given.
    pub cdrom: Option<String>,
    #[serde(default)]
    pub iso_file: String,
    pub power_on: Option<String>,
    /// `create` on the review page; anything else checks the form and shows the review.
    #[serde(default)]
    pub step: String,
}

impl NewVmForm {
    /// The form's fields as a query string (the review page's, and back to the form from it).
    pub fn query(&self) -> String {
        let e = crate::vsphere::rest::encode_component;
        let mut q = vec![
            ("name", self.name.clone()),
            ("guest_os", self.guest_os.clone()),
            ("folder", self.folder.clone()),
            ("compute", self.compute.clone()),
            ("resource_pool", self.resource_pool.clone()),
            ("datastore", self.datastore.clone()),
            ("cpus", self.cpus.clone()),
            ("memory_mb", self.memory_mb.clone()),
            ("disk_gb", self.disk_gb.clone()),
            ("network", self.network.clone()),
            ("iso_file", self.iso_file.clone()),
        ];
        if self.cdrom.is_some() {
            q.push(("cdrom", "on".into()));
        }
        if self.power_on.is_some() {
            q.push(("power_on", "on".into()));
        }
        q.into_iter().map(|(k, v)| format!("{k}={}", e(&v))).collect::<Vec<_>>().join("&")
    }
}

/// The create spec for `form` (`network_type` the chosen network's type, when one is chosen), or the refusal
/// at its field.
pub fn new_vm_spec(form: &NewVmForm, network_type: Option<&str>) -> Result<crate::vsphere::models::vcenter::vm::CreateSpec, AppError> {
    use crate::vsphere::models::vcenter::vm::hardware::{cpu, disk, ethernet, memory};
    use crate::vsphere::models::vcenter::vm::{CreateSpec, PlacementSpec};
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(AppError::invalid("name", format!("Name the virtual machine: 1 to {MAX_NAME} characters.")));
    }
    let guest_os = form.guest_os.trim().parse().ok().filter(|_| crate::vsphere::models::vcenter::vm::GuestOs::VALUES.contains(&form.guest_os.trim())).ok_or_else(|| AppError::invalid("guest_os", "Choose the guest operating system."))?;
    if form.folder.trim().is_empty() {
        return Err(AppError::invalid("folder", "Choose the folder the virtual machine goes in."));
    }
    let (cluster, host) = match form.compute.split_once(':') {
        Some(("cluster", id)) if !id.is_empty() => (Some(id.to_string()), None),
        Some(("host", id)) if !id.is_empty() => (None, Some(id.to_string())),
        _ => return Err(AppError::invalid("compute", "Choose the cluster or host it runs on.")),
    };
    if form.datastore.trim().is_empty() {
        return Err(AppError::invalid("datastore", "Choose the datastore for its files."));
    }
    let cpus = whole("cpus", &form.cpus, "the number of CPUs")?;
    if !(1..=crate::api::vcenter::vm::hardware::MAX_CPUS).contains(&cpus) {
        return Err(AppError::invalid("cpus", format!("From 1 to {} CPUs.", crate::api::vcenter::vm::hardware::MAX_CPUS)));
    }
    let memory = whole("memory_mb", &form.memory_mb, "the memory in MB")?;
    if memory < 4 || memory > crate::api::vcenter::vm::hardware::MAX_MEMORY_MB || memory % 4 != 0 {
        return Err(AppError::invalid("memory_mb", "Memory is a multiple of 4 MB, from 4 MB to 6 TB (4096 MB is 4 GB)."));
    }
    let disk_gb = whole("disk_gb", &form.disk_gb, "the disk's size in GB")?;
    if !(1..=super::hardware::disk::MAX_DISK_GB).contains(&disk_gb) {
        return Err(AppError::invalid("disk_gb", format!("A disk is from 1 to {} GB (62 TB).", super::hardware::disk::MAX_DISK_GB)));
    }
    let nics = match (form.network.trim(), network_type) {
        ("", _) => vec![],
        (_, None) => return Err(AppError::invalid("network", "Choose a network vCenter knows, or no network adapter.")),
        (id, Some(kind)) => vec![ethernet::CreateSpec {
            r#type: None,
            upt_compatibility_enabled: None,
            mac_type: None,
            mac_address: None,
            pci_slot_number: None,
            wake_on_lan_enabled: None,
            backing: Some(ethernet::BackingSpec { r#type: kind.parse().map_err(|_| AppError::invalid("network", "Choose a port group."))?, network: Some(id.to_string()), distributed_port: None }),
            start_connected: Some(true),
            allow_guest_control: Some(true),
        }],
    };
    let cdroms = match (form.cdrom.is_some(), form.iso_file.trim()) {
        (false, "") => vec![],
        (false, _) => return Err(AppError::invalid("iso_file", "An ISO file goes in a CD/DVD drive: tick the drive, or clear the file.")),
        (true, iso) => {
            use crate::vsphere::models::vcenter::vm::hardware::cdrom;
            let backing = if iso.is_empty() {
                cdrom::BackingSpec { r#type: "CLIENT_DEVICE".parse().expect("a backing type of the API"), iso_file: None, host_device: None, device_access_type: Some("PASSTHRU".parse().expect("an access type of the API")) }
            } else {
                if let Some(p) = super::hardware::cdrom::iso_path_problem(iso) {
                    return Err(AppError::invalid("iso_file", p));
                }
                cdrom::BackingSpec { r#type: "ISO_FILE".parse().expect("a backing type of the API"), iso_file: Some(iso.to_string()), host_device: None, device_access_type: None }
            };
            vec![cdrom::CreateSpec { r#type: Some("SATA".parse().expect("an adapter type of the API")), ide: None, sata: None, backing: Some(backing), start_connected: Some(!iso.is_empty()), allow_guest_control: Some(true) }]
        }
    };
    Ok(CreateSpec {
        guest_os,
        name: Some(name.to_string()),
        placement: Some(PlacementSpec {
            folder: Some(form.folder.trim().to_string()),
            resource_pool: Some(form.resource_pool.trim().to_string()).filter(|p| !p.is_empty()),
            host,
            cluster,
            datastore: Some(form.datastore.trim().to_string()),
        }),
        hardware_version: None,
        boot: None,
        boot_devices: None,
        cpu: Some(cpu::UpdateSpec { count: Some(cpus), cores_per_socket: Some(1), hot_add_enabled: None, hot_remove_enabled: None }),
        memory: Some(memory::UpdateSpec { size_mib: Some(memory), hot_add_enabled: None }),
        disks: Some(vec![disk::CreateSpec {
            r#type: None,
            ide: None,
            scsi: None,
            sata: None,
            backing: None,
            new_vmdk: Some(disk::VmdkCreateSpec { name: None, capacity: Some(disk_gb << 30), storage_policy: None }),
        }]),
        nics: Some(nics),
        cdroms: Some(cdroms),
        floppies: None,
        parallel_ports: None,
        serial_ports: None,
        sata_adapters: None,
        scsi_adapters: None,
        storage_policy: None,
    })
}

/// The New virtual machine form's choices, read together.
#[server(prefix = "/api", endpoint = "vcenter/vm/new-choices")]
pub async fn get_new_vm_choices() -> Result<NewVmChoices, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let connected = ["CONNECTED".to_string()];
        let (folders, clusters, hosts, pools, stores, networks) = tokio::join!(
            vc.vcenter_folder_list(&[], &[], Some("VIRTUAL_MACHINE"), &[], &[]),
            vc.vcenter_cluster_list(&[], &[], &[], &[]),
            vc.vcenter_host_list(&[], &[], &[], &[], Some(true), &[], &connected),
            vc.vcenter_resource_pool_list(&[], &[], &[], &[], &[], &[]),
            vc.vcenter_datastore_list(&[], &[], &[], &[], &[]),
            vc.vcenter_network_list(&[], &[], &[], &[], &[])
        );
        let by_name = |mut v: Vec<(String, String)>| {
            v.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
            v
        };
        let mut compute: Vec<(String, String)> = by_name(clusters?.into_iter().map(|c| (format!("cluster:{}", c.cluster), format!("Cluster {}", c.name))).collect());
        compute.extend(by_name(hosts?.into_iter().map(|h| (format!("host:{}", h.host), format!("Host {} (standalone)", h.name))).collect()));
        Ok(NewVmChoices {
            folders: by_name(folders?.into_iter().map(|f| (f.folder, f.name)).collect()),
            compute,
            resource_pools: by_name(pools?.into_iter().map(|p| (p.resource_pool, p.name)).collect()),
            datastores: by_name(
                stores?
                    .into_iter()
                    .map(|s| {
                        let free = s.free_space.map(|f| format!(" ({} free)", crate::api::vcenter::inventory::human_bytes(f))).unwrap_or_default();
                        (s.datastore, format!("{}{free}", s.name))
                    })
                    .collect(),
            ),
            networks: by_name(networks?.into_iter().map(|n| (n.network, n.name)).collect()),
        })
    })
    .await
}

/// Checks the form and shows the review (`step` other than `create`); from the review, creates the VM (and
/// powers it on when asked), then opens its page. A refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/create")]
pub async fn create_vm(#[server(flatten)] form: NewVmForm) -> Result<String, AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let f = form.clone();
    let (id, powered) = crate::api::ssr::with_vc(|vc| async move {
        let network_type = match f.network.trim() {
            "" => None,
            id => vc.vcenter_network_list(&[id.to_string()], &[], &[], &[], &[]).await?.into_iter().next().map(|n| n.r#type.as_str().to_string()),
        };
        let spec = new_vm_spec(&f, network_type.as_deref())?;
        if f.step != "create" {
            // Checked: the review comes next, nothing is created yet.
            return Ok((String::new(), None));
        }
        let id = vc.vcenter_vm_create(&spec).await?;
        // Created: a refused power-on is said on its page, not as a failed creation.
        let powered = if f.power_on.is_some() { Some(vc.vcenter_vm_power_start(&id).await.is_ok()) } else { None };
        Ok((id, powered))
    })
    .await
    .map_err(keep)?;
    if id.is_empty() {
        leptos_axum::redirect(&format!("/inventory/vm/new?review=1&{}", form.query()));
        return Ok(id);
    }
    let value = match powered {
        Some(false) => "not-powered-on",
        Some(true) => "powered-on",
        None => "1",
    };
    crate::api::vcenter::vm::back_to_vm(&id, "created", value, <CreateVm as leptos::server_fn::ServerFn>::PATH);
    Ok(id)
}

/// The VM to delete, and its name (for the list's notice).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeleteVmForm {
    pub vm: String,
    #[serde(default)]
    pub name: String,
}

/// Deletes a VM with its files (after the page's confirmation), then goes to the VM list, which says so.
#[server(prefix = "/api", endpoint = "vcenter/vm/delete")]
pub async fn delete_vm(#[server(flatten)] form: DeleteVmForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_delete(&id).await }).await?;
    let name = if form.name.trim().is_empty() { vm } else { form.name.trim().to_string() };
    leptos_axum::redirect(&format!("/inventory/vm?deleted={}", crate::vsphere::rest::encode_component(&name)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewVmForm {
        NewVmForm {
            name: "web-new".into(),
            guest_os: "UBUNTU_64".into(),
            folder: "group-v30".into(),
            compute: "cluster:domain-c40".into(),
            resource_pool: String::new(),
            datastore: "datastore-60".into(),
            cpus: "2".into(),
            memory_mb: "4096".into(),
            disk_gb: "40".into(),
            network: "network-70".into(),
            cdrom: Some("on".into()),
            iso_file: String::new(),
            power_on: None,
            step: String::new(),
        }
    }

    #[test]
    fn a_new_vm_is_checked_field_by_field_before_anything_is_sent() {
        let spec = new_vm_spec(&form(), Some("STANDARD_PORTGROUP")).unwrap();
        let p = spec.placement.unwrap();
        assert_eq!((p.cluster.as_deref(), p.host, p.resource_pool), (Some("domain-c40"), None, None));
        assert_eq!(spec.disks.unwrap()[0].new_vmdk.as_ref().unwrap().capacity, Some(40 << 30));
        assert_eq!(spec.nics.unwrap().len(), 1);
        let field = |f: NewVmForm, t: Option<&str>| new_vm_spec(&f, t).unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(NewVmForm { name: " ".into(), ..form() }, None), Some("name".into()));
        assert_eq!(field(NewVmForm { name: "n".repeat(81), ..form() }, None), Some("name".into()));
        assert_eq!(field(NewVmForm { guest_os: "PLAN9".into(), ..form() }, None), Some("guest_os".into()));
        assert_eq!(field(NewVmForm { compute: "pool:x".into(), ..form() }, None), Some("compute".into()));
        assert_eq!(field(NewVmForm { cpus: "0".into(), ..form() }, None), Some("cpus".into()));
        assert_eq!(field(NewVmForm { memory_mb: "1001".into(), ..form() }, None), Some("memory_mb".into()));
        assert_eq!(field(NewVmForm { disk_gb: "0".into(), ..form() }, None), Some("disk_gb".into()));
        assert_eq!(field(form(), None), Some("network".into()), "a network vCenter does not know");
        let none = new_vm_spec(&NewVmForm { network: String::new(), compute: "host:host-57".into(), ..form() }, None).unwrap();
        assert!(none.nics.unwrap().is_empty() && none.placement.unwrap().host.as_deref() == Some("host-57"));
        assert!(guest_os_choices().iter().any(|(v, w)| v == "UBUNTU_64" && w == "Ubuntu Linux (64-bit)"));
        assert_eq!(guest_os_words("WINDOWS_9_SERVER_64"), "Microsoft Windows Server 2016 or later (64-bit)");
        assert_eq!(guest_os_words("RHEL_8_64"), "Red Hat Enterprise Linux 8 (64-bit)");
        assert_eq!(guest_os_words("DOS"), "Dos", "others in plain words");
    }

    #[test]
    fn a_cd_drive_has_the_client_device_or_an_iso_file_and_the_review_carries_every_field() {
        let client = new_vm_spec(&form(), Some("STANDARD_PORTGROUP")).unwrap().cdroms.unwrap();
        assert_eq!(client[0].backing.as_ref().unwrap().r#type.as_str(), "CLIENT_DEVICE");
        let iso = new_vm_spec(&NewVmForm { iso_file: "[east-nfs-iso] images/ubuntu.iso".into(), ..form() }, Some("STANDARD_PORTGROUP")).unwrap().cdroms.unwrap();
        assert_eq!((iso[0].backing.as_ref().unwrap().iso_file.as_deref(), iso[0].start_connected), (Some("[east-nfs-iso] images/ubuntu.iso"), Some(true)));
        let field = |f: NewVmForm| new_vm_spec(&f, Some("STANDARD_PORTGROUP")).unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(NewVmForm { iso_file: "ubuntu.iso".into(), ..form() }), Some("iso_file".into()));
        assert_eq!(field(NewVmForm { cdrom: None, iso_file: "[a] b.iso".into(), ..form() }), Some("iso_file".into()), "an ISO without a drive");
        assert!(new_vm_spec(&NewVmForm { cdrom: None, ..form() }, Some("STANDARD_PORTGROUP")).unwrap().cdroms.unwrap().is_empty());
        let q = NewVmForm { name: "a b&c".into(), power_on: Some("on".into()), ..form() }.query();
        assert!(q.starts_with("name=a%20b%26c&guest_os=UBUNTU_64&folder=group-v30") && q.ends_with("&cdrom=on&power_on=on"), "{q}");
    }
}
