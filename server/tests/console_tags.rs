//! Tags and the inventory through the whole console over HTTP: server-rendered lists with the Tags column
//! from one batch call, no-JS bulk attach, the list cap turned into advice, markup shown as text, and
//! govmomi's vcsim (no inventory lists: tag an object by type and id).

mod common;

use app::vsphere::models::cis::tagging::category_model::Cardinality;
use app::vsphere::models::cis::tagging::{category, tag};
use common::console::Console;
use common::tagging_scenario::vm;
use app::vsphere::rest::encode_component;
use server::harness::ConsoleOptions;
use server::simulator::SimConfig;

async fn category_and_tag(vc: &app::client::VcSession, cat: &str, name: &str) -> (String, String) {
    let c = vc
        .category_create(&category::CreateSpec { name: cat.into(), description: String::new(), cardinality: Cardinality::Multiple, associable_types: vec![], category_id: None })
        .await
        .unwrap();
    let t = vc.tag_create(&tag::CreateSpec { name: name.into(), description: String::new(), category_id: c.clone(), tag_id: None }).await.unwrap();
    (c, t)
}

#[tokio::test]
async fn the_vm_list_gets_its_tags_from_one_batch_call() {
    let c = Console::on_simulator(SimConfig::default()).await;
    let vc = c.vc().await;
    let (_, t) = category_and_tag(&vc, "Env <script>", "<b>prod</b>").await;
    vc.tag_attach_to_objects(&t, &[vm("vm-1000"), vm("vm-1001")]).await.unwrap();
    let cookie = c.login_cookie().await;
    // Every page fetches its data once per render (not once per re-render of the shell around it).
    for (page, call) in [
        ("/appliance/summary", "GET /rest/appliance/system/version"),
        ("/tags/categories", "GET /rest/com/vmware/cis/tagging/category"),
        ("/tags/tags", "GET /rest/com/vmware/cis/tagging/tag"),
        (&format!("/tags/tags/{t}") as &str, "list-attached-objects"),
        ("/objects?type=VirtualMachine&id=vm-1000", "list-attached-tags"),
    ] {
        c.sim().calls.lock().unwrap().clear();
        c.html(page, &cookie).await;
        assert_eq!(c.sim().calls(call), 1, "{page}: {call} once, got {:?}", c.sim().calls.lock().unwrap());
    }
    let before = (c.sim().calls("list-attached-tags-on-objects"), c.sim().calls("list-attached-tags"));
    let html = c.html("/inventory/vm", &cookie).await;
    assert_eq!(html.matches("data-testid=\"inventory-row\"").count(), 60);
    assert_eq!(c.sim().calls("list-attached-tags-on-objects") - before.0, 1, "one batch call for the Tags column");
    assert_eq!(c.sim().calls("list-attached-tags") - before.1, 0, "never one call per row");
    // The tag's name is text, escaped, in the rows it is attached to.
    assert!(html.contains("&lt;b&gt;prod&lt;/b&gt;"), "tag names are escaped");
    assert!(!html.contains("<b>prod</b>") && !html.contains("Env <script>"));
    assert_eq!(html.matches("&lt;b&gt;prod&lt;/b&gt;</span>").count(), 2, "on two rows");
}

#[tokio::test]
async fn bulk_attach_works_as_a_plain_form_post() {
    let c = Console::on_simulator(SimConfig::default()).await;
    let vc = c.vc().await;
    let (_, t) = category_and_tag(&vc, "Backup", "daily").await;
    let cookie = c.login_cookie().await;
    let tag = encode_component(&t);
    let form = format!("tag_ids%5B%5D={tag}&objects%5B%5D=VirtualMachine%3Avm-1000&objects%5B%5D=VirtualMachine%3Avm-1003&op=attach");
    let res = c.form_post("/api/cis/tagging/bulk", &cookie, "/inventory/vm", &form).await;
    assert_eq!(res.status(), 302, "the browser goes back to the list");
    assert!(res.headers()["location"].to_str().unwrap().contains("/inventory/vm"), "{:?}", res.headers()["location"]);
    let mut on = vc.tag_attached_objects(&t).await.unwrap();
    on.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(on, vec![vm("vm-1000"), vm("vm-1003")]);
    let form = format!("tag_ids%5B%5D={tag}&objects%5B%5D=VirtualMachine%3Avm-1000&op=detach");
    assert_eq!(c.form_post("/api/cis/tagging/bulk", &cookie, "/inventory/vm", &form).await.status(), 302);
    assert_eq!(vc.tag_attached_objects(&t).await.unwrap(), vec![vm("vm-1003")]);
}

#[tokio::test]
async fn past_the_cap_the_list_asks_for_a_filter_and_an_exact_name_still_works() {
    let c = Console::on_simulator(SimConfig { vms: 10_000, ..Default::default() }).await;
    let cookie = c.login_cookie().await;
    let html = c.html("/inventory/vm", &cookie).await;
    assert!(html.contains("More than 4000 virtual machines match, and vCenter lists at most 4000 at a time."), "the cap is explained");
    assert_eq!(html.matches("data-testid=\"inventory-row\"").count(), 0);
    let html = c.html("/inventory/vm?name=web-00042", &cookie).await;
    assert!(html.contains("looked up as an exact name"));
    assert_eq!(html.matches("data-testid=\"inventory-row\"").count(), 1);
    let html = c.html("/inventory/vm?cluster=domain-c42&state=SUSPENDED", &cookie).await;
    assert_eq!(html.matches("data-testid=\"inventory-row\"").count(), 500, "a quarter of the 2000 test VMs are suspended");
}

#[tokio::test]
async fn an_object_page_shows_the_vm_and_its_attachable_tags() {
    let c = Console::on_simulator(SimConfig::default()).await;
    let vc = c.vc().await;
    let cat = vc
        .category_create(&category::CreateSpec { name: "Owner".into(), description: String::new(), cardinality: Cardinality::Single, associable_types: vec!["VirtualMachine".into()], category_id: None })
        .await
        .unwrap();
    let alice = vc.tag_create(&tag::CreateSpec { name: "alice".into(), description: String::new(), category_id: cat.clone(), tag_id: None }).await.unwrap();
    vc.tag_create(&tag::CreateSpec { name: "bob".into(), description: String::new(), category_id: cat, tag_id: None }).await.unwrap();
    vc.tag_attach(&alice, &vm("vm-1000")).await.unwrap();
    let cookie = c.login_cookie().await;
    let html = c.html("/objects?type=VirtualMachine&id=vm-1000", &cookie).await;
    for needle in ["Virtual machine: web-001", "Ubuntu 64", "Hard disk 1", "Prod-VLAN100", "alice"] {
        assert!(html.contains(needle), "object page shows {needle:?}");
    }
    assert!(!html.contains(">Owner: bob</option>"), "bob is not attachable while alice is attached");
}

#[tokio::test]
#[ignore = "needs vcsim: run by `make test` (VCSIM_BIN)"]
async fn on_vcsim_the_inventory_says_so_and_objects_are_tagged_by_type_and_id() {
    let vcsim = common::Vcsim::start();
    let c = Console::start(ConsoleOptions::new(&vcsim.url), None).await;
    let vc = c.vc().await;
    let (_, t) = category_and_tag(&vc, "Env", "prod").await;
    let cookie = c.login_cookie().await;
    let html = c.html("/inventory/vm", &cookie).await;
    assert!(html.contains("Inventory listing is not available on this vCenter"), "vcsim has no /rest/vcenter/vm");
    assert!(html.contains("data-testid=\"object-by-id\""), "with a form to give an object by type and id");
    let html = c.html("/objects?type=VirtualMachine&id=vm-57", &cookie).await;
    assert!(html.contains("This vCenter does not list this object"));
    let form = format!("object=VirtualMachine%3Avm-57&tag_ids%5B%5D={}&op=attach", encode_component(&t));
    let res = c.form_post("/api/cis/tagging/object/tags", &cookie, "/objects?type=VirtualMachine&id=vm-57", &form).await;
    assert_eq!(res.status(), 302);
    assert_eq!(vc.object_attached_tags(&vm("vm-57")).await.unwrap(), vec![t.clone()]);
    let html = c.html("/objects?type=VirtualMachine&id=vm-57", &cookie).await;
    let attached = html.split("data-testid=\"attached-tags\"").nth(1).expect("the attached tags are listed");
    assert!(attached.split("</ul>").next().unwrap().contains("prod"), "and prod is one of them");
}
