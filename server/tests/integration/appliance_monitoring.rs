//! `appliance/monitoring` through our client against the simulator: the catalogue (list, get, unknown ids),
//! query answers (shape, one value per interval with both ends included, the same answer twice, a daily
//! cycle, empty values for the future), the aggregation functions telling apart, both array query forms, and
//! every refusal; then the Monitoring page through the whole console (charts and table rendered on the
//! server, a refused form kept as typed without asking vCenter).

use crate::common;

use app::client::appliance::monitoring::MonitoringQuery;
use app::client::VcSession;
use app::error::VapiErrorKind;
use app::vsphere::models::appliance::monitoring::{FunctionType, IntervalType, MonitoredItemData};
use common::console::Console;
use common::*;
use server::simulator::appliance::monitoring::MAX_POINTS;
use server::simulator::SimConfig;

/// 2026-11-18 00:00 UTC, a Wednesday (in the past: every value is there).
const WED: i64 = 1_794_960_000;

fn at(unix: i64) -> String {
    app::api::appliance::monitoring::wire_time(unix)
}

fn q(names: &[&str], interval: IntervalType, function: FunctionType, start: i64, end: i64) -> MonitoringQuery {
    MonitoringQuery { names: names.iter().map(|s| s.to_string()).collect(), interval, function, start_time: at(start), end_time: at(end) }
}

fn numbers(d: &MonitoredItemData) -> Vec<f64> {
    d.data.iter().map(|v| v.parse::<f64>().unwrap_or_else(|_| panic!("{} sent {v:?}", d.name))).collect()
}

async fn session() -> VcSession {
    let (url, _) = spawn_sim(Default::default()).await;
    client(&url).login(USER, PASSWORD).await.unwrap()
}

#[test]
fn the_catalogue_lists_every_item_with_localization_keys() {
    crate::common::block_on(async {
        let s = session().await;
        let items = s.appliance_monitoring_list().await.unwrap();
        assert_eq!(items.len(), 131);
        let cpu = items.iter().find(|i| i.id == "cpu.util").expect("cpu.util");
        assert_eq!(cpu.name, "com.vmware.applmgmt.mon.name.cpu.util");
        assert_eq!(cpu.units, "com.vmware.applmgmt.mon.unit.percent");
        assert_eq!(cpu.category, "com.vmware.applmgmt.mon.cat.cpu");
        assert_eq!(cpu.description, "com.vmware.applmgmt.mon.descr.cpu.util");
        let eth0 = items.iter().find(|i| i.id == "net.rx.activity.eth0").unwrap();
        assert_eq!((eth0.instance.as_str(), eth0.units.as_str()), ("eth0", "com.vmware.applmgmt.mon.unit.kb_per_sec"));
        let log = items.iter().find(|i| i.id == "storage.util.filesystem.log").unwrap();
        assert_eq!(log.instance, "/storage/log");
        for id in ["cpu.steal", "mem.usage", "mem.total", "swap.util", "storage.used.filesystem.db", "net.tx.activity.eth0", "disk.read.rate.dm-0"] {
            assert!(items.iter().any(|i| i.id == id), "{id}");
        }
        // get answers what list says, for every item (ids with dots and dashes in the path).
        for item in items.iter().filter(|i| i.id.starts_with("cpu.") || i.id.starts_with("disk.latency") || i.id == "swap") {
            assert_eq!(&s.appliance_monitoring_get(&item.id).await.unwrap(), item);
        }
        let e = s.appliance_monitoring_get("gpu.util").await.unwrap_err();
        // The operation documents only `error` (not `not_found`).
        assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("gpu.util"), "{e}");
    })
}

#[test]
fn a_query_answers_one_value_per_interval_for_each_name() {
    crate::common::block_on(async {
        let s = session().await;
        let start = WED + 8 * 3_600 + 120; // 08:02, not on an interval boundary
        let r = s.monitoring_query(&q(&["cpu.util", "mem.total"], IntervalType::Minutes5, FunctionType::Avg, start, start + 3_600)).await.unwrap();
        assert_eq!(r.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["cpu.util", "mem.total"], "in the order asked");
        for d in &r {
            assert_eq!((d.interval.clone(), d.function.clone()), (IntervalType::Minutes5, FunctionType::Avg));
            assert_eq!((d.start_time.as_str(), d.end_time.as_str()), ("2026-11-18T08:02:00.000Z", "2026-11-18T09:02:00.000Z"));
            assert_eq!(d.data.len(), 13, "an hour of 5-minute values, both ends included");
        }
        let cpu = numbers(&r[0]);
        assert!(cpu.iter().all(|v| (0.0..=100.0).contains(v)), "{cpu:?}");
        assert!(cpu.windows(2).any(|w| w[0] != w[1]), "CPU moves: {cpu:?}");
        let total = numbers(&r[1]);
        assert!(total.iter().all(|v| *v == total[0] && *v > 1_000_000.0), "the memory size is constant, in KB: {total:?}");

        // Every interval: a range of n intervals answers n + 1 values; a range that is not a whole number of
        // intervals ends with the last whole one.
        for (interval, step, n) in [(IntervalType::Minutes5, 300, 24), (IntervalType::Minutes30, 1_800, 48), (IntervalType::Hours2, 7_200, 84), (IntervalType::Hours6, 21_600, 28), (IntervalType::Day1, 86_400, 30)] {
            let end = WED - 86_400 * 40 + n * step;
            let r = s.monitoring_query(&q(&["mem.usage"], interval.clone(), FunctionType::Max, WED - 86_400 * 40, end)).await.unwrap();
            assert_eq!(r[0].data.len() as i64, n + 1, "{interval}");
            let r = s.monitoring_query(&q(&["mem.usage"], interval.clone(), FunctionType::Max, WED - 86_400 * 40, end + step - 1)).await.unwrap();
            assert_eq!(r[0].data.len() as i64, n + 1, "{interval}, a part interval more");
        }
        let one = s.monitoring_query(&q(&["cpu.util"], IntervalType::Day1, FunctionType::Avg, WED, WED)).await.unwrap();
        assert_eq!(one[0].data.len(), 1, "start = end: one value");

        // The same question, the same answer; another metric, another series.
        let again = s.monitoring_query(&q(&["cpu.util"], IntervalType::Minutes5, FunctionType::Avg, start, start + 3_600)).await.unwrap();
        assert_eq!(again[0].data, r_data(&s, "cpu.util", start).await);
        let steal = s.monitoring_query(&q(&["cpu.steal"], IntervalType::Minutes5, FunctionType::Avg, start, start + 3_600)).await.unwrap();
        assert_ne!(steal[0].data, again[0].data);
    })
}

async fn r_data(s: &VcSession, name: &str, start: i64) -> Vec<String> {
    s.monitoring_query(&q(&[name], IntervalType::Minutes5, FunctionType::Avg, start, start + 3_600)).await.unwrap().remove(0).data
}

#[test]
fn series_follow_the_working_day_and_the_future_is_empty() {
    crate::common::block_on(async {
        let s = session().await;
        // A weekday, hourly: the afternoon is busier than the night, for CPU and network alike.
        for name in ["cpu.util", "net.tx.activity.eth0"] {
            let day = numbers(&s.monitoring_query(&q(&[name], IntervalType::Hours2, FunctionType::Avg, WED, WED + 86_400)).await.unwrap()[0]);
            let (night, afternoon) = (day[2], day[7]); // 04:00 and 14:00
            assert!(afternoon > night * 1.5, "{name}: {day:?}");
        }
        // Used space, size and utilization of a filesystem agree.
        let r = s
            .monitoring_query(&q(&["storage.used.filesystem.log", "storage.totalsize.filesystem.log", "storage.util.filesystem.log"], IntervalType::Hours6, FunctionType::Avg, WED, WED + 86_400))
            .await
            .unwrap();
        let (used, size, util) = (numbers(&r[0]), numbers(&r[1]), numbers(&r[2]));
        for i in 0..used.len() {
            assert!((used[i] / size[i] * 100.0 - util[i]).abs() < 0.5, "{} / {} vs {}%", used[i], size[i], util[i]);
        }
        // Up to now there are values; after now, empty strings (vCenter has none yet).
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let r = s.monitoring_query(&q(&["cpu.util"], IntervalType::Minutes30, FunctionType::Avg, now - 3 * 3_600, now + 3 * 3_600)).await.unwrap();
        let d = &r[0].data;
        assert_eq!(d.len(), 13);
        assert!(d[..6].iter().all(|v| !v.is_empty()) && d[7..].iter().all(String::is_empty), "{d:?}");
    })
}

#[test]
fn the_functions_aggregate_differently() {
    crate::common::block_on(async {
        let s = session().await;
        let get = |f: FunctionType| {
            let s = s.clone();
            async move { numbers(&s.monitoring_query(&q(&["cpu.util"], IntervalType::Minutes30, f, WED, WED + 86_400)).await.unwrap()[0]) }
        };
        let (avg, max, min, count) = (get(FunctionType::Avg).await, get(FunctionType::Max).await, get(FunctionType::Min).await, get(FunctionType::Count).await);
        assert_eq!(avg.len(), 49);
        for i in 0..avg.len() {
            assert!(min[i] <= avg[i] && avg[i] <= max[i], "point {i}: {} {} {}", min[i], avg[i], max[i]);
            // COUNT is "count per period (sum)": the sum of the interval's 30 one-minute samples.
            assert!((count[i] / 30.0 - avg[i]).abs() < 0.02, "point {i}: {} / 30 vs {}", count[i], avg[i]);
        }
        let differ = |a: &[f64], b: &[f64]| a.iter().zip(b).filter(|(x, y)| (*x - *y).abs() > 0.5).count();
        assert!(differ(&max, &avg) > 40 && differ(&avg, &min) > 40, "max, average and minimum tell apart:\n{max:?}\n{avg:?}\n{min:?}");
    })
}

#[test]
fn names_are_read_in_both_array_forms() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let http = reqwest::Client::new();
        let times = format!("item.interval=HOURS6&item.function=AVG&item.start_time={}&item.end_time={}", at(WED), at(WED + 86_400));
        for names in ["item.names.2=mem.usage&item.names.1=cpu.util", "item.names=cpu.util&item.names=mem.usage"] {
            let res = http
                .get(format!("{url}/rest/appliance/monitoring/query?{names}&{}", times.replace(':', "%3A")))
                .header("vmware-api-session-id", s.id().expose())
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{names}");
            let body: serde_json::Value = res.json().await.unwrap();
            let got: Vec<&str> = body["value"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
            assert_eq!(got, ["cpu.util", "mem.usage"], "{names}");
            assert_eq!(body["value"][0]["data"].as_array().unwrap().len(), 5);
            assert!(body["value"][0]["data"][0].is_string(), "values are strings on the wire");
        }
        let res = http.get(format!("{url}/rest/appliance/monitoring")).send().await.unwrap();
        assert_eq!(res.status(), 401, "no session, no catalogue");
    })
}

#[test]
fn every_refusal_says_why() {
    crate::common::block_on(async {
        let s = session().await;
        let refused = |query: MonitoringQuery| {
            let s = s.clone();
            async move {
                let e = s.monitoring_query(&query).await.unwrap_err();
                // A parameter that does not decode is the type converter's invalid_argument; a rule of the
                // query itself is the operation's documented `error`.
                assert!(matches!(e.kind(), Some(VapiErrorKind::InvalidArgument | VapiErrorKind::Error)), "{e}");
                e.to_string()
            }
        };
        let ok = q(&["cpu.util"], IntervalType::Minutes5, FunctionType::Avg, WED, WED + 3_600);
        assert!(refused(MonitoringQuery { names: vec!["cpu.util".into(), "gpu.util".into()], ..ok.clone() }).await.contains("'gpu.util' does not exist"));
        assert!(refused(MonitoringQuery { names: vec![], ..ok.clone() }).await.contains("'names'"));
        assert!(refused(MonitoringQuery { interval: IntervalType::UnknownValue("WEEK1".into()), ..ok.clone() }).await.contains("'WEEK1' for field 'item.interval'"));
        assert!(refused(MonitoringQuery { function: FunctionType::UnknownValue("MEDIAN".into()), ..ok.clone() }).await.contains("'MEDIAN' for field 'item.function'"));
        assert!(refused(MonitoringQuery { start_time: "yesterday".into(), ..ok.clone() }).await.contains("'yesterday' for field 'item.start_time'"));
        let backwards = refused(q(&["cpu.util"], IntervalType::Minutes5, FunctionType::Avg, WED + 3_600, WED)).await;
        assert!(backwards.contains("end time 2026-11-18T00:00:00.000Z is before the start time 2026-11-18T01:00:00.000Z"), "{backwards}");
        // The cap: MAX_POINTS values pass, one more is refused with advice.
        let cap = (MAX_POINTS - 1) * 300;
        let r = s.monitoring_query(&q(&["cpu.util"], IntervalType::Minutes5, FunctionType::Avg, WED - cap, WED)).await.unwrap();
        assert_eq!(r[0].data.len() as i64, MAX_POINTS);
        let too_many = refused(q(&["cpu.util"], IntervalType::Minutes5, FunctionType::Avg, WED - cap - 300, WED)).await;
        assert!(too_many.contains(&format!("{} values per item; at most {MAX_POINTS}", MAX_POINTS + 1)) && too_many.contains("Use a longer interval"), "{too_many}");
        // The same range at 30 minutes is fine.
        assert!(s.monitoring_query(&q(&["cpu.util"], IntervalType::Minutes30, FunctionType::Avg, WED - cap - 300, WED)).await.is_ok());
    })
}

#[test]
fn the_page_renders_charts_and_a_table_on_the_server() {
    crate::common::block_on(async {
        let c = Console::on_simulator(SimConfig::default()).await;
        let cookie = c.login_cookie().await;
        let page = "/appliance/monitoring?metric=cpu.util&metric=mem.usage&metric=mem.util&interval=MINUTES5&function=MAX&range=1h";
        c.sim().calls.lock().unwrap().clear();
        let html = c.html(page, &cookie).await;
        assert_eq!(c.sim().calls("GET /rest/appliance/monitoring/query"), 1, "one query for the page");
        assert_eq!(c.sim().calls("GET /rest/appliance/monitoring"), 1, "the catalogue once");
        // Two charts: percent (CPU and memory usage) and size (memory used), 13 points per line, with markers.
        assert_eq!(html.matches(r#"data-testid="chart""#).count(), 2, "one chart per unit");
        assert_eq!(html.matches(r#"data-points="13""#).count(), 3);
        assert_eq!(html.matches("<circle").count(), 39);
        assert!(html.contains(r#"data-unit="GB""#), "memory used is shown in GB");
        assert!(html.contains("CPU utilization") && html.contains("Memory usage") && html.contains("Maximum of every 5 minutes"));
        assert_eq!(html.matches(" UTC</th>").count(), 13, "a table row per time");
        assert!(html.contains(r#"data-testid="values-table""#));
        assert!(html.matches(r#"data-testid="catalogue-row""#).count() == 131);

        // A refused form: shown as typed, and vCenter is not asked.
        c.sim().calls.lock().unwrap().clear();
        let html = c.html("/appliance/monitoring?metric=cpu.util&interval=MINUTES5&function=AVG&range=custom&start=2026-11-28T14%3A00&end=2026-11-28T12%3A00", &cookie).await;
        assert_eq!(c.sim().calls("GET /rest/appliance/monitoring/query"), 0);
        assert!(html.contains("The start must be before the end."));
        assert!(html.contains(r#"value="2026-11-28T14:00""#) && html.contains(r#"value="2026-11-28T12:00""#));
        assert!(!html.contains(r#"data-testid="chart""#));
        let html = c.html("/appliance/monitoring?metric=cpu.util&interval=MINUTES5&function=AVG&range=30d", &cookie).await;
        assert!(html.contains("at most 1000 can be charted. Pick a longer interval (2 hours or more)"));
        assert_eq!(c.sim().calls("GET /rest/appliance/monitoring/query"), 0);
    })
}
