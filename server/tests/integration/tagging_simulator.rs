//! Tagging through our client against the simulator: the shared scenario (whose transcript vcsim must match),
//! then the rules vcsim does not implement — cardinality, associable types, objects that must exist, name
//! limits, narrowing updates, batch errors per object, attachable tags, used-by, revoke.

use crate::common;

use app::client::VcSession;
use app::error::VapiErrorKind;
use app::vsphere::models::cis::tagging::category_model::Cardinality;
use app::vsphere::models::cis::tagging::{category, tag};
use app::vsphere::models::vapi::std::DynamicId;
use common::tagging_scenario::{run, vm, EXPECTED};
use common::*;

async fn session() -> (VcSession, server::simulator::SimState) {
    let (url, sim) = spawn_sim(Default::default()).await;
    (client(&url).login(USER, PASSWORD).await.unwrap(), sim)
}

async fn new_category(s: &VcSession, name: &str, cardinality: Cardinality, types: &[&str]) -> String {
    s.cis_tagging_category_create(&category::CreateSpec {
        name: name.into(),
        description: String::new(),
        cardinality,
        associable_types: types.iter().map(|t| t.to_string()).collect(),
        category_id: None,
    })
    .await
    .unwrap()
}

async fn new_tag(s: &VcSession, category_id: &str, name: &str) -> String {
    s.cis_tagging_tag_create(&tag::CreateSpec { name: name.into(), description: String::new(), category_id: category_id.into(), tag_id: None }).await.unwrap()
}

fn message(e: &app::error::AppError) -> String {
    e.to_string()
}

#[test]
fn tagging_scenario_against_the_simulator() {
    crate::common::block_on(async {
        let (s, sim) = session().await;
        let transcript = run(&s, &[vm("vm-1000"), vm("vm-1001"), vm("vm-1002")]).await;
        assert_eq!(transcript, EXPECTED);
        assert_eq!(sim.tagging.attachment_count(), 0, "deleting the category removed every attachment");
    })
}

#[test]
fn single_cardinality_refuses_a_second_tag_and_hides_it_from_attachable() {
    crate::common::block_on(async {
        let (s, _) = session().await;
        let cat = new_category(&s, "Owner", Cardinality::Single, &["VirtualMachine"]).await;
        let (alice, bob) = (new_tag(&s, &cat, "alice").await, new_tag(&s, &cat, "bob").await);
        let other = new_category(&s, "Misc", Cardinality::Multiple, &[]).await;
        let misc = new_tag(&s, &other, "misc").await;

        let attachable = s.cis_tagging_tag_association_list_attachable_tags(&vm("vm-1000")).await.unwrap();
        assert_eq!(attachable, vec![alice.clone(), bob.clone(), misc.clone()]);
        s.cis_tagging_tag_association_attach(&alice, &vm("vm-1000")).await.unwrap();
        let attachable = s.cis_tagging_tag_association_list_attachable_tags(&vm("vm-1000")).await.unwrap();
        assert_eq!(attachable, vec![misc.clone()], "neither alice (attached) nor bob (same SINGLE category) is offered");

        let e = s.cis_tagging_tag_association_attach(&bob, &vm("vm-1000")).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument), "{e:?}");
        assert!(message(&e).contains("already has tag 'alice' of category 'Owner'"), "{e}");
        // Attaching the same tag again changes nothing and is not an error.
        s.cis_tagging_tag_association_attach(&alice, &vm("vm-1000")).await.unwrap();
        assert_eq!(s.cis_tagging_tag_association_list_attached_objects(&alice).await.unwrap(), vec![vm("vm-1000")]);

        // In a batch, the refused object is reported and the others are attached.
        let r = s.tag_attach_to_objects(&bob, &[vm("vm-1000"), vm("vm-1001"), vm("vm-1002")]).await.unwrap();
        assert!(!r.success);
        assert_eq!(r.error_messages.len(), 1);
        assert!(r.error_messages[0].default_message.contains("vm-1000"), "{:?}", r.error_messages);
        assert_eq!(s.cis_tagging_tag_association_list_attached_objects(&bob).await.unwrap(), vec![vm("vm-1001"), vm("vm-1002")]);

        // Many tags to one object: alice is refused for vm-1001 (it has bob), misc is attached.
        let r = s.tags_attach_to_object(&vm("vm-1001"), &[alice.clone(), misc.clone()]).await.unwrap();
        assert!(!r.success && r.error_messages.len() == 1, "{r:?}");
        assert_eq!(s.cis_tagging_tag_association_list_attached_tags(&vm("vm-1001")).await.unwrap(), vec![bob.clone(), misc.clone()]);
        let r = s.tags_detach_from_object(&vm("vm-1001"), &[bob.clone(), misc.clone()]).await.unwrap();
        assert!(r.success, "{r:?}");
        assert!(s.cis_tagging_tag_association_list_attached_tags(&vm("vm-1001")).await.unwrap().is_empty());
        let r = s.tag_detach_from_objects(&bob, &[vm("vm-1002")]).await.unwrap();
        assert!(r.success);
        assert!(s.cis_tagging_tag_association_list_attached_objects(&bob).await.unwrap().is_empty());
    })
}

#[test]
fn associable_types_and_unknown_objects_are_refused() {
    crate::common::block_on(async {
        let (s, _) = session().await;
        let cat = new_category(&s, "Backup", Cardinality::Multiple, &["VirtualMachine", "Datastore"]).await;
        let t = new_tag(&s, &cat, "daily").await;
        let host = DynamicId { r#type: "HostSystem".into(), id: "host-50".into() };
        let e = s.cis_tagging_tag_association_attach(&t, &host).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && message(&e).contains("is for VirtualMachine, Datastore only"), "{e}");
        assert!(s.cis_tagging_tag_association_list_attachable_tags(&host).await.unwrap().is_empty());
        s.cis_tagging_tag_association_attach(&t, &DynamicId { r#type: "Datastore".into(), id: "datastore-60".into() }).await.unwrap();

        let e = s.cis_tagging_tag_association_attach(&t, &vm("vm-999999")).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && message(&e).contains("vm-999999 of type VirtualMachine does not exist"), "{e}");
        let e = s.cis_tagging_tag_association_attach(&t, &DynamicId { r#type: "Toaster".into(), id: "t-1".into() }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument), "{e}");
        let e = s.cis_tagging_tag_association_attach("urn:vmomi:InventoryServiceTag:nope:GLOBAL", &vm("vm-1000")).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound), "{e}");
    })
}

#[test]
fn names_are_checked_and_html_is_kept_as_text() {
    crate::common::block_on(async {
        let (s, _) = session().await;
        let spec = |name: String| category::CreateSpec { name, description: String::new(), cardinality: Cardinality::Single, associable_types: vec![], category_id: None };
        let e = s.cis_tagging_category_create(&spec("  ".into())).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && message(&e).contains("must not be empty"), "{e}");
        let e = s.cis_tagging_category_create(&spec("x".repeat(300))).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && message(&e).contains("300 characters long; the limit is 256"), "{e}");
        assert!(s.cis_tagging_category_list().await.unwrap().is_empty(), "nothing was created");
        s.cis_tagging_category_create(&spec("x".repeat(256))).await.expect("256 characters are allowed");
        let html = "<b>bold</b> & <script>x</script>";
        let id = s.cis_tagging_category_create(&spec(html.into())).await.unwrap();
        assert_eq!(s.cis_tagging_category_get(&id).await.unwrap().name, html, "stored as sent");
        let e = s.cis_tagging_category_create(&spec("<B>BOLD</B> & <SCRIPT>X</SCRIPT>".into())).await.unwrap_err();
        assert!(e.is(VapiErrorKind::AlreadyExists), "names compare without case: {e}");
        let e = s.cis_tagging_tag_create(&tag::CreateSpec { name: "t".into(), description: String::new(), category_id: "urn:vmomi:InventoryServiceCategory:nope:GLOBAL".into(), tag_id: None }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound), "{e}");
    })
}

#[test]
fn updates_only_widen_a_category() {
    crate::common::block_on(async {
        let (s, _) = session().await;
        let cat = new_category(&s, "Tier", Cardinality::Single, &["VirtualMachine"]).await;
        let upd = |cardinality, types: Option<Vec<&str>>| category::UpdateSpec {
            name: None,
            description: None,
            cardinality,
            associable_types: types.map(|t| t.into_iter().map(String::from).collect()),
        };
        let e = s.cis_tagging_category_update(&cat, &upd(None, Some(vec!["HostSystem"]))).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && message(&e).contains("only be added"), "{e}");
        s.cis_tagging_category_update(&cat, &upd(None, Some(vec!["VirtualMachine", "HostSystem"]))).await.unwrap();
        s.cis_tagging_category_update(&cat, &upd(Some(Cardinality::Multiple), None)).await.unwrap();
        let e = s.cis_tagging_category_update(&cat, &upd(Some(Cardinality::Single), None)).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument) && message(&e).contains("not back"), "{e}");
        let c = s.cis_tagging_category_get(&cat).await.unwrap();
        assert_eq!((c.cardinality, c.associable_types), (Cardinality::Multiple, vec!["VirtualMachine".to_string(), "HostSystem".to_string()]));
        let other = new_category(&s, "Other", Cardinality::Single, &[]).await;
        let e = s.cis_tagging_category_update(&other, &category::UpdateSpec { name: Some("tier".into()), description: None, cardinality: None, associable_types: None }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::AlreadyExists), "{e}");
    })
}

#[test]
fn used_by_and_revoke() {
    crate::common::block_on(async {
        let (s, _) = session().await;
        let cat = new_category(&s, "Apps", Cardinality::Multiple, &[]).await;
        let t = new_tag(&s, &cat, "crm").await;
        s.cis_tagging_category_add_to_used_by(&cat, "svc-backup").await.unwrap();
        s.cis_tagging_category_add_to_used_by(&cat, "svc-backup").await.unwrap();
        s.cis_tagging_tag_add_to_used_by(&t, "svc-backup").await.unwrap();
        assert_eq!(s.cis_tagging_category_get(&cat).await.unwrap().used_by, vec!["svc-backup"]);
        assert_eq!(s.cis_tagging_category_list_used_categories("svc-backup").await.unwrap(), vec![cat.clone()]);
        assert_eq!(s.cis_tagging_tag_list_used_tags("svc-backup").await.unwrap(), vec![t.clone()]);
        assert!(s.cis_tagging_tag_list_used_tags("nobody").await.unwrap().is_empty());
        s.cis_tagging_category_remove_from_used_by(&cat, "svc-backup").await.unwrap();
        s.cis_tagging_tag_remove_from_used_by(&t, "svc-backup").await.unwrap();
        assert!(s.cis_tagging_category_list_used_categories("svc-backup").await.unwrap().is_empty());
        assert!(s.cis_tagging_tag_get(&t).await.unwrap().used_by.is_empty());
        s.cis_tagging_category_revoke_propagating_permissions(&cat).await.unwrap();
        s.cis_tagging_tag_revoke_propagating_permissions(&t).await.unwrap();
        let e = s.cis_tagging_tag_revoke_propagating_permissions("urn:vmomi:InventoryServiceTag:nope:GLOBAL").await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound), "{e}");
        let e = s.cis_tagging_category_add_to_used_by("urn:vmomi:InventoryServiceCategory:nope:GLOBAL", "x").await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound), "{e}");
    })
}

#[test]
fn tagging_needs_a_session_and_unknown_actions_are_404() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let http = reqwest::Client::new();
        let r = http.get(format!("{url}/rest/com/vmware/cis/tagging/category")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let r = http
            .post(format!("{url}/rest/com/vmware/cis/tagging/tag-association?~action=frobnicate"))
            .header("vmware-api-session-id", s.id().expose())
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["value"]["messages"][0]["id"], "com.vmware.vapi.rest.operationsForUrlNotFound");
        // Wire format of a category: every field, lists as arrays.
        let id = new_category(&s, "Wire", Cardinality::Single, &["VirtualMachine"]).await;
        let raw: serde_json::Value = http
            .get(format!("{url}/rest/com/vmware/cis/tagging/category/id:{id}"))
            .header("vmware-api-session-id", s.id().expose())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            raw,
            serde_json::json!({"value": {"id": id, "name": "Wire", "description": "", "cardinality": "SINGLE", "associable_types": ["VirtualMachine"], "used_by": []}})
        );
    })
}
