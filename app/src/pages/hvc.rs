//! Hybrid Linked Mode (`/hvc`): links to cloud vCenters' SSO domains — make one (the PSC's thumbprint named by
//! vCenter and accepted here), unlink and reset behind confirmations; each link's sync providers with their
//! status, last sync and a forced sync followed live; the hybrid administrators groups (add; remove after a
//! confirmation). Confirmations are `?confirm=` URLs, so everything works without JavaScript.

use crate::api::hvc::{get_hvc, stage_words, AdminGroup, CreateLink, HvcOverview, LinkAction, LinkRow};
use crate::components::form::{succeeded, thumbprint_value, typed, ConfirmPanel, Fields, FormError, Notice, PasswordField, TextField, BUTTON, BUTTON_DANGER, BUTTON_SECONDARY};
use crate::components::table::{Empty, Table};
use crate::components::{Card, ErrorList, Loading, PageHeader, StatusBadge, Tone};
use crate::islands::progress::Following;
use crate::jobs::Source;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const SMALL: &str = "rounded-md border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 disabled:opacity-50 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800";

#[component]
pub fn HvcPage() -> impl IntoView {
    let create = ServerAction::<CreateLink>::new();
    let act = ServerAction::<LinkAction>::new();
    let admin = ServerAction::<AdminGroup>::new();
    let overview = Resource::new(move || (create.version().get(), act.version().get(), admin.version().get()), |_| get_hvc());
    let linked = succeeded(create);
    view! {
        <PageHeader title="Hybrid Linked Mode" subtitle="Link this vCenter's single sign-on domain with a cloud vCenter's (VMware Cloud on AWS): roles, permissions and tags are kept in sync, and one login sees both inventories."/>
        {move || linked.get().then(|| view! { <div class="mb-4"><Notice text="Linked: the first sync of each provider runs within its polling interval, or start one now." test_id="linked"/></div> })}
        <FormError value=act.value() test_id="link-action-error"/>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
                {move || Suspend::new(async move { overview.await.map(|o| view! { <HvcView o act admin/> }) })}
            </ErrorBoundary>
        </Transition>
        <div class="mt-6"><LinkCard create/></div>
    }
}

#[component]
fn HvcView(o: HvcOverview, act: ServerAction<LinkAction>, admin: ServerAction<AdminGroup>) -> impl IntoView {
    let query = use_query_map();
    let (confirm, link, group) = query.with_untracked(|q| (q.get("confirm"), q.get("link"), q.get("group")));
    let progress = o.progress();
    let domain_of = |id: &str| o.links.iter().find(|l| l.id == id).map(|l| l.domain.clone());
    let confirmation = match (confirm.as_deref(), link.as_deref().and_then(domain_of), group) {
        (Some("unlink"), Some(domain), _) => Some(view! {
            <ConfirmPanel title=format!("Unlink {domain}?") cancel_href="/hvc"
                message=format!("This vCenter's domain and {domain} stop sharing roles, permissions and tags, and one login no longer sees both inventories. Users of either side keep what their own domain gives them. The link can be made again.")>
                <ActionForm action=act>
                    <input type="hidden" name="link" value=link.clone().unwrap_or_default()/>
                    <input type="hidden" name="action" value="unlink"/>
                    <button type="submit" class=BUTTON_DANGER autofocus data-testid="confirm-unlink">"Unlink"</button>
                </ActionForm>
            </ConfirmPanel>
        }.into_any()),
        (Some("reset"), Some(domain), _) => Some(view! {
            <ConfirmPanel title=format!("Reset the sync with {domain}?") cancel_href="/hvc"
                message="Every provider's sync state is forgotten: their status says no sync was found until the next one runs, which copies everything again.">
                <ActionForm action=act>
                    <input type="hidden" name="link" value=link.clone().unwrap_or_default()/>
                    <input type="hidden" name="action" value="reset"/>
                    <button type="submit" class=BUTTON_DANGER autofocus data-testid="confirm-reset">"Reset sync"</button>
                </ActionForm>
            </ConfirmPanel>
        }.into_any()),
        (Some("remove-admin"), _, Some(group)) if o.admins.contains(&group) => Some(view! {
            <ConfirmPanel title=format!("Remove {group} from the hybrid administrators?") cancel_href="/hvc"
                message=format!("Members of {group} lose the administrator rights the linked cloud vCenter gives this group; their rights on this vCenter stay.")>
                <ActionForm action=admin>
                    <input type="hidden" name="group_name" value=group.clone()/>
                    <input type="hidden" name="action" value="remove"/>
                    <button type="submit" class=BUTTON_DANGER autofocus data-testid="confirm-remove-admin">"Remove group"</button>
                </ActionForm>
            </ConfirmPanel>
        }.into_any()),
        _ => None,
    };
    let admins = o.admins.clone();
    let value = admin.value();
    view! {
        {confirmation}
        {(!progress.finished()).then(|| view! { <div class="mb-4"><Following source=Source::Hvc initial=progress test_id="hvc-sync"/></div> })}
        <div class="space-y-6">
            <Card title="Links">
                {if o.links.is_empty() {
                    view! { <Empty text="This vCenter is not linked with any cloud vCenter."/> }.into_any()
                } else {
                    o.links.into_iter().map(|l| view! { <LinkView l act/> }).collect_view().into_any()
                }}
            </Card>
            <Card title="Hybrid administrators">
                <p class="mb-3 text-sm text-slate-600 dark:text-slate-400">"Groups of this domain that the linked cloud vCenters make administrators."</p>
                <ul class="mb-4 divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="hvc-admins">
                    {admins.into_iter().map(|g| {
                        let href = format!("/hvc?confirm=remove-admin&group={}", crate::vsphere::rest::encode_component(&g));
                        view! {
                            <li class="flex items-center justify-between py-2" data-group=g.clone()>
                                <span class="font-mono">{g.clone()}</span>
                                <a href=href class=SMALL aria-label=format!("Remove {g}")>"Remove…"</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <ActionForm action=admin attr:data-testid="add-admin">
                    <input type="hidden" name="action" value="add"/>
                    <Fields value test_id="add-admin-error">
                        <div class="flex flex-wrap items-end gap-3">
                            <div class="min-w-64 flex-1">
                                <TextField label="Group" name="group_name" id="admin-group" value=typed(value, "group_name", String::new()) placeholder="cloud-admins@vsphere.local"/>
                            </div>
                            <button type="submit" class=BUTTON_SECONDARY>"Add group"</button>
                        </div>
                    </Fields>
                </ActionForm>
            </Card>
        </div>
    }
}

#[component]
fn LinkView(l: LinkRow, act: ServerAction<LinkAction>) -> impl IntoView {
    let id = crate::vsphere::rest::encode_component(&l.id);
    let link_id = l.id.clone();
    view! {
        <section class="mb-4 last:mb-0" data-link=l.id.clone()>
            <div class="mb-2 flex flex-wrap items-center justify-between gap-3">
                <h3 class="font-medium">{l.domain.clone()}<span class="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{l.id.clone()}</span></h3>
                <div class="flex gap-2">
                    <a href=format!("/hvc?confirm=reset&link={id}") class=SMALL data-testid="reset-link">"Reset sync…"</a>
                    <a href=format!("/hvc?confirm=unlink&link={id}") class=SMALL data-testid="unlink">"Unlink…"</a>
                </div>
            </div>
            <Table caption=format!("Sync providers of {}", l.domain) headings=vec!["Provider", "Status", "Last sync", "Forced sync", "Actions"] test_id="providers">
                {l.providers.into_iter().map(|p| {
                    let (tone, word) = match p.status.as_str() {
                        "SUCCEEDED" => (Tone::Good, "Succeeded"),
                        "FAILED" => (Tone::Bad, "Failed"),
                        _ => (Tone::Neutral, "No sync yet"),
                    };
                    let session = p.session.clone().map(|(stage, d, t)| format!("{} ({d} of {t})", stage_words(&stage))).unwrap_or_else(|| "None".into());
                    let syncing = p.syncing();
                    let (link_id, provider_id) = (link_id.clone(), p.id.clone());
                    let last = p.last_sync.clone().map(|t| t.get(..19).unwrap_or(&t).replace('T', " ") + " UTC").unwrap_or_else(|| "Never".into());
                    view! {
                        <tr data-provider=p.id.clone()>
                            <td><div class="font-medium">{p.label.clone()}</div><div class="text-xs text-slate-600 dark:text-slate-400">{format!("Polled every {} s", p.polling_seconds)}</div></td>
                            <td><StatusBadge tone word/></td>
                            <td class="whitespace-nowrap">{last}</td>
                            <td>{session}</td>
                            <td>
                                <ActionForm action=act>
                                    <input type="hidden" name="link" value=link_id/>
                                    <input type="hidden" name="action" value="sync"/>
                                    <input type="hidden" name="provider" value=provider_id/>
                                    <button type="submit" class=SMALL disabled=syncing aria-label=format!("Sync {} now", p.label)>"Sync now"</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </Table>
        </section>
    }
}

/// Link to a cloud vCenter: its PSC, SSO domain and administrator; groups to make hybrid administrators.
#[component]
fn LinkCard(create: ServerAction<CreateLink>) -> impl IntoView {
    let value = create.value();
    let print = thumbprint_value(value, "ssl_thumbprint");
    view! {
        <Card title="Link to a cloud vCenter">
            <ActionForm action=create attr:class="space-y-3" attr:data-testid="create-link">
                <Fields value test_id="create-link-error">
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-3">
                        <div class="sm:col-span-2">
                            <TextField label="Cloud PSC address" name="psc_hostname" id="link-host" value=typed(value, "psc_hostname", String::new())/>
                        </div>
                        <TextField label="HTTPS port" name="port" id="link-port" value=typed(value, "port", String::new()) inputmode="numeric" placeholder="443"/>
                    </div>
                    <div class="grid grid-cols-1 gap-3 sm:grid-cols-3">
                        <TextField label="SSO domain" name="domain_name" id="link-domain" value=typed(value, "domain_name", String::new()) placeholder="vmc.local"/>
                        <TextField label="Administrator" name="username" id="link-user" value=typed(value, "username", String::new()) placeholder="cloudadmin@vmc.local"/>
                        <PasswordField name="password" id="link-password" label="Password" done=create.version()/>
                    </div>
                    <TextField label="Certificate thumbprint (SHA-1)" name="ssl_thumbprint" id="link-thumbprint" value=print
                        hint="Leave it empty the first time: vCenter then names the PSC's thumbprint and it is filled in here. Compare it with the PSC's own before you accept it."/>
                    <TextField label="Hybrid administrators groups (optional)" name="admin_groups" id="link-groups" value=typed(value, "admin_groups", String::new()) placeholder="cloud-admins@vsphere.local"
                        hint="Groups of this domain to make administrators on the cloud side, separated by commas."/>
                </Fields>
                <button type="submit" class=BUTTON data-testid="create-link-submit">"Link"</button>
            </ActionForm>
        </Card>
    }
}
