//! Benchmark (not a test), against the simulator with 10,000 VMs, all figures from one run so the ratios hold
//! on a noisy machine. Run: `cargo bench -p server --bench vm`.
//! - server-side render of a VM's Hardware tab with 20 devices, the vCenter calls it makes, next to the raw VM
//!   get it is built from;
//! - the VM list filtered to 2,000 VMs (a page of 100): the first visit, which reads each VM's guest OS, and
//!   the visits after;
//! - bulk power-on of 100 VMs through the console (the bulk server function, a job of four at a time, until
//!   the simulator has all 100 running) next to the same 100 start calls made directly, four at a time; the
//!   simulator's power changes answer at once, so this is the console's own cost.

mod common;

use app::client::{ClientConfig, VcClient};
use common::{median, ms};
use futures::StreamExt;
use server::simulator::vcenter::vm::hardware::{disk, ethernet, port};
use server::simulator::{SimConfig, SimState};
use std::time::{Duration, Instant};


fn vm_calls(sim: &SimState) -> usize {
    sim.calls.lock().unwrap().values().sum()
}

/// Gives VM `id` (powered off) 20 devices (6 disks, 4 network adapters, a CD/DVD drive, 2 floppy drives, 4 serial
/// and 3 parallel ports) by the simulator's own rules; returns them and the rows of its Devices card (with the
/// SCSI and SATA adapters).
fn furnish(sim: &SimState, id: &str) -> (usize, usize) {
    let mut d = sim.inventory.write();
    let stores: Vec<String> = d.datastores.iter().map(|s| s.name.clone()).collect();
    let networks: ethernet::Networks = d.networks.iter().map(|n| (n.id.clone(), n.kind)).collect();
    let mut v = d.vm(id).unwrap().clone();
    let home = stores[0].clone();
    for _ in 0..5 {
        v = disk::apply_create(&v, &disk::CreateSpec::default(), &stores, &home).unwrap().0;
    }
    let nic: ethernet::CreateSpec = serde_json::from_value(serde_json::json!({ "backing": { "type": "STANDARD_PORTGROUP", "network": d.networks[0].id } })).unwrap();
    for _ in 0..3 {
        v = ethernet::apply_create(&v, &nic, &networks).unwrap().0;
    }
    for (class, n) in [(port::Class::Floppy, 2), (port::Class::Serial, 4), (port::Class::Parallel, 3)] {
        for _ in 0..n {
            v = port::apply_create(class, &v, &port::Spec::default(), &stores).unwrap().0;
        }
    }
    let devices = v.disks.len() + v.nics.len() + v.cdroms.len() + v.floppies.len() + v.serial_ports.len() + v.parallel_ports.len();
    let rows = devices + v.scsi_adapters.len() + v.sata_adapters.len();
    *d.vm_mut(id).unwrap() = v;
    (devices, rows)
}

#[tokio::main]
async fn main() {
    // Power changes answer at once here: the figure is the console's own cost, not vCenter's power tasks.
    let b = common::console_on(SimConfig { vms: 10_000, power_change: Duration::ZERO, ..Default::default() }).await;
    let (sim, base, http, cookie) = (b.sim.clone(), b.base.clone(), b.http.clone(), b.cookie.clone());
    let vc = VcClient::new(&ClientConfig::new(&b.sim_url)).unwrap().login("administrator@vsphere.local", "VMware1!").await.unwrap();
    let get = |path: String| {
        let req = http.get(format!("{base}{path}")).header("cookie", &cookie).header("accept", "text/html");
        async move {
            let t0 = Instant::now();
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            let html = res.text().await.unwrap();
            (t0.elapsed(), html)
        }
    };

    // A VM's Hardware tab with 20 devices.
    let id = sim.inventory.read().vms.iter().find(|v| v.power_state == "POWERED_OFF").unwrap().id.clone();
    let (devices, rows) = furnish(&sim, &id);
    let tab = format!("/objects?type=VirtualMachine&id={id}&tab=hardware");
    get(tab.clone()).await;
    let (mut renders, mut size) = (Vec::new(), 0);
    let before = vm_calls(&sim);
    for _ in 0..9 {
        let (d, html) = get(tab.clone()).await;
        assert_eq!(html.matches("data-testid=\"device\"").count(), rows, "every device and adapter listed");
        renders.push(d);
        size = html.len();
    }
    let calls_per_render = (vm_calls(&sim) - before) as f64 / 9.0;
    let mut raw = Vec::new();
    for _ in 0..9 {
        let t0 = Instant::now();
        vc.vcenter_vm_get(&id).await.unwrap();
        raw.push(t0.elapsed());
    }
    let (tab_render, raw_get) = (median(renders), median(raw));

    // The VM list filtered to 2,000: the first visit of a page reads its VMs' guest OS, later ones do not.
    let list = |page: usize| format!("/inventory/vm?cluster=domain-c42&page={page}");
    let mut first = Vec::new();
    let mut again = Vec::new();
    for page in 2..=8 {
        let before = vm_calls(&sim);
        let (d, html) = get(list(page)).await;
        assert_eq!(html.matches("data-testid=\"inventory-row\"").count(), 100);
        first.push((d, vm_calls(&sim) - before));
        let (d2, _) = get(list(page)).await;
        again.push(d2);
    }
    let first_calls = first.iter().map(|(_, c)| *c).max().unwrap();
    let (first, again) = (median(first.into_iter().map(|(d, _)| d).collect()), median(again));

    // Bulk power-on of 100 VMs: through the console (a job), then directly; powered off again between rounds.
    let off: Vec<String> = sim.inventory.read().vms.iter().filter(|v| v.power_state == "POWERED_OFF").take(100).map(|v| v.id.clone()).collect();
    assert_eq!(off.len(), 100);
    // One pass over the inventory under one read lock: the check itself must not slow the power-ons it waits for.
    let set: std::collections::HashSet<&String> = off.iter().collect();
    let all_on = |sim: &SimState| sim.inventory.read().vms.iter().filter(|v| v.power_state == "POWERED_ON" && set.contains(&v.id)).count() == off.len();
    let power_off = |sim: &SimState| {
        let mut d = sim.inventory.write();
        for id in &off {
            d.vm_mut(id).unwrap().set_power("POWERED_OFF");
        }
    };
    const ROUNDS: usize = 5;
    let (mut console, mut direct) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let mut form: Vec<(String, String)> = off.iter().map(|id| ("objects[]".to_string(), format!("VirtualMachine:{id}"))).collect();
        form.push(("action".into(), "start".into()));
        let t0 = Instant::now();
        let res = http.post(format!("{base}/api/vcenter/vm/power/bulk")).header("origin", &base).header("cookie", &cookie).header("accept", "application/json").form(&form).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        while !all_on(&sim) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        console.push(t0.elapsed());
        power_off(&sim);

        let t0 = Instant::now();
        let results: Vec<_> = futures::stream::iter(off.iter().map(|id| {
            let vc = vc.clone();
            async move { vc.vcenter_vm_power_start(id).await }
        }))
        .buffer_unordered(4)
        .collect()
        .await;
        direct.push(t0.elapsed());
        assert!(results.iter().all(|r| r.is_ok()) && all_on(&sim));
        power_off(&sim);
    }
    let (console, direct) = (median(console), median(direct));

    println!("simulator with 10,000 VMs; medians (Hardware tab and raw get: of 9; list: of 7 pages; power: of {ROUNDS} rounds)");
    println!("a VM's Hardware tab ({devices} devices and {} adapters, {size} bytes):", rows - devices);
    println!("  server-side render                          {:>9.2} ms", ms(tab_render));
    println!("  vCenter calls per render                    {:>9.1}", calls_per_render);
    println!("  raw vcenter/vm get                          {:>9.2} ms", ms(raw_get));
    println!("  ratio render / raw get                      {:>9.2}", tab_render.as_secs_f64() / raw_get.as_secs_f64());
    println!("the VM list filtered to 2,000, a page of 100:");
    println!("  first visit (reads the guest OSes, {first_calls} calls)  {:>7.1} ms", ms(first));
    println!("  visits after                                {:>9.1} ms", ms(again));
    println!("  ratio first / after                         {:>9.2}", first.as_secs_f64() / again.as_secs_f64());
    println!("power on 100 VMs (four at a time):");
    println!("  console bulk job, until all run             {:>9.1} ms", ms(console));
    println!("  100 start calls made directly               {:>9.1} ms", ms(direct));
    println!("  ratio console / direct                      {:>9.2}", console.as_secs_f64() / direct.as_secs_f64());
}
