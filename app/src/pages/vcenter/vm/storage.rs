//! A VM's Storage policy tab (`vcenter/vm/storage/policy`): the policy of its home and of each disk, changed in
//! one form (a policy, or the datastore's default), and their compliance — the last check's result and time,
//! why an entity does not comply, and a check now.

use crate::api::vcenter::vm::storage::{compliance_words, get_vm_storage_policy, CheckVmCompliance, EntityCompliance, SetVmStoragePolicy, StoragePolicyView};
use crate::components::form::{FormError, Fields, Notice, SelectField, BUTTON, BUTTON_SECONDARY, INPUT, LABEL};
use crate::components::table::Table;
use crate::components::{Card, ErrorList, Loading, PageHeader, StatusBadge, Tone};
use crate::pages::vcenter::vm::VmTabFrame;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn tone(status: &str) -> Tone {
    match status {
        "COMPLIANT" => Tone::Good,
        "NON_COMPLIANT" => Tone::Bad,
        "OUT_OF_DATE" | "UNKNOWN_COMPLIANCE" => Tone::Warn,
        _ => Tone::Neutral,
    }
}

/// The tab: everything from one server function (four calls made together).
#[component]
pub fn VmStorageTab(vm: String) -> impl IntoView {
    let id = vm.clone();
    let view_data = Resource::new(move || id.clone(), get_vm_storage_policy);
    let notice = use_query_map().with_untracked(|q| {
        (q.get("done").is_some() && q.get("__err").is_none()).then(|| match q.get("storage").as_deref() {
            Some("saved") => Some("Storage policies saved. The compliance is out of date until it is checked again."),
            Some("checked") => Some("Compliance checked."),
            _ => None,
        }).flatten()
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <PageHeader title="Virtual machine"/><ErrorList errors/> }>
                {
                    move || {
                        let vm = vm.clone();
                        Suspend::new(async move {
                            view_data.await.map(|s| view! {
                                <VmTabFrame vm=vm.clone() name=s.name.clone() current="storage"/>
                                {notice.map(|n| view! { <div class="mb-4"><Notice text=n test_id="storage-done"/></div> })}
                                <div class="mb-6"><PoliciesCard vm=vm.clone() s=s.clone()/></div>
                                <ComplianceCard vm=vm.clone() s/>
                            })
                        })
                    }
                }
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn PoliciesCard(vm: String, s: StoragePolicyView) -> impl IntoView {
    let set = ServerAction::<SetVmStoragePolicy>::new();
    let mut all = vec![("default".to_string(), "The datastore's default".to_string())];
    all.extend(s.policies.iter().cloned());
    let options = move || all.clone();
    let selected = |p: &Option<String>| p.clone().unwrap_or_else(|| "default".into());
    let home = selected(&s.home);
    view! {
        <Card title="Policies">
            <ActionForm action=set attr:class="space-y-4" attr:data-testid="storage-policy-form">
                <input type="hidden" name="vm" value=vm/>
                <Fields value=set.value() test_id="storage-policy-error">
                    <SelectField label="VM home (configuration files)" name="home" id="policy-home" options=options() selected=home
                        hint="The datastore's default is vSAN's own policy on vSAN, and no policy elsewhere."/>
                    {s.disks.iter().map(|d| {
                        let id = format!("policy-disk-{}", d.key);
                        let current = selected(&d.policy);
                        view! {
                            <div>
                                <input type="hidden" name="disk_keys[]" value=d.key.clone()/>
                                <label for=id.clone() class=LABEL>{d.label.clone()}</label>
                                <select id=id name="disk_policies[]" class=INPUT data-testid="disk-policy">
                                    {options().into_iter().map(|(v, l)| {
                                        let on = v == current;
                                        view! { <option value=v selected=on>{l}</option> }
                                    }).collect_view()}
                                </select>
                                <p class="mt-1 text-xs text-slate-600 dark:text-slate-400">{d.file.clone()}</p>
                            </div>
                        }
                    }).collect_view()}
                </Fields>
                <button type="submit" class=BUTTON data-testid="storage-policy-save">"Save policies"</button>
            </ActionForm>
        </Card>
    }
}

#[component]
fn ComplianceCard(vm: String, s: StoragePolicyView) -> impl IntoView {
    let check = ServerAction::<CheckVmCompliance>::new();
    let row = |entity: String, policy: String, c: Option<EntityCompliance>| {
        let c = c.unwrap_or_else(|| EntityCompliance { status: "UNKNOWN_COMPLIANCE".into(), ..Default::default() });
        view! {
            <tr data-testid="compliance-row" data-status=c.status.clone()>
                <td class="font-medium">{entity}</td>
                <td>{policy}</td>
                <td><StatusBadge tone=tone(&c.status) word=compliance_words(&c.status)/></td>
                <td class="tabular-nums">{c.checked.clone()}</td>
                <td>{c.causes.join(" ")}</td>
            </tr>
        }
    };
    let home = row("VM home".into(), s.policy_name(&s.home), s.home_compliance.clone());
    let disks = s.disks.iter().map(|d| row(d.label.clone(), s.policy_name(&d.policy), d.compliance.clone())).collect_view();
    view! {
        <Card title="Compliance">
            <div class="space-y-4" data-testid="compliance">
                <p class="text-sm">"Overall: " <span data-testid="overall-compliance"><StatusBadge tone=tone(&s.overall) word=compliance_words(&s.overall)/></span></p>
                <Table caption="Compliance of the VM home and each disk" headings=vec!["Entity", "Policy", "Compliance", "Last checked", "Why not"]>
                    {home}
                    {disks}
                </Table>
                <ActionForm action=check>
                    <input type="hidden" name="vm" value=vm/>
                    <button type="submit" class=BUTTON_SECONDARY data-testid="check-compliance">"Check compliance now"</button>
                </ActionForm>
                <FormError value=check.value() test_id="check-error"/>
            </div>
        </Card>
    }
}
