//! Content libraries through our client against the simulator: the shared scenario (vcsim must give the same
//! transcript), then the rules vcsim does not implement — names, subscribed libraries (probe, password,
//! thumbprint, on-demand sync, evict), uploads refused into a subscribed library, an OVF whose disk is missing,
//! a size that does not match, one update session per item, cancel throwing the upload away, and sessions
//! expiring when nobody keeps them alive.

use crate::common;

use app::client::VcSession;
use app::error::VapiErrorKind;
use app::vsphere::models::content::library::item::update_session_model::State as UpdateState;
use app::vsphere::models::content::library::item::updatesession::file::{AddSpec, SourceType};
use app::vsphere::models::content::library::item::TransferStatus;
use app::vsphere::models::content::library::publish_info::AuthenticationMethod as PublishAuth;
use app::vsphere::models::content::library::subscription_info::AuthenticationMethod as SubAuth;
use app::vsphere::models::content::library::{PublishInfo, SubscriptionInfo};
use app::vsphere::models::content::library_model::LibraryType;
use app::vsphere::models::content::subscribed_library::probe_result::Status as ProbeStatus;
use common::content_scenario::{bytes, download, item_spec, library_spec, run, sha256, update_spec, upload, EXPECTED};
use common::*;

async fn session() -> (VcSession, server::simulator::SimState) {
    let (url, sim) = spawn_sim(Default::default()).await;
    (client(&url).login(USER, PASSWORD).await.unwrap(), sim)
}

async fn datastore(s: &VcSession) -> String {
    s.datastore_list(&Default::default()).await.unwrap().into_iter().find(|d| d.name.contains("vsan") || !d.name.is_empty()).unwrap().datastore
}

#[test]
fn content_scenario_against_the_simulator() {
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        assert_eq!(run(&s, &ds).await, EXPECTED);
    })
}

#[test]
fn library_names_are_checked() {
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        s.content_local_library_create(None, &library_spec("ISOs", &ds)).await.unwrap();
        let clash = s.content_local_library_create(None, &library_spec("isos", &ds)).await.unwrap_err();
        assert!(clash.is(VapiErrorKind::InvalidArgument) && clash.to_string().contains("already exists"), "{clash}");
        let long = s.content_local_library_create(None, &library_spec(&"x".repeat(81), &ds)).await.unwrap_err();
        assert!(long.is(VapiErrorKind::InvalidArgument) && long.to_string().contains("80 characters"), "{long}");
        assert!(s.content_local_library_create(None, &library_spec(&"x".repeat(80), &ds)).await.is_ok());
        let nowhere = s.content_local_library_create(None, &library_spec("Elsewhere", "datastore-nope")).await.unwrap_err();
        assert!(nowhere.is(VapiErrorKind::InvalidArgument), "{nowhere}");
        assert_eq!(s.content_library_list().await.unwrap().len(), 2, "nothing half-made");
        // A retried create (same client token) makes nothing twice.
        let a = s.content_local_library_create(Some("token-1"), &library_spec("Once", &ds)).await.unwrap();
        let b = s.content_local_library_create(Some("token-1"), &library_spec("Once", &ds)).await.unwrap();
        assert_eq!(a, b);
    })
}

/// Publishes a local library (BASIC, `password`) holding one item with `data`; returns (library, item).
async fn published(s: &VcSession, ds: &str, password: &str, data: &[u8]) -> (String, String) {
    let mut spec = library_spec("Published", ds);
    spec.publish_info = Some(PublishInfo {
        authentication_method: Some(PublishAuth::Basic),
        published: Some(true),
        publish_url: None,
        user_name: Some("vcsp".into()),
        password: Some(password.into()),
        current_password: None,
        persist_json_enabled: None,
    });
    let lib = s.content_local_library_create(None, &spec).await.unwrap();
    let item = s.content_library_item_create(None, &item_spec(&lib, "tools", "iso")).await.unwrap();
    let session = upload(s, &item, &[("tools.iso", data)]).await;
    s.content_library_item_update_session_complete(&session).await.unwrap();
    (lib, item)
}

fn subscription(url: &str, password: Option<&str>, thumbprint: Option<String>, on_demand: bool) -> SubscriptionInfo {
    SubscriptionInfo {
        authentication_method: Some(if password.is_some() { SubAuth::Basic } else { SubAuth::None }),
        automatic_sync_enabled: Some(false),
        on_demand: Some(on_demand),
        password: password.map(str::to_string),
        ssl_thumbprint: thumbprint,
        subscription_url: Some(url.into()),
        user_name: password.map(|_| "vcsp".to_string()),
        source_info: None,
    }
}

#[test]
fn a_subscribed_library_mirrors_a_published_one() {
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        let data = bytes(200_000, 3);
        let (lib, _) = published(&s, &ds, "Secret1!", &data).await;
        let url = s.content_local_library_get(&lib).await.unwrap().publish_info.unwrap().publish_url.unwrap();
        assert!(url.starts_with("https://") && url.ends_with(&format!("/cls/vcsp/lib/{lib}/lib.json")), "{url}");

        // The probe: unreachable, wrong password, then right, with the thumbprint to accept.
        let far = s.content_subscribed_library_probe(&subscription("https://cl.example.invalid/lib.json", None, None, true)).await.unwrap();
        assert_eq!(far.status, ProbeStatus::HostNotFound);
        assert!(!far.error_messages.is_empty());
        let wrong = s.content_subscribed_library_probe(&subscription(&url, Some("nope"), None, true)).await.unwrap();
        assert_eq!(wrong.status, ProbeStatus::InvalidCredentials);
        let probe = s.content_subscribed_library_probe(&subscription(&url, Some("Secret1!"), None, true)).await.unwrap();
        assert_eq!(probe.status, ProbeStatus::Success);
        let thumb = probe.ssl_thumbprint.expect("an https URL shows its certificate's thumbprint");

        // Subscribing: an unreachable URL, or no thumbprint, is refused and leaves nothing behind.
        let mut spec = library_spec("Mirror", &ds);
        spec.r#type = Some(LibraryType::Subscribed);
        spec.subscription_info = Some(subscription("https://cl.example.invalid/lib.json", None, None, true));
        let e = s.content_subscribed_library_create(None, &spec).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("resource_inaccessible".into())), "{e}");
        spec.subscription_info = Some(subscription(&url, Some("Secret1!"), None, true));
        let e = s.content_subscribed_library_create(None, &spec).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("thumbprint"), "{e}");
        assert_eq!(s.content_subscribed_library_list().await.unwrap().len(), 0);

        spec.subscription_info = Some(subscription(&url, Some("Secret1!"), Some(thumb), true));
        let sub = s.content_subscribed_library_create(None, &spec).await.unwrap();
        let items = s.content_library_item_list(&sub).await.unwrap();
        assert_eq!(items.len(), 1, "the published item is mirrored");
        let mirrored = s.content_library_item_get(&items[0]).await.unwrap();
        assert_eq!((mirrored.name.as_deref(), mirrored.cached, mirrored.size), (Some("tools"), Some(false), Some(200_000)), "on demand: metadata only");

        // Nothing is uploaded into, or created in, a subscribed library.
        let e = s.content_library_item_update_session_create(None, &update_spec(&items[0])).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("invalid_element_type".into())), "{e}");
        let e = s.content_library_item_create(None, &item_spec(&sub, "mine", "")).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("invalid_element_type".into())), "{e}");

        // Syncing the item brings its bytes; evicting drops them again.
        s.content_library_subscribed_item_sync(&items[0], true).await.unwrap();
        assert_eq!(s.content_library_item_get(&items[0]).await.unwrap().cached, Some(true));
        assert_eq!(sha256(&download(&s, &items[0], "tools.iso").await), sha256(&data));
        s.content_library_subscribed_item_evict(&items[0]).await.unwrap();
        assert_eq!(s.content_library_item_get(&items[0]).await.unwrap().cached, Some(false));
        // The typed services refuse the other kind.
        let e = s.content_local_library_get(&sub).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("invalid_element_type".into())), "{e}");
        let e = s.content_subscribed_library_sync(&lib).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("invalid_element_type".into())), "{e}");
    })
}

#[test]
fn an_ovf_without_its_disk_is_refused_with_the_file_named() {
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        let lib = s.content_local_library_create(None, &library_spec("Templates", &ds)).await.unwrap();
        let item = s.content_library_item_create(None, &item_spec(&lib, "web", "ovf")).await.unwrap();
        let ovf = br#"<Envelope><References><File ovf:href="web-disk1.vmdk" ovf:id="file1"/></References></Envelope>"#;
        let session = upload(&s, &item, &[("web.ovf", ovf)]).await;
        let v = s.content_library_item_updatesession_file_validate(&session).await.unwrap();
        assert!(v.has_errors);
        assert_eq!(v.missing_files, vec!["web-disk1.vmdk".to_string()]);
        let e = s.content_library_item_update_session_complete(&session).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState) && e.to_string().contains("web-disk1.vmdk"), "{e}");
        assert_eq!(s.content_library_item_update_session_get(&session).await.unwrap().state, Some(UpdateState::Error));
        assert!(s.content_library_item_file_list(&item).await.unwrap().is_empty(), "nothing half-made");
        // With the disk, it completes.
        let disk = bytes(100_000, 9);
        let session = upload(&s, &item, &[("web.ovf", ovf), ("web-disk1.vmdk", &disk)]).await;
        assert!(!s.content_library_item_updatesession_file_validate(&session).await.unwrap().has_errors);
        s.content_library_item_update_session_complete(&session).await.unwrap();
        assert_eq!(s.content_library_item_file_list(&item).await.unwrap().len(), 2);
    })
}

#[test]
fn update_sessions_keep_their_rules() {
    common::block_on(async {
        let (s, sim) = session().await;
        let ds = datastore(&s).await;
        let lib = s.content_local_library_create(None, &library_spec("Files", &ds)).await.unwrap();
        let item = s.content_library_item_create(None, &item_spec(&lib, "notes", "")).await.unwrap();
        let dup = s.content_library_item_create(None, &item_spec(&lib, "Notes", "")).await.unwrap_err();
        assert!(dup.is(VapiErrorKind::AlreadyExists), "{dup}");

        // One open session per item.
        let first = s.content_library_item_update_session_create(None, &update_spec(&item)).await.unwrap();
        let busy = s.content_library_item_update_session_create(None, &update_spec(&item)).await.unwrap_err();
        assert!(busy.is(VapiErrorKind::ResourceBusy), "{busy}");

        // A size that does not match what arrives: the file is invalid.
        let info = s
            .content_library_item_updatesession_file_add(&first, &AddSpec { name: "a.txt".into(), source_type: SourceType::Push, source_endpoint: None, size: Some(10), checksum_info: None })
            .await
            .unwrap();
        s.upload_file(&info.upload_endpoint.unwrap().uri, reqwest::Body::from(b"12345".to_vec()), Some(5)).await.unwrap();
        let f = s.content_library_item_updatesession_file_get(&first, "a.txt").await.unwrap();
        assert_eq!((f.status, f.bytes_transferred), (TransferStatus::Error, 5));
        let v = s.content_library_item_updatesession_file_validate(&first).await.unwrap();
        assert_eq!(v.invalid_files.len(), 1);
        assert!(v.invalid_files[0].error_message.default_message.contains("5 bytes were received"), "{:?}", v.invalid_files);

        // Cancel throws the upload away: the item stays empty, and a new session may start.
        s.content_library_item_update_session_cancel(&first).await.unwrap();
        assert_eq!(s.content_library_item_update_session_get(&first).await.unwrap().state, Some(UpdateState::Canceled));
        assert!(s.content_library_item_file_list(&item).await.unwrap().is_empty());
        let e = s.content_library_item_update_session_complete(&first).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "{e}");

        // A session nobody keeps alive expires; keep-alive holds it.
        *sim.content.idle.lock().unwrap() = std::time::Duration::from_millis(300);
        let kept = s.content_library_item_update_session_create(None, &update_spec(&item)).await.unwrap();
        for _ in 0..4 {
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
            s.content_library_item_update_session_keep_alive(&kept, Some(10)).await.unwrap();
        }
        assert_eq!(s.content_library_item_update_session_get(&kept).await.unwrap().client_progress, Some(10));
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let gone = s.content_library_item_update_session_get(&kept).await.unwrap_err();
        assert!(gone.is(VapiErrorKind::NotFound), "{gone}");
    })
}

/// A PULL file: vCenter fetches what it holds itself — another item's file by its storage URI, or one of its
/// own prepared downloads — counting the bytes as they arrive; a source it cannot reach fails the file with why.
#[test]
fn pulled_files_come_from_what_this_vcenter_holds() {
    use app::vsphere::models::content::library::item::TransferEndpoint;
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        let lib = s.content_local_library_create(None, &library_spec("Pulls", &ds)).await.unwrap();
        let source = s.content_library_item_create(None, &item_spec(&lib, "source", "")).await.unwrap();
        let data = bytes(700_000, 9);
        let up = upload(&s, &source, &[("big.bin", &data)]).await;
        s.content_library_item_update_session_complete(&up).await.unwrap();
        let uri = s.content_library_item_storage_list(&source).await.unwrap().into_iter().find(|x| x.name == "big.bin").unwrap().storage_uris[0].clone();
        assert!(uri.starts_with("ds:///vmfs/volumes/"), "{uri}");
        let pull = |name: &str, uri: &str| AddSpec { name: name.into(), source_type: SourceType::Pull, source_endpoint: Some(TransferEndpoint { uri: uri.into(), ssl_certificate_thumbprint: None }), size: None, checksum_info: None };

        let copy = s.content_library_item_create(None, &item_spec(&lib, "copy", "")).await.unwrap();
        let session = s.content_library_item_update_session_create(None, &update_spec(&copy)).await.unwrap();
        let added = s.content_library_item_updatesession_file_add(&session, &pull("copy.bin", &uri)).await.unwrap();
        assert!(added.upload_endpoint.is_none(), "nothing to PUT for a pulled file");
        let mut f = s.content_library_item_updatesession_file_get(&session, "copy.bin").await.unwrap();
        for _ in 0..100 {
            if f.status == TransferStatus::Ready {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            f = s.content_library_item_updatesession_file_get(&session, "copy.bin").await.unwrap();
        }
        assert_eq!((f.status, f.bytes_transferred), (TransferStatus::Ready, data.len() as i64));
        s.content_library_item_update_session_complete(&session).await.unwrap();
        assert_eq!(sha256(&download(&s, &copy, "copy.bin").await), sha256(&data), "the pulled bytes are the source's");

        // From one of its own download sessions' URLs.
        let dl = s.content_library_item_download_session_create(None, &common::content_scenario::download_spec(&source)).await.unwrap();
        s.content_library_item_downloadsession_file_prepare(&dl, "big.bin", None).await.unwrap();
        let mut endpoint = None;
        for _ in 0..100 {
            let f = s.content_library_item_downloadsession_file_get(&dl, "big.bin").await.unwrap();
            if let Some(e) = f.download_endpoint {
                endpoint = Some(e.uri);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let from_download = s.content_library_item_create(None, &item_spec(&lib, "via download", "")).await.unwrap();
        let session = s.content_library_item_update_session_create(None, &update_spec(&from_download)).await.unwrap();
        s.content_library_item_updatesession_file_add(&session, &pull("again.bin", &endpoint.unwrap())).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        s.content_library_item_update_session_complete(&session).await.unwrap();
        assert_eq!(s.content_library_item_file_list(&from_download).await.unwrap()[0].size, data.len() as i64);

        // Anywhere else: the file fails, saying so, and validate names it.
        let elsewhere = s.content_library_item_create(None, &item_spec(&lib, "elsewhere", "")).await.unwrap();
        let session = s.content_library_item_update_session_create(None, &update_spec(&elsewhere)).await.unwrap();
        let f = s.content_library_item_updatesession_file_add(&session, &pull("x.iso", "https://repo.example.invalid/x.iso")).await.unwrap();
        assert_eq!(f.status, TransferStatus::Error);
        assert!(f.error_message.unwrap().default_message.contains("could not be reached"));
        assert!(s.content_library_item_updatesession_file_validate(&session).await.unwrap().has_errors);
        // A file the source item does not hold: not reachable either.
        let f = s.content_library_item_updatesession_file_add(&session, &pull("y.bin", &uri.replace("big.bin", "nothing.bin"))).await.unwrap();
        assert_eq!(f.status, TransferStatus::Error);
    })
}

/// A powered-off VM of the seeded inventory with disks and network adapters, and its resource pool.
async fn source_vm(s: &VcSession) -> (String, String, app::vsphere::models::vcenter::vm::Info) {
    let f = app::vsphere::inventory::ListFilter { states: vec!["POWERED_OFF".into()], ..Default::default() };
    for summary in s.vm_list(&f).await.unwrap() {
        let info = s.vcenter_vm_get(&summary.vm).await.unwrap();
        if !info.disks.is_empty() && !info.nics.is_empty() {
            let pool = s.resource_pool_list(&Default::default()).await.unwrap()[0].resource_pool.clone();
            return (summary.vm, pool, info);
        }
    }
    panic!("no powered-off VM with disks and adapters");
}

fn ovf_target(pool: &str) -> app::vsphere::models::vcenter::ovf::library_item::DeploymentTarget {
    app::vsphere::models::vcenter::ovf::library_item::DeploymentTarget { resource_pool_id: pool.into(), host_id: None, folder_id: None }
}

fn deployment(name: &str, accept: bool) -> app::vsphere::models::vcenter::ovf::library_item::ResourcePoolDeploymentSpec {
    app::vsphere::models::vcenter::ovf::library_item::ResourcePoolDeploymentSpec {
        name: Some(name.into()),
        annotation: None,
        accept_all_eula: accept,
        network_mappings: None,
        storage_mappings: None,
        storage_provisioning: None,
        storage_profile_id: None,
        locale: None,
        flags: None,
        additional_parameters: None,
        default_datastore_id: None,
    }
}

#[test]
fn an_ovf_template_made_from_a_vm_deploys_a_vm_like_it() {
    use app::vsphere::models::vcenter::ovf::library_item::{CreateSpec, CreateTarget, DeployableIdentity};
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        let lib = s.content_local_library_create(None, &library_spec("OVF templates", &ds)).await.unwrap();
        let (vm, pool, info) = source_vm(&s).await;
        let source = DeployableIdentity { r#type: "VirtualMachine".into(), id: vm.clone() };
        let target = CreateTarget { library_id: Some(lib.clone()), library_item_id: None };
        let made = s.vcenter_ovf_library_item_create(None, &source, &target, &CreateSpec { name: Some("web-template".into()), description: Some("from a VM".into()), flags: None }).await.unwrap();
        assert!(made.succeeded);
        let item = made.ovf_library_item_id.unwrap();
        let got = s.content_library_item_get(&item).await.unwrap();
        assert_eq!(got.r#type.as_deref(), Some("ovf"));
        let files = s.content_library_item_file_list(&item).await.unwrap();
        assert_eq!(files.len(), 1 + info.disks.len(), "the descriptor and one file per disk");

        let summary = s.vcenter_ovf_library_item_filter(&item, &ovf_target(&pool)).await.unwrap();
        assert_eq!(summary.name.as_deref(), Some("web-template"));
        assert!(!summary.networks.unwrap_or_default().is_empty(), "the adapters' networks are named");

        let result = s.vcenter_ovf_library_item_deploy(&item, None, &ovf_target(&pool), &deployment("from-ovf", false)).await.unwrap();
        assert!(result.succeeded, "{:?}", result.error);
        let new_vm = result.resource_id.unwrap().id;
        let new = s.vcenter_vm_get(&new_vm).await.unwrap();
        assert_eq!(new.name, "from-ovf");
        assert_eq!((new.cpu.count, new.memory.size_mib), (info.cpu.count, info.memory.size_mib));
        assert_eq!(new.disks.len(), info.disks.len());
        assert_eq!(new.guest_os, info.guest_os);
        // The same name again in the same folder: the result says why, nothing is made.
        let again = s.vcenter_ovf_library_item_deploy(&item, None, &ovf_target(&pool), &deployment("from-ovf", false)).await.unwrap();
        assert!(!again.succeeded);
        assert!(format!("{:?}", again.error).contains("already exists"), "{:?}", again.error);

        // A template with a licence is deployed only when it is accepted.
        let eula = s.content_library_item_create(None, &item_spec(&lib, "licensed", "ovf")).await.unwrap();
        let descriptor = br#"<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"><VirtualSystem ovf:id="lic"><Name>lic</Name><EulaSection><Info>License</Info><License>Be nice.</License></EulaSection></VirtualSystem></Envelope>"#;
        let session = upload(&s, &eula, &[("lic.ovf", descriptor)]).await;
        s.content_library_item_update_session_complete(&session).await.unwrap();
        assert_eq!(s.vcenter_ovf_library_item_filter(&eula, &ovf_target(&pool)).await.unwrap().eulas, vec!["Be nice.".to_string()]);
        let refused = s.vcenter_ovf_library_item_deploy(&eula, None, &ovf_target(&pool), &deployment("licensed-vm", false)).await.unwrap();
        assert!(!refused.succeeded && format!("{:?}", refused.error).contains("EULA"));
        assert!(s.vcenter_ovf_library_item_deploy(&eula, None, &ovf_target(&pool), &deployment("licensed-vm", true)).await.unwrap().succeeded);

        // On a host of the pool, thin, with a storage policy: the VM's home and every disk carry the policy.
        let hosts = s.vcenter_host_list(&[], &[], &[], &[], None, &[], &[]).await.unwrap();
        let gold = "c4e2f8a0-6d1b-4e9a-9b62-1d2f6e1c0a01";
        let placed = |host: Option<String>| app::vsphere::models::vcenter::ovf::library_item::DeploymentTarget { resource_pool_id: pool.clone(), host_id: host, folder_id: None };
        let mut spec = deployment("gold-ovf", false);
        spec.storage_provisioning = Some("thin".parse().unwrap());
        spec.storage_profile_id = Some(gold.into());
        let mut deployed = None;
        for h in &hosts {
            let r = s.vcenter_ovf_library_item_deploy(&item, None, &placed(Some(h.host.clone())), &spec).await.unwrap();
            if r.succeeded {
                deployed = Some((r.resource_id.unwrap().id, h.host.clone()));
                break;
            }
        }
        let (gold_vm, host) = deployed.expect("a host of the pool takes the VM");
        assert_eq!(s.vcenter_vm_get(&gold_vm).await.unwrap().name, "gold-ovf");
        assert!(s.vm_list(&app::vsphere::inventory::ListFilter { hosts: vec![host], ..Default::default() }).await.unwrap().iter().any(|v| v.vm == gold_vm), "the VM runs on the host given");
        let policies = s.vcenter_vm_storage_policy_get(&gold_vm).await.unwrap();
        assert_eq!(policies.vm_home.as_deref(), Some(gold));
        assert_eq!(policies.disks.len(), info.disks.len());
        assert!(policies.disks.iter().all(|(_, p)| p == gold), "{policies:?}");
        // A policy vCenter does not have, or a provisioning type it does not know: refused, nothing made.
        spec.name = Some("bad-ovf".into());
        spec.storage_profile_id = Some("no-such-policy".into());
        let e = s.vcenter_ovf_library_item_deploy(&item, None, &ovf_target(&pool), &spec).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("no-such-policy"), "{e}");
        spec.storage_profile_id = None;
        spec.storage_provisioning = Some("sparse".parse().unwrap());
        let e = s.vcenter_ovf_library_item_deploy(&item, None, &ovf_target(&pool), &spec).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("sparse"), "{e}");
        assert!(s.vm_list(&app::vsphere::inventory::ListFilter { names: vec!["bad-ovf".into()], ..Default::default() }).await.unwrap().is_empty());

        // A running machine is not exported.
        s.vcenter_vm_power_start(&vm).await.unwrap();
        let e = s.vcenter_ovf_library_item_create(None, &source, &target, &CreateSpec { name: Some("hot".into()), description: None, flags: None }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "{e}");
    })
}

#[test]
fn a_file_of_an_item_is_removed_through_an_update_session() {
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        let lib = s.content_local_library_create(None, &library_spec("Trimmed", &ds)).await.unwrap();
        let item = s.content_library_item_create(None, &item_spec(&lib, "tools", "")).await.unwrap();
        let first = upload(&s, &item, &[("a.iso", b"aaaa"), ("readme.txt", b"read me")]).await;
        s.content_library_item_update_session_complete(&first).await.unwrap();
        let version = s.content_library_item_get(&item).await.unwrap().content_version;

        let session = s.content_library_item_update_session_create(None, &update_spec(&item)).await.unwrap();
        // A name the item does not have: refused, documented as invalid_argument.
        let e = s.content_library_item_updatesession_file_remove(&session, "nothing.bin").await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("nothing.bin"), "{e}");
        s.content_library_item_updatesession_file_remove(&session, "readme.txt").await.unwrap();
        // Removed only when the session completes.
        assert_eq!(s.content_library_item_file_list(&item).await.unwrap().len(), 2);
        s.content_library_item_update_session_complete(&session).await.unwrap();
        let names: Vec<String> = s.content_library_item_file_list(&item).await.unwrap().into_iter().map(|f| f.name).collect();
        assert_eq!(names, vec!["a.iso".to_string()]);
        assert!(s.content_library_item_get(&item).await.unwrap().content_version > version, "a new content version");
        assert!(s.content_library_item_file_get(&item, "readme.txt").await.unwrap_err().is(VapiErrorKind::NotFound));
    })
}

#[test]
fn export_and_import_flags_are_offered_checked_and_honoured() {
    use app::vsphere::models::vcenter::ovf::library_item::{CreateSpec, CreateTarget, DeployableIdentity};
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        let lib = s.content_local_library_create(None, &library_spec("Flagged templates", &ds)).await.unwrap();
        let (vm, pool, info) = source_vm(&s).await;
        let exports: Vec<String> = s.vcenter_ovf_export_flag_list().await.unwrap().into_iter().map(|f| f.option).collect();
        assert!(exports.contains(&"PRESERVE_MAC".to_string()), "{exports:?}");
        let imports: Vec<String> = s.vcenter_ovf_import_flag_list(&pool).await.unwrap().into_iter().map(|f| f.option).collect();
        assert_eq!(imports, vec!["LAX".to_string()]);
        assert!(s.vcenter_ovf_import_flag_list("resgroup-none").await.unwrap_err().is(VapiErrorKind::NotFound));

        let source = DeployableIdentity { r#type: "VirtualMachine".into(), id: vm.clone() };
        let target = CreateTarget { library_id: Some(lib.clone()), library_item_id: None };
        let spec = |name: &str, flags: &[&str]| CreateSpec { name: Some(name.into()), description: None, flags: Some(flags.iter().map(|f| f.to_string()).collect()) };
        // A flag vCenter does not offer: refused, nothing made.
        let e = s.vcenter_ovf_library_item_create(None, &source, &target, &spec("odd", &["KEEP_EVERYTHING"])).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("KEEP_EVERYTHING"), "{e}");
        // With PRESERVE_MAC the adapters' addresses travel in the descriptor, and a deploy gives them back.
        let item = s.vcenter_ovf_library_item_create(None, &source, &target, &spec("with-macs", &["PRESERVE_MAC"])).await.unwrap().ovf_library_item_id.unwrap();
        let mut deploy = deployment("with-macs-vm", false);
        deploy.flags = Some(vec!["LAX".into()]);
        let new_vm = s.vcenter_ovf_library_item_deploy(&item, None, &ovf_target(&pool), &deploy).await.unwrap().resource_id.unwrap().id;
        let macs = |v: &app::vsphere::models::vcenter::vm::Info| v.nics.iter().map(|(_, n)| n.mac_address.clone()).collect::<Vec<_>>();
        let new = s.vcenter_vm_get(&new_vm).await.unwrap();
        assert_eq!(macs(&new), macs(&info), "the MAC addresses kept");
        assert!(new.nics.iter().all(|(_, n)| n.mac_type.as_str() == "MANUAL"));
        // Without it, the new adapters get addresses of their own.
        let plain = s.vcenter_ovf_library_item_create(None, &source, &target, &spec("without-macs", &[])).await.unwrap().ovf_library_item_id.unwrap();
        let other = s.vcenter_ovf_library_item_deploy(&plain, None, &ovf_target(&pool), &deployment("without-macs-vm", false)).await.unwrap().resource_id.unwrap().id;
        assert_ne!(macs(&s.vcenter_vm_get(&other).await.unwrap()), macs(&info));
        // Hardware the deploy does not know: refused, unless LAX leaves it out.
        let odd = s.content_library_item_create(None, &item_spec(&lib, "odd-hardware", "ovf")).await.unwrap();
        let descriptor = br#"<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"><VirtualSystem ovf:id="odd"><Name>odd</Name><VirtualHardwareSection><Item><rasd:ElementName>Quantum coprocessor</rasd:ElementName><rasd:InstanceID>9</rasd:InstanceID><rasd:ResourceType>99</rasd:ResourceType></Item></VirtualHardwareSection></VirtualSystem></Envelope>"#;
        let session = upload(&s, &odd, &[("odd.ovf", descriptor)]).await;
        s.content_library_item_update_session_complete(&session).await.unwrap();
        let strict = s.vcenter_ovf_library_item_deploy(&odd, None, &ovf_target(&pool), &deployment("odd-strict", false)).await.unwrap();
        assert!(!strict.succeeded && format!("{:?}", strict.error).contains("ResourceType 99"), "{:?}", strict.error);
        let mut lax = deployment("odd-lax", false);
        lax.flags = Some(vec!["LAX".into()]);
        assert!(s.vcenter_ovf_library_item_deploy(&odd, None, &ovf_target(&pool), &lax).await.unwrap().succeeded);
        // An import flag the pool's hosts do not support: refused.
        deploy.name = Some("strict-vm".into());
        deploy.flags = Some(vec!["STRICT".into()]);
        let e = s.vcenter_ovf_library_item_deploy(&item, None, &ovf_target(&pool), &deploy).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("STRICT"), "{e}");
    })
}

#[test]
fn a_vm_template_deploys_with_its_changes_and_an_iso_mounts() {
    use app::vsphere::models::vcenter::vm_template::library_items::{CpuUpdateSpec, CreateSpec, DeploySpec, HardwareCustomizationSpec};
    common::block_on(async {
        let (s, _) = session().await;
        let ds = datastore(&s).await;
        let lib = s.content_local_library_create(None, &library_spec("VM templates", &ds)).await.unwrap();
        let (vm, _, info) = source_vm(&s).await;
        let create = CreateSpec { source_vm: vm.clone(), name: "base".into(), description: None, library: lib.clone(), vm_home_storage: None, disk_storage: None, disk_storage_overrides: None, placement: None };
        let item = s.vcenter_vm_template_library_items_create(&create).await.unwrap();
        let e = s.vcenter_vm_template_library_items_create(&create).await.unwrap_err();
        assert!(e.is(VapiErrorKind::AlreadyExists), "{e}");
        let t = s.vcenter_vm_template_library_items_get(&item).await.unwrap();
        assert_eq!((t.cpu.count, t.memory.size_mib, t.disks.len()), (info.cpu.count, info.memory.size_mib, info.disks.len()));
        assert_eq!(s.content_library_item_get(&item).await.unwrap().r#type.as_deref(), Some("vm-template"));

        let deploy = DeploySpec {
            name: "from-template".into(),
            description: None,
            vm_home_storage: None,
            disk_storage: None,
            disk_storage_overrides: None,
            placement: None,
            powered_on: Some(true),
            guest_customization: None,
            hardware_customization: Some(HardwareCustomizationSpec { nics: None, disks_to_remove: None, disks_to_update: None, cpu_update: Some(CpuUpdateSpec { num_cpus: Some(4), num_cores_per_socket: Some(2) }), memory_update: None }),
        };
        let new_vm = s.vcenter_vm_template_library_items_deploy(&item, &deploy).await.unwrap();
        let new = s.vcenter_vm_get(&new_vm).await.unwrap();
        assert_eq!((new.name.as_str(), new.cpu.count, new.cpu.cores_per_socket), ("from-template", 4, 2));
        assert_eq!(new.power_state.as_str(), "POWERED_ON");
        let e = s.vcenter_vm_template_library_items_deploy(&item, &deploy).await.unwrap_err();
        assert!(e.is(VapiErrorKind::AlreadyExists), "the name is taken in the folder: {e}");

        // Adapters moved to another network, a disk grown and one left out, a storage policy for home and disks,
        // the disks on another datastore.
        use app::vsphere::models::vcenter::vm_template::library_items::{
            deploy_spec_disk_storage_policy, deploy_spec_vm_home_storage_policy, DeploySpecDiskStorage, DeploySpecDiskStoragePolicy, DeploySpecVmHomeStorage, DeploySpecVmHomeStoragePolicy, DiskUpdateSpec, EthernetUpdateSpec,
        };
        let gold = "c4e2f8a0-6d1b-4e9a-9b62-1d2f6e1c0a01";
        let nic_key = t.nics.iter().next().unwrap().0.clone();
        let other_net = s.network_list(&Default::default()).await.unwrap().into_iter().map(|n| n.network).find(|n| Some(n) != t.nics.get(&nic_key).unwrap().network.as_ref()).unwrap();
        let mut disk_keys = t.disks.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        disk_keys.sort();
        let grown = disk_keys[0].clone();
        let grown_to = t.disks.get(&grown).unwrap().capacity.unwrap() + (1 << 30);
        let other_ds = s.datastore_list(&Default::default()).await.unwrap().into_iter().map(|d| (d.datastore, d.name)).find(|(d, _)| d != &t.vm_home_storage.datastore).unwrap();
        let changed = DeploySpec {
            name: "customized".into(),
            vm_home_storage: Some(DeploySpecVmHomeStorage { datastore: None, storage_policy: Some(DeploySpecVmHomeStoragePolicy { r#type: deploy_spec_vm_home_storage_policy::Type::UseSpecifiedPolicy, policy: Some(gold.into()) }) }),
            disk_storage: Some(DeploySpecDiskStorage { datastore: Some(other_ds.0.clone()), storage_policy: Some(DeploySpecDiskStoragePolicy { r#type: deploy_spec_disk_storage_policy::Type::UseSpecifiedPolicy, policy: Some(gold.into()) }) }),
            powered_on: Some(false),
            hardware_customization: Some(HardwareCustomizationSpec {
                nics: Some([(nic_key.clone(), EthernetUpdateSpec { network: Some(other_net.clone()) })].into_iter().collect()),
                disks_to_remove: (disk_keys.len() > 1).then(|| vec![disk_keys[1].clone()]),
                disks_to_update: Some([(grown.clone(), DiskUpdateSpec { capacity: grown_to })].into_iter().collect()),
                cpu_update: None,
                memory_update: None,
            }),
            ..deploy.clone()
        };
        let custom = s.vcenter_vm_template_library_items_deploy(&item, &changed).await.unwrap();
        let c = s.vcenter_vm_get(&custom).await.unwrap();
        assert_eq!(c.nics.get(&nic_key).unwrap().backing.network.as_deref(), Some(other_net.as_str()));
        assert_eq!(c.disks.len(), info.disks.len() - usize::from(disk_keys.len() > 1), "the disk left out is not made");
        assert_eq!(c.disks.get(&grown).unwrap().capacity, Some(grown_to));
        assert!(c.disks.iter().all(|(_, d)| d.backing.vmdk_file.as_deref().unwrap_or("").starts_with(&format!("[{}]", other_ds.1))), "{:?}", c.disks);
        let p = s.vcenter_vm_storage_policy_get(&custom).await.unwrap();
        assert_eq!(p.vm_home.as_deref(), Some(gold));
        assert!(!p.disks.is_empty() && p.disks.iter().all(|(_, x)| x == gold), "{p:?}");
        // A disk shrunk: refused.
        let shrink = DeploySpec {
            name: "shrunk".into(),
            hardware_customization: Some(HardwareCustomizationSpec { nics: None, disks_to_remove: None, disks_to_update: Some([(grown.clone(), DiskUpdateSpec { capacity: 1 << 20 })].into_iter().collect()), cpu_update: None, memory_update: None }),
            ..deploy.clone()
        };
        let e = s.vcenter_vm_template_library_items_deploy(&item, &shrink).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains("cannot shrink"), "{e}");

        // An ISO image of the library on a powered-off VM: a new drive holding it; unmounted, the drive goes.
        let iso = s.content_library_item_create(None, &item_spec(&lib, "tools", "iso")).await.unwrap();
        let session = upload(&s, &iso, &[("tools.iso", &bytes(4096, 1))]).await;
        s.content_library_item_update_session_complete(&session).await.unwrap();
        let before = s.vcenter_vm_hardware_cdrom_list(&vm).await.unwrap().len();
        let drive = s.vcenter_iso_image_mount(&iso, &vm).await.unwrap();
        let c = s.vcenter_vm_hardware_cdrom_get(&vm, &drive).await.unwrap();
        let file = c.backing.iso_file.unwrap_or_default();
        assert!(file.contains(&format!("contentlib-{lib}/{iso}/tools.iso")), "{file}");
        s.vcenter_iso_image_unmount(&vm, &drive).await.unwrap();
        assert_eq!(s.vcenter_vm_hardware_cdrom_list(&vm).await.unwrap().len(), before);
        // Not an ISO: refused.
        let e = s.vcenter_iso_image_mount(&item, &vm).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument), "{e}");
    })
}
