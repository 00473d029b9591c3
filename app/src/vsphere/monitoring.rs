//! Appliance monitoring in words. vCenter names its monitored items, their units and categories with
//! localization keys (`com.vmware.applmgmt.mon.name.cpu.util`, `com.vmware.applmgmt.mon.unit.kb_per_sec`,
//! `com.vmware.applmgmt.mon.cat.network`) that its own UI looks up in a resource bundle; the console does the
//! same here, in English. A key it does not know is shown readably (its last part), and a value that is not a
//! key at all (a later vCenter may send text) is shown as sent.

use crate::vsphere::models::appliance::monitoring::{FunctionType, IntervalType};

pub const KEY_PREFIX: &str = "com.vmware.applmgmt.mon.";

/// The intervals, finest first, with how the console says them.
pub const INTERVALS: &[(&str, &str)] = &[("MINUTES5", "5 minutes"), ("MINUTES30", "30 minutes"), ("HOURS2", "2 hours"), ("HOURS6", "6 hours"), ("DAY1", "1 day")];

/// The aggregation functions with their words; COUNT is "count per period (sum)" in VMware's reference.
pub const FUNCTIONS: &[(&str, &str)] = &[("AVG", "Average"), ("MAX", "Maximum"), ("MIN", "Minimum"), ("COUNT", "Count (sum per interval)")];

/// An interval's length in seconds; `None` for a value this build does not know.
pub fn interval_seconds(i: &IntervalType) -> Option<i64> {
    Some(match i {
        IntervalType::Minutes5 => 300,
        IntervalType::Minutes30 => 1_800,
        IntervalType::Hours2 => 7_200,
        IntervalType::Hours6 => 21_600,
        IntervalType::Day1 => 86_400,
        IntervalType::UnknownValue(_) => return None,
    })
}

/// "5 minutes" for `MINUTES5`; unknown values as sent.
pub fn interval_words(i: &str) -> String {
    INTERVALS.iter().find(|(k, _)| *k == i).map(|(_, w)| w.to_string()).unwrap_or_else(|| i.to_string())
}

/// "Average" for `AVG`; unknown values as sent.
pub fn function_words(f: &FunctionType) -> String {
    FUNCTIONS.iter().find(|(k, _)| *k == f.as_str()).map(|(_, w)| w.to_string()).unwrap_or_else(|| f.as_str().to_string())
}

/// How many values a query answers: one per interval from the start to the end, both included.
pub fn point_count(span_seconds: i64, step_seconds: i64) -> i64 {
    if step_seconds <= 0 || span_seconds < 0 {
        0
    } else {
        span_seconds / step_seconds + 1
    }
}

/// The part of a key after `com.vmware.applmgmt.mon.<kind>.`, or `None` when `value` is not such a key.
fn key_tail<'a>(value: &'a str, kind: &str) -> Option<&'a str> {
    value.strip_prefix(KEY_PREFIX)?.strip_prefix(kind)?.strip_prefix('.')
}

/// A unit key as a short axis label: `%`, `KB`, `KB/s`, `MHz`, …
pub fn unit_label(units: &str) -> String {
    let Some(u) = key_tail(units, "unit") else { return units.to_string() };
    match u {
        "percent" => "%".into(),
        "kb" => "KB".into(),
        "kb_per_sec" => "KB/s".into(),
        "mb" => "MB".into(),
        "mhz" => "MHz".into(),
        "load_per_min" => "load".into(),
        "num_of_io_per_msec" => "I/O per ms".into(),
        "msec_per_io" => "ms per I/O".into(),
        "packets_per_sec" => "packets/s".into(),
        "errors_per_sample" => "errors per sample".into(),
        "drops_per_sample" => "drops per sample".into(),
        "pages_per_sec" => "pages/s".into(),
        other => other.replace('_', " "),
    }
}

/// A unit key in words, for a chart's title: "Percent", "Kilobytes per second", …
pub fn unit_words(units: &str) -> String {
    let Some(u) = key_tail(units, "unit") else { return units.to_string() };
    match u {
        "percent" => "Percent".into(),
        "kb" => "Size".into(),
        "kb_per_sec" => "Throughput".into(),
        "mhz" => "Frequency".into(),
        "load_per_min" => "System load".into(),
        "num_of_io_per_msec" => "I/O operations per millisecond".into(),
        "msec_per_io" => "Milliseconds per I/O operation".into(),
        "packets_per_sec" => "Packets per second".into(),
        "errors_per_sample" => "Errors per sample".into(),
        "drops_per_sample" => "Dropped packets per sample".into(),
        "pages_per_sec" => "Pages per second".into(),
        other => capitalize(&other.replace('_', " ")),
    }
}

/// A category key in words: CPU, Memory, Storage, Network, Disk.
pub fn category_label(category: &str) -> String {
    let Some(c) = key_tail(category, "cat") else { return category.to_string() };
    match c {
        "cpu" => "CPU".into(),
        "memory" => "Memory".into(),
        "storage" => "Storage".into(),
        "network" => "Network".into(),
        "disk" => "Disk".into(),
        other => capitalize(&other.replace('_', " ")),
    }
}

/// The order categories are shown in; others after these.
pub fn category_rank(label: &str) -> usize {
    ["CPU", "Memory", "Network", "Disk", "Storage"].iter().position(|c| *c == label).unwrap_or(99)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `vcdb_events` → `database events`; other names as they are.
fn storage_words(name: &str) -> String {
    match name.strip_prefix("vcdb_") {
        Some(rest) => format!("database {}", rest.replace('_', " ")),
        None => name.replace('_', " "),
    }
}

/// What a metric id names, in words (the `name` key is `com.vmware.applmgmt.mon.name.<id>`).
pub fn metric_name_of_id(id: &str) -> String {
    let p: Vec<&str> = id.split('.').collect();
    match p.as_slice() {
        ["cpu", "util"] => "CPU utilization".into(),
        ["cpu", "steal"] => "CPU steal time".into(),
        ["cpu", "systemload"] => "System load".into(),
        ["cpu", "totalfrequency"] => "CPU frequency (all vCPUs)".into(),
        ["mem", "usage"] => "Memory usage".into(),
        ["mem", "util"] => "Memory used".into(),
        ["mem", "total"] => "Memory total".into(),
        ["swap"] => "Swap total".into(),
        ["swap", "util"] => "Swap used".into(),
        ["swap", "pageRate"] => "Swap page rate".into(),
        ["net", dir, what, iface @ ..] => {
            let iface = iface.join(".");
            let (noun, verb) = if *dir == "rx" { ("receive", "received") } else { ("transmit", "sent") };
            match *what {
                "activity" => format!("Network {verb} ({iface})"),
                "packetRate" => format!("Packets {verb} ({iface})"),
                "drop" => format!("Packets dropped, {noun} ({iface})"),
                "error" => format!("Errors, {noun} ({iface})"),
                other => format!("Network {other}, {noun} ({iface})"),
            }
        }
        ["disk", what, "rate", dev @ ..] => {
            let dev = dev.join(".");
            match *what {
                "read" => format!("Disk reads ({dev})"),
                "write" => format!("Disk writes ({dev})"),
                "latency" => format!("Disk latency ({dev})"),
                other => format!("Disk {other} ({dev})"),
            }
        }
        ["storage", kind, place, name @ ..] => {
            let name = name.join(".");
            let thing = if *place == "directory" { storage_words(&name) } else { format!("{name} filesystem") };
            match *kind {
                "used" => format!("Used space, {thing}"),
                "totalsize" => format!("Size, {thing}"),
                "util" => format!("Utilization, {thing}"),
                other => format!("{}, {thing}", capitalize(other)),
            }
        }
        _ => capitalize(&id.replace(['.', '_'], " ")),
    }
}

/// A metric's name key in words; text that is not a key is shown as sent.
pub fn metric_name(name: &str, id: &str) -> String {
    match key_tail(name, "name") {
        Some(tail) => metric_name_of_id(tail),
        None if name.is_empty() => metric_name_of_id(id),
        None => name.to_string(),
    }
}

/// What a metric id measures, in a sentence (the `description` key is `com.vmware.applmgmt.mon.descr.<id>`).
pub fn metric_description_of_id(id: &str) -> String {
    let p: Vec<&str> = id.split('.').collect();
    match p.as_slice() {
        ["cpu", "util"] => "Share of the appliance's CPU capacity in use, over all its vCPUs.".into(),
        ["cpu", "steal"] => "Share of time the vCPUs were ready to run but the host ran something else.".into(),
        ["cpu", "systemload"] => "Average number of processes running or waiting for a CPU, over one minute.".into(),
        ["cpu", "totalfrequency"] => "Sum of the clock frequencies of the appliance's vCPUs.".into(),
        ["mem", "usage"] => "Share of the appliance's memory in use.".into(),
        ["mem", "util"] => "Memory in use.".into(),
        ["mem", "total"] => "Memory of the appliance.".into(),
        ["swap"] => "Size of the swap space.".into(),
        ["swap", "util"] => "Swap space in use.".into(),
        ["swap", "pageRate"] => "Pages swapped in and out per second.".into(),
        ["net", dir, what, iface @ ..] => {
            let iface = iface.join(".");
            let way = if *dir == "rx" { "received on" } else { "sent from" };
            match *what {
                "activity" => format!("Data {way} interface {iface}, per second."),
                "packetRate" => format!("Packets {way} interface {iface}, per second."),
                "drop" => format!("Packets dropped that were to be {way} interface {iface}."),
                "error" => format!("Errors on packets {way} interface {iface}."),
                _ => format!("Network statistic of interface {iface}."),
            }
        }
        ["disk", what, "rate", dev @ ..] => {
            let dev = dev.join(".");
            match *what {
                "read" => format!("Read operations per millisecond on volume {dev}."),
                "write" => format!("Write operations per millisecond on volume {dev}."),
                "latency" => format!("Time one I/O operation takes on volume {dev}, in milliseconds."),
                _ => format!("Disk statistic of volume {dev}."),
            }
        }
        ["storage", kind, place, name @ ..] => {
            let name = name.join(".");
            let thing = if *place == "directory" { format!("the {} directory of the vCenter database", storage_words(&name)) } else { format!("the {name} filesystem") };
            match *kind {
                "used" => format!("Space used on {thing}."),
                "totalsize" => format!("Size of {thing}."),
                "util" => format!("Share of {thing} in use."),
                _ => format!("Storage statistic of {thing}."),
            }
        }
        _ => String::new(),
    }
}

/// A metric's description key in a sentence; text that is not a key is shown as sent.
pub fn metric_description(description: &str, id: &str) -> String {
    match key_tail(description, "descr") {
        Some(tail) => metric_description_of_id(tail),
        None if description.is_empty() => metric_description_of_id(id),
        None => description.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(unit_label("com.vmware.applmgmt.mon.unit.percent"), "%");
        assert_eq!(unit_label("com.vmware.applmgmt.mon.unit.kb_per_sec"), "KB/s");
        assert_eq!(unit_label("com.vmware.applmgmt.mon.unit.furlongs_per_week"), "furlongs per week", "an unknown key reads plainly");
        assert_eq!(unit_label("Mbps"), "Mbps", "text is kept");
        assert_eq!(unit_words("com.vmware.applmgmt.mon.unit.kb"), "Size");
        assert_eq!(category_label("com.vmware.applmgmt.mon.cat.cpu"), "CPU");
        assert_eq!(category_label("com.vmware.applmgmt.mon.cat.gpu_things"), "Gpu things");
        assert!(category_rank("CPU") < category_rank("Storage") && category_rank("Storage") < category_rank("Other"));
    }

    #[test]
    fn metric_names_and_descriptions() {
        assert_eq!(metric_name("com.vmware.applmgmt.mon.name.cpu.util", "cpu.util"), "CPU utilization");
        assert_eq!(metric_name("com.vmware.applmgmt.mon.name.net.rx.activity.eth0", "net.rx.activity.eth0"), "Network received (eth0)");
        assert_eq!(metric_name_of_id("net.tx.drop.lo"), "Packets dropped, transmit (lo)");
        assert_eq!(metric_name_of_id("disk.latency.rate.dm-3"), "Disk latency (dm-3)");
        assert_eq!(metric_name_of_id("storage.util.filesystem.log"), "Utilization, log filesystem");
        assert_eq!(metric_name_of_id("storage.totalsize.directory.vcdb_events"), "Size, database events");
        assert_eq!(metric_name_of_id("foo.bar_baz"), "Foo bar baz");
        assert_eq!(metric_name("Network write speed", "x"), "Network write speed", "text is kept");
        assert_eq!(metric_name("", "mem.total"), "Memory total", "a missing name comes from the id");
        assert_eq!(metric_description("com.vmware.applmgmt.mon.descr.storage.used.filesystem.db", "storage.used.filesystem.db"), "Space used on the db filesystem.");
        assert!(metric_description("com.vmware.applmgmt.mon.descr.net.rx.activity.eth0", "").contains("received on interface eth0"));
        assert_eq!(metric_description("Some text", ""), "Some text");
    }

    #[test]
    fn intervals_and_points() {
        assert_eq!(interval_seconds(&IntervalType::Minutes5), Some(300));
        assert_eq!(interval_seconds(&IntervalType::Day1), Some(86_400));
        assert_eq!(interval_seconds(&IntervalType::UnknownValue("WEEK".into())), None);
        assert_eq!(interval_words("HOURS6"), "6 hours");
        assert_eq!(function_words(&FunctionType::Max), "Maximum");
        assert_eq!(point_count(3_600, 300), 13, "an hour of 5-minute values, both ends included");
        assert_eq!(point_count(86_400 * 7, 1_800), 337);
        assert_eq!(point_count(0, 300), 1);
        assert_eq!(point_count(-1, 300), 0);
        assert_eq!(INTERVALS.len(), IntervalType::VALUES.len());
        assert_eq!(FUNCTIONS.len(), FunctionType::VALUES.len());
    }
}
