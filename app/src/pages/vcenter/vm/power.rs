//! A VM's power (`vcenter/vm/power`): its state and the actions that state allows. Power off and reset cut the
//! guest off without shutting it down, so they ask first (`&confirm=stop`), saying so; power on and suspend
//! act at once. Forms post; the page they return to shows the new state.

use crate::api::vcenter::inventory::words;
use crate::api::vcenter::vm::guest::GuestView;
use crate::api::vcenter::vm::power::{actions_for, power_action, SetVmPower};
use crate::pages::vcenter::vm::guest::GuestPowerControls;
use crate::components::form::{succeeded, ConfirmPanel, FormError, Notice, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY};
use crate::components::{Card, StatusBadge, Tone};
use crate::pages::vcenter::vm::VmActionFields;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VmPowerCard(
    #[prop(into)] vm: String,
    #[prop(into)] name: String,
    #[prop(into)] state: String,
    #[prop(into)] page: String,
    /// The guest's power state and soft power operations, when it could be read.
    guest: Option<GuestView>,
) -> impl IntoView {
    let set = ServerAction::<SetVmPower>::new();
    let query = use_query_map();
    let asked = query.with_untracked(|q| q.get("confirm")).and_then(|a| power_action(&a).ok()).filter(|a| a.asks.is_some());
    let done = query.with_untracked(|q| q.get("power")).and_then(|a| power_action(&a).ok()).map(|a| a.done);
    let tone = match state.as_str() {
        "POWERED_ON" => Tone::Good,
        "SUSPENDED" => Tone::Warn,
        _ => Tone::Neutral,
    };
    let form = move |action: &'static str, label: &'static str, class: &'static str, test_id: String, vm: String| {
        view! {
            <ActionForm action=set><VmActionFields vm action label class test_id/></ActionForm>
        }
    };
    let confirm = asked.map(|a| {
        let title = format!("{} {name}?", a.button);
        let panel = form(a.name, a.button, BUTTON_DANGER, format!("confirm-power-{}", a.name), vm.clone());
        view! {
            <ConfirmPanel title message=a.asks.unwrap_or_default() cancel_href=page.clone()>
                {panel}
            </ConfirmPanel>
        }
    });
    let buttons = actions_for(&state)
        .into_iter()
        .map(|a| match a.asks {
            // Asks first: a link to the confirmation, which posts.
            Some(_) => view! { <a href=format!("{page}&confirm={}", a.name) class=BUTTON_SECONDARY data-testid=format!("power-{}", a.name)>{format!("{}…", a.button)}</a> }.into_any(),
            None => form(a.name, a.button, if a.name == "start" { BUTTON } else { BUTTON_SECONDARY }, format!("power-{}", a.name), vm.clone()).into_any(),
        })
        .collect_view();
    let guest = guest.map(|g| view! { <GuestPowerControls vm=vm.clone() name=name.clone() guest=g page=page.clone()/> });
    view! {
        {confirm}
        <Card title="Power">
            <div class="space-y-4" data-testid="vm-power">
                <p class="text-sm">"State: " <StatusBadge tone word=words(&state)/></p>
                {move || (succeeded(set).get()).then(|| done.map(|d| view! { <Notice text=d test_id="power-done"/> })).flatten()}
                <div class="flex flex-wrap gap-2">{buttons}</div>
                <FormError value=set.value() test_id="power-error"/>
                {guest}
            </div>
        </Card>
    }
}
