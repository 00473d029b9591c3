//! A VM's guest (`vcenter/vm/guest`): the soft power operations that go through VMware Tools — shut down,
//! restart, standby — each disabled with the reason when the guest cannot take it now, and the guest's file
//! systems with how full each is. Shut down and restart stop the guest's services, so they ask first
//! (`&confirm=guest-shutdown`); standby acts at once.

use crate::api::vcenter::inventory::human_bytes;
use crate::api::vcenter::vm::guest::{guest_action, GuestView, SetGuestPower, GUEST_ACTIONS};
use crate::components::chart::UsageBar;
use crate::components::form::{succeeded, ConfirmPanel, FormError, Notice, BUTTON_DANGER, BUTTON_SECONDARY};
use crate::components::table::{Empty, Table};
use crate::components::Card;
use crate::pages::vcenter::vm::VmActionFields;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The guest's power state and its soft power operations, inside the VM's Power card. `page` is the VM's page.
#[component]
pub fn GuestPowerControls(#[prop(into)] vm: String, #[prop(into)] name: String, guest: GuestView, #[prop(into)] page: String) -> impl IntoView {
    let set = ServerAction::<SetGuestPower>::new();
    let query = use_query_map();
    let asked = query
        .with_untracked(|q| q.get("confirm"))
        .and_then(|c| c.strip_prefix("guest-").map(str::to_string))
        .and_then(|a| guest_action(&a).ok())
        .filter(|a| a.asks.is_some() && guest.unavailable.is_none());
    let done = query.with_untracked(|q| q.get("guest")).and_then(|a| guest_action(&a).ok()).map(|a| a.done);
    let form = move |action: &'static str, label: &'static str, class: &'static str, test_id: String, vm: String| {
        view! {
            <ActionForm action=set><VmActionFields vm action label class test_id/></ActionForm>
        }
    };
    let confirm = asked.map(|a| {
        let panel = form(a.name, a.button, BUTTON_DANGER, format!("confirm-guest-{}", a.name), vm.clone());
        view! {
            <ConfirmPanel title=format!("{} of {name}?", a.button) message=a.asks.unwrap_or_default() cancel_href=page.clone()>
                {panel}
            </ConfirmPanel>
        }
    });
    let reason = guest.unavailable.clone();
    let buttons = GUEST_ACTIONS
        .iter()
        .map(|a| match (&reason, a.asks) {
            // Not now: the button is there, disabled, and says why (the reason below it).
            (Some(_), _) => view! {
                <button type="button" class=BUTTON_SECONDARY disabled aria-describedby="guest-unavailable" data-testid=format!("guest-{}", a.name)>{a.button}</button>
            }
            .into_any(),
            (None, Some(_)) => view! { <a href=format!("{page}&confirm=guest-{}", a.name) class=BUTTON_SECONDARY data-testid=format!("guest-{}", a.name)>{format!("{}…", a.button)}</a> }.into_any(),
            (None, None) => form(a.name, a.button, BUTTON_SECONDARY, format!("guest-{}", a.name), vm.clone()).into_any(),
        })
        .collect_view();
    view! {
        <div class="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800" data-testid="guest-power">
            <p class="text-sm">"Guest OS: " <span class="font-medium" data-testid="guest-state">{guest.state.clone()}</span></p>
            {confirm}
            {move || succeeded(set).get().then(|| done.map(|d| view! { <Notice text=d test_id="guest-done"/> })).flatten()}
            <div class="flex flex-wrap gap-2">{buttons}</div>
            {reason.map(|r| view! { <p id="guest-unavailable" class="text-sm text-slate-600 dark:text-slate-400" data-testid="guest-unavailable">{r}</p> })}
            <FormError value=set.value() test_id="guest-error"/>
        </div>
    }
}

/// The guest's file systems: mount point, capacity, free space and how full.
#[component]
pub fn GuestFilesystemsCard(guest: GuestView) -> impl IntoView {
    let body = if guest.filesystems.is_empty() {
        view! { <Empty text=guest.filesystems_note.clone().unwrap_or_else(|| "None reported.".into())/> }.into_any()
    } else {
        view! {
            <Table caption="The guest's file systems" headings=vec!["Mount point", "Capacity", "Free", "Used"] test_id="guest-filesystems">
                {guest.filesystems.into_iter().map(|f| view! {
                    <tr data-testid="filesystem" data-mount=f.mount.clone()>
                        <td class="font-mono">{f.mount.clone()}</td>
                        <td class="tabular-nums">{human_bytes(f.capacity)}</td>
                        <td class="tabular-nums">{human_bytes(f.free)}</td>
                        <td><UsageBar used=f.capacity - f.free total=f.capacity/></td>
                    </tr>
                }).collect_view()}
            </Table>
        }
        .into_any()
    };
    view! { <Card title="Guest file systems">{body}</Card> }
}
