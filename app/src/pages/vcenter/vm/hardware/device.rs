//! What the device classes share on the Hardware tab: the confirmation's Remove button, and Connect /
//! Disconnect for network adapters and CD/DVD drives of a running VM.

use crate::api::vcenter::vm::hardware::device::{RemoveVmDevice, SetVmDeviceConnection};
use crate::api::vcenter::vm::hardware::Device;
use crate::components::form::{FormError, BUTTON_DANGER, BUTTON_SECONDARY};
use leptos::prelude::*;

/// The Remove button of a removal's confirmation (`class` `disk`, `nic` or `cdrom`), with the refusal under it.
#[component]
pub fn RemoveDeviceButton(#[prop(into)] vm: String, class: &'static str, d: Device) -> impl IntoView {
    let remove = ServerAction::<RemoveVmDevice>::new();
    view! {
        <ActionForm action=remove>
            <input type="hidden" name="vm" value=vm/>
            <input type="hidden" name="class" value=class/>
            <input type="hidden" name="device" value=d.key/>
            <button type="submit" class=BUTTON_DANGER autofocus data-testid=format!("confirm-remove-{class}")>{format!("Remove {}", d.label)}</button>
        </ActionForm>
        <FormError value=remove.value() test_id="remove-error"/>
    }
}

/// Connect or disconnect a network adapter or CD/DVD drive (`class` `nic` or `cdrom`) of a running VM; `set`
/// is the page's one action for these buttons (its refusal shows once, above the devices).
#[component]
pub fn ConnectButton(#[prop(into)] vm: String, class: &'static str, d: Device, set: ServerAction<SetVmDeviceConnection>) -> impl IntoView {
    let connected = d.connected.unwrap_or(false);
    let (action, label) = if connected { ("disconnect", "Disconnect") } else { ("connect", "Connect") };
    view! {
        <ActionForm action=set>
            <input type="hidden" name="class" value=class/>
            <input type="hidden" name="device" value=d.key.clone()/>
            <input type="hidden" name="vm" value=vm/>
            <input type="hidden" name="action" value=action/>
            <button type="submit" class=BUTTON_SECONDARY aria-label=format!("{label} {}", d.label) data-testid=format!("{action}-{class}-{}", d.key)>{label}</button>
        </ActionForm>
    }
}
