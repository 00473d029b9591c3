//! `appliance/access` through our client against the simulator: defaults, changes that persist, the shell's
//! time-out checked, counting down and switching the shell off, unknown services.

use crate::common;

use app::error::VapiErrorKind;
use app::vsphere::models::appliance::access::shell::ShellConfig;
use common::*;
use std::time::Duration;

#[test]
fn toggles_persist_and_the_shell_times_out() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert_eq!((s.access_get("ssh").await.unwrap(), s.access_get("dcui").await.unwrap(), s.access_get("consolecli").await.unwrap()), (false, true, true));
        s.access_set("ssh", true).await.unwrap();
        s.access_set("dcui", false).await.unwrap();
        assert!(s.access_get("ssh").await.unwrap());
        assert!(!s.access_get("dcui").await.unwrap());
        assert!(s.access_get("consolecli").await.unwrap(), "the others are untouched");

        assert_eq!(s.appliance_access_shell_get().await.unwrap(), ShellConfig { enabled: false, timeout: 0 });
        s.appliance_access_shell_set(&ShellConfig { enabled: true, timeout: 900 }).await.unwrap();
        let sh = s.appliance_access_shell_get().await.unwrap();
        assert!(sh.enabled && sh.timeout > 890 && sh.timeout <= 900, "{sh:?}");
        for bad in [0, -5, 86_401] {
            let e = s.appliance_access_shell_set(&ShellConfig { enabled: true, timeout: bad }).await.unwrap_err();
            assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("between 1 and 86400 seconds"), "{e}");
        }
        assert!(s.appliance_access_shell_get().await.unwrap().enabled, "a refused change leaves the shell as it was");
        s.appliance_access_shell_set(&ShellConfig { enabled: false, timeout: 0 }).await.unwrap();
        assert_eq!(s.appliance_access_shell_get().await.unwrap(), ShellConfig { enabled: false, timeout: 0 });

        s.appliance_access_shell_set(&ShellConfig { enabled: true, timeout: 1 }).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1200)).await;
        assert_eq!(s.appliance_access_shell_get().await.unwrap(), ShellConfig { enabled: false, timeout: 0 }, "the shell turned itself off");

        let e = s.access_get("telnet").await.unwrap_err();
        assert!(matches!(e, app::error::AppError::Invalid { .. }) && e.to_string().contains("telnet"), "not sent at all: {e}");
    })
}
