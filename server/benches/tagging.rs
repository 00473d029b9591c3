//! Benchmark (not a test), against the simulator with 10,000 VMs, all figures from one run so the ratios hold
//! on a noisy machine. Run: `cargo bench -p server --bench tagging`.
//! - attach one tag to 1,000 VMs through the console (the bulk server function): in one request, and in 20
//!   requests of 50 as the browser sends them with its progress bar; next to the same attach as one raw
//!   `attach-tag-to-multiple-objects` call;
//! - server-side render of the VM list filtered to 2,000 VMs, a page of 100 and of 500 rows (with the Tags
//!   column), next to the raw filtered list call, and the whole 10,000 read host by host (a page of 100).

mod common;

use app::client::{ClientConfig, VcClient};
use app::vsphere::inventory::ListFilter;
use app::vsphere::models::cis::tagging::category_model::Cardinality;
use app::vsphere::models::cis::tagging::{category, tag};
use app::vsphere::models::vapi::std::DynamicId;
use common::{median, ms};
use server::simulator::SimConfig;
use std::time::Instant;


#[tokio::main]
async fn main() {
    let b = common::console_on(SimConfig { vms: 10_000, ..Default::default() }).await;
    let (sim, base, http, cookie) = (b.sim.clone(), b.base.clone(), b.http.clone(), b.cookie.clone());
    let vc = VcClient::new(&ClientConfig::new(&b.sim_url)).unwrap().login("administrator@vsphere.local", "VMware1!").await.unwrap();

    let cat = vc
        .cis_tagging_category_create(&category::CreateSpec { name: "Bench".into(), description: String::new(), cardinality: Cardinality::Multiple, associable_types: vec![], category_id: None })
        .await
        .unwrap();
    let t = vc.cis_tagging_tag_create(&tag::CreateSpec { name: "bulk".into(), description: String::new(), category_id: cat, tag_id: None }).await.unwrap();
    let vms: Vec<DynamicId> = (0..1000).map(|i| DynamicId { r#type: "VirtualMachine".into(), id: format!("vm-{}", 1000 + i * 7) }).collect();
    let keys: Vec<String> = vms.iter().map(|o| format!("VirtualMachine:{}", o.id)).collect();

    // One bulk server-function request: form-encoded as the browser's ActionForm would, JSON back.
    let bulk = |objects: &[String], op: &str| {
        let mut form: Vec<(String, String)> = objects.iter().map(|o| ("objects[]".to_string(), o.clone())).collect();
        form.push(("tag_ids[]".into(), t.clone()));
        form.push(("op".into(), op.into()));
        http.post(format!("{base}/api/cis/tagging/bulk")).header("origin", &base).header("cookie", &cookie).header("accept", "application/json").form(&form).send()
    };
    const ROUNDS: usize = 7;
    let (mut one, mut chunked, mut raw) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS + 1 {
        let t0 = Instant::now();
        let res = bulk(&keys, "attach").await.unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        let out: Vec<serde_json::Value> = res.json().await.unwrap();
        assert!(out.len() == 1000 && out.iter().all(|r| r["ok"] == true));
        let d1 = t0.elapsed();
        assert_eq!(sim.tagging.attachment_count(), 1000);
        bulk(&keys, "detach").await.unwrap();
        assert_eq!(sim.tagging.attachment_count(), 0);

        let t0 = Instant::now();
        for chunk in keys.chunks(app::components::inventory::BULK_CHUNK) {
            assert_eq!(bulk(chunk, "attach").await.unwrap().status(), 200);
        }
        let d2 = t0.elapsed();
        assert_eq!(sim.tagging.attachment_count(), 1000);
        vc.tag_detach_from_objects(&t, &vms).await.unwrap();

        let t0 = Instant::now();
        let r = vc.tag_attach_to_objects(&t, &vms).await.unwrap();
        let d3 = t0.elapsed();
        assert!(r.success);
        vc.tag_detach_from_objects(&t, &vms).await.unwrap();
        if round > 0 {
            one.push(d1);
            chunked.push(d2);
            raw.push(d3);
        }
    }

    // Leave the 1,000 attached so the list pages have tags to show.
    vc.tag_attach_to_objects(&t, &vms).await.unwrap();
    let page = |path: &'static str, rows: usize| {
        let req = http.get(format!("{base}{path}")).header("cookie", &cookie).header("accept", "text/html");
        async move {
            let t0 = Instant::now();
            let html = req.send().await.unwrap().text().await.unwrap();
            let d = t0.elapsed();
            assert_eq!(html.matches("data-testid=\"inventory-row\"").count(), rows, "{path}");
            (d, html.len())
        }
    };
    let mut results = Vec::new();
    // Pages of 100 (the default) and 500 (the most) rows; the whole 10,000 past the cap, read host by host.
    for (path, rows) in [("/inventory/vm?cluster=domain-c42", 100), ("/inventory/vm?cluster=domain-c42&per=500", 500), ("/inventory/vm", 100)] {
        page(path, rows).await;
        let mut v = Vec::new();
        let mut size = 0;
        for _ in 0..9 {
            let (d, s) = page(path, rows).await;
            v.push(d);
            size = s;
        }
        results.push((path, rows, median(v), size));
    }
    let filter = ListFilter { clusters: vec!["domain-c42".into()], ..Default::default() };
    let mut v = Vec::new();
    for _ in 0..9 {
        let t0 = Instant::now();
        assert_eq!(vc.vm_list(&filter).await.unwrap().len(), 2000);
        v.push(t0.elapsed());
    }
    let raw_list = median(v);

    let (one, chunked, raw) = (median(one), median(chunked), median(raw));
    println!("simulator with 10,000 VMs; medians of {ROUNDS} rounds (pages: of 9, after one warm-up)");
    println!("attach one tag to 1,000 VMs:");
    println!("  console, one bulk request                    {:>9.1} ms", ms(one));
    println!("  console, 20 requests of 50 (browser, progress) {:>7.1} ms", ms(chunked));
    println!("  raw attach-tag-to-multiple-objects call      {:>9.1} ms", ms(raw));
    println!("  ratio console one request / raw call         {:>9.2}", one.as_secs_f64() / raw.as_secs_f64());
    println!("  ratio 20 requests / one request              {:>9.2}", chunked.as_secs_f64() / one.as_secs_f64());
    println!("server-side render of the VM list (with the Tags column):");
    for (path, rows, d, size) in &results {
        println!("  GET {path:<48} {rows:>5} rows {:>9.1} ms {:>9} bytes", ms(*d), size);
    }
    println!("  raw vcenter/vm list, cluster filter (2,000)  {:>9.1} ms", ms(raw_list));
    println!("  ratio 100-row page of 2,000 / raw list call  {:>9.2}", results[0].2.as_secs_f64() / raw_list.as_secs_f64());
    println!("  ratio 500-row page / 100-row page            {:>9.2}", results[1].2.as_secs_f64() / results[0].2.as_secs_f64());
    println!("  ratio 10,000 by host / 2,000 in one list     {:>9.2}", results[2].2.as_secs_f64() / results[0].2.as_secs_f64());
}
