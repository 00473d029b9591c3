//! The simulated vCenter's inventory: datacenters, folders, clusters, hosts, resource pools, datastores,
//! networks and virtual machines, with the relations between them that the `vcenter/*` list filters use.
//! Seeded deterministically (`--sim-vms N` sets the number of VMs); tagging checks object ids against it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;
use std::time::Instant;

#[derive(Clone, Debug)]
pub struct Datacenter {
    pub id: String,
    pub name: String,
    /// The folder holding it (the root `Datacenters` folder).
    pub folder: String,
    pub vm_folder: String,
    pub host_folder: String,
    pub datastore_folder: String,
    pub network_folder: String,
}

#[derive(Clone, Debug)]
pub struct Folder {
    pub id: String,
    pub name: String,
    /// `DATACENTER`, `DATASTORE`, `HOST`, `NETWORK` or `VIRTUAL_MACHINE`.
    pub kind: &'static str,
    pub parent: Option<String>,
    pub datacenter: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub datacenter: String,
    pub folder: String,
    pub ha_enabled: bool,
    pub drs_enabled: bool,
    /// Its root resource pool.
    pub resource_pool: String,
}

#[derive(Clone, Debug)]
pub struct Host {
    pub id: String,
    pub name: String,
    pub datacenter: String,
    pub folder: String,
    pub cluster: Option<String>,
    /// `CONNECTED`, `DISCONNECTED` or `NOT_RESPONDING`.
    pub connection_state: &'static str,
    /// Only known while connected.
    pub power_state: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub struct ResourcePool {
    pub id: String,
    pub name: String,
    pub datacenter: String,
    pub parent: Option<String>,
    /// The cluster or standalone host whose resources it divides.
    pub cluster: Option<String>,
    pub hosts: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Datastore {
    pub id: String,
    pub name: String,
    pub datacenter: String,
    pub folder: String,
    pub kind: &'static str,
    pub capacity: i64,
    pub free_space: i64,
    pub accessible: bool,
    pub multiple_host_access: bool,
    pub thin_provisioning_supported: bool,
}

#[derive(Clone, Debug)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub datacenter: String,
    pub folder: String,
    /// `STANDARD_PORTGROUP`, `DISTRIBUTED_PORTGROUP` or `OPAQUE_NETWORK`.
    pub kind: &'static str,
}

#[derive(Clone, Debug)]
pub struct Vm {
    pub id: String,
    pub name: String,
    pub datacenter: String,
    pub folder: String,
    pub host: String,
    pub cluster: Option<String>,
    pub resource_pool: String,
    /// The datastore of the VM's home (its configuration, and new disks' files by default).
    pub datastore: String,
    /// `POWERED_ON`, `POWERED_OFF` or `SUSPENDED`.
    pub power_state: &'static str,
    /// The last power-off was a clean one (through the API or the guest), not a crash.
    pub clean_power_off: bool,
    pub cpu_count: i64,
    pub cores_per_socket: i64,
    pub cpu_hot_add: bool,
    pub cpu_hot_remove: bool,
    pub memory_mib: i64,
    pub memory_hot_add: bool,
    /// Boot options: firmware (EFI or BIOS), delays in milliseconds, retry, enter setup at the next boot.
    pub boot_efi: bool,
    pub boot_delay: i64,
    pub boot_retry: bool,
    pub boot_retry_delay: i64,
    pub boot_setup: bool,
    pub guest_os: String,
    /// The virtual hardware version (14 for `VMX_14`), and the upgrade policy (`NEVER`,
    /// `AFTER_CLEAN_SHUTDOWN`, `ALWAYS`) with the version it upgrades to.
    pub hardware_version: u32,
    pub upgrade_policy: String,
    pub upgrade_version: Option<u32>,
    /// The storage policy of the VM's home, and the last compliance check (`vcenter/vm/{vm}/storage/policy`).
    pub home_policy: Option<String>,
    pub compliance: Option<ComplianceCheck>,
    /// The boot order (`vcenter/vm/hardware/boot/device`); empty: the firmware's own.
    pub boot_devices: Vec<BootEntry>,
    pub disks: Vec<Disk>,
    pub nics: Vec<Nic>,
    pub cdroms: Vec<Cdrom>,
    pub floppies: Vec<Port>,
    pub serial_ports: Vec<Port>,
    pub parallel_ports: Vec<Port>,
    /// The storage adapters disks and drives sit on (`vcenter/vm/hardware/adapter/scsi`, `sata`); IDE's two
    /// channels are built in.
    pub scsi_adapters: Vec<Adapter>,
    pub sata_adapters: Vec<Adapter>,
    /// A guest shutdown, restart or standby under way (`vcenter/vm/guest/power`).
    pub guest_move: Option<GuestMove>,
}

/// A VM's last storage-policy compliance check: when, and each entity's policy and status then (the home's, and
/// each disk's by key). An entity whose policy changed since is out of date.
#[derive(Clone, Debug)]
pub struct ComplianceCheck {
    pub at: String,
    pub home: (Option<String>, &'static str),
    pub disks: Vec<(String, Option<String>, &'static str)>,
}

/// One entry of a VM's boot order: `CDROM`, `DISK` (these disks, or any), `ETHERNET` (this adapter) or `FLOPPY`.
#[derive(Clone, Debug, PartialEq)]
pub struct BootEntry {
    pub kind: String,
    pub nic: Option<String>,
    pub disks: Vec<String>,
}

/// A virtual disk (`vcenter/vm/hardware/disk`): where it is attached and the VMDK file behind it.
#[derive(Clone, Debug)]
pub struct Disk {
    pub key: String,
    pub label: String,
    /// `SCSI`, `SATA` or `IDE`; for IDE, bus 0/1 is primary/secondary and unit 0/1 master/slave.
    pub bus_type: &'static str,
    pub bus: i64,
    pub unit: i64,
    /// `[datastore] folder/file.vmdk`.
    pub vmdk: String,
    pub capacity: i64,
    /// Its storage policy (`vcenter/storage/policies`), if it has one.
    pub policy: Option<String>,
}

/// A virtual network adapter (`vcenter/vm/hardware/ethernet`).
#[derive(Clone, Debug)]
pub struct Nic {
    pub key: String,
    pub label: String,
    /// The emulation type: `VMXNET3`, `E1000E`, …
    pub kind: String,
    /// `MANUAL`, `GENERATED` or `ASSIGNED`.
    pub mac_type: String,
    pub mac: String,
    /// The network's id (a standard or distributed port group).
    pub network: String,
    pub wake_on_lan: bool,
    pub upt: bool,
    pub start_connected: bool,
    /// Connected while the VM runs (a VM that is not powered on reports every device not connected).
    pub connected: bool,
    pub allow_guest_control: bool,
    pub pci_slot: i64,
}

/// A virtual CD-ROM drive (`vcenter/vm/hardware/cdrom`).
#[derive(Clone, Debug)]
pub struct Cdrom {
    pub key: String,
    pub label: String,
    /// `SATA` or `IDE` (as for disks).
    pub bus_type: &'static str,
    pub bus: i64,
    pub unit: i64,
    /// `ISO_FILE`, `HOST_DEVICE` or `CLIENT_DEVICE`.
    pub backing: String,
    pub iso_file: Option<String>,
    /// For a host device: its name, or none to detect one automatically.
    pub host_device: Option<String>,
    /// For a client device: `EMULATION`, `PASSTHRU` or `PASSTHRU_EXCLUSIVE`.
    pub access: String,
    pub start_connected: bool,
    pub connected: bool,
    pub allow_guest_control: bool,
}

/// A floppy drive, serial or parallel port (`vcenter/vm/hardware/floppy`, `serial`, `parallel`): a connectable
/// device with a backing and no bus address.
#[derive(Clone, Debug, Default)]
pub struct Port {
    pub key: String,
    pub label: String,
    /// The backing type (`IMAGE_FILE`, `FILE`, `HOST_DEVICE`, `CLIENT_DEVICE`, `PIPE_SERVER`, `NETWORK_CLIENT`,
    /// …) and what it names; a host device of none is detected automatically.
    pub backing: String,
    pub file: Option<String>,
    pub host_device: Option<String>,
    pub pipe: Option<String>,
    pub no_rx_loss: bool,
    pub network_location: Option<String>,
    pub proxy: Option<String>,
    /// Serial ports: the port yields the CPU when the guest polls it.
    pub yield_on_poll: bool,
    pub start_connected: bool,
    pub connected: bool,
    pub allow_guest_control: bool,
}

/// A SCSI or SATA adapter: its bus number (0 to 3) and PCI slot; a SCSI adapter's type (`BUSLOGIC`, `LSILOGIC`,
/// `LSILOGICSAS`, `PVSCSI`) and bus sharing (`NONE`, `VIRTUAL`, `PHYSICAL`); a SATA adapter is `AHCI`.
#[derive(Clone, Debug)]
pub struct Adapter {
    pub key: String,
    pub label: String,
    pub kind: String,
    pub bus: i64,
    pub pci_slot: i64,
    pub sharing: String,
}

impl Adapter {
    /// The adapters a VM gets when nothing else is asked for: SCSI controller 0 of the guest's default type
    /// (LSI Logic SAS for Windows, VMware Paravirtual otherwise) and SATA controller 0.
    pub fn defaults(guest_os: &str) -> (Vec<Adapter>, Vec<Adapter>) {
        let scsi = Adapter { key: "1000".into(), label: "SCSI controller 0".into(), kind: if guest_os.starts_with("WINDOWS") { "LSILOGICSAS" } else { "PVSCSI" }.into(), bus: 0, pci_slot: 160, sharing: "NONE".into() };
        let sata = Adapter { key: "15000".into(), label: "SATA controller 0".into(), kind: "AHCI".into(), bus: 0, pci_slot: 33, sharing: "NONE".into() };
        (vec![scsi], vec![sata])
    }
}

impl Vm {
    /// The VM's power state changes to `to`: from powered off to on, each device that connects at power on
    /// is connected.
    pub fn set_power(&mut self, to: &'static str) {
        if self.power_state == "POWERED_OFF" && to == "POWERED_ON" {
            // A scheduled hardware upgrade happens at this power-on: always, or after a clean shutdown.
            if self.upgrade_policy == "ALWAYS" || (self.upgrade_policy == "AFTER_CLEAN_SHUTDOWN" && self.clean_power_off) {
                self.hardware_version = self.upgrade_version.unwrap_or(crate::simulator::vcenter::vm::hardware::MAX_VERSION).max(self.hardware_version);
                self.upgrade_policy = "NEVER".into();
                self.upgrade_version = None;
            }
            for n in &mut self.nics {
                n.connected = n.start_connected;
            }
            for c in &mut self.cdroms {
                c.connected = c.start_connected;
            }
            for p in self.floppies.iter_mut().chain(&mut self.serial_ports).chain(&mut self.parallel_ports) {
                p.connected = p.start_connected;
            }
        }
        self.power_state = to;
    }

    /// A device's connection state as vCenter reports it.
    pub fn connection(&self, connected: bool) -> &'static str {
        if connected && self.power_state == "POWERED_ON" { "CONNECTED" } else { "NOT_CONNECTED" }
    }
}

/// What the guest is doing until `until`, and the VM's power state once it is done.
#[derive(Clone, Copy, Debug)]
pub struct GuestMove {
    pub until: Instant,
    /// The guest's power state meanwhile: `SHUTTING_DOWN`, `RESETTING` or `STANDBY`.
    pub shown: &'static str,
    /// The VM's power state after it.
    pub then: &'static str,
}

#[derive(Clone, Debug, Default)]
pub struct InventoryData {
    /// When the simulator started (RFC 3339): the time of a compliance that was never checked.
    pub started: String,
    pub datacenters: Vec<Datacenter>,
    pub folders: Vec<Folder>,
    pub clusters: Vec<Cluster>,
    pub hosts: Vec<Host>,
    pub resource_pools: Vec<ResourcePool>,
    pub datastores: Vec<Datastore>,
    pub networks: Vec<Network>,
    pub vms: Vec<Vm>,
}

impl InventoryData {
    /// VM `id`, or `not_found` (which every `vcenter/vm/{vm}` operation documents).
    pub fn vm(&self, id: &str) -> Result<&Vm, crate::simulator::SimError> {
        self.vms.iter().find(|v| v.id == id).ok_or_else(|| crate::simulator::SimError::not_found("Virtual machine", id))
    }

    /// VM `id` to change, or `not_found`.
    pub fn vm_mut(&mut self, id: &str) -> Result<&mut Vm, crate::simulator::SimError> {
        self.vms.iter_mut().find(|v| v.id == id).ok_or_else(|| crate::simulator::SimError::not_found("Virtual machine", id))
    }
}

/// The inventory, shared by the `vcenter/*` handlers and tagging.
pub struct Inventory {
    pub data: RwLock<InventoryData>,
    /// How many VMs have a guest move under way: while none do, reading settles nothing.
    moving: AtomicUsize,
}

/// The object types tagging knows (`vapi.std.dynamic_ID.type`), as vCenter names them.
pub const OBJECT_TYPES: &[&str] = &[
    "VirtualMachine",
    "HostSystem",
    "ClusterComputeResource",
    "Datacenter",
    "Datastore",
    "Network",
    "DistributedVirtualPortgroup",
    "Folder",
    "ResourcePool",
];

impl Inventory {
    pub fn seeded(vms: usize) -> Self {
        Inventory { data: RwLock::new(seed(vms)), moving: AtomicUsize::new(0) }
    }

    /// The inventory as it is now: guest moves whose time is up have ended first.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, InventoryData> {
        if self.moving.load(Ordering::Acquire) > 0 {
            drop(self.write());
        }
        self.data.read().unwrap()
    }

    /// The inventory to change, as it is now (see [`Inventory::read`]).
    pub fn write(&self) -> std::sync::RwLockWriteGuard<'_, InventoryData> {
        let mut d = self.data.write().unwrap();
        if self.moving.load(Ordering::Acquire) > 0 {
            let now = Instant::now();
            for v in d.vms.iter_mut() {
                if let Some(m) = v.guest_move.filter(|m| m.until <= now) {
                    v.set_power(m.then);
                    if m.then == "POWERED_OFF" {
                        v.clean_power_off = true;
                    }
                    v.guest_move = None;
                    self.moving.fetch_sub(1, Ordering::AcqRel);
                }
            }
        }
        d
    }

    /// Starts a guest move on a VM (in `d`, from [`Inventory::write`]), or replaces / ends the one it had.
    pub fn set_move(&self, v: &mut Vm, m: Option<GuestMove>) {
        match (v.guest_move.is_some(), m.is_some()) {
            (false, true) => _ = self.moving.fetch_add(1, Ordering::AcqRel),
            (true, false) => _ = self.moving.fetch_sub(1, Ordering::AcqRel),
            _ => {}
        }
        v.guest_move = m;
    }

    /// Whether an object of this tagging type and id exists; `None` for a type this inventory does not hold.
    pub fn object_exists(&self, kind: &str, id: &str) -> Option<bool> {
        let d = self.read();
        Some(match kind {
            "VirtualMachine" => d.vms.iter().any(|o| o.id == id),
            "HostSystem" => d.hosts.iter().any(|o| o.id == id),
            "ClusterComputeResource" => d.clusters.iter().any(|o| o.id == id),
            "Datacenter" => d.datacenters.iter().any(|o| o.id == id),
            "Datastore" => d.datastores.iter().any(|o| o.id == id),
            "Network" => d.networks.iter().any(|o| o.id == id && o.kind == "STANDARD_PORTGROUP"),
            "DistributedVirtualPortgroup" => d.networks.iter().any(|o| o.id == id && o.kind == "DISTRIBUTED_PORTGROUP"),
            "OpaqueNetwork" => d.networks.iter().any(|o| o.id == id && o.kind == "OPAQUE_NETWORK"),
            "Folder" => d.folders.iter().any(|o| o.id == id),
            "ResourcePool" => d.resource_pools.iter().any(|o| o.id == id),
            _ => return None,
        })
    }
}

/// The seeded inventory: two datacenters, three clusters, eight hosts (one standalone, one disconnected),
/// nested resource pools, VM folders, six datastores, five networks and `vms` virtual machines spread over them.
pub fn seed(vms: usize) -> InventoryData {
    let mut d = InventoryData { started: jiff::Timestamp::now().to_string(), ..Default::default() };
    let folder = |id: &str, name: &str, kind: &'static str, parent: Option<&str>, dc: Option<&str>| Folder {
        id: id.into(),
        name: name.into(),
        kind,
        parent: parent.map(Into::into),
        datacenter: dc.map(Into::into),
    };
    d.folders.push(folder("group-d1", "Datacenters", "DATACENTER", None, None));
    for (n, (dc, name)) in [("datacenter-2", "Datacenter-East"), ("datacenter-3", "Datacenter-West")].into_iter().enumerate() {
        let base = 4 + n * 10;
        let (v, h, s, nw) = (format!("group-v{base}"), format!("group-h{}", base + 1), format!("group-s{}", base + 2), format!("group-n{}", base + 3));
        d.folders.push(folder(&v, "vm", "VIRTUAL_MACHINE", Some(dc), Some(dc)));
        d.folders.push(folder(&h, "host", "HOST", Some(dc), Some(dc)));
        d.folders.push(folder(&s, "datastore", "DATASTORE", Some(dc), Some(dc)));
        d.folders.push(folder(&nw, "network", "NETWORK", Some(dc), Some(dc)));
        d.datacenters.push(Datacenter {
            id: dc.into(),
            name: name.into(),
            folder: "group-d1".into(),
            vm_folder: v,
            host_folder: h,
            datastore_folder: s,
            network_folder: nw,
        });
    }
    // VM folders under each datacenter's `vm` folder.
    for (id, name, parent, dc) in [
        ("group-v30", "Web", "group-v4", "datacenter-2"),
        ("group-v31", "Databases", "group-v4", "datacenter-2"),
        ("group-v32", "Infrastructure", "group-v4", "datacenter-2"),
        ("group-v33", "Test", "group-v4", "datacenter-2"),
        ("group-v34", "Replicas", "group-v14", "datacenter-3"),
        ("group-v35", "Edge", "group-v14", "datacenter-3"),
    ] {
        d.folders.push(folder(id, name, "VIRTUAL_MACHINE", Some(parent), Some(dc)));
    }

    let cluster = |id: &str, name: &str, dc: &str, folder: &str, ha, drs, rp: &str| Cluster {
        id: id.into(),
        name: name.into(),
        datacenter: dc.into(),
        folder: folder.into(),
        ha_enabled: ha,
        drs_enabled: drs,
        resource_pool: rp.into(),
    };
    d.clusters.push(cluster("domain-c40", "Production", "datacenter-2", "group-h5", true, true, "resgroup-41"));
    d.clusters.push(cluster("domain-c42", "Development", "datacenter-2", "group-h5", false, true, "resgroup-43"));
    d.clusters.push(cluster("domain-c44", "DR", "datacenter-3", "group-h15", true, false, "resgroup-45"));

    let host = |id: &str, name: &str, dc: &str, folder: &str, cl: Option<&str>, conn: &'static str| Host {
        id: id.into(),
        name: name.into(),
        datacenter: dc.into(),
        folder: folder.into(),
        cluster: cl.map(Into::into),
        connection_state: conn,
        power_state: (conn == "CONNECTED").then_some("POWERED_ON"),
    };
    d.hosts.push(host("host-50", "esx-prod-01.east.lab", "datacenter-2", "group-h5", Some("domain-c40"), "CONNECTED"));
    d.hosts.push(host("host-51", "esx-prod-02.east.lab", "datacenter-2", "group-h5", Some("domain-c40"), "CONNECTED"));
    d.hosts.push(host("host-52", "esx-prod-03.east.lab", "datacenter-2", "group-h5", Some("domain-c40"), "CONNECTED"));
    d.hosts.push(host("host-53", "esx-dev-01.east.lab", "datacenter-2", "group-h5", Some("domain-c42"), "CONNECTED"));
    d.hosts.push(host("host-54", "esx-dev-02.east.lab", "datacenter-2", "group-h5", Some("domain-c42"), "CONNECTED"));
    d.hosts.push(host("host-55", "esx-dr-01.west.lab", "datacenter-3", "group-h15", Some("domain-c44"), "CONNECTED"));
    d.hosts.push(host("host-56", "esx-dr-02.west.lab", "datacenter-3", "group-h15", Some("domain-c44"), "DISCONNECTED"));
    d.hosts.push(host("host-57", "esx-edge-01.west.lab", "datacenter-3", "group-h15", None, "CONNECTED"));

    let hosts_of = |d: &InventoryData, cl: &str| d.hosts.iter().filter(|h| h.cluster.as_deref() == Some(cl)).map(|h| h.id.clone()).collect::<Vec<_>>();
    let pool = |id: &str, name: &str, dc: &str, parent: Option<&str>, cl: Option<&str>, hosts: Vec<String>| ResourcePool {
        id: id.into(),
        name: name.into(),
        datacenter: dc.into(),
        parent: parent.map(Into::into),
        cluster: cl.map(Into::into),
        hosts,
    };
    let (prod, dev, dr) = (hosts_of(&d, "domain-c40"), hosts_of(&d, "domain-c42"), hosts_of(&d, "domain-c44"));
    d.resource_pools.push(pool("resgroup-41", "Resources", "datacenter-2", None, Some("domain-c40"), prod.clone()));
    d.resource_pools.push(pool("resgroup-43", "Resources", "datacenter-2", None, Some("domain-c42"), dev.clone()));
    d.resource_pools.push(pool("resgroup-45", "Resources", "datacenter-3", None, Some("domain-c44"), dr.clone()));
    d.resource_pools.push(pool("resgroup-46", "Resources", "datacenter-3", None, None, vec!["host-57".into()]));
    d.resource_pools.push(pool("resgroup-47", "Web Tier", "datacenter-2", Some("resgroup-41"), Some("domain-c40"), prod.clone()));
    d.resource_pools.push(pool("resgroup-48", "Database Tier", "datacenter-2", Some("resgroup-41"), Some("domain-c40"), prod));
    d.resource_pools.push(pool("resgroup-49", "Sandbox", "datacenter-2", Some("resgroup-43"), Some("domain-c42"), dev));

    const GIB: i64 = 1 << 30;
    let ds = |id: &str, name: &str, dc: &str, folder: &str, kind: &'static str, cap: i64, free: i64| Datastore {
        id: id.into(),
        name: name.into(),
        datacenter: dc.into(),
        folder: folder.into(),
        kind,
        capacity: cap * GIB,
        free_space: free * GIB,
        accessible: true,
        multiple_host_access: true,
        thin_provisioning_supported: kind != "NFS",
    };
    d.datastores.push(ds("datastore-60", "east-vmfs-01", "datacenter-2", "group-s6", "VMFS", 4096, 1530));
    d.datastores.push(ds("datastore-61", "east-vmfs-02", "datacenter-2", "group-s6", "VMFS", 4096, 2875));
    d.datastores.push(ds("datastore-62", "east-nfs-iso", "datacenter-2", "group-s6", "NFS", 1024, 611));
    d.datastores.push(ds("datastore-63", "east-vsan", "datacenter-2", "group-s6", "VSAN", 12288, 7020));
    d.datastores.push(ds("datastore-64", "west-vmfs-01", "datacenter-3", "group-s16", "VMFS", 8192, 5310));
    d.datastores.push(ds("datastore-65", "west-nfs-backup", "datacenter-3", "group-s16", "NFS41", 16384, 9002));

    let net = |id: &str, name: &str, dc: &str, folder: &str, kind: &'static str| Network { id: id.into(), name: name.into(), datacenter: dc.into(), folder: folder.into(), kind };
    d.networks.push(net("network-70", "VM Network", "datacenter-2", "group-n7", "STANDARD_PORTGROUP"));
    d.networks.push(net("network-71", "VM Network", "datacenter-3", "group-n17", "STANDARD_PORTGROUP"));
    d.networks.push(net("dvportgroup-72", "Prod-VLAN100", "datacenter-2", "group-n7", "DISTRIBUTED_PORTGROUP"));
    d.networks.push(net("dvportgroup-73", "Dev-VLAN200", "datacenter-2", "group-n7", "DISTRIBUTED_PORTGROUP"));
    d.networks.push(net("dvportgroup-74", "DR-VLAN300", "datacenter-3", "group-n17", "DISTRIBUTED_PORTGROUP"));

    seed_vms(&mut d, vms);
    d
}

/// One kind of VM: where it lives and what it looks like.
struct Role {
    prefix: &'static str,
    folder: &'static str,
    cluster: Option<&'static str>,
    /// Hosts to spread over (round robin).
    hosts: &'static [&'static str],
    pool: &'static str,
    datastore: &'static str,
    network: &'static str,
    guest_os: &'static str,
}

const ROLES: &[Role] = &[
    Role { prefix: "web", folder: "group-v30", cluster: Some("domain-c40"), hosts: &["host-50", "host-51", "host-52"], pool: "resgroup-47", datastore: "datastore-60", network: "dvportgroup-72", guest_os: "UBUNTU_64" },
    Role { prefix: "db", folder: "group-v31", cluster: Some("domain-c40"), hosts: &["host-51", "host-52"], pool: "resgroup-48", datastore: "datastore-61", network: "dvportgroup-72", guest_os: "RHEL_8_64" },
    Role { prefix: "app", folder: "group-v4", cluster: Some("domain-c40"), hosts: &["host-50", "host-52"], pool: "resgroup-41", datastore: "datastore-63", network: "dvportgroup-72", guest_os: "WINDOWS_9_SERVER_64" },
    Role { prefix: "infra", folder: "group-v32", cluster: Some("domain-c40"), hosts: &["host-50"], pool: "resgroup-41", datastore: "datastore-63", network: "network-70", guest_os: "WINDOWS_9_SERVER_64" },
    Role { prefix: "test", folder: "group-v33", cluster: Some("domain-c42"), hosts: &["host-53", "host-54"], pool: "resgroup-49", datastore: "datastore-61", network: "dvportgroup-73", guest_os: "CENTOS_7_64" },
    Role { prefix: "dr", folder: "group-v34", cluster: Some("domain-c44"), hosts: &["host-55"], pool: "resgroup-45", datastore: "datastore-64", network: "dvportgroup-74", guest_os: "RHEL_8_64" },
    Role { prefix: "edge", folder: "group-v35", cluster: None, hosts: &["host-57"], pool: "resgroup-46", datastore: "datastore-64", network: "network-71", guest_os: "OTHER_3X_LINUX_64" },
];

/// The mix of roles, repeated: mostly web, app and test machines.
const MIX: &[usize] = &[0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 0, 2];

fn seed_vms(d: &mut InventoryData, n: usize) {
    let mut counters = vec![0usize; ROLES.len()];
    let width = if n > 999 { 5 } else { 3 };
    for i in 0..n {
        let r = MIX[i % MIX.len()];
        let role = &ROLES[r];
        counters[r] += 1;
        let k = counters[r];
        let dc = if role.folder == "group-v34" || role.folder == "group-v35" { "datacenter-3" } else { "datacenter-2" };
        // Power: DR replicas are off, a test machine in four is suspended, one in seven of the rest is off.
        let power_state = match role.prefix {
            "dr" => "POWERED_OFF",
            "test" if k % 4 == 0 => "SUSPENDED",
            _ if (i * 5 + 3) % 7 == 0 => "POWERED_OFF",
            _ => "POWERED_ON",
        };
        let cpu_count = [1, 2, 2, 4, 4, 8][(i * 7 + r) % 6];
        let memory_mib = [1024, 2048, 4096, 4096, 8192, 16384][(i * 3 + r) % 6];
        let name = format!("{}-{:0width$}", role.prefix, k);
        let store = d.datastores.iter().find(|s| s.id == role.datastore).map(|s| s.name.clone()).unwrap_or_default();
        let (scsi_adapters, sata_adapters) = Adapter::defaults(role.guest_os);
        d.vms.push(Vm {
            id: format!("vm-{}", 1000 + i),
            name: name.clone(),
            datacenter: dc.into(),
            folder: role.folder.into(),
            host: role.hosts[k % role.hosts.len()].into(),
            cluster: role.cluster.map(Into::into),
            resource_pool: role.pool.into(),
            datastore: role.datastore.into(),
            power_state,
            clean_power_off: true,
            cpu_count,
            cores_per_socket: 1,
            // Web and app servers may grow while they run (CPU and memory hot add); the others may not.
            cpu_hot_add: matches!(role.prefix, "web" | "app"),
            cpu_hot_remove: role.prefix == "web",
            memory_mib,
            memory_hot_add: matches!(role.prefix, "web" | "app"),
            boot_efi: role.guest_os.starts_with("WINDOWS"),
            boot_delay: 0,
            boot_retry: false,
            boot_retry_delay: 10_000,
            boot_setup: false,
            guest_os: role.guest_os.into(),
            // Older machines keep older hardware, so an upgrade is there to be seen.
            hardware_version: match role.prefix {
                "app" | "edge" => 11,
                "db" | "dr" => 13,
                "infra" => 10,
                _ => 14,
            },
            upgrade_policy: "NEVER".into(),
            upgrade_version: None,
            boot_devices: Vec::new(),
            // On vSAN, the datastore's default policy (vSAN's own); elsewhere none.
            home_policy: (role.datastore == "datastore-63").then(|| crate::simulator::vcenter::storage::policies::POLICIES[0].id.to_string()),
            compliance: None,
            disks: vec![Disk {
                key: "2000".into(),
                label: "Hard disk 1".into(),
                bus_type: "SCSI",
                bus: 0,
                unit: 0,
                vmdk: format!("[{store}] {name}/{name}.vmdk"),
                capacity: [16i64, 40, 60, 100, 250][(i + r) % 5] << 30,
                policy: (role.datastore == "datastore-63").then(|| crate::simulator::vcenter::storage::policies::POLICIES[0].id.to_string()),
            }],
            nics: vec![Nic {
                key: "4000".into(),
                label: "Network adapter 1".into(),
                kind: "VMXNET3".into(),
                mac_type: "ASSIGNED".into(),
                mac: format!("00:50:56:{:02x}:{:02x}:{:02x}", ((1000 + i) >> 16) & 0xff, ((1000 + i) >> 8) & 0xff, (1000 + i) & 0xff),
                network: role.network.into(),
                wake_on_lan: false,
                upt: true,
                start_connected: true,
                connected: power_state != "POWERED_OFF",
                allow_guest_control: true,
                pci_slot: 192,
            }],
            cdroms: vec![Cdrom {
                key: "16000".into(),
                label: "CD/DVD drive 1".into(),
                bus_type: "SATA",
                bus: 0,
                unit: 0,
                backing: "CLIENT_DEVICE".into(),
                iso_file: None,
                host_device: None,
                access: "PASSTHRU".into(),
                start_connected: false,
                connected: false,
                allow_guest_control: true,
            }],
            floppies: Vec::new(),
            serial_ports: Vec::new(),
            parallel_ports: Vec::new(),
            scsi_adapters,
            sata_adapters,
            guest_move: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_seed_is_consistent() {
        let d = seed(60);
        assert_eq!((d.datacenters.len(), d.clusters.len(), d.hosts.len(), d.vms.len()), (2, 3, 8, 60));
        assert!(d.datastores.len() >= 6 && d.networks.len() >= 5);
        let ids = |v: Vec<&String>| v.into_iter().cloned().collect::<HashSet<_>>();
        let folders = ids(d.folders.iter().map(|f| &f.id).collect());
        let hosts = ids(d.hosts.iter().map(|h| &h.id).collect());
        let pools = ids(d.resource_pools.iter().map(|p| &p.id).collect());
        let stores = ids(d.datastores.iter().map(|s| &s.id).collect());
        let nets = ids(d.networks.iter().map(|n| &n.id).collect());
        for vm in &d.vms {
            assert!(folders.contains(&vm.folder) && hosts.contains(&vm.host) && pools.contains(&vm.resource_pool), "{vm:?}");
            assert!(stores.contains(&vm.datastore) && vm.nics.iter().all(|n| nets.contains(&n.network)), "{vm:?}");
            let host = d.hosts.iter().find(|h| h.id == vm.host).unwrap();
            assert_eq!(host.cluster, vm.cluster, "{vm:?} runs on a host of its cluster");
            assert_eq!(host.datacenter, vm.datacenter);
            assert_eq!(host.connection_state, "CONNECTED", "no VM on a disconnected host");
        }
        let names: HashSet<_> = d.vms.iter().map(|v| &v.name).collect();
        assert_eq!(names.len(), 60, "VM names are unique");
    }

    #[test]
    fn ten_thousand_vms_have_unique_names_and_ids() {
        let d = seed(10_000);
        assert_eq!(d.vms.iter().map(|v| &v.name).collect::<HashSet<_>>().len(), 10_000);
        assert_eq!(d.vms.iter().map(|v| &v.id).collect::<HashSet<_>>().len(), 10_000);
        assert_eq!(d.vms[0].name, "web-00001");
    }
}
