//! Small, named components every page reuses: status badges, error panels, cards, field lists, page headers,
//! and the app shell.

pub mod chart;
pub mod form;
pub mod inventory;
pub mod layout;
pub mod table;

use crate::error::AppError;
use crate::vsphere::HealthLevel;
use leptos::prelude::*;

/// A health level as a coloured badge with a word and a shape, so colour is never the only signal.
#[component]
pub fn HealthBadge(#[prop(into)] level: String) -> impl IntoView {
    let parsed = HealthLevel::from(level.as_str());
    let (class, glyph) = match parsed {
        HealthLevel::Green => ("bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-900/40 dark:text-emerald-200", "●"),
        HealthLevel::Yellow => ("bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-900/40 dark:text-amber-200", "▲"),
        HealthLevel::Orange => ("bg-orange-100 text-orange-900 ring-orange-600/30 dark:bg-orange-900/40 dark:text-orange-200", "◆"),
        HealthLevel::Red => ("bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-900/40 dark:text-red-200", "✖"),
        HealthLevel::Gray | HealthLevel::Unknown(_) => ("bg-slate-100 text-slate-800 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-200", "?"),
    };
    view! {
        <span
            class=format!("inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 ring-inset {class}")
            data-level=level.clone()
            title=format!("Health: {level}")
        >
            <span aria-hidden="true">{glyph}</span>
            {parsed.label()}
        </span>
    }
}

/// How a status reads at a glance: colour and shape go with the word, never instead of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Busy,
    Neutral,
}

impl Tone {
    fn style(self) -> (&'static str, &'static str) {
        match self {
            Tone::Good => ("bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-900/40 dark:text-emerald-200", "●"),
            Tone::Warn => ("bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-900/40 dark:text-amber-200", "▲"),
            Tone::Bad => ("bg-red-100 text-red-900 ring-red-600/30 dark:bg-red-900/40 dark:text-red-200", "■"),
            Tone::Busy => ("bg-sky-100 text-sky-900 ring-sky-600/30 dark:bg-sky-900/40 dark:text-sky-200", "◐"),
            Tone::Neutral => ("bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300", "○"),
        }
    }
}

/// A status as a badge: a word, a shape and a colour; `data-state` carries the word for tests and scripts.
#[component]
pub fn StatusBadge(tone: Tone, #[prop(into)] word: String) -> impl IntoView {
    let (class, glyph) = tone.style();
    let state = word.clone();
    view! {
        <span class=format!("inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset {class}") data-state=state>
            <span aria-hidden="true">{glyph}</span>{word}
        </span>
    }
}

/// On / off as a badge with a word and a shape.
#[component]
pub fn OnOffBadge(on: bool) -> impl IntoView {
    if on {
        view! { <StatusBadge tone=Tone::Good word="Enabled"/> }
    } else {
        view! { <StatusBadge tone=Tone::Neutral word="Disabled"/> }
    }
}

/// A readable error: what happened, vCenter's own messages, and the missing privilege on a 403.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let privilege = error.missing_privilege();
    let unreachable = error.is_unreachable();
    let title = error.title();
    let text = error.to_string();
    view! {
        <div role="alert" class="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">
            <p class="font-semibold">{title}</p>
            <p class="mt-1 text-sm">{text}</p>
            {privilege.map(|p| view! {
                <p class="mt-2 text-sm">
                    "Missing privilege: " <code class="rounded bg-red-100 px-1 dark:bg-red-900">{p}</code>
                    ". Ask your vSphere administrator to grant it to your account."
                </p>
            })}
            {unreachable.then(|| view! {
                <p class="mt-2 text-sm" data-testid="unreachable-hint">
                    "vCenter may be restarting (a reboot takes a few minutes) or out of the console's reach. "
                    <a href="" class="font-medium underline">"Try again"</a>
                </p>
            })}
        </div>
    }
}

/// Renders the errors an `ErrorBoundary` caught, as [`ErrorPanel`]s. A lost session (`NotLoggedIn`) sends the
/// user to the login page instead, remembering this page.
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="space-y-3">
            {move || {
                let errors: Vec<AppError> = errors
                    .get()
                    .into_iter()
                    .map(|(_, e)| e.downcast_ref::<AppError>().cloned().unwrap_or_else(|| AppError::Internal(e.to_string())))
                    .collect();
                if let Some(expired) = errors.iter().find_map(|e| match e {
                    AppError::NotLoggedIn { expired } => Some(*expired),
                    _ => None,
                }) {
                    return view! { <layout::LoginRedirect expired/> }.into_any();
                }
                errors.into_iter().map(|error| view! { <ErrorPanel error/> }).collect_view().into_any()
            }}
        </div>
    }
}

/// A titled card.
#[component]
pub fn Card(#[prop(into)] title: String, children: Children) -> impl IntoView {
    let id = format!("card-{}", title.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let labelled_by = id.clone();
    view! {
        <section aria-labelledby=labelled_by class="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-700 dark:bg-slate-900">
            <h2 id=id class="mb-4 text-base font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
            {children()}
        </section>
    }
}

/// A label / value list (`<dl>`).
#[component]
pub fn FieldList(children: Children) -> impl IntoView {
    view! { <dl class="grid grid-cols-1 gap-x-6 gap-y-3 sm:grid-cols-[max-content_minmax(0,1fr)] break-words">{children()}</dl> }
}

/// Every field of an API answer ([`crate::api::fields::rows`]) under its API name, as a [`FieldList`].
#[component]
pub fn ApiFields(rows: Vec<(String, String)>, #[prop(optional, into)] test_id: String) -> impl IntoView {
    view! {
        <dl class="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_minmax(0,1fr)] break-words" data-testid=test_id>
            {rows.into_iter().map(|(k, v)| view! {
                <dt class="font-mono text-xs text-slate-600 dark:text-slate-400">{k.clone()}</dt>
                <dd class="text-sm text-slate-900 dark:text-slate-100" data-field=k>{v}</dd>
            }).collect_view()}
        </dl>
    }
}

/// One row of a [`FieldList`]; `test_id` names it for tests and scripts.
#[component]
pub fn Field(#[prop(into)] label: String, #[prop(into)] value: String, #[prop(optional, into)] test_id: String) -> impl IntoView {
    view! {
        <dt class="text-sm font-medium text-slate-600 dark:text-slate-400">{label}</dt>
        <dd class="text-sm text-slate-900 dark:text-slate-100" data-testid=test_id>{value}</dd>
    }
}

/// The title row of a page, with an optional line under it. It is also the document's title (the tab, the
/// history, a screen reader's first words), so a page about an object names the object there too.
#[component]
pub fn PageHeader(#[prop(into)] title: String, #[prop(optional, into)] subtitle: String) -> impl IntoView {
    view! {
        <leptos_meta::Title text=title.clone()/>
        <header class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight text-slate-900 break-words dark:text-white">{title}</h1>
            {(!subtitle.is_empty()).then(|| view! { <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">{subtitle}</p> })}
        </header>
    }
}

/// Shown while a page's data loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div role="status" aria-live="polite" class="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <span class="h-3 w-3 animate-pulse rounded-full bg-sky-500"></span>
            "Loading…"
        </div>
    }
}

/// `3 days, 4 hours, 12 minutes` from seconds.
pub fn human_duration(seconds: f64) -> String {
    let total = seconds.max(0.0) as u64;
    let (days, hours, minutes, secs) = (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60, total % 60);
    let unit = |n: u64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(unit(days, "day"));
    }
    if hours > 0 {
        parts.push(unit(hours, "hour"));
    }
    if minutes > 0 && days == 0 {
        parts.push(unit(minutes, "minute"));
    }
    if parts.is_empty() {
        parts.push(unit(secs, "second"));
    }
    parts.join(", ")
}

/// A moment, the one way the console writes it: `2026-11-28 12:55 UTC` (the appliance keeps UTC, and so do its
/// logs). Reads RFC 3339 (`2026-11-28T14:55:00+02:00`) and the appliance's own `2019-11-14T09:52:03 UTC`;
/// anything else is shown as sent.
pub fn human_time(iso: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    let parsed = time::OffsetDateTime::parse(iso, &Rfc3339).ok().or_else(|| {
        let local = iso.strip_suffix(" UTC")?;
        let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        time::PrimitiveDateTime::parse(local, &format).ok().map(|t| t.assume_utc())
    });
    match parsed {
        Some(t) => {
            let t = t.to_offset(time::UtcOffset::UTC);
            format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
        }
        None => iso.to_string(),
    }
}

/// A day, the one way the console writes it: `2020-04-28`. Reads a date-time (its day, as sent) and vCenter's
/// `April 28, 2020`; anything else is shown as sent.
pub fn human_day(text: &str) -> String {
    let format = time::macros::format_description!("[month repr:long] [day padding:none], [year]");
    match time::Date::parse(text.trim(), &format) {
        Ok(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        Err(_) => text.split('T').next().unwrap_or(text).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{human_day, human_duration, human_time};

    #[test]
    fn times_and_days_read_one_way() {
        assert_eq!(human_time("2026-11-28T12:55:00.000Z"), "2026-11-28 12:55 UTC");
        assert_eq!(human_time("2026-11-28T14:55:00+02:00"), "2026-11-28 12:55 UTC");
        assert_eq!(human_time("2019-11-14T09:52:03 UTC"), "2019-11-14 09:52 UTC");
        assert_eq!(human_time("yesterday"), "yesterday");
        assert_eq!(human_day("April 28, 2020"), "2020-04-28");
        assert_eq!(human_day("September 4, 2020"), "2020-09-04");
        assert_eq!(human_day("2020-09-24T00:00:00.000Z"), "2020-09-24");
        assert_eq!(human_day("soon"), "soon");
    }

    #[test]
    fn durations_read_like_words() {
        assert_eq!(human_duration(42.7), "42 seconds");
        assert_eq!(human_duration(61.0), "1 minute");
        assert_eq!(human_duration(3_600.0 * 5.0 + 60.0 * 3.0), "5 hours, 3 minutes");
        assert_eq!(human_duration(86_400.0 * 3.0 + 3_600.0 * 4.0 + 600.0), "3 days, 4 hours");
        assert_eq!(human_duration(86_400.0), "1 day");
        assert_eq!(human_duration(-5.0), "0 seconds");
    }
}
