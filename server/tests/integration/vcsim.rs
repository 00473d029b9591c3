//! The same session scenario against govmomi's vcsim, an implementation we did not write. Ignored by plain
//! `cargo test`; `make test` runs it with `--ignored` and `VCSIM_BIN` set (it fails if vcsim is missing).

use crate::common;

use app::error::VapiErrorKind;
use common::Vcsim;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs vcsim: run by `make test` (VCSIM_BIN)"]
async fn session_scenario_against_vcsim() {
    let vcsim = Vcsim::start();
    let client = common::client(&vcsim.url);
    // vcsim accepts any user with a non-empty password; an empty one is its "bad password".
    let user = common::session_scenario::run(&client, "administrator@vsphere.local", "VMware1!", "").await;
    assert_eq!(user, "administrator@vsphere.local", "vcsim reports the user as given");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs vcsim: run by `make test` (VCSIM_BIN)"]
async fn vcsim_quirks_are_survived() {
    let vcsim = Vcsim::start();
    let client = common::client(&vcsim.url);
    let s = client.login("administrator@vsphere.local", "VMware1!").await.unwrap();
    // vcsim has no appliance endpoints: a plain-text 404, which must still be a typed not_found.
    let err = s.appliance_system_version_get().await.unwrap_err();
    assert!(err.is(VapiErrorKind::NotFound), "{err:?}");
    // An empty list as {"value": null} decodes as empty.
    let tags: Vec<String> = s.get("/rest/com/vmware/cis/tagging/tag", &Default::default()).await.unwrap();
    assert!(tags.is_empty());
    s.cis_session_delete().await.unwrap();
}

/// The tagging scenario against vcsim gives the same transcript as against our simulator
/// (`client_simulator::tagging_scenario_against_the_simulator`). vcsim does not check cardinality, associable
/// types or that objects exist, so those rules are tested against the simulator alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs vcsim: run by `make test` (VCSIM_BIN)"]
async fn tagging_scenario_against_vcsim() {
    let vcsim = Vcsim::start();
    let client = common::client(&vcsim.url);
    let s = client.login("administrator@vsphere.local", "VMware1!").await.unwrap();
    use common::tagging_scenario::{run, vm, EXPECTED};
    // VMs of vcsim's default inventory (DC0_H0_VM0, DC0_H0_VM1, DC0_C0_RP0_VM0).
    let transcript = run(&s, &[vm("vm-57"), vm("vm-60"), vm("vm-63")]).await;
    assert_eq!(transcript, EXPECTED);
}

/// The content library scenario against vcsim gives the same transcript as against our simulator
/// (`content_simulator::content_scenario_against_the_simulator`). vcsim keeps a library's files in a folder
/// named by its datastore id: a temporary folder stands for the datastore.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs vcsim: run by `make test` (VCSIM_BIN)"]
async fn content_scenario_against_vcsim() {
    let vcsim = Vcsim::start();
    let client = common::client(&vcsim.url);
    let s = client.login("administrator@vsphere.local", "VMware1!").await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    let transcript = common::content_scenario::run(&s, folder.path().to_str().unwrap()).await;
    assert_eq!(transcript, common::content_scenario::EXPECTED);
}
