//! `appliance/monitoring`: the appliance's metric catalogue (list, get) and its time series (query).
//!
//! The catalogue is the one a vCenter Server Appliance 6.7 (small deployment) lists: CPU, memory, swap, every
//! filesystem and vPostgres directory, both network interfaces and 16 LVM volumes, 131 items. Like vCenter,
//! the simulator sends names, units, categories and descriptions as **localization keys**
//! (`com.vmware.applmgmt.mon.name.cpu.util`, `com.vmware.applmgmt.mon.unit.percent`, …); the console turns
//! them into words.
//!
//! `query` answers one series per requested name, one value per interval from the start time to the end time
//! (both included: `(end - start) / interval + 1` values), each a string as on the wire. A value aggregates the
//! raw samples of the interval that ends at its time stamp with the requested function: AVG, MAX, MIN, or COUNT,
//! which VMware documents as "count per period (sum)" and which is the sum of the samples here. Samples are a
//! seeded function of the metric id and the time (a daily cycle, quieter weekends, slow noise, per-sample
//! jitter, log rotation and database growth for storage), so the same query always answers the same values;
//! values for times still in the future are empty strings, as vCenter sends for periods it has no data for.
//!
//! Refusals (all `invalid_argument`, 400): a missing or malformed parameter, an interval or function outside
//! the enumerations, an end time before the start time, a name the catalogue does not hold (the request is
//! wrong, nothing is "missing": `get` of an unknown id, by contrast, answers `not_found`), and more than
//! [`MAX_POINTS`] values per series (the message asks for a longer interval).

use crate::simulator::{ok, Authed, SimError, SimState};
use app::vsphere::models::appliance::monitoring::MonitoredItem;
use app::vsphere::rest::Query;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The most values one series may have (10 days of 5-minute values); more is refused.
pub const MAX_POINTS: i64 = 2880;

const KEY: &str = "com.vmware.applmgmt.mon";

/// The monitoring catalogue and how each metric's samples are made.
pub struct State {
    metrics: Vec<Metric>,
}

struct Metric {
    item: MonitoredItem,
    shape: Shape,
    seed: u64,
}

/// How a metric's raw samples move over time.
#[derive(Clone, Copy)]
enum Shape {
    /// `base` plus a daily cycle (low at 03:00 UTC, high at 15:00, weekends at 60 %), slow noise and jitter,
    /// kept within `[min, max]`; `spikes` adds an occasional burst (a scheduled task).
    Cycle { base: f64, daily: f64, slow: f64, jitter: f64, min: f64, max: f64, spikes: bool },
    /// A size that does not change (a filesystem's size, the memory).
    Constant(f64),
    /// Used space of `total` KB, rising from `lo` to `hi` (fractions) over each `period` seconds, then dropping
    /// back (log rotation, a database purge); in KB, or in percent of `total` when `percent`.
    Sawtooth { total: f64, lo: f64, hi: f64, period: i64, percent: bool },
    /// `total` times another cycle's percentage (memory used in KB from memory usage in percent).
    Share { total: f64, base: f64, daily: f64, slow: f64, jitter: f64 },
    /// Mostly zero; now and then a few (errors, drops).
    Sparse { chance: f64, most: f64 },
}

impl Default for State {
    fn default() -> Self {
        State { metrics: catalogue() }
    }
}

impl State {
    fn find(&self, id: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.item.id == id)
    }
}

fn item(id: &str, units: &str, category: &str, instance: &str) -> MonitoredItem {
    MonitoredItem {
        id: id.into(),
        name: format!("{KEY}.name.{id}"),
        units: format!("{KEY}.unit.{units}"),
        category: format!("{KEY}.cat.{category}"),
        instance: instance.into(),
        description: format!("{KEY}.descr.{id}"),
    }
}

const fn cycle(base: f64, daily: f64, slow: f64, jitter: f64, min: f64, max: f64) -> Shape {
    Shape::Cycle { base, daily, slow, jitter, min, max, spikes: false }
}

/// Filesystems of a 6.7 appliance (small): (id part, mount point, size in KB, used fraction low, high, period).
const FILESYSTEMS: &[(&str, &str, f64, f64, f64, i64)] = &[
    ("root", "/", 11_263_012.0, 0.44, 0.46, 30 * 86_400),
    ("boot", "/boot", 132_168.0, 0.31, 0.31, 365 * 86_400),
    ("swap", "swap", 26_214_396.0, 0.004, 0.02, 86_400),
    ("core", "/storage/core", 25_671_908.0, 0.002, 0.002, 365 * 86_400),
    ("log", "/storage/log", 10_190_100.0, 0.18, 0.34, 86_400),
    ("db", "/storage/db", 10_190_100.0, 0.07, 0.11, 7 * 86_400),
    ("dblog", "/storage/dblog", 15_350_768.0, 0.03, 0.06, 6 * 3_600),
    ("seat", "/storage/seat", 10_190_100.0, 0.05, 0.09, 7 * 86_400),
    ("netdump", "/storage/netdump", 1_011_672.0, 0.004, 0.004, 365 * 86_400),
    ("autodeploy", "/storage/autodeploy", 10_190_100.0, 0.005, 0.005, 365 * 86_400),
    ("imagebuilder", "/storage/imagebuilder", 10_190_100.0, 0.005, 0.005, 365 * 86_400),
    ("updatemgr", "/storage/updatemgr", 103_081_248.0, 0.021, 0.029, 30 * 86_400),
    ("archive", "/storage/archive", 51_466_720.0, 0.15, 0.20, 7 * 86_400),
    ("vtsdb", "/storage/vtsdb", 10_190_100.0, 0.011, 0.013, 7 * 86_400),
    ("vtsdblog", "/storage/vtsdblog", 5_029_504.0, 0.006, 0.008, 86_400),
];

/// vPostgres directories with their size only, and those with a size and a utilization (of `/storage/seat`).
const DB_SIZES: &[(&str, f64)] = &[("vcdb_hourly_stats", 412_880.0), ("vcdb_daily_stats", 96_304.0), ("vcdb_monthly_stats", 12_048.0), ("vcdb_yearly_stats", 3_112.0)];
const DB_DIRS: &[(&str, f64, f64)] = &[("vcdb_stats", 0.052, 0.058), ("vcdb_events", 0.011, 0.016), ("vcdb_alarms", 0.0004, 0.0005), ("vcdb_tasks", 0.002, 0.003)];

const MEMORY_KB: f64 = 16_396_440.0;
const SWAP_KB: f64 = 26_214_396.0;

/// The 6.7 catalogue, in the order vCenter lists it (by category).
fn catalogue() -> Vec<Metric> {
    let mut m: Vec<(MonitoredItem, Shape)> = vec![
        (item("cpu.util", "percent", "cpu", ""), Shape::Cycle { base: 5.0, daily: 16.0, slow: 4.0, jitter: 3.0, min: 0.5, max: 100.0, spikes: true }),
        (item("cpu.steal", "percent", "cpu", ""), cycle(0.1, 0.4, 0.2, 0.15, 0.0, 100.0)),
        (item("cpu.systemload", "load_per_min", "cpu", ""), cycle(0.35, 1.1, 0.3, 0.25, 0.02, 64.0)),
        (item("cpu.totalfrequency", "mhz", "cpu", ""), Shape::Constant(9_576.0)),
        (item("mem.usage", "percent", "memory", ""), cycle(62.0, 9.0, 3.0, 0.6, 0.0, 100.0)),
        (item("mem.util", "kb", "memory", ""), Shape::Share { total: MEMORY_KB, base: 62.0, daily: 9.0, slow: 3.0, jitter: 0.6 }),
        (item("mem.total", "kb", "memory", ""), Shape::Constant(MEMORY_KB)),
        (item("swap.pageRate", "pages_per_sec", "memory", ""), cycle(0.0, 2.5, 1.5, 1.2, 0.0, 10_000.0)),
        (item("swap.util", "kb", "storage", ""), Shape::Sawtooth { total: SWAP_KB, lo: 0.004, hi: 0.02, period: 86_400, percent: false }),
        (item("swap", "kb", "storage", ""), Shape::Constant(SWAP_KB)),
    ];
    for &(fs, mount, total, lo, hi, period) in FILESYSTEMS {
        m.push((item(&format!("storage.used.filesystem.{fs}"), "kb", "storage", mount), Shape::Sawtooth { total, lo, hi, period, percent: false }));
        m.push((item(&format!("storage.totalsize.filesystem.{fs}"), "kb", "storage", mount), Shape::Constant(total)));
        m.push((item(&format!("storage.util.filesystem.{fs}"), "percent", "storage", mount), Shape::Sawtooth { total, lo, hi, period, percent: true }));
    }
    let seat = FILESYSTEMS.iter().find(|f| f.0 == "seat").map(|f| f.2).unwrap_or(0.0);
    for &(dir, kb) in DB_SIZES {
        m.push((item(&format!("storage.totalsize.directory.{dir}"), "kb", "storage", ""), Shape::Sawtooth { total: kb / 0.9, lo: 0.88, hi: 0.9, period: 86_400, percent: false }));
    }
    for &(dir, lo, hi) in DB_DIRS {
        m.push((item(&format!("storage.totalsize.directory.{dir}"), "kb", "storage", ""), Shape::Sawtooth { total: seat, lo, hi, period: 7 * 86_400, percent: false }));
        m.push((item(&format!("storage.util.directory.{dir}"), "percent", "storage", ""), Shape::Sawtooth { total: seat, lo, hi, period: 7 * 86_400, percent: true }));
    }
    for iface in ["eth0", "lo"] {
        let busy = if iface == "eth0" { 1.0 } else { 0.35 };
        for dir in ["rx", "tx"] {
            let more = if dir == "tx" { 1.6 } else { 1.0 };
            m.push((item(&format!("net.{dir}.activity.{iface}"), "kb_per_sec", "network", iface), cycle(18.0 * busy * more, 140.0 * busy * more, 25.0 * busy, 20.0 * busy, 0.0, 1.0e7)));
            m.push((item(&format!("net.{dir}.packetRate.{iface}"), "packets_per_sec", "network", iface), cycle(60.0 * busy, 420.0 * busy * more, 60.0 * busy, 45.0 * busy, 0.0, 1.0e7)));
            m.push((item(&format!("net.{dir}.drop.{iface}"), "drops_per_sample", "network", iface), Shape::Sparse { chance: if iface == "eth0" { 0.02 } else { 0.0 }, most: 3.0 }));
            m.push((item(&format!("net.{dir}.error.{iface}"), "errors_per_sample", "network", iface), Shape::Sparse { chance: if iface == "eth0" { 0.004 } else { 0.0 }, most: 2.0 }));
        }
    }
    for (what, unit) in [("read", "num_of_io_per_msec"), ("write", "num_of_io_per_msec"), ("latency", "msec_per_io")] {
        for n in 0..16 {
            let dev = format!("dm-{n}");
            // The root, log and database volumes (dm-0, dm-5, dm-6, dm-7) are the busy ones.
            let busy = match n { 0 | 5 | 6 | 7 => 1.0, 1 | 8 => 0.3, _ => 0.05 };
            let shape = match what {
                "read" => cycle(0.002 * busy, 0.05 * busy, 0.01 * busy, 0.01 * busy, 0.0, 100.0),
                "write" => cycle(0.01 * busy, 0.09 * busy, 0.02 * busy, 0.02 * busy, 0.0, 100.0),
                _ => cycle(0.4 + 0.6 * busy, 1.2 * busy, 0.3, 0.25, 0.05, 1000.0),
            };
            m.push((item(&format!("disk.{what}.rate.{dev}"), unit, "disk", &dev), shape));
        }
    }
    m.into_iter().map(|(item, shape)| Metric { seed: fnv(&item.id), item, shape }).collect()
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// A uniform value in `[0, 1)` from a seed and a counter (splitmix64).
fn unit(seed: u64, k: i64) -> f64 {
    let mut z = seed ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Noise that drifts smoothly: random knots every 20 minutes, eased between; in `[-1, 1]`.
fn slow_noise(seed: u64, t: i64) -> f64 {
    const KNOT: i64 = 1_200;
    let k = t.div_euclid(KNOT);
    let f = t.rem_euclid(KNOT) as f64 / KNOT as f64;
    let ease = (1.0 - (f * std::f64::consts::PI).cos()) / 2.0;
    let (a, b) = (unit(seed, k) * 2.0 - 1.0, unit(seed, k + 1) * 2.0 - 1.0);
    a + (b - a) * ease
}

/// The working day: 0 at 03:00 UTC, 1 at 15:00; weekends (Saturday, Sunday) at 60 %.
fn daily(t: i64) -> f64 {
    let hour = t.rem_euclid(86_400) as f64 / 3_600.0;
    let day = (t.div_euclid(86_400) + 4).rem_euclid(7); // 1970-01-01 was a Thursday (4); 0 = Sunday
    let weekend = if day == 0 || day == 6 { 0.6 } else { 1.0 };
    weekend * (1.0 - ((hour - 3.0) / 24.0 * std::f64::consts::TAU).cos()) / 2.0
}

impl Metric {
    /// The raw sample at `t` (Unix seconds).
    fn sample(&self, t: i64) -> f64 {
        let s = self.seed;
        let jitter = |amount: f64| amount * (unit(s ^ 0x5a5a, t.div_euclid(60)) * 2.0 - 1.0);
        match self.shape {
            Shape::Cycle { base, daily: d, slow, jitter: j, min, max, spikes } => {
                let mut v = base + d * daily(t) + slow * slow_noise(s, t) + jitter(j);
                // A 10-minute burst (a scheduled task) in about one 10-minute block of 80.
                if spikes && unit(s ^ 0xbeef, t.div_euclid(600)) < 0.0125 {
                    v += 12.0 + 20.0 * unit(s, t.div_euclid(60));
                }
                v.clamp(min, max)
            }
            Shape::Constant(v) => v,
            Shape::Sawtooth { total, lo, hi, period, percent } => {
                let phase = t.rem_euclid(period) as f64 / period as f64;
                let frac = (lo + (hi - lo) * phase + jitter((hi - lo).max(0.0005) * 0.01)).clamp(0.0, 1.0);
                if percent {
                    frac * 100.0
                } else {
                    (frac * total).round()
                }
            }
            Shape::Share { total, base, daily: d, slow, jitter: j } => {
                let pct = (base + d * daily(t) + slow * slow_noise(s ^ 0x1, t) + jitter(j)).clamp(0.0, 100.0);
                (total * pct / 100.0).round()
            }
            Shape::Sparse { chance, most } => {
                if unit(s, t.div_euclid(60)) < chance {
                    1.0 + (unit(s ^ 0x77, t.div_euclid(60)) * most).floor()
                } else {
                    0.0
                }
            }
        }
    }

    /// Whole numbers (sizes, counts, frequencies) or two decimals, as strings.
    fn format(&self, v: f64) -> String {
        let whole = self.item.units.ends_with(".kb") || self.item.units.ends_with(".mhz") || matches!(self.shape, Shape::Sparse { .. });
        if whole {
            format!("{}", v.round() as i64)
        } else {
            format!("{v:.2}")
        }
    }
}

/// An interval's length in seconds.
fn interval_seconds(interval: &str) -> Option<i64> {
    Some(match interval {
        "MINUTES5" => 300,
        "MINUTES30" => 1_800,
        "HOURS2" => 7_200,
        "HOURS6" => 21_600,
        "DAY1" => 86_400,
        _ => return None,
    })
}

/// The value of one interval ending at `t`: its raw samples (one a minute, at most 60 per interval: longer
/// intervals are rolled up from sparser samples) aggregated.
fn aggregate(m: &Metric, t: i64, step: i64, function: &str) -> f64 {
    let spacing = (step / 60).max(60);
    let n = step / spacing;
    let samples = (0..n).map(|i| m.sample(t - i * spacing));
    match function {
        "MAX" => samples.fold(f64::MIN, f64::max),
        "MIN" => samples.fold(f64::MAX, f64::min),
        "COUNT" => samples.sum(),
        _ => samples.sum::<f64>() / n as f64,
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/monitoring", get(list))
        .route("/rest/appliance/monitoring/query", get(query))
        .route("/rest/appliance/monitoring/{stat_id}", get(get_item))
}

async fn list(AxState(s): AxState<SimState>, _: Authed) -> Response {
    ok(s.monitoring.metrics.iter().map(|m| &m.item).collect::<Vec<_>>())
}

async fn get_item(AxState(s): AxState<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    // `GET /appliance/monitoring/{stat_id}` documents only `error`.
    let m = s.monitoring.find(&id).ok_or_else(|| SimError::error("com.vmware.applmgmt.mon.err.item.unknown", format!("Monitored item '{id}' does not exist on this appliance."), &[&id]))?;
    Ok(ok(&m.item))
}

fn missing(field: &str) -> SimError {
    SimError::invalid_argument("vapi.bindings.typeconverter.missing.field", format!("Structure 'item' is missing the field '{field}'."), &[field])
}

fn bad_value(field: &str, value: &str, expected: &str) -> SimError {
    SimError::invalid_argument(
        "vapi.bindings.typeconverter.invalid.value",
        format!("Invalid value '{value}' for field 'item.{field}'; expected {expected}."),
        &[value, field],
    )
}

fn time_param(q: &Query, field: &str) -> Result<OffsetDateTime, SimError> {
    let raw = q.get(&format!("item.{field}")).ok_or_else(|| missing(field))?;
    OffsetDateTime::parse(raw, &Rfc3339).map_err(|_| bad_value(field, raw, "a date and time in UTC such as 2018-05-01T10:00:00.000Z"))
}

/// `2018-05-01T10:00:00.000Z`, as vCenter writes times.
fn wire_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second(), t.millisecond())
}

async fn query(AxState(s): AxState<SimState>, _: Authed, RawQuery(raw): RawQuery) -> Result<Response, SimError> {
    let q = Query::parse(raw.as_deref().unwrap_or(""));
    let names = q.get_array("item.names");
    if names.is_empty() {
        return Err(missing("names"));
    }
    let interval = q.get("item.interval").ok_or_else(|| missing("interval"))?;
    let step = interval_seconds(interval).ok_or_else(|| bad_value("interval", interval, "one of MINUTES5, MINUTES30, HOURS2, HOURS6, DAY1"))?;
    let function = q.get("item.function").ok_or_else(|| missing("function"))?;
    if !["AVG", "MAX", "MIN", "COUNT"].contains(&function) {
        return Err(bad_value("function", function, "one of AVG, MAX, MIN, COUNT"));
    }
    let (start, end) = (time_param(&q, "start_time")?, time_param(&q, "end_time")?);
    if end < start {
        let (a, b) = (wire_time(start), wire_time(end));
        return Err(SimError::error(
            "com.vmware.applmgmt.mon.err.time.range",
            format!("The end time {b} is before the start time {a}."),
            &[&a, &b],
        ));
    }
    let metrics = names
        .iter()
        .map(|n| {
            s.monitoring.find(n).ok_or_else(|| {
                SimError::error("com.vmware.applmgmt.mon.err.item.unknown", format!("Monitored item '{n}' does not exist on this appliance."), &[n])
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (t0, t1) = (start.unix_timestamp(), end.unix_timestamp());
    let points = (t1 - t0) / step + 1;
    if points > MAX_POINTS {
        let (p, cap) = (points.to_string(), MAX_POINTS.to_string());
        return Err(SimError::error(
            "com.vmware.applmgmt.mon.err.too.many.points",
            format!("The query asks for {p} values per item; at most {cap} are returned. Use a longer interval or a shorter time range."),
            &[&p, &cap],
        ));
    }
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let series: Vec<_> = metrics
        .iter()
        .map(|m| {
            let data: Vec<String> = (0..points)
                .map(|i| t0 + i * step)
                .map(|t| if t > now { String::new() } else { m.format(aggregate(m, t, step, function)) })
                .collect();
            json!({
                "name": m.item.id,
                "interval": interval,
                "function": function,
                "start_time": wire_time(start),
                "end_time": wire_time(end),
                "data": data,
            })
        })
        .collect();
    Ok(ok(series))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_a_67_appliance() {
        let c = catalogue();
        assert_eq!(c.len(), 131);
        let ids: std::collections::HashSet<_> = c.iter().map(|m| m.item.id.as_str()).collect();
        assert_eq!(ids.len(), c.len(), "ids are unique");
        for id in ["cpu.util", "cpu.steal", "mem.usage", "mem.total", "swap.util", "storage.util.filesystem.log", "storage.used.filesystem.db", "net.rx.activity.eth0", "net.tx.activity.eth0", "disk.read.rate.dm-0"] {
            assert!(ids.contains(id), "{id}");
        }
    }

    #[test]
    fn samples_stay_in_range_and_follow_the_day() {
        let c = catalogue();
        let cpu = c.iter().find(|m| m.item.id == "cpu.util").unwrap();
        // A Wednesday: nights are quieter than afternoons.
        let wed = 1_794_960_000; // 2026-11-18 00:00 UTC
        let avg = |from: i64| (0..60).map(|i| cpu.sample(from + i * 60)).sum::<f64>() / 60.0;
        assert!(avg(wed + 15 * 3_600) > avg(wed + 3 * 3_600) + 5.0);
        for m in &c {
            for k in 0..500 {
                let v = m.sample(wed + k * 613);
                assert!(v.is_finite() && v >= 0.0, "{} {v}", m.item.id);
                if m.item.units.ends_with("percent") {
                    assert!(v <= 100.0, "{} {v}", m.item.id);
                }
            }
        }
    }
}
