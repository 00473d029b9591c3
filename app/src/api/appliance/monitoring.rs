//! Appliance › Monitoring server functions: the metric catalogue (`appliance/monitoring` list) and a query
//! (`appliance/monitoring/query`, with `appliance/monitoring/{stat_id}` for each metric asked for), and the
//! query form's rules as plain functions, checked in the page before anything is sent and again here.

use crate::error::AppError;
use crate::vsphere::models::appliance::monitoring::{FunctionType, IntervalType, MonitoredItem};
use crate::vsphere::monitoring::{category_label, interval_seconds, interval_words, metric_description, metric_name, point_count, unit_label, INTERVALS};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime};

/// The most values per metric the console charts: a chart is about a thousand pixels wide, so more values
/// than that cannot be told apart (vCenter's own limit may be higher).
pub const MAX_POINTS: i64 = 1_000;

/// The most metrics one query may chart.
pub const MAX_METRICS: usize = 12;

/// The time range presets: (form value, words, seconds). `custom` uses the start and end fields.
pub const RANGES: &[(&str, &str, i64)] = &[
    ("1h", "Last hour", 3_600),
    ("6h", "Last 6 hours", 21_600),
    ("1d", "Last day", 86_400),
    ("7d", "Last week", 604_800),
    ("30d", "Last 30 days", 2_592_000),
];

/// A monitored item, in words (see [`crate::vsphere::monitoring`]); `units` keeps vCenter's key (charts group
/// metrics by it), `unit` is its label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub units: String,
    pub unit: String,
    pub category: String,
    pub instance: String,
    pub description: String,
}

impl From<MonitoredItem> for Metric {
    fn from(m: MonitoredItem) -> Self {
        Metric {
            name: metric_name(&m.name, &m.id),
            description: metric_description(&m.description, &m.id),
            unit: unit_label(&m.units),
            category: category_label(&m.category),
            units: m.units,
            instance: m.instance,
            id: m.id,
        }
    }
}

/// The query form as typed (it travels in the page's query string: a chart's URL can be shared).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct QueryForm {
    /// Metric ids (`metric=…`, once per checked box).
    pub metrics: Vec<String>,
    /// `MINUTES5` … `DAY1`.
    pub interval: String,
    /// `AVG`, `MAX`, `MIN`, `COUNT`.
    pub function: String,
    /// A preset of [`RANGES`] or `custom`.
    pub range: String,
    /// For `custom`: UTC, as a `datetime-local` field sends it (`2026-11-28T14:30`) or RFC 3339.
    pub start: String,
    pub end: String,
}

impl QueryForm {
    /// What the page shows before the user asked for anything: CPU and memory, the last 6 hours, every 5
    /// minutes, averaged.
    pub fn initial() -> Self {
        QueryForm {
            metrics: vec!["cpu.util".into(), "mem.usage".into()],
            interval: "MINUTES5".into(),
            function: "AVG".into(),
            range: "6h".into(),
            start: String::new(),
            end: String::new(),
        }
    }
}

/// The time range of a checked query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// The last so many seconds, up to now.
    Last(i64),
    /// From, to (Unix seconds).
    Between(i64, i64),
}

impl Span {
    pub fn seconds(&self) -> i64 {
        match *self {
            Span::Last(s) => s,
            Span::Between(a, b) => b - a,
        }
    }
}

/// A query the console may send.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedQuery {
    pub names: Vec<String>,
    pub interval: IntervalType,
    pub function: FunctionType,
    pub step: i64,
    pub span: Span,
}

/// A time typed in UTC: `2026-11-28T14:30`, with seconds, with a space for the `T`, or RFC 3339.
pub fn parse_utc(s: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    let s = s.replacen(' ', "T", 1);
    PrimitiveDateTime::parse(&s, format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"))
        .or_else(|_| PrimitiveDateTime::parse(&s, format_description!("[year]-[month]-[day]T[hour]:[minute]")))
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// Unix seconds as vCenter writes times: `2026-11-28T14:30:00.000Z`.
pub fn wire_time(unix: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second()),
        Err(_) => String::new(),
    }
}

/// Unix seconds as a `datetime-local` field's value: `2026-11-28T14:30`.
pub fn field_time(unix: i64) -> String {
    wire_time(unix).get(..16).unwrap_or_default().to_string()
}

/// The shortest interval that keeps `span` within [`MAX_POINTS`], in words.
fn interval_that_fits(span: i64) -> Option<&'static str> {
    INTERVALS.iter().find(|(k, _)| interval_seconds(&k.parse().unwrap()).is_some_and(|s| point_count(span, s) <= MAX_POINTS)).map(|(_, w)| *w)
}

/// Checks the form: at least one metric (and at most [`MAX_METRICS`]), a known interval and function, a
/// preset or a custom range whose start is before its end, and at most [`MAX_POINTS`] values per metric
/// (else: which longer interval to pick). Needs no clock, so the page and the server agree.
pub fn check_query(f: &QueryForm) -> Result<CheckedQuery, AppError> {
    let mut names: Vec<String> = Vec::new();
    for m in f.metrics.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        if !names.iter().any(|n| n == m) {
            names.push(m.to_string());
        }
    }
    if names.is_empty() {
        return Err(AppError::invalid("metrics", "Pick at least one metric."));
    }
    if names.len() > MAX_METRICS {
        return Err(AppError::invalid("metrics", format!("Pick at most {MAX_METRICS} metrics; {} are checked.", names.len())));
    }
    let interval: IntervalType = f.interval.parse().unwrap();
    let step = interval_seconds(&interval).ok_or_else(|| AppError::invalid("interval", "Pick an interval between values."))?;
    let function: FunctionType = f.function.parse().unwrap();
    if matches!(function, FunctionType::UnknownValue(_)) {
        return Err(AppError::invalid("function", "Pick how values are aggregated: average, maximum, minimum or count."));
    }
    let span = if f.range == "custom" {
        let start = parse_utc(&f.start).ok_or_else(|| AppError::invalid("start", "Enter the start as a date and time (UTC), e.g. 2026-11-28 14:30."))?;
        let end = parse_utc(&f.end).ok_or_else(|| AppError::invalid("end", "Enter the end as a date and time (UTC), e.g. 2026-11-28 18:30."))?;
        if start >= end {
            return Err(AppError::invalid("end", "The start must be before the end."));
        }
        Span::Between(start, end)
    } else {
        let (_, _, seconds) = RANGES.iter().find(|(k, _, _)| *k == f.range).ok_or_else(|| AppError::invalid("range", "Pick a time range."))?;
        Span::Last(*seconds)
    };
    let points = point_count(span.seconds(), step);
    if points > MAX_POINTS {
        let advice = match interval_that_fits(span.seconds()) {
            Some(w) => format!("Pick a longer interval ({w} or more) or a shorter time range."),
            None => "Pick a shorter time range.".to_string(),
        };
        return Err(AppError::invalid(
            "interval",
            format!("That is {points} values per metric (one every {}); at most {MAX_POINTS} can be charted. {advice}", interval_words(interval.as_str())),
        ));
    }
    Ok(CheckedQuery { names, interval, function, step, span })
}

/// One metric's values: `None` where vCenter has none (an empty string on the wire, or not a number).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub metric: Metric,
    pub values: Vec<Option<f64>>,
}

/// A query's answer: value `i` of every series is for `start + i * step` (Unix seconds, UTC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonitoringData {
    pub start: i64,
    pub end: i64,
    pub step: i64,
    pub interval: String,
    pub function: String,
    pub series: Vec<Series>,
}

#[server(prefix = "/api", endpoint = "appliance/monitoring")]
pub async fn get_monitoring_catalogue() -> Result<Vec<Metric>, AppError> {
    crate::api::ssr::with_vc(|vc| async move { Ok(vc.appliance_monitoring_list().await?.into_iter().map(Metric::from).collect()) }).await
}

#[server(prefix = "/api", endpoint = "appliance/monitoring/query", input = leptos::server_fn::codec::Json)]
pub async fn query_monitoring(form: QueryForm) -> Result<MonitoringData, AppError> {
    use crate::client::appliance::monitoring::MonitoringQuery;
    let q = check_query(&form)?;
    let (start, end) = match q.span {
        // Up to now, on a 5-minute boundary (vCenter's finest interval): the same hour asked twice answers
        // the same values.
        Span::Last(s) => {
            let now = OffsetDateTime::now_utc().unix_timestamp();
            let end = now - now.rem_euclid(300);
            (end - s, end)
        }
        Span::Between(a, b) => (a, b),
    };
    let request = MonitoringQuery {
        names: q.names.clone(),
        interval: q.interval.clone(),
        function: q.function.clone(),
        start_time: wire_time(start),
        end_time: wire_time(end),
    };
    crate::api::ssr::with_vc(|vc| async move {
        // Each metric's description (which also says clearly when one does not exist), and the values.
        let items = futures::future::try_join_all(q.names.iter().map(|n| {
            let vc = vc.clone();
            async move { vc.appliance_monitoring_get(n).await }
        }));
        let (items, data) = tokio::try_join!(items, vc.monitoring_query(&request))?;
        let series = items
            .into_iter()
            .map(|item| {
                let values = data
                    .iter()
                    .find(|d| d.name == item.id)
                    .map(|d| d.data.iter().map(|v| v.trim().parse::<f64>().ok().filter(|v| v.is_finite())).collect())
                    .unwrap_or_default();
                Series { metric: Metric::from(item), values }
            })
            .collect();
        Ok(MonitoringData { start, end, step: q.step, interval: q.interval.to_string(), function: q.function.to_string(), series })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(metrics: &[&str], interval: &str, range: &str) -> QueryForm {
        QueryForm { metrics: metrics.iter().map(|s| s.to_string()).collect(), interval: interval.into(), function: "AVG".into(), range: range.into(), ..Default::default() }
    }

    fn refusal(f: &QueryForm) -> (String, String) {
        match check_query(f).unwrap_err() {
            AppError::Invalid { field, message } => (field, message),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn times_parse_as_utc() {
        assert_eq!(parse_utc("2026-11-28T14:30"), Some(1_795_876_200));
        assert_eq!(parse_utc(" 2026-11-28 14:30 "), Some(1_795_876_200));
        assert_eq!(parse_utc("2026-11-28T14:30:00"), Some(1_795_876_200));
        assert_eq!(parse_utc("2026-11-28T15:30:00+01:00"), Some(1_795_876_200));
        assert_eq!(parse_utc("2026-11-28T14:30:00.000Z"), Some(1_795_876_200));
        assert_eq!(parse_utc("yesterday"), None);
        assert_eq!(parse_utc("2026-13-01T00:00"), None);
        assert_eq!(wire_time(1_795_876_200), "2026-11-28T14:30:00.000Z");
        assert_eq!(field_time(1_795_876_200), "2026-11-28T14:30");
    }

    #[test]
    fn a_good_query_passes() {
        let q = check_query(&form(&["cpu.util", "mem.usage", "cpu.util", " "], "MINUTES5", "1h")).unwrap();
        assert_eq!(q.names, vec!["cpu.util", "mem.usage"], "duplicates and blanks dropped");
        assert_eq!((q.step, q.span), (300, Span::Last(3_600)));
        assert!(check_query(&QueryForm::initial()).is_ok());
        let mut custom = form(&["cpu.util"], "HOURS2", "custom");
        custom.start = "2026-11-01T00:00".into();
        custom.end = "2026-11-28T00:00".into();
        assert_eq!(check_query(&custom).unwrap().span, Span::Between(1_793_491_200, 1_795_824_000));
    }

    #[test]
    fn refusals_name_the_field() {
        assert_eq!(refusal(&form(&[], "MINUTES5", "1h")), ("metrics".into(), "Pick at least one metric.".into()));
        let many: Vec<String> = (0..13).map(|i| format!("m{i}")).collect();
        let many: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
        assert!(refusal(&form(&many, "MINUTES5", "1h")).1.contains("at most 12 metrics"));
        assert_eq!(refusal(&form(&["cpu.util"], "WEEK1", "1h")).0, "interval");
        assert_eq!(refusal(&form(&["cpu.util"], "MINUTES5", "2y")).0, "range");
        let mut f = form(&["cpu.util"], "MINUTES5", "1h");
        f.function = "MEDIAN".into();
        assert_eq!(refusal(&f).0, "function");
    }

    #[test]
    fn a_custom_range_must_run_forwards() {
        let mut f = form(&["cpu.util"], "MINUTES5", "custom");
        f.start = "2026-11-28T14:30".into();
        f.end = "2026-11-28T12:00".into();
        assert_eq!(refusal(&f), ("end".into(), "The start must be before the end.".into()));
        f.end = f.start.clone();
        assert_eq!(refusal(&f).0, "end", "an empty range is refused too");
        f.start = "soon".into();
        assert_eq!(refusal(&f).0, "start");
        f.start = "2026-11-28T10:00".into();
        f.end = String::new();
        assert_eq!(refusal(&f).0, "end");
    }

    #[test]
    fn too_many_values_ask_for_a_longer_interval() {
        // A week at 5 minutes is 2017 values: 30 minutes (337) is the shortest that fits.
        let (field, message) = refusal(&form(&["cpu.util"], "MINUTES5", "7d"));
        assert_eq!(field, "interval");
        assert!(message.contains("2017 values per metric (one every 5 minutes)"), "{message}");
        assert!(message.contains("Pick a longer interval (30 minutes or more)"), "{message}");
        // 30 days at 30 minutes is 1441: 2 hours fits.
        assert!(refusal(&form(&["cpu.util"], "MINUTES30", "30d")).1.contains("(2 hours or more)"));
        assert!(check_query(&form(&["cpu.util"], "HOURS2", "30d")).is_ok());
        // Ten years at 5 minutes: no interval fits.
        let mut f = form(&["cpu.util"], "MINUTES5", "custom");
        f.start = "2016-01-01T00:00".into();
        f.end = "2026-01-01T00:00".into();
        assert!(refusal(&f).1.ends_with("Pick a shorter time range."));
    }
}
