//! A line chart as inline SVG ([`LineChart`]), with the pure functions behind it: linear scales, "nice"
//! value ticks, time ticks on round UTC boundaries, unit scaling (KB → MB → GB) and number formatting.
//!
//! No charting JavaScript library: the SVG is rendered on the server like the rest of the page, so charts
//! show without JavaScript (and in the no-JS test run), hydrate like any other markup, and add a few
//! kilobytes of Rust to the WASM instead of a charting bundle. Colours are Tailwind classes with `dark:`
//! variants, so axes, grid and lines follow the light or dark scheme; each series also has its own dash
//! pattern, so lines are told apart without colour. Points carry their value in `data-value` and a
//! `<title>` (the browser's tooltip); a table of the same values is the accessible view.

use leptos::prelude::*;

/// How full something is: a bar of `used` out of `total` with the percentage in words beside it; amber from
/// 80 %, red from 90 %. The bar is decoration (`aria-hidden`): the words and the table around it carry the
/// numbers.
#[component]
pub fn UsageBar(used: i64, total: i64) -> impl IntoView {
    let percent = used_percent(used, total);
    let colour = if percent >= 90 {
        "bg-red-600 dark:bg-red-400"
    } else if percent >= 80 {
        "bg-amber-500 dark:bg-amber-400"
    } else {
        "bg-sky-600 dark:bg-sky-400"
    };
    view! {
        <div class="flex items-center gap-2" data-testid="usage" data-percent=percent>
            <div aria-hidden="true" class="h-2 w-24 shrink-0 overflow-hidden rounded-full bg-slate-200 sm:w-40 dark:bg-slate-700">
                <div class=format!("h-full rounded-full {colour}") style=format!("width: {percent}%")></div>
            </div>
            <span class="text-xs tabular-nums text-slate-700 dark:text-slate-300">{format!("{percent} % used")}</span>
        </div>
    }
}

/// `used` of `total` as a whole percentage, 0 to 100 (0 when `total` is not above zero).
pub fn used_percent(used: i64, total: i64) -> i64 {
    if total <= 0 {
        return 0;
    }
    ((used.clamp(0, total) as f64) * 100.0 / total as f64).round() as i64
}

/// One line: its name and one value per time step (`None` is a gap).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// Stroke and fill classes per series (light and dark variants).
const PALETTE: &[(&str, &str)] = &[
    ("stroke-sky-600 dark:stroke-sky-400", "fill-sky-600 dark:fill-sky-400"),
    ("stroke-amber-600 dark:stroke-amber-400", "fill-amber-600 dark:fill-amber-400"),
    ("stroke-emerald-600 dark:stroke-emerald-400", "fill-emerald-600 dark:fill-emerald-400"),
    ("stroke-rose-600 dark:stroke-rose-400", "fill-rose-600 dark:fill-rose-400"),
    ("stroke-violet-600 dark:stroke-violet-400", "fill-violet-600 dark:fill-violet-400"),
    ("stroke-lime-700 dark:stroke-lime-400", "fill-lime-700 dark:fill-lime-400"),
    ("stroke-fuchsia-600 dark:stroke-fuchsia-400", "fill-fuchsia-600 dark:fill-fuchsia-400"),
    ("stroke-slate-700 dark:stroke-slate-200", "fill-slate-700 dark:fill-slate-200"),
];

/// Dash patterns per series, so lines differ by more than colour.
const DASHES: &[&str] = &["", "7 4", "2 3", "10 3 2 3"];

/// Series with at most this many values get a marker per value.
pub const MARKERS_UP_TO: usize = 120;

// The drawing, in SVG user units.
const W: f64 = 720.0;
const H: f64 = 280.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 44.0;

/// Maps `v` from `[d0, d1]` onto `[r0, r1]`; a zero-width domain maps to the middle.
pub fn scale(v: f64, (d0, d1): (f64, f64), (r0, r1): (f64, f64)) -> f64 {
    if d1 == d0 {
        (r0 + r1) / 2.0
    } else {
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// The "nice" step (1, 2, 2.5 or 5 times a power of ten) nearest above `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    let f = raw / p;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * p
}

/// The value range to draw: from 0 when nothing is negative, widened when flat; `(0, 1)` when empty.
pub fn value_domain(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = values.into_iter().filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return (0.0, 1.0);
    }
    if lo >= 0.0 {
        lo = 0.0;
    }
    if hi <= lo {
        hi = if lo == 0.0 { 1.0 } else { lo + lo.abs() * 0.1 };
    }
    (lo, hi)
}

/// About `target` round ticks covering `[lo, hi]`: the first at or below `lo`, the last at or above `hi`.
pub fn value_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last.max(first + 1)).map(|i| i as f64 * step).map(|v| if v == 0.0 { 0.0 } else { v }).collect()
}

/// Round time steps, in seconds, from 5 minutes to 30 days.
const TIME_STEPS: &[i64] = &[300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600, 2_592_000];

/// Time ticks within `[start, end]` on round UTC boundaries, at most `target` of them; and their step.
pub fn time_ticks(start: i64, end: i64, target: usize) -> (Vec<i64>, i64) {
    let span = (end - start).max(1);
    let step = TIME_STEPS.iter().copied().find(|s| span / s < target.max(1) as i64).unwrap_or(*TIME_STEPS.last().unwrap());
    let first = start.div_euclid(step) * step + if start.rem_euclid(step) == 0 { 0 } else { step };
    ((0..).map(|i| first + i * step).take_while(|t| *t <= end).collect(), step)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// (year, month 1-12, day, hour, minute) of Unix seconds, UTC (Howard Hinnant's days-to-civil).
fn civil(t: i64) -> (i64, u32, u32, u32, u32) {
    let secs = t.rem_euclid(86_400);
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, (secs / 3_600) as u32, (secs % 3_600 / 60) as u32)
}

/// A time tick's label: `14:30` within a day, `Nov 28` on a day boundary or when ticks are a day or more apart.
pub fn time_label(t: i64, step: i64) -> String {
    let (_, m, d, h, min) = civil(t);
    if step >= 86_400 || (h == 0 && min == 0) {
        format!("{} {d}", MONTHS[(m as usize + 11) % 12])
    } else {
        format!("{h:02}:{min:02}")
    }
}

/// `2026-11-28 14:30 UTC`.
pub fn full_time(t: i64) -> String {
    let (y, m, d, h, min) = civil(t);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02} UTC")
}

/// Large units for a chart whose largest value is `max`: KB as MB, GB or TB (and KB/s likewise). Returns the
/// divisor and the unit to show.
pub fn unit_scale(unit: &str, max: f64) -> (f64, String) {
    let (ladder, suffix): (&[&str], &str) = match unit {
        "KB" => (&["KB", "MB", "GB", "TB"], ""),
        "KB/s" => (&["KB", "MB", "GB", "TB"], "/s"),
        _ => return (1.0, unit.to_string()),
    };
    let mut divisor = 1.0;
    let mut i = 0;
    while i + 1 < ladder.len() && max.abs() / divisor >= 1024.0 {
        divisor *= 1024.0;
        i += 1;
    }
    (divisor, format!("{}{suffix}", ladder[i]))
}

/// `1234567.5` → `1,234,567.5`: thousands grouped, `decimals` digits (trailing zeros dropped when `trim`).
fn grouped(v: f64, decimals: usize, trim: bool) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let frac = if trim { frac.trim_end_matches('0') } else { frac };
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// A value as the chart's tooltips and the table show it: thousands grouped; whole numbers as such, 1 decimal
/// from 1,000, 2 below (so a column lines up), up to 4 for the tiny ones.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 {
        grouped(v, 0, false)
    } else if v.abs() >= 1_000.0 {
        grouped(v, 1, false)
    } else if v.abs() >= 0.01 {
        grouped(v, 2, false)
    } else {
        grouped(v, 4, true)
    }
}

/// A tick's label: as many decimals as the tick step needs.
pub fn format_tick(v: f64, step: f64) -> String {
    let decimals = (0..6).find(|d| {
        let scaled = step * 10f64.powi(*d as i32);
        (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
    });
    grouped(v, decimals.unwrap_or(6), true)
}

/// An SVG path through the points, starting a new stroke after each gap; a lone point is drawn as a dot
/// (`h0` with round caps). Returns the path and how many points it holds.
pub fn line_path(points: impl IntoIterator<Item = (f64, Option<f64>)>) -> (String, usize) {
    let mut d = String::new();
    let mut count = 0;
    let mut run = 0;
    for (x, y) in points {
        match y {
            Some(y) => {
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push_str(&format!("{}{x:.1} {y:.1}", if run == 0 { 'M' } else { 'L' }));
                run += 1;
                count += 1;
            }
            None => {
                if run == 1 {
                    d.push_str(" h0");
                }
                run = 0;
            }
        }
    }
    if run == 1 {
        d.push_str(" h0");
    }
    (d, count)
}

/// A line chart of series sharing one unit, over time: value `i` of each series is at `start + i * step`
/// (Unix seconds). Axes with round ticks, the unit (scaled: KB shown as GB when large) on the value axis and
/// after the title, a legend with each series' colour and dash; `test_id` names the figure.
#[component]
pub fn LineChart(
    #[prop(into)] title: String,
    /// The values' unit as shown (`%`, `KB`, `KB/s`, …).
    #[prop(into)]
    unit: String,
    start: i64,
    step: i64,
    series: Vec<ChartSeries>,
    #[prop(optional, into)] test_id: String,
) -> impl IntoView {
    let n = series.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let end = start + step * (n.max(1) as i64 - 1);
    let (lo, hi) = value_domain(series.iter().flat_map(|s| s.values.iter().flatten().copied()));
    let (divisor, shown_unit) = unit_scale(&unit, lo.abs().max(hi.abs()));
    let ticks = value_ticks(lo / divisor, hi / divisor, 5);
    let (y0, y1) = (ticks[0], *ticks.last().unwrap());
    let ystep = if ticks.len() > 1 { ticks[1] - ticks[0] } else { 1.0 };
    let y = move |v: f64| scale(v / divisor, (y0, y1), (H - BOTTOM, TOP));
    let x = move |t: i64| scale(t as f64, (start as f64, end as f64), (LEFT, W - RIGHT));
    let (time_tick_list, time_step) = time_ticks(start, end, 8);
    let markers = n <= MARKERS_UP_TO;
    let labels: Vec<String> = series.iter().map(|s| s.label.clone()).collect();
    let aria = format!("{title}: {} from {} to {}, in {shown_unit}", labels.join(", "), full_time(start), full_time(end));
    let grid = "stroke-slate-200 dark:stroke-slate-700";
    let text = "fill-slate-600 dark:fill-slate-300";
    let lines = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (stroke, fill) = PALETTE[i % PALETTE.len()];
            let dash = DASHES[i % DASHES.len()];
            let (d, count) = line_path(s.values.iter().enumerate().map(|(k, v)| (x(start + k as i64 * step), v.map(y))));
            let dots = markers.then(|| {
                s.values
                    .iter()
                    .enumerate()
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .map(|(k, v)| {
                        let t = start + k as i64 * step;
                        let value = format_value(v);
                        let tip = format!("{}, {}: {value} {unit}", s.label, full_time(t));
                        view! {
                            <circle cx=format!("{:.1}", x(t)) cy=format!("{:.1}", y(v)) r="2.5" class=fill data-value=value data-time=t.to_string()>
                                <title>{tip}</title>
                            </circle>
                        }
                    })
                    .collect_view()
            });
            view! {
                <g data-testid="chart-series" data-label=s.label.clone()>
                    <path d=d class=stroke fill="none" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"
                        stroke-dasharray=(!dash.is_empty()).then_some(dash) data-points=count.to_string()/>
                    {dots}
                </g>
            }
        })
        .collect_view();
    let legend = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (stroke, _) = PALETTE[i % PALETTE.len()];
            let dash = DASHES[i % DASHES.len()];
            view! {
                <li class="flex items-center gap-2" data-testid="legend-item">
                    <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" class="shrink-0">
                        <line x1="1" y1="5" x2="27" y2="5" class=stroke stroke-width="2.5" stroke-linecap="round" stroke-dasharray=(!dash.is_empty()).then_some(dash)/>
                    </svg>
                    <span>{s.label.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900" data-testid=test_id data-unit=shown_unit.clone()>
            <figcaption class="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <span class="text-sm font-semibold text-slate-900 dark:text-slate-100" data-testid="chart-title">{format!("{title} ({shown_unit})")}</span>
                <ul class="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300" data-testid="chart-legend" aria-label="Legend">{legend}</ul>
            </figcaption>
            <svg viewBox=format!("0 0 {W} {H}") class="h-auto w-full" role="img" aria-label=aria data-testid="chart-svg">
                <g>
                    {ticks.iter().map(|v| {
                        let py = format!("{:.1}", scale(*v, (y0, y1), (H - BOTTOM, TOP)));
                        view! {
                            <line x1=LEFT x2=W - RIGHT y1=py.clone() y2=py.clone() class=grid stroke-width="1"/>
                            <text x=LEFT - 8.0 y=py text-anchor="end" dominant-baseline="middle" font-size="11" class=text>{format_tick(*v, ystep)}</text>
                        }
                    }).collect_view()}
                </g>
                <g>
                    {time_tick_list.iter().map(|t| {
                        let px = format!("{:.1}", x(*t));
                        view! {
                            <line x1=px.clone() x2=px.clone() y1=H - BOTTOM y2=H - BOTTOM + 5.0 class="stroke-slate-400 dark:stroke-slate-500" stroke-width="1"/>
                            <text x=px y=H - BOTTOM + 18.0 text-anchor="middle" font-size="11" class=text>{time_label(*t, time_step)}</text>
                        }
                    }).collect_view()}
                </g>
                <line x1=LEFT x2=W - RIGHT y1=H - BOTTOM y2=H - BOTTOM class="stroke-slate-400 dark:stroke-slate-500" stroke-width="1"/>
                <line x1=LEFT x2=LEFT y1=TOP y2=H - BOTTOM class="stroke-slate-400 dark:stroke-slate-500" stroke-width="1"/>
                <text x="14" y=(TOP + H - BOTTOM) / 2.0 transform=format!("rotate(-90 14 {})", (TOP + H - BOTTOM) / 2.0) text-anchor="middle" dominant-baseline="middle"
                    font-size="12" class="fill-slate-700 dark:fill-slate-200" data-testid="chart-unit">{shown_unit.clone()}</text>
                <text x=(LEFT + W - RIGHT) / 2.0 y=H - 6.0 text-anchor="middle" font-size="11" class=text>"Time (UTC)"</text>
                {lines}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_a_whole_percentage_of_a_positive_total() {
        assert_eq!(used_percent(1, 3), 33);
        assert_eq!(used_percent(2, 3), 67);
        assert_eq!(used_percent(5, 0), 0, "no capacity: nothing to show");
        assert_eq!(used_percent(-1, 10), 0);
        assert_eq!(used_percent(11, 10), 100, "never past full");
    }

    #[test]
    fn scales_map_linearly() {
        assert_eq!(scale(5.0, (0.0, 10.0), (0.0, 100.0)), 50.0);
        assert_eq!(scale(0.0, (0.0, 10.0), (200.0, 0.0)), 200.0, "SVG's y grows downwards");
        assert_eq!(scale(3.0, (3.0, 3.0), (0.0, 10.0)), 5.0, "a flat domain maps to the middle");
    }

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(2.2), 2.5);
        assert_eq!(nice_step(37.0), 50.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(value_ticks(0.0, 23.7, 5), vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(value_ticks(0.0, 100.0, 5), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let t = value_ticks(-3.0, 7.0, 5);
        assert!(t[0] <= -3.0 && *t.last().unwrap() >= 7.0 && t.contains(&0.0), "{t:?}");
        assert_eq!(value_ticks(5.0, 5.0, 5).len(), 2, "a flat range still gets an axis");
    }

    #[test]
    fn domains_start_at_zero_and_never_collapse() {
        assert_eq!(value_domain([3.0, 9.0]), (0.0, 9.0));
        assert_eq!(value_domain([-2.0, 9.0]), (-2.0, 9.0));
        assert_eq!(value_domain([0.0, 0.0]), (0.0, 1.0));
        assert_eq!(value_domain([-5.0]), (-5.0, -4.5));
        assert_eq!(value_domain(std::iter::empty()), (0.0, 1.0));
        assert_eq!(value_domain([f64::NAN, 4.0]), (0.0, 4.0));
    }

    #[test]
    fn time_ticks_fall_on_round_utc_times() {
        // 2026-11-28 12:03 to 18:03: hourly ticks from 13:00.
        let start = 1_795_867_380;
        let (ticks, step) = time_ticks(start, start + 6 * 3_600, 8);
        assert_eq!(step, 3_600);
        assert_eq!(ticks.len(), 6);
        assert_eq!(time_label(ticks[0], step), "13:00");
        // A week: daily ticks, labelled by date.
        let (ticks, step) = time_ticks(start, start + 7 * 86_400, 8);
        assert_eq!(step, 86_400);
        assert_eq!(time_label(ticks[0], step), "Nov 29");
        // Midnight within a day reads as the date.
        assert_eq!(time_label(1_795_824_000, 3_600), "Nov 28");
        assert_eq!(full_time(1_795_876_200), "2026-11-28 14:30 UTC");
        assert_eq!(full_time(1_798_761_599), "2026-12-31 23:59 UTC");
        assert_eq!(full_time(1_798_761_600), "2027-01-01 00:00 UTC");
    }

    #[test]
    fn large_units_are_scaled() {
        assert_eq!(unit_scale("KB", 16_396_440.0), (1_048_576.0, "GB".to_string()));
        assert_eq!(unit_scale("KB", 900.0), (1.0, "KB".to_string()));
        assert_eq!(unit_scale("KB/s", 2_048.0), (1_024.0, "MB/s".to_string()));
        assert_eq!(unit_scale("%", 1e9), (1.0, "%".to_string()));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(format_value(16_396_440.0), "16,396,440");
        assert_eq!(format_value(14.2), "14.20", "a column of values lines up");
        assert_eq!(format_value(14.256), "14.26");
        assert_eq!(format_value(0.4), "0.40");
        assert_eq!(format_value(1_234.56), "1,234.6");
        assert_eq!(format_value(0.0042), "0.0042");
        assert_eq!(format_value(-3.5), "-3.50");
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_tick(2.5, 2.5), "2.5");
        assert_eq!(format_tick(0.25, 0.25), "0.25");
        assert_eq!(format_tick(0.2, 0.1), "0.2");
        assert_eq!(format_tick(20_000.0, 5_000.0), "20,000");
    }

    #[test]
    fn paths_break_at_gaps() {
        let (d, n) = line_path([(0.0, Some(1.0)), (1.0, Some(2.0)), (2.0, None), (3.0, Some(4.0)), (4.0, None), (5.0, Some(5.0)), (6.0, Some(6.0))]);
        assert_eq!(d, "M0.0 1.0 L1.0 2.0 M3.0 4.0 h0 M5.0 5.0 L6.0 6.0");
        assert_eq!(n, 5);
        assert_eq!(line_path([(0.0, None)]), (String::new(), 0));
    }
}
