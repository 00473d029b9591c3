//! Tags and the inventory through the whole console over HTTP: server-rendered lists with the Tags column
//! from one batch call, no-JS bulk attach, the list cap turned into advice, markup shown as text, and
//! govmomi's vcsim (no inventory lists: tag an object by type and id).

use crate::common;

use app::vsphere::models::cis::tagging::category_model::Cardinality;
use app::vsphere::models::cis::tagging::{category, tag};
use common::console::Console;
use common::tagging_scenario::vm;
use app::vsphere::rest::encode_component;
use server::harness::ConsoleOptions;
use server::simulator::SimConfig;

async fn category_and_tag(vc: &app::client::VcSession, cat: &str, name: &str) -> (String, String) {
    let c = vc
        .cis_tagging_category_create(&category::CreateSpec { name: cat.into(), description: String::new(), cardinality: Cardinality::Multiple, associable_types: vec![], category_id: None })
        .await
        .unwrap();
    let t = vc.cis_tagging_tag_create(&tag::CreateSpec { name: name.into(), description: String::new(), category_id: c.clone(), tag_id: None }).await.unwrap();
    (c, t)
}

#[test]
fn the_vm_list_gets_its_tags_from_one_batch_call() {
    crate::common::block_on(async {
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
            ("/objects?type=VirtualMachine&id=vm-1000&tab=tags", "list-attached-tags"),
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
    })
}

/// Posts the bulk form as a browser without JavaScript does; returns the page it is sent to (`…?job=…`).
async fn bulk_form(c: &Console, cookie: &str, tag: &str, objects: &[&str], op: &str) -> String {
    let mut form = format!("tag_ids%5B%5D={}&op={op}", encode_component(tag));
    for o in objects {
        form.push_str(&format!("&objects%5B%5D={}", encode_component(o)));
    }
    let res = c.form_post("/api/cis/tagging/bulk/start", cookie, "/inventory/vm?name=web", &form).await;
    assert_eq!(res.status(), 302, "the browser goes back to the list");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("{}/inventory/vm?name=web&job=job-", c.url)), "{location}");
    location.trim_start_matches(&c.url).to_string()
}

/// The job's page until it shows the outcome (it reloads itself meanwhile): the outcome's summary.
async fn bulk_outcome(c: &Console, cookie: &str, page: &str) -> String {
    for _ in 0..100 {
        let html = c.html(page, cookie).await;
        if let Some(i) = html.find(r#"data-testid="bulk-summary">"#) {
            let rest = &html[i + r#"data-testid="bulk-summary">"#.len()..];
            return rest[..rest.find('<').unwrap()].to_string();
        }
        assert!(html.contains(r#"http-equiv="refresh""#), "a running job's page reloads itself without JavaScript");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the bulk job did not end");
}

#[test]
fn bulk_attach_works_as_a_plain_form_post_and_runs_as_a_job() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let vc = c.vc().await;
        let (_, t) = category_and_tag(&vc, "Backup", "daily").await;
        let cookie = c.login_cookie().await;
        let page = bulk_form(&c, &cookie, &t, &["VirtualMachine:vm-1000", "VirtualMachine:vm-1003"], "attach").await;
        assert_eq!(bulk_outcome(&c, &cookie, &page).await, "2 attached, 0 refused.");
        let mut on = vc.cis_tagging_tag_association_list_attached_objects(&t).await.unwrap();
        on.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(on, vec![vm("vm-1000"), vm("vm-1003")]);
        let page = bulk_form(&c, &cookie, &t, &["VirtualMachine:vm-1000"], "detach").await;
        assert_eq!(bulk_outcome(&c, &cookie, &page).await, "1 detached, 0 refused.");
        assert_eq!(vc.cis_tagging_tag_association_list_attached_objects(&t).await.unwrap(), vec![vm("vm-1003")]);
        // Someone else's session cannot see the job.
        let other = c.login_cookie().await;
        let html = c.html(&page, &other).await;
        assert!(!html.contains("bulk-summary") && !html.contains("live-progress"), "a job is its owner's only");
    })
}

#[test]
fn a_bulk_job_streams_its_progress_until_it_ends() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let vc = c.vc().await;
        let (_, t) = category_and_tag(&vc, "Owner", "ops").await;
        let cookie = c.login_cookie().await;
        // 60 VMs: two chunks (50 and 10), so the progress moves in steps.
        let ids: Vec<String> = (1000..1060).map(|n| format!("VirtualMachine:vm-{n}")).collect();
        let objects: Vec<&str> = ids.iter().map(String::as_str).collect();
        let page = bulk_form(&c, &cookie, &t, &objects, "attach").await;
        let job = page.split("job=").nth(1).unwrap().to_string();
        let res = c.http.get(format!("{}/events/progress?job={job}", c.url)).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        let body = res.text().await.unwrap();
        let events: Vec<app::jobs::JobProgress> = body
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .map(|d| serde_json::from_str(d).unwrap())
            .collect();
        let last = events.last().expect("at least the final state");
        assert_eq!(last.state, app::jobs::JobState::Succeeded);
        assert_eq!((last.done, last.total), (60, 60));
        assert!(events.windows(2).all(|w| w[0].done <= w[1].done && w[0] != w[1]), "sent when it changes, never back: {events:?}");
        assert!(body.contains("event: progress"));
        // An unknown source is refused; someone else's job ends at once, failed.
        let res = c.http.get(format!("{}/events/progress?follow=nothing", c.url)).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(res.status(), 400);
        let other = c.login_cookie().await;
        let body = c.http.get(format!("{}/events/progress?job={job}", c.url)).header("cookie", &other).send().await.unwrap().text().await.unwrap();
        let only: app::jobs::JobProgress = serde_json::from_str(body.lines().find_map(|l| l.strip_prefix("data: ")).unwrap()).unwrap();
        assert_eq!(only.state, app::jobs::JobState::Failed);
    })
}

#[test]
fn past_the_cap_the_list_is_read_host_by_host_sorted_paged_and_searched_by_substring() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig { vms: 10_000, ..Default::default() }).await;
        let cookie = c.login_cookie().await;
        let rows = |html: &str| html.matches("data-testid=\"inventory-row\"").count();
        let text = |html: &str, id: &str| -> String {
            let at = html.find(&format!("data-testid=\"{id}\"")).unwrap_or_else(|| panic!("{id} on the page"));
            let rest = &html[at..];
            rest[rest.find('>').unwrap() + 1..rest.find("</").unwrap()].to_string()
        };
        // Every VM, read host by host (the hosts, then one list per host, each under the cap), a page at a time.
        let html = c.html("/inventory/vm", &cookie).await;
        assert!(!html.contains("data-testid=\"too-many\""), "no cap to work around by hand");
        assert_eq!(text(&html, "list-count"), "10000 virtual machines");
        assert_eq!(rows(&html), 100);
        assert!(text(&html, "split-listing").contains("read host by host (9 lists)"), "{}", text(&html, "split-listing"));
        assert_eq!(text(&html, "page-of"), "Page 1 of 100");
        println!("a page of 100 VM rows: {} bytes of HTML", html.len());
        // "web" finds every web VM among the 10,000, not an exact name.
        let html = c.html("/inventory/vm?name=web&per=500", &cookie).await;
        assert_eq!(text(&html, "list-count"), "2000 of 10000 virtual machines match the name");
        assert_eq!(rows(&html), 500);
        assert_eq!(html.matches(">web-").count(), 500, "every row is a web VM");
        println!("a page of 500 VM rows: {} bytes of HTML", html.len());
        let html = c.html("/inventory/vm?name=web-00042", &cookie).await;
        assert_eq!(rows(&html), 1);
        // Sorted by a column, by value (half the web VMs have 4 GiB, half 1 GiB): the largest first, the last page
        // the smallest.
        let html = c.html("/inventory/vm?name=web&sort=Memory&desc=1&per=50", &cookie).await;
        assert_eq!((html.matches(">4 GiB<").count(), html.matches(">1 GiB<").count()), (50, 0));
        assert!(html.contains("aria-sort=\"descending\""));
        let html = c.html("/inventory/vm?name=web&sort=Memory&desc=1&per=50&page=40", &cookie).await;
        assert_eq!((rows(&html), text(&html, "page-of")), (50, "Page 40 of 40".to_string()));
        assert_eq!((html.matches(">4 GiB<").count(), html.matches(">1 GiB<").count()), (0, 50));
        // A cluster over the cap: its own hosts only.
        let html = c.html("/inventory/vm?cluster=domain-c40&per=50", &cookie).await;
        assert_eq!(text(&html, "list-count"), "6000 virtual machines");
        assert!(text(&html, "split-listing").contains("(4 lists)"));
        // Under the cap, one list as before, no note.
        let html = c.html("/inventory/vm?cluster=domain-c42&state=SUSPENDED&per=500", &cookie).await;
        assert_eq!(rows(&html), 500, "a quarter of the 2000 test VMs are suspended");
        assert!(!html.contains("split-listing"));
    })
}

#[test]
fn the_bulk_bar_offers_only_tags_the_listed_objects_may_take() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let vc = c.vc().await;
        let only = |name: &str, types: &[&str]| category::CreateSpec {
            name: name.into(),
            description: String::new(),
            cardinality: Cardinality::Multiple,
            associable_types: types.iter().map(|t| t.to_string()).collect(),
            category_id: None,
        };
        let hosts = vc.cis_tagging_category_create(&only("Rack", &["HostSystem"])).await.unwrap();
        vc.cis_tagging_tag_create(&tag::CreateSpec { name: "r12".into(), description: String::new(), category_id: hosts, tag_id: None }).await.unwrap();
        let vms = vc.cis_tagging_category_create(&only("Tier", &["VirtualMachine"])).await.unwrap();
        vc.cis_tagging_tag_create(&tag::CreateSpec { name: "gold".into(), description: String::new(), category_id: vms, tag_id: None }).await.unwrap();
        category_and_tag(&vc, "Anything", "misc").await;
        let cookie = c.login_cookie().await;
        let offered = |html: &str| -> Vec<String> {
            let bar = html.split("id=\"bulk-tag\"").nth(1).expect("the bulk bar's tag list").split("</select>").next().unwrap().to_string();
            let mut tags: Vec<String> = bar.split("<option").skip(2).map(|o| o[o.find('>').unwrap() + 1..o.find("</option>").unwrap()].to_string()).collect();
            tags.sort();
            tags
        };
        let html = c.html("/inventory/vm", &cookie).await;
        assert_eq!(offered(&html), ["Anything: misc", "Tier: gold"], "a VM can't take a rack tag");
        let html = c.html("/inventory/host", &cookie).await;
        assert_eq!(offered(&html), ["Anything: misc", "Rack: r12"]);
    })
}

#[test]
fn an_object_page_shows_the_vm_and_its_attachable_tags() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let vc = c.vc().await;
        let cat = vc
            .cis_tagging_category_create(&category::CreateSpec { name: "Owner".into(), description: String::new(), cardinality: Cardinality::Single, associable_types: vec!["VirtualMachine".into()], category_id: None })
            .await
            .unwrap();
        let alice = vc.cis_tagging_tag_create(&tag::CreateSpec { name: "alice".into(), description: String::new(), category_id: cat.clone(), tag_id: None }).await.unwrap();
        vc.cis_tagging_tag_create(&tag::CreateSpec { name: "bob".into(), description: String::new(), category_id: cat, tag_id: None }).await.unwrap();
        vc.cis_tagging_tag_association_attach(&alice, &vm("vm-1000")).await.unwrap();
        let cookie = c.login_cookie().await;
        let html = c.html("/objects?type=VirtualMachine&id=vm-1000", &cookie).await;
        for needle in ["Virtual machine: web-001", "Ubuntu Linux (64-bit)", "Hard disk 1", "Prod-VLAN100", "data-testid=\"vm-tabs\""] {
            assert!(html.contains(needle), "the VM's summary shows {needle:?}");
        }
        assert!(!html.contains("data-testid=\"attached-tags\""), "the tags are on their own tab");
        let html = c.html("/objects?type=VirtualMachine&id=vm-1000&tab=tags", &cookie).await;
        assert!(html.contains("<title>Virtual machine: web-001 — Tags ·") && html.contains("aria-current=\"page\" data-testid=\"tab-tags\""));
        let attached = html.split("data-testid=\"attached-tags\"").nth(1).expect("the attached tags are listed");
        assert!(attached.split("</ul>").next().unwrap().contains("alice"));
        assert!(!html.contains(">Owner: bob</option>"), "bob is not attachable while alice is attached");
        assert!(!html.contains("data-testid=\"vm-power\""), "the power card is on the summary");
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
    let html = c.html("/objects?type=VirtualMachine&id=vm-57&tab=tags", &cookie).await;
    assert!(html.contains("This vCenter does not list this object"));
    let form = format!("object=VirtualMachine%3Avm-57&tag_ids%5B%5D={}&op=attach", encode_component(&t));
    let res = c.form_post("/api/cis/tagging/object/tags", &cookie, "/objects?type=VirtualMachine&id=vm-57&tab=tags", &form).await;
    assert_eq!(res.status(), 302);
    assert_eq!(vc.cis_tagging_tag_association_list_attached_tags(&vm("vm-57")).await.unwrap(), vec![t.clone()]);
    let html = c.html("/objects?type=VirtualMachine&id=vm-57&tab=tags", &cookie).await;
    let attached = html.split("data-testid=\"attached-tags\"").nth(1).expect("the attached tags are listed");
    assert!(attached.split("</ul>").next().unwrap().contains("prod"), "and prod is one of them");
}

/// The part of an object's page that says where it is (`object-context`), or "" when there is none.
fn context(html: &str) -> String {
    html.split("data-testid=\"object-context\"").nth(1).and_then(|c| c.split("</dl>").next()).unwrap_or_default().to_string()
}

#[test]
fn an_objects_page_says_where_it_runs_and_what_it_holds() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        // The simulator's own inventory is what the console must find through the API.
        let (vm, off, host, host_name, cluster, store, net, on_host, on_host_running) = {
            let d = c.sim().inventory.read();
            let v = d.vms.iter().find(|v| v.power_state == "POWERED_ON" && v.cluster.is_some()).unwrap();
            let off = d.vms.iter().find(|v| v.power_state == "POWERED_OFF").unwrap().id.clone();
            let host = d.hosts.iter().find(|h| h.id == v.host).unwrap();
            let cluster = d.clusters.iter().find(|c| Some(&c.id) == v.cluster.as_ref()).unwrap().name.clone();
            let store = d.datastores.iter().find(|s| s.id == v.datastore).unwrap().name.clone();
            let net = d.networks.iter().find(|n| n.id == v.nics[0].network).unwrap().name.clone();
            let on_host: Vec<_> = d.vms.iter().filter(|x| x.host == host.id).collect();
            let running = on_host.iter().filter(|x| x.power_state == "POWERED_ON").count();
            (v.id.clone(), off, host.id.clone(), host.name.clone(), cluster, store, net, on_host.len(), running)
        };
        let ctx = context(&c.html(&format!("/objects?type=VirtualMachine&id={vm}"), &cookie).await);
        for needle in [format!(">{host_name}</a>"), format!(">{cluster}</a>"), format!(">{store}</a>"), format!(">{net}</a>"), "VMware Tools".into()] {
            assert!(ctx.contains(&needle), "the VM's context shows {needle:?}: {ctx}");
        }
        assert!(ctx.contains(&format!("href=\"/objects?type=HostSystem&amp;id={host}\"")), "the host links to its page: {ctx}");
        let ctx = context(&c.html(&format!("/objects?type=VirtualMachine&id={off}"), &cookie).await);
        assert!(ctx.contains("Not running (the VM is not powered on)") && ctx.contains("Unknown without VMware Tools"), "{ctx}");
        let ctx = context(&c.html(&format!("/objects?type=HostSystem&id={host}"), &cookie).await);
        assert!(ctx.contains(&format!(">{cluster}</a>")), "the host's cluster: {ctx}");
        assert!(ctx.contains(&format!(">{on_host} ({on_host_running} powered on)</a>")), "the host's VMs, counted: {ctx}");
        assert!(ctx.contains(&format!("href=\"/inventory/vm?host={host}\"")), "linking to them: {ctx}");
    })
}

/// A VM's page offers the power actions its state allows; power off asks first, saying what it does; each
/// change lands in vCenter and the page shows the new state; vCenter's refusal comes back in words.
#[test]
fn a_vms_page_powers_it_on_and_off_asking_before_cutting_it_off() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let vm = c.sim().inventory.read().vms.iter().find(|v| v.power_state == "POWERED_OFF").unwrap().id.clone();
        let state_of = || c.sim().inventory.read().vms.iter().find(|v| v.id == vm).unwrap().power_state;
        let page = format!("/objects?type=VirtualMachine&id={vm}");
        let html = c.html(&page, &cookie).await;
        assert!(html.contains("data-testid=\"power-start\"") && !html.contains("data-testid=\"power-stop\""), "off: power on only");

        let res = c.form_post("/api/vcenter/vm/power", &cookie, &page, &format!("vm={vm}&action=start")).await;
        let back = res.headers()[reqwest::header::LOCATION].to_str().unwrap().to_string();
        assert_eq!(back, format!("{page}&power=start&done=/api/vcenter/vm/power"));
        assert_eq!(state_of(), "POWERED_ON");
        let html = c.html(&back, &cookie).await;
        assert!(html.contains("Powered on.") && html.contains("data-testid=\"power-stop\""), "the new state and what it allows");

        let html = c.html(&format!("{page}&confirm=stop"), &cookie).await;
        assert!(html.contains("data-testid=\"confirm-panel\"") && html.contains("like pulling its plug"), "power off asks first, saying what it does");
        assert_eq!(state_of(), "POWERED_ON", "asking changes nothing");
        c.form_post("/api/vcenter/vm/power", &cookie, &format!("{page}&confirm=stop"), &format!("vm={vm}&action=stop")).await;
        assert_eq!(state_of(), "POWERED_OFF");

        // Suspending a powered-off VM: vCenter's refusal comes back in words.
        let res = c.form_post("/api/vcenter/vm/power", &cookie, &page, &format!("vm={vm}&action=suspend")).await;
        let back = res.headers()[reqwest::header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();
        let html = c.html(&back, &cookie).await;
        assert!(html.contains("data-testid=\"power-error\"") && html.contains("cannot be suspended"), "{back}");
    })
}

/// The VM list's bulk bar powers its selection: power on runs at once as a job, each VM's outcome in the end
/// (one already on is refused with vCenter's reason); power off only proposes, and nothing happens until the
/// confirmation, which works once. Plain form posts, as without JavaScript.
#[test]
fn the_vm_list_powers_many_vms_asking_before_cutting_them_off() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let (off, on): (Vec<String>, String) = {
            let d = c.sim().inventory.read();
            (d.vms.iter().filter(|v| v.power_state == "POWERED_OFF").take(5).map(|v| v.id.clone()).collect(), d.vms.iter().find(|v| v.power_state == "POWERED_ON").unwrap().id.clone())
        };
        let state_of = |id: &str| c.sim().inventory.read().vms.iter().find(|v| v.id == id).unwrap().power_state;
        let form = |action: &str, ids: &[&String]| {
            let mut f = format!("action={action}&tag_ids%5B%5D=");
            for id in ids {
                f.push_str(&format!("&objects%5B%5D=VirtualMachine%3A{id}"));
            }
            f
        };
        let list = "/inventory/vm?state=POWERED_OFF";
        assert!(c.html(list, &cookie).await.contains("data-testid=\"bulk-power-start\""), "a VM list offers power");
        assert!(!c.html("/inventory/host", &cookie).await.contains("bulk-power"), "a host list does not");

        let mut chosen: Vec<&String> = off.iter().collect();
        chosen.push(&on);
        let res = c.form_post("/api/vcenter/vm/power/bulk", &cookie, list, &form("start", &chosen)).await;
        let page = res.headers()["location"].to_str().unwrap().trim_start_matches(&c.url).to_string();
        assert!(page.starts_with("/inventory/vm?state=POWERED_OFF&job=job-"), "{page}");
        assert_eq!(bulk_outcome(&c, &cookie, &page).await, "5 powered on, 1 refused.");
        assert!(off.iter().all(|id| state_of(id) == "POWERED_ON"));
        let html = c.html(&page, &cookie).await;
        assert!(html.contains("data-testid=\"bulk-failure\"") && html.contains("already powered on"), "the refusal in vCenter's words");

        // Power off: a proposal first, naming the VMs; nothing is powered off until it is confirmed.
        let res = c.form_post("/api/vcenter/vm/power/bulk", &cookie, list, &form("stop", &off.iter().take(3).collect::<Vec<_>>())).await;
        let page = res.headers()["location"].to_str().unwrap().trim_start_matches(&c.url).to_string();
        let html = c.html(&page, &cookie).await;
        assert!(html.contains("data-testid=\"confirm-panel\"") && html.contains("Power off 3 virtual machines?") && html.contains("like pulling its plug"), "{page}");
        let names: Vec<String> = off.iter().take(3).map(|id| c.sim().inventory.read().vms.iter().find(|v| &v.id == id).unwrap().name.clone()).collect();
        assert!(names.iter().all(|n| html.contains(n.as_str())), "the confirmation names each VM");
        assert!(off.iter().all(|id| state_of(id) == "POWERED_ON"), "asking changes nothing");
        let job = page.split("job=").nth(1).unwrap().to_string();
        let res = c.form_post("/api/vcenter/vm/power/bulk/confirm", &cookie, &page, &format!("job={job}")).await;
        assert_eq!(res.status(), 302);
        assert_eq!(bulk_outcome(&c, &cookie, &page).await, "3 powered off, 0 refused.");
        assert!(off.iter().take(3).all(|id| state_of(id) == "POWERED_OFF") && off.iter().skip(3).all(|id| state_of(id) == "POWERED_ON"));

        // A confirmation works once, and only for the session that asked.
        let res = c.form_post("/api/vcenter/vm/power/bulk/confirm", &cookie, &page, &format!("job={job}")).await;
        let back = res.headers()["location"].to_str().unwrap().trim_start_matches(&c.url).to_string();
        assert!(c.html(&back, &cookie).await.contains("already used or has expired"), "{back}");
        let res = c.form_post("/api/vcenter/vm/power/bulk", &cookie, list, &form("reset", &[&off[3]])).await;
        let page = res.headers()["location"].to_str().unwrap().trim_start_matches(&c.url).to_string();
        let job = page.split("job=").nth(1).unwrap().to_string();
        let other = c.login_cookie().await;
        c.form_post("/api/vcenter/vm/power/bulk/confirm", &other, &page, &format!("job={job}")).await;
        assert!(!c.html(&page, &cookie).await.contains("bulk-summary"), "another session cannot confirm it");

        // Nothing selected: refused before anything is sent.
        let res = c.form_post("/api/vcenter/vm/power/bulk", &cookie, list, "action=start").await;
        let back = res.headers()["location"].to_str().unwrap().trim_start_matches(&c.url).to_string();
        assert!(c.html(&back, &cookie).await.contains("Select at least one object."), "{back}");
    })
}

/// A VM's CPU and memory forms: changes saved on a powered-off VM; bad values refused before anything is sent,
/// kept as typed; while the VM runs, what vCenter allows only powered off is disabled with the reason, a hot
/// add goes through, and what vCenter refuses comes back in its words.
#[test]
fn a_vms_cpu_and_memory_change_within_what_its_power_state_allows() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let pick = |power: &str, hot: bool| c.sim().inventory.read().vms.iter().find(|v| v.power_state == power && v.cpu_hot_add == hot && v.memory_hot_add == hot).unwrap().id.clone();
        let vm_of = |id: &str| c.sim().inventory.read().vms.iter().find(|v| v.id == id).unwrap().clone();
        let page = |id: &str| format!("/objects?type=VirtualMachine&id={id}&tab=hardware");
        let back = |res: reqwest::Response| res.headers()[reqwest::header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();

        let off = pick("POWERED_OFF", false);
        let html = c.html(&page(&off), &cookie).await;
        assert!(html.contains("data-testid=\"cpu-form\"") && !html.contains("locked-reason"), "powered off: everything may change");
        let res = c.form_post("/api/vcenter/vm/hardware/cpu", &cookie, &page(&off), &format!("vm={off}&count=4&cores_per_socket=2&flags=1&hot_add=on")).await;
        assert_eq!(back(res), format!("{}&hardware=cpu&done=/api/vcenter/vm/hardware/cpu", page(&off)));
        let v = vm_of(&off);
        assert_eq!((v.cpu_count, v.cores_per_socket, v.cpu_hot_add, v.cpu_hot_remove), (4, 2, true, false));

        let res = c.form_post("/api/vcenter/vm/hardware/cpu", &cookie, &page(&off), &format!("vm={off}&count=6&cores_per_socket=4&flags=1")).await;
        let html = c.html(&back(res), &cookie).await;
        assert!(html.contains("must be a multiple of the cores per socket") && html.contains("value=\"6\""), "refused at the field, kept as typed");
        assert_eq!(vm_of(&off).cpu_count, 4, "nothing was sent");
        let res = c.form_post("/api/vcenter/vm/hardware/memory", &cookie, &page(&off), &format!("vm={off}&size_mb=4098&flags=1")).await;
        let html = c.html(&back(res), &cookie).await;
        assert!(html.contains("steps of 4 MB") && html.contains("value=\"4098\""));
        let res = c.form_post("/api/vcenter/vm/hardware/memory", &cookie, &page(&off), &format!("vm={off}&size_mb=6144&flags=1&hot_add=on")).await;
        assert!(back(res).contains("hardware=memory"));
        assert_eq!((vm_of(&off).memory_mib, vm_of(&off).memory_hot_add), (6144, true));

        // Running without hot add: the CPU count, memory, cores per socket and switches are locked, with the reason.
        let cold = pick("POWERED_ON", false);
        let html = c.html(&page(&cold), &cookie).await;
        assert!(html.contains("CPU hot add and hot remove are not enabled") && html.contains("Memory hot add is not enabled") && html.contains("Only while the virtual machine is powered off."));
        assert!(!html.contains("data-testid=\"cpu-save\""), "nothing to save");
        // Sent anyway (an old page): vCenter's refusal in its words.
        let res = c.form_post("/api/vcenter/vm/hardware/cpu", &cookie, &page(&cold), &format!("vm={cold}&count=8")).await;
        let html = c.html(&back(res), &cookie).await;
        assert!(html.contains("CPU hot add is not enabled"), "{cold}");

        // Running with hot add: memory grows, never shrinks.
        let hot = pick("POWERED_ON", true);
        let before = vm_of(&hot).memory_mib;
        let res = c.form_post("/api/vcenter/vm/hardware/memory", &cookie, &page(&hot), &format!("vm={hot}&size_mb={}", before * 2)).await;
        assert!(back(res).contains("hardware=memory"));
        assert_eq!(vm_of(&hot).memory_mib, before * 2, "hot add");
        let res = c.form_post("/api/vcenter/vm/hardware/memory", &cookie, &page(&hot), &format!("vm={hot}&size_mb={before}")).await;
        assert!(c.html(&back(res), &cookie).await.contains("cannot be removed from a running virtual machine"));
        assert_eq!(vm_of(&hot).memory_mib, before * 2);
    })
}

/// The VM list says where each VM runs: its host and its cluster ("None (standalone host)" on a standalone
/// host), as the simulator's inventory has them; those two columns do not offer a sort of the whole list.
#[test]
fn the_vm_list_shows_each_vms_guest_os_host_and_cluster() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let html = c.html("/inventory/vm?per=100", &cookie).await;
        assert!(html.contains("<th scope=\"col\">Host</th>") && html.contains("<th scope=\"col\">Cluster</th>") && html.contains("<th scope=\"col\">Guest OS</th>"), "plain headings, no sort link");
        // The guest OS, from each VM's get, is kept: the list again reads no VM.
        let gets = |c: &Console| c.sim().calls.lock().unwrap().iter().filter(|(k, _)| k.starts_with("GET /rest/vcenter/vm/vm-")).map(|(_, n)| n).sum::<usize>();
        let before = gets(&c);
        assert_eq!(before, c.sim().inventory.read().vms.len(), "one get per VM of the page");
        c.html("/inventory/vm?per=100&sort=Memory", &cookie).await;
        assert_eq!(gets(&c), before, "guest OSes seen are not read again");
        let d = c.sim().inventory.read();
        let mut standalone = 0;
        for v in &d.vms {
            let start = html.find(&format!("data-object=\"VirtualMachine:{}\"", v.id)).unwrap_or_else(|| panic!("{} listed", v.id));
            let row = &html[start..start + html[start..].find("</tr>").unwrap()];
            let host = &d.hosts.iter().find(|h| h.id == v.host).unwrap().name;
            let cluster = v.cluster.as_ref().map(|id| d.clusters.iter().find(|c| &c.id == id).unwrap().name.clone()).unwrap_or_else(|| "None (standalone host)".into());
            standalone += usize::from(v.cluster.is_none());
            assert!(row.contains(&format!("<td>{host}</td>")) && row.contains(&format!("<td>{cluster}</td>")), "{}: {host} / {cluster} in {row}", v.name);
            let guest = match v.guest_os.as_str() {
                "UBUNTU_64" => "Ubuntu Linux (64-bit)",
                "RHEL_8_64" => "Red Hat Enterprise Linux 8 (64-bit)",
                "WINDOWS_9_SERVER_64" => "Microsoft Windows Server 2016 or later (64-bit)",
                "CENTOS_7_64" => "CentOS 7 (64-bit)",
                "OTHER_3X_LINUX_64" => "Other 3.x Linux (64-bit)",
                other => panic!("a guest OS the seed did not have: {other}"),
            };
            assert!(row.contains(&format!("<td>{guest}</td>")), "{}: {guest} in {row}", v.name);
        }
        assert!(standalone > 0, "the seed has VMs on a standalone host");
        // Filtered to one host: every row is on it.
        let host = &d.hosts.iter().find(|h| h.id == d.vms[0].host).unwrap();
        let html = c.html(&format!("/inventory/vm?host={}", host.id), &cookie).await;
        assert_eq!(html.matches(&format!("<td>{}</td>", host.name)).count(), d.vms.iter().filter(|v| v.host == host.id).count());
    })
}

/// A VM's boot options: saved powered off (firmware included), a bad delay refused and kept as typed; while it
/// runs the firmware is locked with the reason and the other options still save (they apply at the next boot).
#[test]
fn a_vms_boot_options_change_and_the_firmware_only_powered_off() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let pick = |power: &str| c.sim().inventory.read().vms.iter().find(|v| v.power_state == power).unwrap().id.clone();
        let vm_of = |id: &str| c.sim().inventory.read().vms.iter().find(|v| v.id == id).unwrap().clone();
        let page = |id: &str| format!("/objects?type=VirtualMachine&id={id}&tab=hardware");
        let back = |res: reqwest::Response| res.headers()[reqwest::header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string();

        let off = pick("POWERED_OFF");
        let firmware = if vm_of(&off).boot_efi { "BIOS" } else { "EFI" };
        let res = c.form_post("/api/vcenter/vm/hardware/boot", &cookie, &page(&off), &format!("vm={off}&firmware={firmware}&delay_ms=2000&retry=on&retry_delay_ms=5000")).await;
        assert!(back(res).contains("hardware=boot&done=/api/vcenter/vm/hardware/boot"));
        let v = vm_of(&off);
        assert_eq!((v.boot_efi, v.boot_delay, v.boot_retry, v.boot_retry_delay, v.boot_setup), (firmware == "EFI", 2000, true, 5000, false));
        let res = c.form_post("/api/vcenter/vm/hardware/boot", &cookie, &page(&off), &format!("vm={off}&firmware=EFI&delay_ms=-5&retry_delay_ms=5000")).await;
        let html = c.html(&back(res), &cookie).await;
        assert!(html.contains("from 0 to 60000 milliseconds") && html.contains("value=\"-5\""), "refused at the field, kept as typed");
        assert_eq!(vm_of(&off).boot_delay, 2000, "nothing was sent");

        let on = pick("POWERED_ON");
        let html = c.html(&page(&on), &cookie).await;
        let start = html.find("data-testid=\"boot-form\"").unwrap();
        assert!(html[start..].contains("id=\"boot-firmware-locked\""), "the firmware is locked while it runs");
        let res = c.form_post("/api/vcenter/vm/hardware/boot", &cookie, &page(&on), &format!("vm={on}&delay_ms=3000&retry_delay_ms=10000&enter_setup=on")).await;
        assert!(back(res).contains("hardware=boot"));
        let v = vm_of(&on);
        assert_eq!((v.boot_delay, v.boot_setup), (3000, true));
        // A firmware change sent anyway: vCenter's refusal in its words.
        let other = if v.boot_efi { "BIOS" } else { "EFI" };
        let res = c.form_post("/api/vcenter/vm/hardware/boot", &cookie, &page(&on), &format!("vm={on}&firmware={other}&delay_ms=0&retry_delay_ms=10000")).await;
        assert!(c.html(&back(res), &cookie).await.contains("can only be changed while the virtual machine is powered off"));
    })
}

/// A VM's Hardware tab: CPU, memory and boot, the hardware version, and every device class with each device's
/// address, backing and connection — all from one call (the VM's get), with no separate CPU, memory or boot get.
#[test]
fn a_vms_hardware_tab_lists_every_device_class_from_one_call() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let v = c.sim().inventory.read().vms.iter().find(|v| v.power_state == "POWERED_ON").unwrap().clone();
        let network = c.sim().inventory.read().networks.iter().find(|n| n.id == v.nics[0].network).unwrap().name.clone();
        c.sim().calls.lock().unwrap().clear();
        let html = c.html(&format!("/objects?type=VirtualMachine&id={}&tab=hardware", v.id), &cookie).await;
        assert_eq!(c.sim().calls(&format!("GET /rest/vcenter/vm/{}", v.id)), 1, "one get: {:?}", c.sim().calls.lock().unwrap());
        for part in ["cpu", "memory", "boot"] {
            assert_eq!(c.sim().calls(&format!("GET /rest/vcenter/vm/{}/hardware/{part}", v.id)), 0, "{part} comes with the VM's get");
        }
        assert!(html.contains(&format!("<title>Virtual machine: {} — Hardware ·", v.name)));
        assert!(html.contains("aria-current=\"page\" data-testid=\"tab-hardware\""));
        assert!(html.contains("data-testid=\"cpu-form\"") && html.contains("data-testid=\"boot-form\""));
        assert!(crate::vm_devices::version_shown(&html, v.hardware_version));
        for class in ["disks", "nics", "cdroms", "floppies", "serial_ports", "parallel_ports", "scsi_adapters", "sata_adapters"] {
            assert!(html.contains(&format!("data-class=\"{class}\"")), "{class} has its section");
        }
        let row = |key: &str| {
            let start = html.find(&format!("data-testid=\"device\" data-key=\"{key}\"")).unwrap_or_else(|| panic!("device {key} listed"));
            html[start..start + html[start..].find("</tr>").unwrap()].to_string()
        };
        let disk = row("2000");
        assert!(disk.contains("Hard disk 1") && disk.contains("SCSI 0:0") && disk.contains(&format!("{0}/{0}.vmdk", v.name)) && disk.contains(" GiB"), "{disk}");
        let nic = row("4000");
        assert!(nic.contains("VMXNET3 · MAC 00:50:56:") && nic.contains(&network) && nic.contains("Connected · connects at power on"), "{nic}");
        let cdrom = row("16000");
        assert!(cdrom.contains("SATA 0:0") && cdrom.contains("Client device (passthru)") && cdrom.contains("Not connected"), "{cdrom}");
        assert!(row("1000").contains("Bus sharing: none"));
        assert!(html.contains("No floppy drives."), "an empty class says so");
    })
}
