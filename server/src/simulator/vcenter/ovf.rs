//! `vcenter/ovf`: OVF templates in content libraries — the export and import flags, an OVF template made from a
//! virtual machine (`library-item create`: a descriptor and one disk file per disk, written into the library),
//! what a template needs for a given target (`filter`: its name, annotation, EULAs, networks), and a deploy
//! that makes the virtual machine the descriptor describes (`deploy`: on the host given, its disks' provisioning
//! checked and their storage policy set), with vCenter's rules: the item must be an
//! OVF template whose descriptor reads, a EULA must be accepted, its networks map onto networks of the
//! inventory, and the placement is checked as a VM create checks it. A deploy that cannot be made answers a
//! result that says why (`succeeded: false`), as vCenter's does.

use crate::simulator::content::item::{item_not_found, library_unusable, new_item, put_files, Unusable};
use crate::simulator::vcenter::inventory::{InventoryData, Vm};
use crate::simulator::{bad_body, ok, Authed, SimError, SimState};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::models::vcenter::ovf::library_item::{CreateResult, CreateSpec, CreateTarget, DeployableIdentity, DeploymentResult, DeploymentTarget, OvfSummary, ResourcePoolDeploymentSpec, ResultInfo};
use app::vsphere::models::vcenter::ovf::ovf_message::Category;
use app::vsphere::models::vcenter::ovf::{export_flag, import_flag, OvfError};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::Method;
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/com/vmware/vcenter/ovf/export-flag", get(export_flags))
        .route("/rest/com/vmware/vcenter/ovf/import-flag", get(import_flags))
        .route("/rest/com/vmware/vcenter/ovf/library-item", any(create))
        .route("/rest/com/vmware/vcenter/ovf/library-item/{id}", any(item_action))
}

fn message(id: &str, text: &str) -> LocalizableMessage {
    LocalizableMessage { id: id.into(), default_message: text.into(), args: vec![] }
}

/// The export flag this vCenter offers (option, message id, text): PRESERVE_MAC writes each adapter's MAC
/// address into the descriptor, and a deploy gives the adapters those addresses (static ones as set
/// addresses). (vCenter also offers EXTRA_CONFIG; the simulated VMs have no extra configuration, so this one
/// does not offer it.)
const EXPORT_FLAGS: &[(&str, &str, &str)] = &[("PRESERVE_MAC", "com.vmware.ovfs.export.preserve_mac", "Include the MAC addresses of the network adapters.")];

/// The import flag: LAX, hardware the descriptor names that this vCenter does not know is left out instead
/// of refusing the deploy.
const IMPORT_FLAGS: &[(&str, &str, &str)] = &[("LAX", "com.vmware.ovfs.import.lax", "Read the OVF descriptor leniently (lax mode): leave out hardware this vCenter does not know.")];

/// The CIM resource types a deploy knows (other, CPU, memory, IDE, SCSI, network, floppy, CD/DVD, disk, SATA,
/// USB, sound, video card and the like); any other is refused unless LAX.
const KNOWN_RESOURCE_TYPES: &[&str] = &["1", "3", "4", "5", "6", "10", "14", "15", "16", "17", "20", "21", "23", "24"];

/// Flags that are not among `known`: refused, naming the first.
fn check_flags(flags: &Option<Vec<String>>, known: &[(&str, &str, &str)], what: &str) -> Result<(), SimError> {
    match flags.iter().flatten().find(|f| !known.iter().any(|(k, _, _)| k == f)) {
        Some(f) => Err(SimError::invalid_argument("com.vmware.ovfs.flag", format!("'{f}' is not an {what} flag this vCenter supports."), &[f])),
        None => Ok(()),
    }
}

async fn export_flags(_: Authed) -> Response {
    ok(EXPORT_FLAGS.iter().map(|(o, id, text)| export_flag::Info { option: o.to_string(), description: message(id, text) }).collect::<Vec<_>>())
}

async fn import_flags(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let rp = crate::simulator::content::query(&q, "rp").unwrap_or_default();
    if !state.inventory.read().resource_pools.iter().any(|r| r.id == rp) {
        return Err(SimError::not_found("Resource pool", &rp));
    }
    Ok(ok(IMPORT_FLAGS.iter().map(|(o, id, text)| import_flag::Info { option: o.to_string(), description: message(id, text) }).collect::<Vec<_>>()))
}

/// The guest id of the API's guest OS (`UBUNTU_64` → `ubuntu64Guest`), as an OVF descriptor names it.
pub fn guest_id(guest_os: &str) -> String {
    let mut out = String::new();
    for (i, part) in guest_os.split('_').enumerate() {
        let lower = part.to_lowercase();
        if i == 0 || part.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            out.push_str(&lower);
        } else {
            let mut c = lower.chars();
            if let Some(f) = c.next() {
                out.push(f.to_ascii_uppercase());
                out.extend(c);
            }
        }
    }
    out.push_str("Guest");
    out
}

/// The API's guest OS for a descriptor's guest id (`ubuntu64Guest` → `UBUNTU_64`), when the API knows it.
pub fn guest_os(id: &str) -> Option<String> {
    let id = id.strip_suffix("Guest").unwrap_or(id);
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in id.chars() {
        if c == '_' {
            out.push('_');
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let boundary = (p.is_ascii_alphabetic() && c.is_ascii_digit()) || (p.is_ascii_digit() && c.is_ascii_alphabetic()) || (p.is_ascii_lowercase() && c.is_ascii_uppercase());
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
        prev = Some(c);
    }
    app::vsphere::models::vcenter::vm::GuestOs::VALUES.contains(&out.as_str()).then_some(out)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A file name made from an item name: no path separators, no leading dot.
pub fn file_stem(name: &str) -> String {
    crate::simulator::content::component(name.trim()).replace(' ', "-")
}

/// An OVF 1.0 descriptor of `v` (its disks as `<name>-disk<N>.vmdk` files) and those files' bytes.
pub fn export(d: &InventoryData, v: &Vm, name: &str, annotation: &str, preserve_mac: bool) -> Vec<(String, Vec<u8>)> {
    let stem = file_stem(name);
    let mut refs = String::new();
    let mut disks = String::new();
    let mut items = String::new();
    let mut files = Vec::new();
    let mut instance = 3;
    for (i, disk) in v.disks.iter().enumerate() {
        let n = i + 1;
        let file = format!("{stem}-disk{n}.vmdk");
        let bytes = format!("# Disk DescriptorFile\nversion=1\ncreateType=\"streamOptimized\"\n# capacity {} bytes, exported from {}\n", disk.capacity, disk.vmdk).into_bytes();
        refs.push_str(&format!("    <File ovf:href=\"{}\" ovf:id=\"file{n}\" ovf:size=\"{}\"/>\n", escape(&file), bytes.len()));
        disks.push_str(&format!("    <Disk ovf:capacity=\"{}\" ovf:capacityAllocationUnits=\"byte\" ovf:diskId=\"vmdisk{n}\" ovf:fileRef=\"file{n}\" ovf:format=\"http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized\"/>\n", disk.capacity));
        items.push_str(&format!("      <Item><rasd:ElementName>{}</rasd:ElementName><rasd:HostResource>ovf:/disk/vmdisk{n}</rasd:HostResource><rasd:InstanceID>{instance}</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>\n", escape(&disk.label)));
        instance += 1;
        files.push((file, bytes));
    }
    let mut networks: Vec<String> = Vec::new();
    for nic in &v.nics {
        let net = d.networks.iter().find(|n| n.id == nic.network).map_or(nic.network.clone(), |n| n.name.clone());
        if !networks.contains(&net) {
            networks.push(net.clone());
        }
        let address = if preserve_mac && !nic.mac.is_empty() { format!("<rasd:Address>{}</rasd:Address>", escape(&nic.mac)) } else { String::new() };
        items.push_str(&format!("      <Item>{address}<rasd:Connection>{}</rasd:Connection><rasd:ElementName>{}</rasd:ElementName><rasd:InstanceID>{instance}</rasd:InstanceID><rasd:ResourceSubType>{}</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>\n", escape(&net), escape(&nic.label), escape(&nic.kind)));
        instance += 1;
    }
    let nets: String = networks.iter().map(|n| format!("    <Network ovf:name=\"{0}\"><Description>The {0} network</Description></Network>\n", escape(n))).collect();
    let ovf = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References>
{refs}  </References>
  <DiskSection>
    <Info>Virtual disk information</Info>
{disks}  </DiskSection>
  <NetworkSection>
    <Info>The list of logical networks</Info>
{nets}  </NetworkSection>
  <VirtualSystem ovf:id="{id}">
    <Info>A virtual machine</Info>
    <Name>{id}</Name>
    <AnnotationSection><Info>A human-readable annotation</Info><Annotation>{annotation}</Annotation></AnnotationSection>
    <OperatingSystemSection ovf:id="1" vmw:osType="{os}"><Info>The kind of installed guest operating system</Info></OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>Virtual hardware requirements</Info>
      <System><vssd:VirtualSystemType xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">vmx-{hw:02}</vssd:VirtualSystemType></System>
      <Item><rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits><rasd:ElementName>{cpus} virtual CPU(s)</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>{cpus}</rasd:VirtualQuantity><vmw:CoresPerSocket ovf:required="false">{cores}</vmw:CoresPerSocket></Item>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>{mem}MB of memory</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>{mem}</rasd:VirtualQuantity></Item>
{items}    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
"#,
        id = escape(name),
        annotation = escape(annotation),
        os = guest_id(&v.guest_os),
        hw = v.hardware_version,
        cpus = v.cpu_count,
        cores = v.cores_per_socket,
        mem = v.memory_mib,
    );
    let mut out = vec![(format!("{stem}.ovf"), ovf.into_bytes())];
    out.extend(files);
    out
}

/// What a descriptor describes, as far as a deploy needs it.
#[derive(Debug, Default, PartialEq)]
pub struct Described {
    pub name: String,
    pub annotation: String,
    pub guest_os: Option<String>,
    pub cpus: Option<i64>,
    pub memory_mib: Option<i64>,
    pub disks: Vec<i64>,
    /// The networks the adapters connect to, one entry per adapter (in order).
    pub nics: Vec<String>,
    /// Each adapter's MAC address, when the descriptor keeps it (exported with PRESERVE_MAC).
    pub macs: Vec<Option<String>>,
    /// Resource types of hardware items a deploy does not know.
    pub unknown: Vec<String>,
    pub networks: Vec<String>,
    pub eulas: Vec<String>,
}

/// Reads an OVF descriptor; the parser's complaint when it is not one.
pub fn describe(text: &str) -> Result<Described, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("The OVF descriptor is not well-formed XML: {e}."))?;
    let root = doc.root_element();
    if root.tag_name().name() != "Envelope" {
        return Err("The OVF descriptor has no Envelope.".into());
    }
    let attr = |n: roxmltree::Node, name: &str| n.attributes().find(|a| a.name() == name).map(|a| a.value().to_string());
    let child_text = |n: roxmltree::Node, name: &str| n.descendants().find(|c| c.tag_name().name() == name).and_then(|c| c.text()).map(str::to_string);
    let system = root.descendants().find(|n| n.tag_name().name() == "VirtualSystem").ok_or("The OVF descriptor describes no VirtualSystem.")?;
    let mut out = Described {
        name: child_text(system, "Name").or_else(|| attr(system, "id")).unwrap_or_default(),
        annotation: child_text(system, "Annotation").unwrap_or_default(),
        ..Default::default()
    };
    out.guest_os = system.descendants().find(|n| n.tag_name().name() == "OperatingSystemSection").and_then(|n| attr(n, "osType")).and_then(|t| guest_os(&t));
    let capacities: std::collections::HashMap<String, i64> = root
        .descendants()
        .filter(|n| n.tag_name().name() == "Disk")
        .filter_map(|n| {
            let units = attr(n, "capacityAllocationUnits").unwrap_or_else(|| "byte".into());
            let factor: i64 = match units.as_str() {
                "byte * 2^10" => 1 << 10,
                "byte * 2^20" => 1 << 20,
                "byte * 2^30" => 1 << 30,
                _ => 1,
            };
            Some((attr(n, "diskId")?, attr(n, "capacity")?.parse::<i64>().ok()? * factor))
        })
        .collect();
    for item in system.descendants().filter(|n| n.tag_name().name() == "Item") {
        let kind = child_text(item, "ResourceType").unwrap_or_default();
        match kind.trim() {
            "3" => out.cpus = child_text(item, "VirtualQuantity").and_then(|q| q.trim().parse().ok()),
            "4" => out.memory_mib = child_text(item, "VirtualQuantity").and_then(|q| q.trim().parse().ok()),
            "17" => {
                let disk = child_text(item, "HostResource").unwrap_or_default();
                let id = disk.rsplit('/').next().unwrap_or_default().to_string();
                out.disks.push(capacities.get(&id).copied().unwrap_or(16 << 30));
            }
            k if !KNOWN_RESOURCE_TYPES.contains(&k) => out.unknown.push(k.to_string()),
            "10" => {
                out.nics.push(child_text(item, "Connection").unwrap_or_default());
                out.macs.push(child_text(item, "Address").map(|a| a.trim().to_string()).filter(|a| !a.is_empty()));
            }
            _ => {}
        }
    }
    out.networks = root.descendants().filter(|n| n.tag_name().name() == "Network").filter_map(|n| attr(n, "name")).collect();
    out.eulas = root.descendants().filter(|n| n.tag_name().name() == "EulaSection").filter_map(|n| child_text(n, "License")).collect();
    Ok(out)
}

/// An OVF template item's descriptor: its `.ovf` file's text.
fn descriptor(state: &SimState, item: &str) -> Result<String, SimError> {
    let d = state.content.data.lock().unwrap();
    let i = d.items.iter().find(|i| i.id == item).ok_or_else(|| item_not_found(item))?;
    let f = i.files.iter().find(|f| f.name.to_lowercase().ends_with(".ovf")).ok_or_else(|| {
        SimError::invalid_argument("com.vmware.ovfs.not_an_ovf_item", format!("Library item '{}' holds no OVF descriptor (.ovf file).", i.name), &[item])
    })?;
    if !f.cached {
        return Err(SimError::new(VapiErrorKind::Other("resource_inaccessible".into()), "com.vmware.ovfs.not_cached", format!("The OVF template '{}' is not on this vCenter: sync it first.", i.name), &[item]));
    }
    crate::simulator::content::read_descriptor(&state.content.item_file(item, &f.name)).map_err(|e| {
        SimError::new(VapiErrorKind::Other("resource_inaccessible".into()), "com.vmware.ovfs.unreadable", format!("The OVF descriptor could not be read: {e}."), &[item])
    })
}

fn failed(text: &str) -> ResultInfo {
    ResultInfo {
        errors: vec![OvfError { category: Category::Input, issues: None, name: None, value: None, message: Some(message("com.vmware.ovfs.deploy", text)), error: None }],
        warnings: vec![],
        information: vec![],
    }
}

async fn create(State(state): State<SimState>, _: Authed, method: Method, body: Bytes) -> Result<Response, SimError> {
    if method != Method::POST {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/vcenter/ovf/library-item")));
    }
    #[derive(Deserialize)]
    struct B {
        #[serde(default)]
        client_token: Option<String>,
        source: DeployableIdentity,
        target: CreateTarget,
        create_spec: CreateSpec,
    }
    let b = serde_json::from_slice::<B>(&body).map_err(bad_body)?;
    if b.source.r#type != "VirtualMachine" {
        return Err(SimError::invalid_argument("com.vmware.ovfs.source_type", format!("{} cannot be exported here: a VirtualMachine can.", b.source.r#type), &[]));
    }
    let (files, name) = {
        let inv = state.inventory.read();
        let v = inv.vm(&b.source.id)?;
        if v.power_state != "POWERED_OFF" {
            return Err(SimError::new(
                VapiErrorKind::NotAllowedInCurrentState,
                "com.vmware.ovfs.vm_not_powered_off",
                format!("Virtual machine {} is not powered off: an OVF template is made from a powered-off machine.", v.name),
                &[&b.source.id],
            ));
        }
        let name = b.create_spec.name.clone().unwrap_or_else(|| v.name.clone());
        check_flags(&b.create_spec.flags, EXPORT_FLAGS, "export")?;
        let preserve_mac = b.create_spec.flags.iter().flatten().any(|f| f == "PRESERVE_MAC");
        (export(&inv, v, name.trim(), b.create_spec.description.as_deref().unwrap_or(""), preserve_mac), name)
    };
    crate::simulator::content::check_name("item", &name)?;
    let mut d = state.content.data.lock().unwrap();
    if let Some(id) = b.client_token.as_ref().and_then(|t| d.tokens.get(t)) {
        return Ok(ok(CreateResult { succeeded: true, ovf_library_item_id: Some(id.clone()), error: None }));
    }
    let id = match (&b.target.library_item_id, &b.target.library_id) {
        (Some(item), _) => {
            let library = d.items.iter().find(|i| &i.id == item).map(|i| i.library.clone()).ok_or_else(|| item_not_found(item))?;
            if d.libraries.iter().any(|l| l.id == library && l.subscribed) {
                return Err(SimError::invalid_argument("com.vmware.ovfs.subscribed_library", "An item of a subscribed library cannot be written.", &[item]));
            }
            put_files(&state, &mut d, item, &files)?;
            item.clone()
        }
        (None, Some(library)) => {
            match library_unusable(&d, library, &name) {
                Some(Unusable::Missing) => return Err(SimError::not_found("Library", library)),
                Some(Unusable::Subscribed) => return Err(SimError::invalid_argument("com.vmware.ovfs.subscribed_library", "A subscribed library takes no new items.", &[library])),
                Some(Unusable::NameTaken) => return Err(SimError::invalid_argument("com.vmware.ovfs.duplicate_name", format!("An item named '{name}' already exists in this library."), &[&name])),
                None => {}
            }
            new_item(&state, &mut d, library, &name, "ovf", b.create_spec.description.as_deref().unwrap_or(""), &files)?
        }
        (None, None) => return Err(SimError::invalid_argument("com.vmware.ovfs.target", "Give the library (library_id) or the item to update (library_item_id).", &[])),
    };
    if let Some(t) = b.client_token {
        d.tokens.insert(t, id.clone());
    }
    Ok(ok(CreateResult { succeeded: true, ovf_library_item_id: Some(id), error: None }))
}

/// The target's resource pool and folder, checked; the folder defaults to its datacenter's VM folder.
fn target_of(d: &InventoryData, t: &DeploymentTarget) -> Result<(String, String, Option<String>), SimError> {
    let pool = d.resource_pools.iter().find(|r| r.id == t.resource_pool_id).ok_or_else(|| SimError::not_found("Resource pool", &t.resource_pool_id))?;
    let folder = match &t.folder_id {
        Some(f) => {
            d.folders.iter().find(|x| &x.id == f).ok_or_else(|| SimError::not_found("Folder", f))?;
            f.clone()
        }
        None => d.datacenters.iter().find(|dc| dc.id == pool.datacenter).map(|dc| dc.vm_folder.clone()).unwrap_or_default(),
    };
    if let Some(h) = &t.host_id {
        d.hosts.iter().find(|x| &x.id == h).ok_or_else(|| SimError::not_found("Host", h))?;
    }
    Ok((pool.id.clone(), folder, t.host_id.clone()))
}

async fn item_action(State(state): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let id = crate::simulator::content::path_id(&seg)?;
    let action = crate::simulator::content::action(&q);
    if method != Method::POST {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/vcenter/ovf/library-item/id:{{ovf_library_item_id}}")));
    }
    match action.as_deref() {
        Some("filter") => {
            #[derive(Deserialize)]
            struct B {
                target: DeploymentTarget,
            }
            let t = serde_json::from_slice::<B>(&body).map_err(bad_body)?.target;
            target_of(&state.inventory.read(), &t)?;
            let text = descriptor(&state, &id)?;
            let described = describe(&text).map_err(|why| SimError::invalid_argument("com.vmware.ovfs.parse", why, &[]))?;
            Ok(ok(OvfSummary {
                name: Some(described.name),
                annotation: Some(described.annotation),
                eulas: described.eulas,
                networks: Some(described.networks),
                storage_groups: Some(vec![]),
                additional_params: Some(vec![]),
            }))
        }
        Some("deploy") => {
            #[derive(Deserialize)]
            struct B {
                #[serde(default)]
                client_token: Option<String>,
                target: DeploymentTarget,
                deployment_spec: ResourcePoolDeploymentSpec,
            }
            let b = serde_json::from_slice::<B>(&body).map_err(bad_body)?;
            check_flags(&b.deployment_spec.flags, IMPORT_FLAGS, "import")?;
            let text = descriptor(&state, &id)?;
            let refuse = |why: String| Ok(ok(DeploymentResult { succeeded: false, resource_id: None, error: Some(failed(&why)) }));
            let described = match describe(&text) {
                Ok(x) => x,
                Err(why) => return refuse(why),
            };
            let lax = b.deployment_spec.flags.iter().flatten().any(|f| f == "LAX");
            if let Some(k) = described.unknown.first().filter(|_| !lax) {
                return refuse(format!("The OVF descriptor has hardware of a type this vCenter does not know (ResourceType {k}): deploy with the LAX option to leave it out."));
            }
            if !described.eulas.is_empty() && !b.deployment_spec.accept_all_eula {
                return refuse("The OVF template has a license agreement (EULA): accept it to deploy.".into());
            }
            // The disks' provisioning (thin, thick, eager-zeroed thick) and storage policy, for every disk.
            if let Some(app::vsphere::models::vcenter::ovf::DiskProvisioningType::UnknownValue(v)) = &b.deployment_spec.storage_provisioning {
                return Err(SimError::invalid_argument("com.vmware.ovfs.provisioning", format!("'{v}' is not a disk provisioning type: thin, thick or eagerZeroedThick."), &[v]));
            }
            let profile = match &b.deployment_spec.storage_profile_id {
                Some(p) => Some(crate::simulator::vcenter::storage::policies::policy(p).ok_or_else(|| SimError::invalid_argument("com.vmware.ovfs.storage_profile", format!("Storage policy {p} was not found."), &[p]))?.id.to_string()),
                None => None,
            };
            let mut inv = state.inventory.write();
            let (pool, folder, host) = target_of(&inv, &b.target)?;
            let datastore = match &b.deployment_spec.default_datastore_id {
                Some(ds) => ds.clone(),
                None => inv.datastores.iter().find(|s| s.accessible && s.datacenter == inv.resource_pools.iter().find(|r| r.id == pool).map(|r| r.datacenter.clone()).unwrap_or_default()).map(|s| s.id.clone()).unwrap_or_default(),
            };
            // Each adapter's network: the mapping the deploy gives, or a network of that name in the inventory.
            let mappings = b.deployment_spec.network_mappings.clone().unwrap_or_default();
            let mut nics = Vec::new();
            for (i, net) in described.nics.iter().enumerate() {
                let id = match mappings.get(net) {
                    Some(id) => id.clone(),
                    None => match inv.networks.iter().find(|n| &n.name == net) {
                        Some(n) => n.id.clone(),
                        None => return refuse(format!("The OVF network '{net}' is not mapped to a network of this vCenter.")),
                    },
                };
                let Some(n) = inv.networks.iter().find(|n| n.id == id) else { return refuse(format!("Network {id} was not found.")) };
                let mut nic = json!({ "backing": { "type": n.kind, "network": n.id }, "start_connected": true });
                // A kept static address is set again; one vCenter generated is not a static one (it cannot be
                // set), so the adapter gets an address of its own.
                if let Some(Some(mac)) = described.macs.get(i).filter(|m| m.as_deref().is_some_and(super::vm::hardware::ethernet::manual_mac_ok)) {
                    nic["mac_type"] = json!("MANUAL");
                    nic["mac_address"] = json!(mac);
                }
                nics.push(nic);
            }
            let spec = json!({
                "guest_OS": described.guest_os.clone().unwrap_or_else(|| "OTHER_64".into()),
                "name": b.deployment_spec.name.clone().unwrap_or_else(|| described.name.clone()),
                "placement": { "folder": folder, "resource_pool": pool, "host": host, "datastore": datastore },
                "cpu": { "count": described.cpus.unwrap_or(1) },
                "memory": { "size_MiB": described.memory_mib.unwrap_or(1024) },
                "disks": described.disks.iter().map(|c| json!({ "new_vmdk": { "capacity": c } })).collect::<Vec<_>>(),
                "nics": nics,
            });
            let spec: super::vm::CreateSpec = serde_json::from_value(spec).map_err(bad_body)?;
            let mut v = match super::vm::build(&inv, &spec) {
                Ok(v) => v,
                Err(e) => return refuse(e.message),
            };
            if let Some(p) = profile {
                v.home_policy = Some(p.clone());
                v.disks.iter_mut().for_each(|k| k.policy = Some(p.clone()));
            }
            let vm = v.id.clone();
            inv.vms.push(v);
            drop(inv);
            if let Some(t) = b.client_token {
                state.content.data.lock().unwrap().tokens.insert(t, vm.clone());
            }
            Ok(ok(DeploymentResult { succeeded: true, resource_id: Some(DeployableIdentity { r#type: "VirtualMachine".into(), id: vm }), error: None }))
        }
        a => Err(SimError::no_operation(&format!("POST /rest/com/vmware/vcenter/ovf/library-item/id:{{ovf_library_item_id}} {}", a.unwrap_or("")))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_ids_go_both_ways() {
        assert_eq!(guest_id("UBUNTU_64"), "ubuntu64Guest");
        assert_eq!(guest_id("WINDOWS_9_SERVER_64"), "windows9Server64Guest");
        assert_eq!(guest_os("ubuntu64Guest").as_deref(), Some("UBUNTU_64"));
        assert_eq!(guest_os("windows9Server64Guest").as_deref(), Some("WINDOWS_9_SERVER_64"));
        assert_eq!(guest_os("rhel8_64Guest").as_deref(), Some("RHEL_8_64"));
        assert_eq!(guest_os("nonsenseGuest"), None);
    }

    #[test]
    fn an_exported_vm_reads_back() {
        let d = crate::simulator::vcenter::inventory::seed(10);
        let v = d.vms.iter().find(|v| !v.disks.is_empty() && !v.nics.is_empty()).unwrap();
        let files = export(&d, v, "web & co", "note <1>", false);
        assert_eq!(files.len(), 1 + v.disks.len());
        let text = String::from_utf8(files[0].1.clone()).unwrap();
        let described = describe(&text).unwrap();
        assert_eq!(described.name, "web & co");
        assert_eq!(described.annotation, "note <1>");
        assert_eq!(described.guest_os.as_deref(), Some(v.guest_os.as_str()));
        assert_eq!((described.cpus, described.memory_mib), (Some(v.cpu_count), Some(v.memory_mib)));
        assert_eq!(described.disks, v.disks.iter().map(|k| k.capacity).collect::<Vec<_>>());
        assert_eq!(described.nics.len(), v.nics.len());
        assert!(describe("<Envelope/>").unwrap_err().contains("VirtualSystem"));
        assert!(describe("not xml").is_err());
    }
}
