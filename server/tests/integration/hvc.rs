//! Hybrid Linked Mode on the simulator through the console's client: a link is refused as vCenter refuses
//! it (unknown PSC, untrusted certificate naming its thumbprint, wrong password, old version, own domain),
//! made, refused again as a duplicate; a forced sync runs its stages to Succeeded and cannot be started twice
//! at once; a reset forgets it; administrators groups are added and removed; the link is deleted.

use crate::common::*;
use app::error::VapiErrorKind;
use app::vsphere::models::vcenter::hvc::links::CreateSpec;
use server::simulator::hvc::{CLOUD_PSCS, SYNC_TIME};

fn kind(e: &app::error::AppError) -> String {
    e.kind().map(|k| k.as_str().to_string()).unwrap_or_else(|| format!("{e:?}"))
}

fn spec(i: usize, print: Option<&str>) -> CreateSpec {
    let (host, domain, admin, password, _, _) = CLOUD_PSCS[i];
    CreateSpec {
        admin_groups: Some(vec!["hybrid-admins@vsphere.local".into()]),
        domain_name: domain.into(),
        password: password.into(),
        port: None,
        psc_hostname: host.into(),
        ssl_thumbprint: print.map(Into::into),
        username: admin.into(),
    }
}

#[test]
fn a_link_is_made_synced_reset_and_removed() {
    block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let print = CLOUD_PSCS[0].4;
        assert_eq!(kind(&s.vcenter_hvc_links_create(&CreateSpec { psc_hostname: "psc.nowhere.example.com".into(), ..spec(0, Some(print)) }).await.unwrap_err()), "error");
        let untrusted = s.vcenter_hvc_links_create(&spec(0, None)).await.unwrap_err();
        assert_eq!(app::validate::offered_thumbprint(&untrusted.to_string()).as_deref(), Some(print));
        assert_eq!(kind(&s.vcenter_hvc_links_create(&CreateSpec { password: "nope".into(), ..spec(0, Some(print)) }).await.unwrap_err()), "invalid_argument");
        assert_eq!(kind(&s.vcenter_hvc_links_create(&spec(1, Some(CLOUD_PSCS[1].4))).await.unwrap_err()), "unsupported");
        let link = s.vcenter_hvc_links_create(&spec(0, Some(print))).await.unwrap();
        assert!(s.vcenter_hvc_links_create(&spec(0, Some(print))).await.unwrap_err().is(VapiErrorKind::AlreadyExists));
        let links = s.vcenter_hvc_links_list().await.unwrap();
        assert_eq!((links[0].link.as_str(), links[0].display_name.as_str()), (link.as_str(), "vmc.local"));
        assert!(s.vcenter_hvc_management_administrators_get().await.unwrap().contains(&"hybrid-admins@vsphere.local".to_string()), "the link's groups are administrators");

        let providers = s.vcenter_hvc_links_sync_providers_list(&link).await.unwrap();
        assert_eq!(providers.len(), 2);
        let p = providers[0].provider.clone();
        assert_eq!(s.vcenter_hvc_links_sync_providers_get(&link, &p).await.unwrap().status.as_str(), "NO_SYNC_FOUND");
        s.vcenter_hvc_links_sync_providers_start(&link, &p, None).await.unwrap();
        assert!(s.vcenter_hvc_links_sync_providers_start(&link, &p, None).await.unwrap_err().is(VapiErrorKind::ResourceBusy));
        let running = s.vcenter_hvc_links_sync_providers_get(&link, &p).await.unwrap().current_session_info.unwrap();
        assert_ne!(running.stage.as_str(), "COMPLETED");
        tokio::time::sleep(SYNC_TIME + std::time::Duration::from_millis(200)).await;
        let done = s.vcenter_hvc_links_sync_providers_get(&link, &p).await.unwrap();
        assert_eq!((done.status.as_str(), done.current_session_info.unwrap().stage.as_str()), ("SUCCEEDED", "COMPLETED"));
        assert!(done.last_sync_time.is_some());
        assert!(s.vcenter_hvc_links_sync_providers_get(&link, "nope").await.unwrap_err().is(VapiErrorKind::NotFound));

        s.vcenter_hvc_links_sync_reset(&link).await.unwrap();
        let reset = s.vcenter_hvc_links_sync_providers_get(&link, &p).await.unwrap();
        assert_eq!((reset.status.as_str(), reset.last_sync_time), ("NO_SYNC_FOUND", None));

        s.vcenter_hvc_management_administrators_add("ops@vsphere.local").await.unwrap();
        assert_eq!(kind(&s.vcenter_hvc_management_administrators_add("ops").await.unwrap_err()), "error");
        s.vcenter_hvc_management_administrators_remove("ops@vsphere.local").await.unwrap();
        assert!(!s.vcenter_hvc_management_administrators_get().await.unwrap().contains(&"ops@vsphere.local".to_string()));

        s.vcenter_hvc_links_delete(&link).await.unwrap();
        assert!(s.vcenter_hvc_links_delete(&link).await.unwrap_err().is(VapiErrorKind::NotFound));
        assert!(s.vcenter_hvc_links_list().await.unwrap().is_empty());
    })
}
