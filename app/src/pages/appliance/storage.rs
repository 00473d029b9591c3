//! Appliance › Storage: which disk holds which partition, and "Resize partitions…" (resize_ex) behind a
//! confirmation (`?confirm=resize`), for after an administrator has enlarged the appliance's disks in vSphere.
//! The result (sizes before and after per partition) comes back in the URL (`?resized=…`), so the page shows
//! it the same with and without JavaScript. vCenter's mapping has no sizes: only resize results show them.

use crate::api::appliance::storage::{decode_resized, get_storage, ResizePartitions, Resized, StorageRow};
use crate::components::form::{ConfirmPanel, FormError, Notice, BUTTON, BUTTON_DANGER};
use crate::components::table::Table;
use crate::components::{Card, ErrorList, ErrorPanel, Loading, PageHeader};
use crate::error::AppError;
use crate::islands::progress::Following;
use crate::jobs::{page_job, JobView, Source};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// `20480` → "20,480 MB".
pub fn mb(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out} MB", if n < 0 { "-" } else { "" })
}

pub const CONFIRM_TITLE: &str = "Resize the partitions?";
pub const CONFIRM_MESSAGE: &str = "Every partition whose disk has been enlarged in vSphere grows to fill the unallocated space \
     on its disk. Services keep running while the file systems grow. This cannot be undone: a partition cannot be shrunk again, \
     nor a disk made smaller. Partitions on disks that were not enlarged are left as they are.";

#[component]
pub fn StoragePage() -> impl IntoView {
    let resize = ServerAction::<ResizePartitions>::new();
    let query = use_query_map();
    let rows = Resource::new(move || resize.version().get(), |_| get_storage());
    let confirming = move || query.with(|q| q.get("confirm").as_deref() == Some("resize"));
    let resized = move || query.with(|q| q.get("resized")).map(|t| decode_resized(&t));
    let job = page_job();
    view! {
        <PageHeader title="Storage" subtitle="The appliance's disks and the partitions on them. After enlarging a disk in vSphere, resize the partitions to use the new space."/>
        {move || confirming().then(|| view! {
            <ConfirmPanel title=CONFIRM_TITLE message=CONFIRM_MESSAGE cancel_href="/appliance/storage">
                <ActionForm action=resize>
                    <button type="submit" class=BUTTON_DANGER autofocus=true data-testid="confirm-resize" disabled=move || resize.pending().get()>
                        "Resize partitions"
                    </button>
                </ActionForm>
            </ConfirmPanel>
        })}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move { job.await.ok().flatten().map(|job| view! { <ResizeJob job/> }) })}
        </Transition>
        <div class="mb-6 empty:hidden"><FormError value=resize.value() test_id="resize-error"/></div>
        {move || resized().map(|changes| view! { <ResizeResult changes/> })}
        <Card title="Disks and partitions">
            <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
                <p class="text-sm text-slate-600 dark:text-slate-300">"Disk numbers are those of the appliance's virtual machine in the vSphere Client (Hard disk 1, 2, …)."</p>
                <a href="/appliance/storage?confirm=resize" class=BUTTON data-testid="resize">"Resize partitions…"</a>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                    {move || Suspend::new(async move {
                        rows.await.map(|rows| view! { <StorageTable rows grown=resized().unwrap_or_default()/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </Card>
    }
}

/// A resize running (followed live), or ended: then the page of its result, or why it failed.
#[component]
fn ResizeJob(job: JobView) -> impl IntoView {
    if !job.progress.finished() {
        return view! {
            <div class="mb-6 rounded-lg border border-sky-300 bg-sky-50 p-3 dark:border-sky-800 dark:bg-sky-950/50" data-testid="resizing">
                <Following source=Source::Job(job.id.clone()) initial=job.progress/>
            </div>
        }
        .into_any();
    }
    match job.result_href {
        Some(href) => view! { <Redirect path=href/> }.into_any(),
        None => view! {
            <div class="mb-6" data-testid="resize-error">
                <ErrorPanel error=AppError::Internal(format!("The resize failed: {}", job.progress.messages.join(" ")))/>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn StorageTable(rows: Vec<StorageRow>, grown: Vec<Resized>) -> impl IntoView {
    view! {
        <Table caption="Disks and partitions" headings=vec!["Disk", "Partition", "Description"] test_id="storage-table">
            {rows.into_iter().map(|r| {
                let change = grown.iter().find(|c| c.partition == r.partition).cloned();
                view! {
                    <tr data-testid="storage-row" data-partition=r.partition.clone() data-disk=r.disk.clone()>
                        <td>{format!("Hard disk {}", r.disk)}</td>
                        <td>
                            <span class="font-mono">{r.partition.clone()}</span>
                            {change.map(|c| view! {
                                <span class="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200">
                                    {format!("grown to {}", mb(c.new_mb))}
                                </span>
                            })}
                        </td>
                        <td>{r.description.clone()}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}

#[component]
fn ResizeResult(changes: Vec<Resized>) -> impl IntoView {
    if changes.is_empty() {
        return view! {
            <div class="mb-6">
                <Notice text="Nothing to resize: no disk had unallocated space, so every partition already fills its disk." test_id="nothing-resized"/>
            </div>
        }
        .into_any();
    }
    let n = changes.len();
    view! {
        <div class="mb-6 space-y-3" data-testid="resize-result">
            <Notice text=format!("{n} partition{} resized to fill {} disk{}.", if n == 1 { "" } else { "s" }, if n == 1 { "its" } else { "their" }, if n == 1 { "" } else { "s" })/>
            <Table caption="Partitions resized" headings=vec!["Partition", "Before", "After", "Added"] test_id="resized-table">
                {changes.into_iter().map(|c| view! {
                    <tr data-testid="resized-row" data-partition=c.partition.clone()>
                        <td><span class="font-mono">{c.partition.clone()}</span></td>
                        <td data-testid="old-size">{mb(c.old_mb)}</td>
                        <td data-testid="new-size">{mb(c.new_mb)}</td>
                        <td>{format!("+{}", mb(c.new_mb - c.old_mb))}</td>
                    </tr>
                }).collect_view()}
            </Table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_megabytes_with_separators() {
        assert_eq!(mb(0), "0 MB");
        assert_eq!(mb(999), "999 MB");
        assert_eq!(mb(1_024), "1,024 MB");
        assert_eq!(mb(20_480), "20,480 MB");
        assert_eq!(mb(1_024_000), "1,024,000 MB");
        assert_eq!(mb(-10_240), "-10,240 MB");
    }
}
