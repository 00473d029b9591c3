//! Restore: list the backups at a location (a POST: vCenter contacts the file server), pick one
//! (`?archive=<its URL>`, a page state), check it with vCenter (its encryption password; the metadata: version,
//! time, parts, whether it applies to this appliance, its warnings), then restore it behind a confirmation that
//! says what is lost, with the SSO administrator's account. The restore job is followed live, with Cancel; after
//! it, the reconciliation with the SSO domain, followed live too. Works without JavaScript.

use crate::api::appliance::recovery::{
    archive_href, browsed, checked_archive, get_reconciliation, get_restore, location_type_of, BrowseArchives, CancelRestore, CheckRestore, CheckedArchive,
    ReconcileView, RestoreView, StartReconciliation, StartRestore,
};
use crate::pages::appliance::backup::LocationFields;
use crate::components::form::{typed, Checkbox, Fields, FormError, PasswordField, TextField, Warning, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY, LINK, Notice};
use crate::components::table::{Empty, Table};
use crate::components::{human_time, Card, ErrorList, Field, FieldList, Loading, PageHeader, StatusBadge, Tone};
use crate::islands::progress::Following;
use crate::jobs::Source;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RestorePage() -> impl IntoView {
    let browse = ServerAction::<BrowseArchives>::new();
    let check = ServerAction::<CheckRestore>::new();
    let start = ServerAction::<StartRestore>::new();
    let cancel = ServerAction::<CancelRestore>::new();
    let reconcile = ServerAction::<StartReconciliation>::new();
    let query = use_query_map();
    let job = Resource::new(move || (start.version().get(), cancel.version().get(), reconcile.version().get()), |_| async move {
        Ok::<_, crate::error::AppError>((get_restore().await?, get_reconciliation().await?))
    });
    let listing = Resource::new(move || browse.version().get(), |_| browsed());
    let archive = move || query.with(|q| q.get("archive")).filter(|a| !a.is_empty());
    // The check shown is the one this page's form just made (`&checked=1`), for this archive.
    let was_checked = move || query.with(|q| q.get("checked").is_some());
    let checked = Resource::new(move || (archive(), was_checked(), check.version().get()), |(a, was, _)| async move {
        Ok::<_, crate::error::AppError>(match a {
            Some(a) if was => checked_archive().await?.filter(|c| c.url == a),
            _ => None,
        })
    });
    view! {
        <PageHeader title="Restore" subtitle="Find a backup at its location, check it, and restore the appliance's configuration from it."/>
        <div class="mb-6">
            <Card title="Restore job">
                <Transition fallback=|| view! { <Loading/> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                        {move || Suspend::new(async move { job.await.map(|(r, c)| view! { <JobCard r c cancel reconcile/> }) })}
                    </ErrorBoundary>
                </Transition>
            </Card>
        </div>
        {move || archive().map(|a| view! {
            <div class="mb-6">
                <Card title="The chosen backup">
                    <p class="mb-3 break-all text-sm text-slate-700 dark:text-slate-300" data-testid="chosen-archive">{a.clone()}</p>
                    <Transition fallback=|| view! { <Loading/> }>
                        <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                            {move || Suspend::new(async move {
                                checked.await.map(|c| view! { <CheckedCard c check start/> })
                            })}
                        </ErrorBoundary>
                    </Transition>
                </Card>
            </div>
        })}
        <Card title="Backups at a location">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move { listing.await.map(|l| view! { <Browse browse listing=l/> }) })}
                </ErrorBoundary>
            </Transition>
        </Card>
    }
}

fn restore_badge(state: &str) -> (Tone, &'static str) {
    match state {
        "INPROGRESS" => (Tone::Busy, "Restoring"),
        "SUCCEEDED" => (Tone::Good, "Restored"),
        "FAILED" => (Tone::Bad, "Failed"),
        _ => (Tone::Neutral, "No restore"),
    }
}

#[component]
fn JobCard(r: RestoreView, c: Option<ReconcileView>, cancel: ServerAction<CancelRestore>, reconcile: ServerAction<StartReconciliation>) -> impl IntoView {
    let (tone, word) = restore_badge(&r.state);
    let state = r.state.clone();
    let body = match state.as_str() {
        "NONE" => view! { <p class="text-sm text-slate-600 dark:text-slate-300" data-testid="no-restore">"No restore has run on this appliance."</p> }.into_any(),
        "INPROGRESS" => view! {
            <Following source=Source::Restore initial=r.progress() test_id="restore-progress"/>
            <ActionForm action=cancel attr:class="mt-4">
                <button type="submit" class=BUTTON_SECONDARY data-testid="restore-cancel">"Cancel the restore"</button>
            </ActionForm>
        }
        .into_any(),
        _ => view! {
            <ul class="space-y-1 text-sm" data-testid="restore-messages">{r.messages.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
            {(state == "SUCCEEDED").then(|| view! { <Reconcile c reconcile/> })}
        }
        .into_any(),
    };
    view! {
        <div class="mb-3" data-testid="restore-state" data-state=r.state.clone()><StatusBadge tone word/></div>
        {body}
        <FormError value=cancel.value() test_id="restore-cancel-error"/>
    }
}

#[component]
fn Reconcile(c: Option<ReconcileView>, reconcile: ServerAction<StartReconciliation>) -> impl IntoView {
    match c {
        Some(c) if c.status == "RUNNING" => view! {
            <div class="mt-4"><Following source=Source::Reconciliation initial=c.progress() test_id="reconcile-progress"/></div>
        }
        .into_any(),
        Some(c) if c.status == "SUCCEEDED" => view! { <div class="mt-4"><Notice text="Reconciliation with the SSO domain completed." test_id="reconciled"/></div> }.into_any(),
        other => {
            let value = reconcile.value();
            let user = typed(value, "sso_user", "administrator@vsphere.local".into());
            let done = Signal::derive(move || reconcile.version().get());
            view! {
                {other.and_then(|c| c.error).map(|e| view! { <div class="mt-4"><Warning text=e/></div> })}
                <div class="mt-4 border-t border-slate-200 pt-4 dark:border-slate-700">
                    <p class="mb-3 text-sm text-slate-700 dark:text-slate-300">
                        "The restore rolled the appliance's directory data back to the backup's: reconcile it with the SSO domain now."
                    </p>
                    <ActionForm action=reconcile attr:class="space-y-4" attr:data-testid="reconcile-form">
                        <Fields value test_id="reconcile-error">
                            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                                <TextField label="SSO administrator" name="sso_user" id="reconcile-user" value=user/>
                                <PasswordField label="SSO password" name="sso_password" id="reconcile-password" done/>
                            </div>
                        </Fields>
                        <button type="submit" class=BUTTON data-testid="reconcile-start">"Reconcile"</button>
                    </ActionForm>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn CheckedCard(c: Option<CheckedArchive>, check: ServerAction<CheckRestore>, start: ServerAction<StartRestore>) -> impl IntoView {
    let query = use_query_map();
    let archive = query.with_untracked(|q| q.get("archive")).unwrap_or_default();
    let kind = location_type_of(&archive).unwrap_or_default();
    let Some(c) = c else {
        // Not checked yet: the encryption password, and vCenter checks the archive.
        let done = Signal::derive(move || check.version().get());
        let value = check.value();
        let user = typed(value, "location_user", query.with_untracked(|q| q.get("user")).unwrap_or_default());
        return view! {
            <ActionForm action=check attr:class="space-y-4" attr:data-testid="check-form">
                <input type="hidden" name="location_type" value=kind/>
                <input type="hidden" name="location" value=archive.clone()/>
                <Fields value test_id="check-error">
                    <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                        <TextField label="Location user name" name="location_user" id="check-user" value=user/>
                        <PasswordField label="Encryption password" name="backup_password" id="check-encryption" done
                            hint="The password the backup was encrypted with; empty if it was not."/>
                    </div>
                </Fields>
                <button type="submit" class=BUTTON data-testid="check-archive">"Check the backup"</button>
            </ActionForm>
        }
        .into_any();
    };
    let value = start.value();
    let sso_user = typed(value, "sso_user", "administrator@vsphere.local".into());
    let done = Signal::derive(move || start.version().get());
    let warned = !c.messages.is_empty();
    let lost = format!(
        "The appliance's configuration and inventory go back to how they were at {}: everything changed since then is lost, and vCenter's services restart during the restore.",
        human_time(&c.timestamp)
    );
    view! {
        <div data-testid="archive-metadata" data-applicable=c.applicable.to_string()>
            <FieldList>
                <Field label="Taken" value=human_time(&c.timestamp)/>
                <Field label="Version" value=c.version.clone() test_id="archive-version"/>
                <Field label="System" value=c.system.clone()/>
                <Field label="Parts" value=c.parts.join(", ")/>
                <Field label="Comment" value=c.comment.clone()/>
            </FieldList>
            {c.messages.iter().map(|m| view! { <div class="mt-3"><Warning text=m.clone() test_id="archive-warning"/></div> }).collect_view()}
        </div>
        {if c.applicable {
            view! {
                <div role="alertdialog" aria-labelledby="restore-title" class="mt-4 rounded-xl border-2 border-red-300 bg-red-50 p-5 dark:border-red-800 dark:bg-red-950/40" data-testid="confirm-panel">
                    <h3 id="restore-title" class="text-base font-semibold text-red-900 dark:text-red-100">"Restore the appliance from this backup?"</h3>
                    <p class="mt-2 text-sm text-red-900 dark:text-red-100">{lost}</p>
                    <ActionForm action=start attr:class="mt-4 space-y-4" attr:data-testid="restore-form">
                        <input type="hidden" name="location" value=c.url.clone()/>
                        <Fields value test_id="restore-error">
                            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                                <TextField label="SSO administrator" name="sso_user" id="restore-user" value=sso_user/>
                                <PasswordField label="SSO password" name="sso_password" id="restore-password" done/>
                            </div>
                            {warned.then(|| view! { <Checkbox name="ignore_warnings" id="restore-ignore" label="Restore despite the warnings above" checked=typed(value, "ignore_warnings", String::new())/> })}
                        </Fields>
                        <div class="flex flex-wrap items-center gap-3">
                            <button type="submit" class=BUTTON_DANGER data-testid="restore-start">"Restore"</button>
                            <a href="/appliance/restore" class=LINK>"Cancel"</a>
                        </div>
                    </ActionForm>
                </div>
            }
            .into_any()
        } else {
            view! { <p class="mt-4 text-sm font-medium text-red-800 dark:text-red-200" data-testid="not-applicable">"This backup cannot be restored on this appliance."</p> }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn Browse(browse: ServerAction<BrowseArchives>, listing: Option<crate::api::appliance::recovery::Browsed>) -> impl IntoView {
    let value = browse.value();
    let l = listing.clone().unwrap_or_default();
    let kind = typed(value, "location_type", if l.location_type.is_empty() { "FTPS".into() } else { l.location_type.clone() });
    let location = typed(value, "location", l.location.clone());
    let user = typed(value, "location_user", l.location_user.clone());
    let done = Signal::derive(move || browse.version().get());
    view! {
        <ActionForm action=browse attr:class="space-y-4" attr:data-testid="browse-form">
            <Fields value test_id="browse-error">
                <LocationFields prefix="browse" kind location user done location_hint="The folder backups were written to."/>
            </Fields>
            <button type="submit" class=BUTTON data-testid="browse-start">"List the backups"</button>
        </ActionForm>
        {listing.map(|l| {
            let user = l.location_user.clone();
            view! {
                <div class="mt-6">
                    <p class="mb-2 text-sm text-slate-700 dark:text-slate-300">{format!("Backups at {}:", l.location)}</p>
                    {if l.archives.is_empty() {
                        view! { <Empty text="No backups at this location."/> }.into_any()
                    } else {
                        view! {
                            <Table caption="Backups at the location, newest first" headings=vec!["Taken", "System", "Version", "Parts", "Comment", ""] test_id="archives">
                                {l.archives.into_iter().map(|a| {
                                    let href = format!("{}&user={}", archive_href(&a.url), crate::vsphere::rest::encode_component(&user));
                                    view! {
                                        <tr data-testid="archive-row">
                                            <td>{human_time(&a.timestamp)}</td>
                                            <td>{a.system.clone()}</td>
                                            <td>{a.version.clone()}</td>
                                            <td>{a.parts.join(", ")}</td>
                                            <td>{a.comment.clone()}</td>
                                            <td><a class=LINK href=href data-testid="archive-choose">"Restore…"</a></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </Table>
                        }.into_any()
                    }}
                </div>
            }
        })}
    }
}
