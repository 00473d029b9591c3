//! Appliance › Shutdown: reboot or power off, now or after a delay, with a reason, behind a confirmation;
//! the pending shutdown with Cancel. [`ShutdownBanner`] shows a pending shutdown on every page (the shell
//! places it), and says so plainly when vCenter does not answer, reloading until it is back: a reboot rides
//! through as a message, not an error page. Works without JavaScript: the form is a GET to this page, which
//! validates it and shows the confirmation (`?confirm=1&action=…&delay=…&reason=…`).

use crate::api::appliance::shutdown::{
    action_verb, get_shutdown, power_action, shutdown_delay, shutdown_reason, CancelShutdown, PendingShutdown, ScheduleShutdown,
    MAX_DELAY_MINUTES,
};
use crate::components::form::{FormError, Fields, RadioGroup, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY};
use crate::components::form::ConfirmPanel;
use crate::components::{human_duration, human_time, Card, ErrorList, Loading, PageHeader};
use crate::islands::progress::Following;
use crate::jobs::{JobProgress, Source};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The shutdown actions, created once by the shell so the banner refreshes when a page schedules or cancels.
#[derive(Clone, Copy)]
pub struct ShutdownActions {
    pub schedule: ServerAction<ScheduleShutdown>,
    pub cancel: ServerAction<CancelShutdown>,
}

impl ShutdownActions {
    pub fn provide() -> Self {
        let actions = ShutdownActions { schedule: ServerAction::new(), cancel: ServerAction::new() };
        provide_context(actions);
        actions
    }

    fn pending(self) -> Resource<Result<Option<PendingShutdown>, crate::error::AppError>> {
        Resource::new(move || (self.schedule.version().get(), self.cancel.version().get()), |_| get_shutdown())
    }
}

/// On every page: the pending reboot or power-off with a Cancel button, or, when vCenter does not answer,
/// a notice that reloads the page until it does.
#[component]
pub fn ShutdownBanner() -> impl IntoView {
    let actions = expect_context::<ShutdownActions>();
    let pending = actions.pending();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(Some(p)) => Some(view! { <PendingBanner p cancel=actions.cancel/> }.into_any()),
                    Err(e) if e.is_unreachable() => Some(view! { <UnreachableBanner/> }.into_any()),
                    _ => None,
                }
            })}
        </Transition>
    }
}

#[component]
fn PendingBanner(p: PendingShutdown, cancel: ServerAction<CancelShutdown>) -> impl IntoView {
    let verb = p.verb();
    let when = if p.seconds_left < 60 { "in less than a minute".to_string() } else { format!("in {}", human_duration(whole_minutes(p.seconds_left))) };
    view! {
        <div role="alert" data-testid="shutdown-banner" data-action=p.action.clone()
            class="flex flex-wrap items-center justify-between gap-3 border-b border-red-300 bg-red-50 px-4 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            <p>
                <span aria-hidden="true">"▲ "</span>
                <strong>{format!("The appliance will {verb} {when}")}</strong>
                {format!(" (at {}). Reason: {}", human_time(&p.at), p.reason)}
                <span class="ml-2 whitespace-nowrap font-medium" data-testid="shutdown-countdown">
                    "Time left: "
                    <Following source=Source::Shutdown initial=p.progress() compact=true no_reload=true/>
                </span>
            </p>
            <ActionForm action=cancel>
                <button type="submit" class=BUTTON_SECONDARY data-testid="cancel-shutdown">{format!("Cancel {verb}")}</button>
            </ActionForm>
        </div>
    }
}

/// Seconds left, rounded up to whole minutes (a reboot "in 10 minutes" read a second later is not "in 9").
fn whole_minutes(seconds: i64) -> f64 {
    ((seconds + 59) / 60 * 60) as f64
}

#[component]
fn UnreachableBanner() -> impl IntoView {
    view! {
        <div role="status" data-testid="unreachable-banner"
            class="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            <strong>"vCenter is not answering."</strong>
            " It may be restarting. This page reloads itself when vCenter is back; you may have to log in again then. "
            <Following source=Source::Vcenter initial=JobProgress::waiting_for_vcenter() compact=true/>
            <a href="" class="font-medium underline">"Reload now"</a>
        </div>
    }
}

#[component]
pub fn ShutdownPage() -> impl IntoView {
    let actions = expect_context::<ShutdownActions>();
    let pending = actions.pending();
    view! {
        <PageHeader title="Shutdown" subtitle="Reboot or power off the appliance, now or later, and cancel a pending shutdown."/>
        <div class="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Pending shutdown">
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || Suspend::new(async move {
                            pending.await.map(|p| view! { <PendingView p cancel=actions.cancel/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </Card>
            <Card title="Reboot or power off">
                <ScheduleForm schedule=actions.schedule/>
            </Card>
        </div>
    }
}

#[component]
fn PendingView(p: Option<PendingShutdown>, cancel: ServerAction<CancelShutdown>) -> impl IntoView {
    match p {
        None => view! {
            <p class="text-sm text-slate-600 dark:text-slate-300" data-testid="no-shutdown">"No reboot or power-off is scheduled."</p>
            <FormError value=cancel.value() test_id="cancel-error"/>
        }
        .into_any(),
        Some(p) => {
            let verb = p.verb();
            view! {
                <dl class="grid grid-cols-3 gap-2 text-sm" data-testid="pending-shutdown">
                    <dt class="text-slate-600 dark:text-slate-400">"Action"</dt>
                    <dd class="col-span-2 font-medium capitalize">{verb}</dd>
                    <dt class="text-slate-600 dark:text-slate-400">"At"</dt>
                    <dd class="col-span-2">{human_time(&p.at)} " (in " {human_duration(whole_minutes(p.seconds_left))} ")"</dd>
                    <dt class="text-slate-600 dark:text-slate-400">"Reason"</dt>
                    <dd class="col-span-2">{p.reason.clone()}</dd>
                </dl>
                <ActionForm action=cancel attr:class="mt-4">
                    <button type="submit" class=BUTTON_SECONDARY>{format!("Cancel the {verb}")}</button>
                </ActionForm>
                <FormError value=cancel.value() test_id="cancel-error"/>
            }
            .into_any()
        }
    }
}

/// What the confirmation says will happen.
pub fn consequences(action: &str, minutes: i64) -> (String, String) {
    let verb = action_verb(action);
    let when = if minutes == 0 { "now".to_string() } else { format!("in {}", human_duration(minutes as f64 * 60.0)) };
    let title = format!("{} the appliance {when}?", if action == "poweroff" { "Power off" } else { "Reboot" });
    let mut message = String::from(
        "vCenter and all its services stop: every user, you included, loses their session, running tasks are interrupted, \
         and the console cannot reach vCenter until it is back.",
    );
    if action == "poweroff" {
        message.push_str(" The appliance stays off until someone powers its virtual machine on again from the host.");
    } else {
        message.push_str(" A reboot usually takes a few minutes; log in again once it is back.");
    }
    if minutes > 0 {
        message.push_str(&format!(" Until the {verb} starts, any administrator can cancel it."));
    }
    (title, message)
}

#[component]
fn ScheduleForm(schedule: ServerAction<ScheduleShutdown>) -> impl IntoView {
    let query = use_query_map();
    let value = schedule.value();
    // The values to show: the query (the form's own GET), else what a refused confirmation carried back.
    let field = move |name: &'static str, default: &'static str| {
        Signal::derive(move || {
            query
                .with(|q| q.get(name))
                .or_else(|| value.with(|v| match v {
                    Some(Err(e)) => e.input(name),
                    _ => None,
                }))
                .unwrap_or_else(|| default.to_string())
        })
    };
    let (action, delay, reason) = (field("action", "reboot"), field("delay", "0"), field("reason", ""));
    let confirming = move || query.with(|q| q.get("confirm").is_some());
    // Checked before anything is sent: the confirmation only appears for valid input.
    let checked = move || {
        confirming().then(|| -> Result<(&'static str, i64, String), crate::error::AppError> {
            Ok((power_action(&action.get())?, shutdown_delay(&delay.get())?, shutdown_reason(&reason.get())?))
        })
    };
    let refused: Signal<Option<Result<(), crate::error::AppError>>> = Signal::derive(move || match checked() {
        Some(Err(e)) => Some(Err(e)),
        _ => None,
    });
    view! {
        {move || match checked() {
            Some(Ok((what, minutes, why))) => {
                let (title, message) = consequences(what, minutes);
                let button = format!("{} {}", if what == "poweroff" { "Power off" } else { "Reboot" }, if minutes == 0 { "now" } else { "later" });
                Some(view! {
                    <ConfirmPanel title message cancel_href="/appliance/shutdown">
                        <ActionForm action=schedule>
                            <input type="hidden" name="action" value=what/>
                            <input type="hidden" name="delay" value=minutes.to_string()/>
                            <input type="hidden" name="reason" value=why.clone()/>
                            <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-shutdown" disabled=move || schedule.pending().get()>{button}</button>
                        </ActionForm>
                    </ConfirmPanel>
                }.into_any())
            }
            // A refusal is shown at its field in the form below.
            Some(Err(_)) | None => None,
        }}
        <FormError value test_id="schedule-error"/>
        <form method="get" action="/appliance/shutdown" class="space-y-4" data-testid="shutdown-form">
            <input type="hidden" name="confirm" value="1"/>
            // Checked on this page, before anything is sent: the refused field is marked like any form's.
            <Fields value=refused test_id="shutdown-error">
                <RadioGroup legend="Action" name="action" id="shutdown-action" inline=true
                    selected=Signal::derive(move || if action.get() == "poweroff" { "poweroff".to_string() } else { "reboot".to_string() })
                    options=vec![("reboot".into(), "Reboot".into()), ("poweroff".into(), "Power off".into())]/>
                <TextField label="Delay (minutes)" name="delay" id="shutdown-delay" value=delay inputmode="numeric"
                    hint=format!("0 starts at once; at most {MAX_DELAY_MINUTES} minutes (a week).")/>
                <TextField label="Reason" name="reason" id="shutdown-reason" value=reason multiline=true/>
            </Fields>
            <button type="submit" class=BUTTON>"Continue…"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::consequences;

    #[test]
    fn the_confirmation_says_what_happens() {
        let (title, message) = consequences("reboot", 0);
        assert_eq!(title, "Reboot the appliance now?");
        assert!(message.contains("loses their session"));
        let (title, message) = consequences("poweroff", 60);
        assert_eq!(title, "Power off the appliance in 1 hour?");
        assert!(message.contains("stays off until someone powers"));
        assert!(message.contains("can cancel it"));
    }
}
