//! The app shell: header (vCenter host, user, Simulator badge, Log out), sidebar with every area (those not
//! built yet shown disabled), the insecure-TLS banner, the pending-shutdown / vCenter-down banner, and the page
//! under it.

use crate::api::cis::session::{get_whoami, Logout};
use crate::components::{ErrorPanel, Loading};
use crate::error::AppError;
use crate::pages::appliance::shutdown::{ShutdownActions, ShutdownBanner};
use crate::state::WhoAmI;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::use_location;

/// One sidebar entry: an area and its pages; `None` as href means not built yet.
struct NavArea {
    name: &'static str,
    pages: &'static [(&'static str, Option<&'static str>)],
}

const NAV: &[NavArea] = &[
    NavArea {
        name: "Appliance",
        pages: &[
            ("Summary", Some("/appliance/summary")),
            ("Access", Some("/appliance/access")),
            ("Networking", Some("/appliance/networking")),
            ("Time", Some("/appliance/time")),
            ("Local accounts", Some("/appliance/local-accounts")),
            ("Syslog", Some("/appliance/syslog")),
            ("Services", Some("/appliance/services")),
            ("Monitoring", Some("/appliance/monitoring")),
            ("Update", Some("/appliance/update")),
            ("Storage", Some("/appliance/storage")),
            ("Shutdown", Some("/appliance/shutdown")),
        ],
    },
    NavArea { name: "Backup & Restore", pages: &[("Backup", Some("/appliance/backup")), ("Restore", Some("/appliance/restore"))] },
    NavArea { name: "Content Libraries", pages: &[("Libraries", Some("/content-libraries"))] },
    NavArea { name: "Tags", pages: &[("Categories", Some("/tags/categories")), ("Tags", Some("/tags/tags"))] },
    NavArea { name: "Team", pages: &[("My team", Some("/my-team")), ("Teams", Some("/teams"))] },
    NavArea { name: "vCenter Server", pages: &[("Services", Some("/vcenter/services")), ("System configuration", Some("/vcenter/system-config")), ("Deployment", Some("/vcenter/deployment")), ("Hybrid Linked Mode", Some("/hvc")), ("API explorer", Some("/api-explorer")), ("API coverage", Some("/api-coverage")), ("Audit log", Some("/audit"))] },
    NavArea { name: "VMs & Inventory", pages: &[("Virtual machines", Some("/inventory/vm")), ("Hosts & clusters", Some("/inventory/host")), ("Datastores", Some("/inventory/datastore")), ("Storage policies", Some("/storage-policies")), ("Networks", Some("/inventory/network")), ("Customization specs", Some("/inventory/customization-specs"))] },
];

/// Where to send a user whose session is missing or expired, remembering the page they were on.
pub fn login_url(here: &str, expired: bool) -> String {
    let next: String = here
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/login?next={next}{}", if expired { "&expired=1" } else { "" })
}

/// `url` without the query parameters named in `drop`, and with `add` (`key=value`, as given) appended; the
/// other parameters keep their order and spelling, and a fragment stays. For the console's own page URLs
/// (`?job=`, `?done=`), which carry paths verbatim.
pub fn with_query(url: &str, drop: &[&str], add: Option<&str>) -> String {
    let (base, rest) = url.split_once('?').unwrap_or((url, ""));
    let (query, fragment) = rest.split_once('#').map_or((rest, None), |(q, f)| (q, Some(f)));
    let mut pairs: Vec<&str> = query.split('&').filter(|kv| !kv.is_empty() && !drop.contains(&kv.split('=').next().unwrap_or(""))).collect();
    pairs.extend(add);
    let mut out = base.to_string();
    if !pairs.is_empty() {
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The current path with its query string, untracked.
pub fn here(location: &leptos_router::location::Location) -> String {
    let search = location.search.get_untracked();
    let path = location.pathname.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// Sends the user to the login page, remembering the page they are on (a 302 when rendered on the server).
#[component]
pub fn LoginRedirect(expired: bool) -> impl IntoView {
    let location = use_location();
    view! { <Redirect path=login_url(&here(&location), expired)/> }
}

/// The frame of every logged-in page. The page itself (the `Outlet`) is outside any suspense, so it is
/// created once per render and its resources fetch once; only the header's user parts wait for `whoami`.
#[component]
pub fn Shell() -> impl IntoView {
    let whoami = Resource::new(|| (), |_| get_whoami());
    let logout = ServerAction::<Logout>::new();
    ShutdownActions::provide();
    let location = use_location();
    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-sky-700 focus:px-3 focus:py-2 focus:text-white">
            "Skip to content"
        </a>
        <div class="flex min-h-screen flex-col">
            <header class="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
                <div class="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
                    <span class="text-lg font-semibold text-slate-900 dark:text-white">"vConsole"</span>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            whoami.await.ok().map(|me: WhoAmI| {
                                let info = me.info;
                                view! {
                                    <span class="break-all text-sm text-slate-600 dark:text-slate-300">
                                        <span class="sr-only">"vCenter: "</span>
                                        <span class="font-medium text-slate-800 dark:text-slate-100" data-testid="vcenter-name">{info.name.clone()}</span>
                                        {(info.name != info.vcenter_host).then(|| view! { " (" <span data-testid="vcenter-host">{info.vcenter_host.clone()}</span> ")" })}
                                    </span>
                                    {info.simulator.is_some().then(|| view! {
                                        <span class="rounded-md bg-violet-100 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-violet-800 dark:bg-violet-900/50 dark:text-violet-200" data-testid="simulator-badge">
                                            "Simulator"
                                        </span>
                                    })}
                                }
                            })
                        })}
                    </Transition>
                </div>
                <div class="flex min-w-0 items-center gap-3">
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || Suspend::new(async move {
                            match whoami.await {
                                Ok(me) => view! {
                                    <span class="break-all text-sm text-slate-700 dark:text-slate-200" data-testid="current-user">
                                        <span class="sr-only">"Logged in as "</span>{me.user.clone()}
                                    </span>
                                }.into_any(),
                                Err(AppError::NotLoggedIn { expired }) => view! { <LoginRedirect expired/> }.into_any(),
                                Err(e) => view! { <div class="max-w-md"><ErrorPanel error=e/></div> }.into_any(),
                            }
                        })}
                    </Transition>
                    <ActionForm action=logout>
                        <button type="submit" class="whitespace-nowrap rounded-md border border-slate-300 px-3 py-1 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800">
                            "Log out"
                        </button>
                    </ActionForm>
                </div>
            </header>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    whoami.await.ok().filter(|me| me.info.insecure).map(|_| view! {
                        <div role="alert" class="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="insecure-banner">
                            "Certificate verification is off (--insecure): the console cannot tell this vCenter from an impostor. Use --ca-file or --thumbprint."
                        </div>
                    })
                })}
            </Transition>
            <ShutdownBanner/>
            // Below 768 px the areas fold behind "Menu": a checkbox and its label, so it opens without JavaScript.
            <div class="flex flex-1 flex-col md:flex-row">
                <input type="checkbox" id="nav-toggle" class="peer sr-only md:hidden" aria-controls="areas"/>
                <label for="nav-toggle" data-testid="menu-button"
                    class="flex cursor-pointer items-center gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm font-medium text-slate-800 peer-focus-visible:outline-2 peer-focus-visible:outline-sky-500 md:hidden dark:border-slate-800 dark:bg-slate-950 dark:text-slate-100">
                    <span aria-hidden="true">"☰"</span>"Menu"
                </label>
                <nav id="areas" aria-label="Areas" class="hidden w-full shrink-0 border-b border-slate-200 bg-slate-50 p-3 peer-checked:block md:block md:w-60 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-950">
                    <ul class="space-y-4">
                        {NAV.iter().map(|area| view! {
                            <li>
                                <p class="px-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{area.name}</p>
                                <ul class="mt-1 space-y-0.5">
                                    {area.pages.iter().map(|(label, href)| match href {
                                        Some(href) => {
                                            let href = *href;
                                            let current = move || location.pathname.get().starts_with(href);
                                            view! {
                                                <li>
                                                    <A href=href attr:class=move || if current() {
                                                        "block rounded-md bg-sky-100 px-2 py-1.5 text-sm font-medium text-sky-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-sky-900/50 dark:text-sky-100"
                                                    } else {
                                                        "block rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-slate-300 dark:hover:bg-slate-800"
                                                    }>{*label}</A>
                                                </li>
                                            }.into_any()
                                        }
                                        None => view! {
                                            <li>
                                                <span aria-disabled="true" title="Not available yet" data-area=area.name class="block cursor-not-allowed rounded-md px-2 py-1.5 text-sm text-slate-600 dark:text-slate-400">
                                                    {*label} <span class="text-xs">" (coming soon)"</span>
                                                </span>
                                            </li>
                                        }.into_any(),
                                    }).collect_view()}
                                </ul>
                            </li>
                        }).collect_view()}
                    </ul>
                </nav>
                <main id="main" tabindex="-1" class="min-w-0 flex-1 p-4 md:p-6">
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{login_url, with_query};

    #[test]
    fn query_parameters_are_dropped_and_added_verbatim() {
        assert_eq!(with_query("http://h/p?a=1&done=/api/x&b=2#f", &["done"], Some("job=job-1")), "http://h/p?a=1&b=2&job=job-1#f");
        assert_eq!(with_query("/p?done=/api/x", &["done"], None), "/p");
        assert_eq!(with_query("/p", &[], Some("done=/api/y")), "/p?done=/api/y");
    }

    #[test]
    fn login_url_keeps_the_whole_destination() {
        assert_eq!(login_url("/appliance/summary", false), "/login?next=/appliance/summary");
        assert_eq!(login_url("/tags?q=a b&x=1", true), "/login?next=/tags%3Fq%3Da%20b%26x%3D1&expired=1");
    }
}
