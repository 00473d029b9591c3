//! A VM's devices through the whole console over HTTP (no JavaScript): disks, network adapters and CD/DVD
//! drives added, changed, connected and removed from the Hardware tab, each change read back on the
//! simulator; what the power state does not allow is not offered, and vCenter's refusal comes back in words
//! when it is sent anyway; bad input is refused at its field before anything is sent.

use crate::common::console::Console;
use server::simulator::vcenter::inventory::Vm;
use server::simulator::SimConfig;

fn hardware(id: &str) -> String {
    format!("/objects?type=VirtualMachine&id={id}&tab=hardware")
}

/// Whether the Hardware tab shows hardware version `n`.
pub fn version_shown(html: &str, n: u32) -> bool {
    html.find("data-testid=\"hardware-version\"").is_some_and(|at| html[at..].split_once('>').is_some_and(|(_, rest)| rest.starts_with(&format!("{n}<"))))
}

fn back(c: &Console, res: reqwest::Response) -> String {
    assert_eq!(res.status(), 302, "a form answers with a redirect");
    res.headers()[reqwest::header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string()
}

#[test]
fn disks_are_added_refused_at_their_field_and_removed_keeping_their_file() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let pick = |power: &str| c.sim().inventory.read().vms.iter().find(|v| v.power_state == power).unwrap().id.clone();
        let vm_of = |id: &str| -> Vm { c.sim().inventory.read().vm(id).unwrap().clone() };

        let off = pick("POWERED_OFF");
        let res = c.form_post("/api/vcenter/vm/hardware/disk/create", &cookie, &hardware(&off), &format!("vm={off}&source=new&size_gb=40&adapter=SCSI")).await;
        let page = back(&c, res);
        assert_eq!(page, format!("{}&hardware=disk-added&done=/api/vcenter/vm/hardware/disk/create", hardware(&off)));
        let v = vm_of(&off);
        let added = v.disks.last().unwrap().clone();
        assert_eq!((v.disks.len(), added.capacity, added.bus_type, added.unit), (2, 40 << 30, "SCSI", 1));
        let html = c.html(&page, &cookie).await;
        assert!(html.contains("Hard disk added.") && html.contains(&format!("data-key=\"{}\"", added.key)), "said, and listed");

        // Refused before sending, at the field, kept as typed.
        let res = c.form_post("/api/vcenter/vm/hardware/disk/create", &cookie, &hardware(&off), &format!("vm={off}&source=new&size_gb=0&adapter=SCSI")).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(html.contains("A disk is from 1 to 63488 GB") && html.contains("value=\"0\"") && html.contains("aria-invalid=\"true\""));
        assert_eq!(vm_of(&off).disks.len(), 2, "nothing was sent");

        // A busy address: vCenter's refusal in words, nothing added, the form as typed; a free one is taken.
        let res = c.form_post("/api/vcenter/vm/hardware/disk/create", &cookie, &hardware(&off), &format!("vm={off}&source=new&size_gb=8&adapter=SCSI&address=0%3A1")).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(html.contains("SCSI 0:1 of virtual machine") && html.contains("is already in use") && html.contains("value=\"0:1\""), "busy");
        assert_eq!(vm_of(&off).disks.len(), 2, "nothing added");
        let res = c.form_post("/api/vcenter/vm/hardware/disk/create", &cookie, &hardware(&off), &format!("vm={off}&source=new&size_gb=8&adapter=SCSI&address=0%3A7")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("Unit 7 is the SCSI adapter"), "refused before sending");
        back(&c, c.form_post("/api/vcenter/vm/hardware/disk/create", &cookie, &hardware(&off), &format!("vm={off}&source=new&size_gb=8&adapter=SCSI&address=0%3A9")).await);
        let at9 = vm_of(&off).disks.last().unwrap().clone();
        assert_eq!((at9.bus, at9.unit, at9.capacity), (0, 9, 8 << 30));
        back(&c, c.form_post("/api/vcenter/vm/hardware/device/delete", &cookie, &hardware(&off), &format!("vm={off}&class=disk&device={}", at9.key)).await);

        // An existing file, on SATA.
        let res = c.form_post("/api/vcenter/vm/hardware/disk/create", &cookie, &hardware(&off), &format!("vm={off}&source=existing&vmdk=%5Beast-vmfs-01%5D+old%2Fdata.vmdk&adapter=SATA")).await;
        back(&c, res);
        let v = vm_of(&off);
        let sata = v.disks.last().unwrap().clone();
        assert_eq!((sata.bus_type, sata.vmdk.as_str()), ("SATA", "[east-vmfs-01] old/data.vmdk"));

        // Removing asks first, says the file stays, then detaches.
        let html = c.html(&format!("{}&confirm=remove-disks-{}", hardware(&off), added.key), &cookie).await;
        assert!(html.contains("data-testid=\"confirm-panel\"") && html.contains("stays on the datastore") && html.contains(&added.vmdk));
        let res = c.form_post("/api/vcenter/vm/hardware/device/delete", &cookie, &hardware(&off), &format!("vm={off}&class=disk&device={}", added.key)).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("its file is still on the datastore"));
        assert!(vm_of(&off).disks.iter().all(|d| d.key != added.key));

        // Running: IDE is not offered, the file is locked with the reason, and vCenter refuses a change sent anyway.
        let on = pick("POWERED_ON");
        let html = c.html(&format!("{}&edit=disks-2000", hardware(&on)), &cookie).await;
        let form = &html[html.find("data-testid=\"add-disk-form\"").unwrap()..];
        assert!(!form[..form.find("</form>").unwrap()].contains("value=\"IDE\""), "IDE disks only powered off");
        assert!(html.contains("id=\"disk-file-locked\""), "the file is locked while it runs");
        let res = c.form_post("/api/vcenter/vm/hardware/disk/update", &cookie, &format!("{}&edit=disks-2000", hardware(&on)), &format!("vm={on}&disk=2000&vmdk=%5Beast-vmfs-01%5D+x%2Fx.vmdk")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("can only be changed while the virtual machine is powered off"));
        let res = c.form_post("/api/vcenter/vm/hardware/disk/create", &cookie, &hardware(&on), &format!("vm={on}&source=new&size_gb=8&adapter=SCSI")).await;
        back(&c, res);
        assert_eq!(vm_of(&on).disks.len(), 2, "SCSI: hot added");
    })
}

#[test]
fn network_adapters_and_cd_drives_change_connect_and_swap_media_while_the_vm_runs() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let on = c.sim().inventory.read().vms.iter().find(|v| v.power_state == "POWERED_ON").unwrap().id.clone();
        let vm_of = |id: &str| -> Vm { c.sim().inventory.read().vm(id).unwrap().clone() };

        let res = c.form_post("/api/vcenter/vm/hardware/ethernet/create", &cookie, &hardware(&on), &format!("vm={on}&kind=E1000E&network=network-70&mac_type=GENERATED&start_connected=on")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("Network adapter added."));
        let nic = vm_of(&on).nics.last().unwrap().clone();
        assert_eq!((nic.kind.as_str(), nic.network.as_str(), nic.connected, nic.label.as_str()), ("E1000E", "network-70", true, "Network adapter 2"));

        // A manual MAC outside VMware's range: refused at its field, nothing sent.
        let res = c.form_post("/api/vcenter/vm/hardware/ethernet/create", &cookie, &hardware(&on), &format!("vm={on}&kind=VMXNET3&network=network-70&mac_type=MANUAL&mac=00%3A50%3A56%3A40%3A00%3A00")).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(html.contains("VMware&#x27;s static range") || html.contains("VMware's static range"));
        assert!(html.contains("value=\"00:50:56:40:00:00\""), "kept as typed");
        assert_eq!(vm_of(&on).nics.len(), 2);

        // Disconnect, then the row says so.
        let res = c.form_post("/api/vcenter/vm/hardware/connection", &cookie, &hardware(&on), &format!("vm={on}&class=nic&device={}&action=disconnect", nic.key)).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(!vm_of(&on).nics.last().unwrap().connected);
        let row = &html[html.find(&format!("data-key=\"{}\"", nic.key)).unwrap()..];
        assert!(row[..row.find("</tr>").unwrap()].contains("Not connected") && html.contains("Network adapter disconnected."));

        // While it runs the MAC is not offered; the network changes.
        let html = c.html(&format!("{}&edit=nics-{}", hardware(&on), nic.key), &cookie).await;
        assert!(html.contains("data-testid=\"mac-locked\"") && !html.contains("id=\"nic-edit-mac\""));
        let res = c.form_post("/api/vcenter/vm/hardware/ethernet/update", &cookie, &hardware(&on), &format!("vm={on}&nic={}&network=dvportgroup-72&wake_on_lan=on", nic.key)).await;
        back(&c, res);
        let n = vm_of(&on).nics.last().unwrap().clone();
        assert_eq!((n.network.as_str(), n.wake_on_lan, n.start_connected), ("dvportgroup-72", true, false), "an unticked box is off");

        // A CD/DVD drive: a bad ISO path refused at its field; a good one swapped in while it runs, then connected.
        let cd = vm_of(&on).cdroms[0].key.clone();
        let res = c.form_post("/api/vcenter/vm/hardware/cdrom/update", &cookie, &hardware(&on), &format!("vm={on}&cdrom={cd}&medium=ISO_FILE&iso_file=ubuntu.iso")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("[datastore] folder/file.iso"));
        let res = c.form_post("/api/vcenter/vm/hardware/cdrom/update", &cookie, &hardware(&on), &format!("vm={on}&cdrom={cd}&medium=ISO_FILE&iso_file=%5Beast-nfs-iso%5D+images%2Fubuntu.iso")).await;
        back(&c, res);
        assert_eq!(vm_of(&on).cdroms[0].iso_file.as_deref(), Some("[east-nfs-iso] images/ubuntu.iso"));
        let res = c.form_post("/api/vcenter/vm/hardware/connection", &cookie, &hardware(&on), &format!("vm={on}&class=cdrom&device={cd}&action=connect")).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(vm_of(&on).cdroms[0].connected && html.contains("ISO file [east-nfs-iso] images/ubuntu.iso"));
        // Connecting again: vCenter's refusal in its words.
        let res = c.form_post("/api/vcenter/vm/hardware/connection", &cookie, &hardware(&on), &format!("vm={on}&class=cdrom&device={cd}&action=connect")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("is already connected"));

        // Removing the adapter asks first, then it is gone.
        let html = c.html(&format!("{}&confirm=remove-nics-{}", hardware(&on), nic.key), &cookie).await;
        assert!(html.contains("loses this network connection"));
        let res = c.form_post("/api/vcenter/vm/hardware/device/delete", &cookie, &hardware(&on), &format!("vm={on}&class=nic&device={}", nic.key)).await;
        back(&c, res);
        assert_eq!(vm_of(&on).nics.len(), 1);

        // Suspended: nothing is offered, and the page says why.
        let suspended = c.sim().inventory.read().vms.iter().find(|v| v.power_state == "SUSPENDED").unwrap().id.clone();
        let html = c.html(&hardware(&suspended), &cookie).await;
        assert!(html.contains("data-testid=\"devices-locked\"") && !html.contains("data-testid=\"add-disk\"") && !html.contains("Remove…"));
    })
}

/// `vcenter/vm` create and delete through the console: the New virtual machine form checks its fields before
/// sending, creates the VM where it was placed (and powers it on when asked), says vCenter's refusal of a
/// duplicate name on the form as typed; a VM is deleted only powered off, after a confirmation, its tags with it.
#[test]
fn a_vm_is_created_from_the_form_and_deleted_after_a_confirmation() {
    crate::common::block_on(async {
        use app::vsphere::models::cis::tagging::category_model::Cardinality;
        use app::vsphere::models::cis::tagging::{category, tag};
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let html = c.html("/inventory/vm", &cookie).await;
        assert!(html.contains("href=\"/inventory/vm/new\""), "the list offers a new VM");
        let html = c.html("/inventory/vm/new", &cookie).await;
        for option in ["value=\"group-v30\"", "value=\"cluster:domain-c40\"", "value=\"host:host-57\"", "value=\"datastore-60\"", "value=\"network-70\"", "value=\"UBUNTU_64\""] {
            assert!(html.contains(option), "the form offers {option}");
        }
        let form = |name: &str, memory: &str| format!("name={name}&guest_os=UBUNTU_64&folder=group-v30&compute=cluster%3Adomain-c40&resource_pool=&datastore=datastore-60&cpus=2&memory_mb={memory}&disk_gb=40&network=network-70&power_on=on");
        let before = c.sim().inventory.read().vms.len();
        let res = c.form_post("/api/vcenter/vm/create", &cookie, "/inventory/vm/new", &form("web-new", "4097")).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(html.contains("Memory is a multiple of 4 MB") && html.contains("value=\"web-new\"") && html.contains("value=\"4097\""), "refused at its field, kept as typed");
        assert_eq!(c.sim().inventory.read().vms.len(), before, "nothing was sent");

        // Checked, then reviewed in words: nothing created until the review's Create.
        let res = c.form_post("/api/vcenter/vm/create", &cookie, "/inventory/vm/new", &format!("{}&cdrom=on&iso_file=%5Beast-nfs-iso%5D+images%2Fubuntu.iso&step=review", form("web-new", "4096"))).await;
        let review = back(&c, res);
        assert!(review.starts_with("/inventory/vm/new?review=1&name=web-new&"), "{review}");
        assert_eq!(c.sim().inventory.read().vms.len(), before, "nothing created yet");
        let html = c.html(&review, &cookie).await;
        for said in ["Ubuntu Linux (64-bit)", "Cluster Production", "4 GiB", "40 GB, new", "ISO file [east-nfs-iso] images/ubuntu.iso, connected at power on", "Powered on"] {
            assert!(html.contains(said), "the review says {said}");
        }
        assert!(html.contains("name=\"step\" value=\"create\"") && html.contains("name=\"memory_mb\" value=\"4096\""), "the Create form carries the fields");
        let change = format!("/inventory/vm/new?{}", &review["/inventory/vm/new?review=1&".len()..]);
        let html = c.html(&change, &cookie).await;
        assert!(html.contains("data-testid=\"new-vm-form\"") && html.contains("value=\"web-new\"") && html.contains("value=\"[east-nfs-iso] images/ubuntu.iso\""), "Change: the form as filled");

        let create = format!("{}&cdrom=on&iso_file=%5Beast-nfs-iso%5D+images%2Fubuntu.iso&step=create", form("web-new", "4096"));
        let res = c.form_post("/api/vcenter/vm/create", &cookie, &review, &create).await;
        let page = back(&c, res);
        let v = c.sim().inventory.read().vms.iter().find(|v| v.name == "web-new").cloned().expect("created");
        assert_eq!(v.cdroms[0].iso_file.as_deref(), Some("[east-nfs-iso] images/ubuntu.iso"));
        assert!(page.starts_with(&format!("/objects?type=VirtualMachine&id={}&created=powered-on", v.id)), "{page}");
        assert_eq!((v.power_state, v.folder.as_str(), v.cluster.as_deref(), v.memory_mib, v.cpu_count), ("POWERED_ON", "group-v30", Some("domain-c40"), 4096, 2));
        assert_eq!((v.disks[0].capacity, v.nics[0].network.as_str(), v.nics[0].connected), (40 << 30, "network-70", true));
        let html = c.html(&page, &cookie).await;
        assert!(html.contains("Virtual machine created and powered on.") && html.contains("data-testid=\"delete-locked\""), "deleting waits for a power-off");

        // The same name again: vCenter's refusal, in its words, on the review.
        let res = c.form_post("/api/vcenter/vm/create", &cookie, &review, &create).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(html.contains("already exists") && html.contains("data-testid=\"new-vm-review\""));

        // Deleted after a confirmation, with its tags.
        let vc = c.vc().await;
        let cat = vc.cis_tagging_category_create(&category::CreateSpec { name: "Owner".into(), description: String::new(), cardinality: Cardinality::Multiple, associable_types: vec![], category_id: None }).await.unwrap();
        let t = vc.cis_tagging_tag_create(&tag::CreateSpec { name: "alice".into(), description: String::new(), category_id: cat, tag_id: None }).await.unwrap();
        vc.cis_tagging_tag_association_attach(&t, &crate::common::tagging_scenario::vm(&v.id)).await.unwrap();
        vc.vcenter_vm_power_stop(&v.id).await.unwrap();
        let summary = format!("/objects?type=VirtualMachine&id={}", v.id);
        let html = c.html(&format!("{summary}&confirm=delete"), &cookie).await;
        assert!(html.contains("data-testid=\"confirm-panel\"") && html.contains("disks included, are deleted") && html.contains("cannot be undone"));
        let res = c.form_post("/api/vcenter/vm/delete", &cookie, &format!("{summary}&confirm=delete"), &format!("vm={}&name=web-new", v.id)).await;
        let list = back(&c, res);
        assert_eq!(list, "/inventory/vm?deleted=web-new");
        assert!(c.html(&list, &cookie).await.contains("Deleted web-new and its files."));
        assert!(c.sim().inventory.read().vm(&v.id).is_err());
        assert!(vc.cis_tagging_tag_association_list_attached_objects(&t).await.unwrap().is_empty(), "its tags went with it");
    })
}

/// The hardware version (upgraded powered off after a confirmation, or scheduled for the next power-on) and the
/// boot order (set, moved, refused when it names a device the VM lacks, back to the firmware's own).
#[test]
fn the_hardware_is_upgraded_or_scheduled_and_the_boot_order_is_set() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let vm_of = |id: &str| -> Vm { c.sim().inventory.read().vm(id).unwrap().clone() };
        let pick = |version: u32, power: &str| c.sim().inventory.read().vms.iter().find(|v| v.hardware_version == version && v.power_state == power).unwrap().id.clone();

        let old = pick(11, "POWERED_OFF");
        let html = c.html(&hardware(&old), &cookie).await;
        assert!(version_shown(&html, 11) && html.contains("data-testid=\"upgrade-hardware\""));
        let html = c.html(&format!("{}&confirm=upgrade", hardware(&old)), &cookie).await;
        assert!(html.contains("data-testid=\"confirm-panel\"") && html.contains("cannot be undone"));
        let res = c.form_post("/api/vcenter/vm/hardware/upgrade", &cookie, &format!("{}&confirm=upgrade", hardware(&old)), &format!("vm={old}&version=14")).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert_eq!(vm_of(&old).hardware_version, 14);
        assert!(html.contains("Hardware upgraded.") && html.contains("data-testid=\"hardware-newest\""));

        // Running: not offered now; scheduled for the next power-on instead.
        let running = pick(13, "POWERED_ON");
        let html = c.html(&hardware(&running), &cookie).await;
        assert!(html.contains("data-testid=\"upgrade-locked\"") && !html.contains("data-testid=\"upgrade-hardware\""));
        let res = c.form_post("/api/vcenter/vm/hardware/update", &cookie, &hardware(&running), &format!("vm={running}&policy=ALWAYS&version=13&current=13")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("Choose a version newer than the virtual machine"), "refused before sending");
        let res = c.form_post("/api/vcenter/vm/hardware/update", &cookie, &hardware(&running), &format!("vm={running}&policy=ALWAYS&version=14&current=13")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("Upgrade schedule saved."));
        let vc = c.vc().await;
        vc.vcenter_vm_power_stop(&running).await.unwrap();
        vc.vcenter_vm_power_start(&running).await.unwrap();
        assert_eq!((vm_of(&running).hardware_version, vm_of(&running).upgrade_policy.as_str()), (14, "NEVER"), "upgraded at the power-on");

        // The boot order.
        let html = c.html(&hardware(&old), &cookie).await;
        assert!(html.contains("data-testid=\"boot-order-default\""));
        let res = c.form_post("/api/vcenter/vm/hardware/boot/device", &cookie, &hardware(&old), &format!("vm={old}&order=CDROM%2CDISK%2CETHERNET%3A4000")).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert_eq!(vm_of(&old).boot_devices.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["CDROM", "DISK", "ETHERNET"]);
        assert!(html.contains("Boot order saved.") && html.matches("data-testid=\"boot-entry\"").count() == 3);
        assert!(html.contains("aria-label=\"Move A CD/DVD drive down\""), "each entry moves");
        let res = c.form_post("/api/vcenter/vm/hardware/boot/device", &cookie, &hardware(&old), &format!("vm={old}&order=ETHERNET%3A4999")).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("has no network adapter 4999"), "vCenter's refusal in its words");
        let res = c.form_post("/api/vcenter/vm/hardware/boot/device", &cookie, &hardware(&old), &format!("vm={old}&order=")).await;
        back(&c, res);
        assert!(vm_of(&old).boot_devices.is_empty());
    })
}

/// A VM's storage policies from its Storage policy tab: the home and a disk given policies in one form, the
/// compliance out of date until checked, then checked: the disk whose policy does not suit its datastore is not
/// compliant, and says why. And the policies' own operations on the simulator: which VMs use a policy, which
/// datastores suit it, and the compliance lists (a status is required).
#[test]
fn storage_policies_are_set_and_their_compliance_checked() {
    crate::common::block_on(async {
        use server::simulator::vcenter::storage::policies::POLICIES;
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let v = c.sim().inventory.read().vms.iter().find(|v| v.datastore == "datastore-60").unwrap().clone();
        let tab = format!("/objects?type=VirtualMachine&id={}&tab=storage", v.id);
        let html = c.html(&tab, &cookie).await;
        assert!(html.contains("aria-current=\"page\" data-testid=\"tab-storage\"") && html.contains("Not applicable: no policy"));
        for p in POLICIES {
            assert!(html.contains(&format!("value=\"{}\"", p.id)), "{} offered", p.name);
        }
        let (gold, vsan) = (POLICIES[3].id, POLICIES[0].id);
        let res = c.form_post("/api/vcenter/vm/storage/policy/update", &cookie, &tab, &format!("vm={}&home={gold}&disk_keys%5B%5D=2000&disk_policies%5B%5D={vsan}", v.id)).await;
        let html = c.html(&back(&c, res), &cookie).await;
        let now = c.sim().inventory.read().vm(&v.id).unwrap().clone();
        assert_eq!((now.home_policy.as_deref(), now.disks[0].policy.as_deref()), (Some(gold), Some(vsan)));
        assert!(html.contains("Storage policies saved.") && html.contains("data-status=\"OUT_OF_DATE\""));

        let res = c.form_post("/api/vcenter/vm/storage/policy/compliance/check", &cookie, &tab, &format!("vm={}", v.id)).await;
        let html = c.html(&back(&c, res), &cookie).await;
        assert!(html.contains("Compliance checked."));
        let rows: Vec<&str> = html.split("data-testid=\"compliance-row\"").skip(1).collect();
        assert!(rows[0].starts_with(" data-status=\"COMPLIANT\"") && rows[0].contains("Gold (VMFS)"), "the home on VMFS with a VMFS policy: {}", &rows[0][..200.min(rows[0].len())]);
        assert!(rows[1].starts_with(" data-status=\"NON_COMPLIANT\"") && rows[1].contains("does not satisfy"), "vSAN's policy on a VMFS disk");

        // The policies' own operations.
        let vc = c.vc().await;
        let users = vc.vcenter_storage_policies_vm_list(vsan).await.unwrap();
        assert!(users.get(&v.id).is_some_and(|u| !u.vm_home && u.disks == ["2000"]));
        let fits = vc.vcenter_storage_policies_check_compatibility(vsan, &["datastore-60".into(), "datastore-63".into()]).await.unwrap();
        assert_eq!(fits.compatible_datastores.iter().map(|d| d.datastore.as_str()).collect::<Vec<_>>(), ["datastore-63"]);
        let off = vc.vcenter_storage_policies_compliance_vm_list(&["NON_COMPLIANT".into()], &[]).await.unwrap();
        assert!(off.get(&v.id).is_some());
        assert!(vc.vcenter_storage_policies_compliance_vm_list(&[], &[]).await.is_err(), "a status is required");
        assert!(!vc.vcenter_storage_policies_compliance_list(&["NON_COMPLIANT".into()]).await.unwrap().is_empty());

        // The Storage policies page: each policy's users counted, every home and disk under its status, and the
        // VM among those needing attention (its disk is not compliant), linking to its Storage policy tab.
        let html = c.html("/storage-policies", &cookie).await;
        let d = c.sim().inventory.read().clone();
        let homes = d.vms.iter().filter(|x| x.home_policy.as_deref() == Some(gold)).count();
        let disks = d.vms.iter().flat_map(|x| &x.disks).filter(|k| k.policy.as_deref() == Some(gold)).count();
        let row = &html[html.find(&format!("data-policy=\"{gold}\"")).unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&format!("<td class=\"tabular-nums\">{homes}</td><td class=\"tabular-nums\">{disks}</td>")), "{row}");
        let all: usize = d.vms.iter().map(|x| 1 + x.disks.len()).sum();
        let counted: usize = html.split("data-status=\"").skip(1).filter_map(|r| r.split("</span><span class=\"tabular-nums\">").nth(1)).filter_map(|r| r.split('<').next()?.parse::<usize>().ok()).sum();
        assert_eq!(counted, all, "every home and disk counted once");
        let row = &html[html.find(&format!("data-testid=\"attention\" data-vm=\"{}\"", v.id)).expect("needs attention")..];
        assert!(row[..row.find("</tr>").unwrap()].contains("disk 2000: not compliant") && row.contains(&format!("{}&amp;tab=storage", v.id)));

        // A policy's page: who uses it, and on request the datastores that suit it (vSAN's default: the vSAN one).
        let page = format!("/storage-policies/{vsan}");
        let html = c.html(&page, &cookie).await;
        assert!(html.contains(&format!("data-testid=\"policy-vm\" data-vm=\"{}\"", v.id)) && html.contains("1 disk (keys 2000)"));
        assert!(html.contains("data-testid=\"check-datastores\"") && !html.contains("data-testid=\"datastore\""), "no check until asked");
        let html = c.html(&format!("{page}?check=1"), &cookie).await;
        let vsan_stores = d.datastores.iter().filter(|s| s.kind == "VSAN").count();
        assert!(html.contains(&format!("{vsan_stores} of {} datastores suit this policy.", d.datastores.len())));
        let row = &html[html.find("data-datastore=\"datastore-63\"").unwrap()..];
        assert!(row[..row.find("</tr>").unwrap()].contains("Suits the policy"));
    })
}

#[test]
fn ports_floppies_and_storage_adapters_are_added_changed_connected_and_removed() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let off = c.sim().inventory.read().vms.iter().find(|v| v.power_state == "POWERED_OFF").unwrap().id.clone();
        let vm_of = |id: &str| -> Vm { c.sim().inventory.read().vm(id).unwrap().clone() };
        let post = |fn_path: &'static str, body: String| {
            let (c, cookie, off) = (&c, &cookie, off.clone());
            async move { back(c, c.form_post(fn_path, cookie, &hardware(&off), &body).await) }
        };

        // A serial port on the network: the URI is checked before sending, then the port reads back as asked.
        let page = post("/api/vcenter/vm/hardware/port/create", format!("vm={off}&class=serial&backing=NETWORK_SERVER&network_location=7001")).await;
        let html = c.html(&page, &cookie).await;
        assert!(html.contains("Give a URI: telnet://:7001") && html.contains("value=\"7001\""), "refused at its field, kept as typed");
        assert!(vm_of(&off).serial_ports.is_empty(), "nothing was sent");
        let page = post("/api/vcenter/vm/hardware/port/create", format!("vm={off}&class=serial&backing=NETWORK_SERVER&network_location=telnet%3A%2F%2F%3A7001&yield_on_poll=on&start_connected=on")).await;
        let html = c.html(&page, &cookie).await;
        let port = vm_of(&off).serial_ports[0].clone();
        assert_eq!((port.label.as_str(), port.network_location.as_deref(), port.yield_on_poll, port.start_connected), ("Serial port 1", Some("telnet://:7001"), true, true));
        assert!(html.contains("Serial port added.") && html.contains("Network telnet://:7001 (server)"), "said, and listed with its backing");

        // A floppy with an image, then changed to a pipe is refused (a floppy has none); a parallel port to a file.
        post("/api/vcenter/vm/hardware/port/create", format!("vm={off}&class=floppy&backing=IMAGE_FILE&file=%5Beast-nfs-iso%5D+boot%2Fdos.flp")).await;
        let floppy = vm_of(&off).floppies[0].clone();
        assert_eq!((floppy.backing.as_str(), floppy.file.as_deref()), ("IMAGE_FILE", Some("[east-nfs-iso] boot/dos.flp")));
        let editing = format!("{}&edit=floppies-{}", hardware(&off), floppy.key);
        let res = c.form_post("/api/vcenter/vm/hardware/port/update", &cookie, &editing, &format!("vm={off}&class=floppy&device={}&backing=PIPE_SERVER&pipe=x", floppy.key)).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("Choose one: Image file on a datastore"), "on the edit form");
        post("/api/vcenter/vm/hardware/port/create", format!("vm={off}&class=parallel&backing=FILE&file=%5Beast-nfs-iso%5D+lpt%2Fout.txt")).await;
        assert_eq!(vm_of(&off).parallel_ports[0].file.as_deref(), Some("[east-nfs-iso] lpt/out.txt"));

        // Storage adapters: a second SCSI adapter of a chosen type on a chosen bus, its sharing changed; then up to
        // four, where the form gives way to the reason; the first cannot go while its disk is on it.
        post("/api/vcenter/vm/hardware/adapter/create", format!("vm={off}&class=scsi&adapter_type=LSILOGIC&bus=2&sharing=NONE")).await;
        let added = vm_of(&off).scsi_adapters.iter().find(|a| a.bus == 2).unwrap().clone();
        assert_eq!((added.kind.as_str(), added.label.as_str()), ("LSILOGIC", "SCSI controller 2"));
        post("/api/vcenter/vm/hardware/adapter/scsi/update", format!("vm={off}&class=scsi&adapter={}&sharing=VIRTUAL", added.key)).await;
        assert_eq!(vm_of(&off).scsi_adapters.iter().find(|a| a.key == added.key).unwrap().sharing, "VIRTUAL");
        let page = post("/api/vcenter/vm/hardware/adapter/create", format!("vm={off}&class=scsi&bus=9")).await;
        assert!(c.html(&page, &cookie).await.contains("Choose bus 0, 1, 2 or 3"));
        for _ in 0..2 {
            post("/api/vcenter/vm/hardware/adapter/create", format!("vm={off}&class=scsi")).await;
        }
        assert_eq!(vm_of(&off).scsi_adapters.iter().map(|a| a.bus).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        let html = c.html(&hardware(&off), &cookie).await;
        assert!(html.contains("This virtual machine has 4 SCSI adapters, the most it can have.") && !html.contains("data-testid=\"add-scsi-form\""));
        let page = post("/api/vcenter/vm/hardware/adapter/create", format!("vm={off}&class=scsi")).await;
        assert!(c.html(&page, &cookie).await.contains("already has 4 SCSI adapters"), "a fifth, sent anyway: vCenter's refusal in words");
        assert!(html.contains("1 device on it"), "SCSI controller 0 holds Hard disk 1");
        let page = post("/api/vcenter/vm/hardware/device/delete", format!("vm={off}&class=scsi&device={}", added.key)).await;
        assert!(c.html(&page, &cookie).await.contains("SCSI adapter removed."));
        assert_eq!(vm_of(&off).scsi_adapters.len(), 3);

        // The same devices through the API's own lists and gets, as vCenter answers them.
        let vc = c.vc().await;
        let serial = vc.vcenter_vm_hardware_serial_list(&off).await.unwrap();
        assert_eq!(serial.iter().map(|p| p.port.as_str()).collect::<Vec<_>>(), [port.key.as_str()]);
        let info = vc.vcenter_vm_hardware_serial_get(&off, &port.key).await.unwrap();
        assert_eq!((info.backing.r#type.as_str(), info.backing.network_location.as_deref(), info.yield_on_poll), ("NETWORK_SERVER", Some("telnet://:7001"), true));
        let f = vc.vcenter_vm_hardware_floppy_get(&off, &vc.vcenter_vm_hardware_floppy_list(&off).await.unwrap()[0].floppy).await.unwrap();
        assert_eq!(f.backing.image_file.as_deref(), Some("[east-nfs-iso] boot/dos.flp"));
        let lpt = vc.vcenter_vm_hardware_parallel_list(&off).await.unwrap();
        assert_eq!(vc.vcenter_vm_hardware_parallel_get(&off, &lpt[0].port).await.unwrap().backing.file.as_deref(), Some("[east-nfs-iso] lpt/out.txt"));
        let scsi = vc.vcenter_vm_hardware_adapter_scsi_list(&off).await.unwrap();
        assert_eq!(scsi.len(), 3);
        let first = vc.vcenter_vm_hardware_adapter_scsi_get(&off, &scsi[0].adapter).await.unwrap();
        assert_eq!((first.label.as_str(), first.scsi.bus, first.scsi.unit), ("SCSI controller 0", 0, 7), "unit 7 is the adapter's own");
        let sata = vc.vcenter_vm_hardware_adapter_sata_list(&off).await.unwrap();
        assert_eq!(vc.vcenter_vm_hardware_adapter_sata_get(&off, &sata[0].adapter).await.unwrap().r#type.as_str(), "AHCI");
        assert!(vc.vcenter_vm_hardware_serial_get(&off, "9999").await.unwrap_err().is(app::error::VapiErrorKind::NotFound));

        // Running: ports connect and disconnect, and none of them is added or removed.
        c.sim().inventory.write().vm_mut(&off).unwrap().set_power("POWERED_ON");
        assert!(vm_of(&off).serial_ports[0].connected, "connected at power on");
        let html = c.html(&hardware(&off), &cookie).await;
        assert!(html.contains("A serial port is added and removed only while the virtual machine is powered off.") && html.contains(&format!("data-testid=\"disconnect-serial-{}\"", port.key)));
        post("/api/vcenter/vm/hardware/connection", format!("vm={off}&class=serial&device={}&action=disconnect", port.key)).await;
        assert!(!vm_of(&off).serial_ports[0].connected);
        let confirming = format!("{}&confirm=remove-floppies-{}", hardware(&off), floppy.key);
        let res = c.form_post("/api/vcenter/vm/hardware/device/delete", &cookie, &confirming, &format!("vm={off}&class=floppy&device={}", floppy.key)).await;
        assert!(c.html(&back(&c, res), &cookie).await.contains("Floppy drive 1 can only be removed while the virtual machine is powered off."), "sent anyway: refused in words");
        assert_eq!(vm_of(&off).floppies.len(), 1);
    })
}
