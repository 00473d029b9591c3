//! vCenter › System configuration (`/vcenter/system-config`): how this vCenter Server is deployed (embedded
//! or external Platform Services Controller) and the PSC it is registered with. An embedded vCenter can be
//! registered with an external PSC, a vCenter with an external PSC repointed to another; each behind a
//! confirmation that says what follows, its form inside it (`?confirm=reconfigure` / `?confirm=repoint`, so
//! it works without JavaScript). When vCenter does not trust the PSC's certificate yet, the thumbprint it
//! names is offered to accept.

use crate::api::vcenter::system_config::{get_system_config, type_label, ReconfigureDeploymentType, RepointPsc, SystemConfig};
use crate::components::form::{succeeded, thumbprint_value, typed, ConfirmPanel, Fields, Notice, PasswordField, TextField, Warning, BUTTON_DANGER, BUTTON_SECONDARY};
use crate::components::{Card, ErrorList, Field, FieldList, Loading, PageHeader};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const PATH: &str = "/vcenter/system-config";

#[component]
pub fn SystemConfigPage() -> impl IntoView {
    let reconfigure = ServerAction::<ReconfigureDeploymentType>::new();
    let repoint = ServerAction::<RepointPsc>::new();
    let config = Resource::new(move || (reconfigure.version().get(), repoint.version().get()), |_| get_system_config());
    let (reconfigured, repointed) = (succeeded(reconfigure), succeeded(repoint));
    view! {
        <PageHeader title="System configuration" subtitle="How this vCenter Server is deployed and the Platform Services Controller (PSC) it uses for single sign-on."/>
        {move || reconfigured.get().then(|| view! { <div class="mb-4"><Notice text="Registered with the external PSC: this vCenter Server now uses it for single sign-on." test_id="reconfigured"/></div> })}
        {move || repointed.get().then(|| view! { <div class="mb-4"><Notice text="Repointed: this vCenter Server now uses the new PSC." test_id="repointed"/></div> })}
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { config.await.map(|c| view! { <SystemConfigView c reconfigure repoint/> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn SystemConfigView(c: SystemConfig, reconfigure: ServerAction<ReconfigureDeploymentType>, repoint: ServerAction<RepointPsc>) -> impl IntoView {
    let query = use_query_map();
    let kind = c.kind.clone().ok();
    let current_psc = c.psc.as_ref().map(|p| p.address.clone()).unwrap_or_default();
    let action_link = match kind.as_deref() {
        Some("VCSA_EMBEDDED") => Some((format!("{PATH}?confirm=reconfigure"), "Register with an external PSC…", "reconfigure-open")),
        Some("VCSA_EXTERNAL") => Some((format!("{PATH}?confirm=repoint"), "Repoint to another PSC…", "repoint-open")),
        _ => None,
    };
    let confirm = move || {
        let which = query.with(|q| q.get("confirm"))?;
        match (which.as_str(), kind.as_deref()) {
            ("reconfigure", Some("VCSA_EMBEDDED")) => Some(view! {
                <ConfirmPanel title="Register this vCenter Server with an external PSC?"
                    message="This vCenter Server stops using its embedded Platform Services Controller and registers with the PSC you name: from then on its users, groups, roles and certificates come from that PSC's single sign-on domain. Its services restart, so everyone is logged out for a few minutes. vSphere 6.7 offers no way back to an embedded PSC from here."
                    cancel_href=PATH>
                    <ActionForm action=reconfigure attr:class="w-full space-y-3" attr:data-testid="reconfigure">
                        <PscFields value=reconfigure.value() done=reconfigure.version() test_id="reconfigure"/>
                        <button type="submit" class=BUTTON_DANGER data-testid="reconfigure-submit">"Register with this PSC"</button>
                    </ActionForm>
                </ConfirmPanel>
            }.into_any()),
            ("repoint", Some("VCSA_EXTERNAL")) => Some(view! {
                <ConfirmPanel title="Repoint this vCenter Server to another PSC?"
                    message=format!("This vCenter Server leaves {current_psc} and registers with the PSC you name, which must serve the same single sign-on domain. Its services restart, so everyone is logged out for a few minutes; solutions registered with the old PSC must be registered again.")
                    cancel_href=PATH>
                    <ActionForm action=repoint attr:class="w-full space-y-3" attr:data-testid="repoint">
                        <PscFields value=repoint.value() done=repoint.version() test_id="repoint"/>
                        <button type="submit" class=BUTTON_DANGER data-testid="repoint-submit">"Repoint to this PSC"</button>
                    </ActionForm>
                </ConfirmPanel>
            }.into_any()),
            _ => None,
        }
    };
    view! {
        {confirm}
        <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Card title="Deployment type">
                {match c.kind {
                    Ok(k) => view! {
                        <FieldList>
                            <Field label="Type" value=type_label(&k) test_id="deployment-type"/>
                            <Field label="API name" value=k/>
                        </FieldList>
                    }.into_any(),
                    Err(m) => view! { <Warning text=m test_id="deployment-type-refused"/> }.into_any(),
                }}
                {action_link.map(|(href, label, id)| view! { <p class="mt-4"><a href=href class=BUTTON_SECONDARY data-testid=id>{label}</a></p> })}
            </Card>
            <Card title="Platform Services Controller">
                {match c.psc {
                    Ok(p) => view! {
                        <FieldList>
                            <Field label="Address" value=p.address test_id="psc-address"/>
                            <Field label="HTTPS port" value=p.https_port.to_string()/>
                            <Field label="SSO domain" value=p.sso_domain test_id="psc-domain"/>
                        </FieldList>
                    }.into_any(),
                    Err(m) => view! { <Warning text=m test_id="psc-refused"/> }.into_any(),
                }}
            </Card>
        </div>
    }
}

/// The external PSC's fields (reconfigure's and repoint's), with vCenter's thumbprint filled in after it
/// refused a certificate it does not trust yet.
#[component]
fn PscFields(#[prop(into)] value: Signal<Option<Result<(), AppError>>>, #[prop(into)] done: Signal<usize>, test_id: &'static str) -> impl IntoView {
    let print = thumbprint_value(value, "ssl_thumbprint");
    view! {
        <Fields value test_id=format!("{test_id}-error")>
            <div class="grid grid-cols-1 gap-3 sm:grid-cols-3">
                <div class="sm:col-span-2">
                    <TextField label="PSC address" name="psc_hostname" id=format!("{test_id}-host") value=typed(value, "psc_hostname", String::new()) hint="Its DNS name or IP address."/>
                </div>
                <TextField label="HTTPS port" name="https_port" id=format!("{test_id}-port") value=typed(value, "https_port", String::new()) inputmode="numeric" placeholder="443"/>
            </div>
            <PasswordField name="sso_admin_password" id=format!("{test_id}-password") label="SSO administrator password" done hint="Of the PSC's single sign-on domain (administrator@…)."/>
            <TextField label="Certificate thumbprint (SHA-1)" name="ssl_thumbprint" id=format!("{test_id}-thumbprint") value=print
                hint="Leave it empty the first time: vCenter then names the PSC's thumbprint and it is filled in here. Compare it with the PSC's own certificate before you accept it."/>
        </Fields>
    }
}
