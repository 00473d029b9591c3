//! Live progress of a long job: the one way every page shows one. [`Following`] renders the job's state on
//! the server and, without JavaScript, reloads the page until the job ends; inside it the [`LiveProgress`]
//! island reads the job's server-sent events (`/events/progress?…`, gloo-net's EventSource, which reconnects
//! by itself when the stream drops) and reloads the page when the job has ended, so the page shows the result.

use crate::components::form::ProgressBar;
use crate::jobs::{JobProgress, JobState, Source};
use leptos::either::Either;
use leptos::prelude::*;

/// Seconds between reloads without JavaScript.
pub const RELOAD_SECONDS: u32 = 1;

/// A running job's progress, live (see the module). `compact`: only the current step, inline (a countdown in a
/// sentence). `no_reload`: not reloading without JavaScript (a banner on every page must not reload the page a
/// user is typing in).
#[component]
pub fn Following(
    source: Source,
    initial: JobProgress,
    #[prop(optional, into)] test_id: String,
    #[prop(optional)] compact: bool,
    #[prop(optional)] no_reload: bool,
) -> impl IntoView {
    let refresh = (!initial.finished() && !no_reload).then(|| format!(r#"<meta http-equiv="refresh" content="{RELOAD_SECONDS}">"#));
    view! {
        // A <noscript> is not parsed when scripts run: with JavaScript the island follows the job instead.
        {refresh.map(|meta| view! { <noscript inner_html=meta></noscript> })}
        <span class=if compact { "" } else { "block" } data-testid=test_id>
            <LiveProgress source=source.url() initial compact/>
        </span>
    }
}

fn state_word(state: JobState) -> &'static str {
    match state {
        JobState::Running => "running",
        JobState::Succeeded => "succeeded",
        JobState::Failed => "failed",
    }
}

/// The progress display, kept live in the browser (see the module).
#[island]
pub fn LiveProgress(source: String, initial: JobProgress, compact: bool) -> impl IntoView {
    let progress = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| follow(source.clone(), progress));
    #[cfg(not(feature = "hydrate"))]
    let _ = &source;
    let done = Signal::derive(move || progress.with(|p| p.done as usize));
    let total = Signal::derive(move || progress.with(|p| p.total as usize));
    if compact {
        return Either::Left(view! {
            <span role="timer" data-testid="live-progress" data-state=move || state_word(progress.with(|p| p.state))>{move || progress.with(|p| p.step.clone())}</span>
        });
    }
    Either::Right(view! {
        <div class="space-y-2" role="status" aria-live="polite" data-testid="live-progress" data-state=move || state_word(progress.with(|p| p.state))>
            {move || {
                let p = progress.get();
                if p.total > 0 {
                    Either::Left(view! { <ProgressBar done total label=p.title.clone()/> })
                } else {
                    Either::Right(view! {
                        <p class="flex items-center gap-2 text-sm font-medium text-slate-800 dark:text-slate-200">
                            {(!p.finished()).then(|| view! { <span aria-hidden="true" class="h-3 w-3 animate-pulse rounded-full bg-sky-500"></span> })}
                            {p.title.clone()}
                        </p>
                    })
                }
            }}
            {move || {
                let step = progress.with(|p| p.step.clone());
                (!step.is_empty()).then(|| view! { <p class="text-sm text-slate-600 dark:text-slate-300" data-testid="progress-step">{step}</p> })
            }}
            {move || {
                let messages = progress.with(|p| p.messages.clone());
                (!messages.is_empty()).then(|| view! {
                    <ul class="text-sm text-red-800 dark:text-red-200" data-testid="progress-messages">
                        {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                })
            }}
        </div>
    })
}

/// Follows the event stream until the job ends, then reloads the page.
#[cfg(feature = "hydrate")]
fn follow(source: String, progress: RwSignal<JobProgress>) {
    use futures_util::StreamExt;
    if progress.with_untracked(JobProgress::finished) {
        return;
    }
    let Ok(mut events) = gloo_net::eventsource::futures::EventSource::new(&source) else { return };
    let Ok(mut stream) = events.subscribe("progress") else { return };
    leptos::task::spawn_local(async move {
        while let Some(message) = stream.next().await {
            // An error is a dropped stream: the EventSource reconnects by itself.
            let Ok((_, event)) = message else { continue };
            let Some(p) = event.data().as_string().and_then(|t| serde_json::from_str::<JobProgress>(&t).ok()) else { continue };
            let finished = p.finished();
            progress.set(p);
            if finished {
                events.close();
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
                break;
            }
        }
    });
}
