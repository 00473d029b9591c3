//! `appliance/shutdown` through our client against the simulator: schedule, read, replace and cancel; the
//! delay checked; a reboot that takes the simulated vCenter down (connections refused) and brings it back
//! without its sessions; and the console riding through it with a message instead of an error page.

use crate::common;

use app::error::{AppError, VapiErrorKind};
use common::console::Console;
use common::*;
use server::simulator::SimConfig;
use std::time::{Duration, Instant};

fn quick_reboot() -> SimConfig {
    SimConfig { reboot_downtime: Duration::from_millis(1500), poweroff_downtime: Duration::from_millis(1500), ..SimConfig::default() }
}

#[test]
fn a_scheduled_shutdown_is_pending_until_cancelled() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let none = s.appliance_shutdown_get().await.unwrap();
        assert_eq!((none.action.as_str(), none.shutdown_time.as_deref(), none.reason.as_str()), ("", None, ""));

        s.appliance_shutdown_reboot(10, "Patch window").await.unwrap();
        let p = s.appliance_shutdown_get().await.unwrap();
        assert_eq!((p.action.as_str(), p.reason.as_str()), ("reboot", "Patch window"));
        let at = time::OffsetDateTime::parse(p.shutdown_time.as_deref().unwrap(), &time::format_description::well_known::Rfc3339).unwrap();
        let left = (at - time::OffsetDateTime::now_utc()).whole_seconds();
        assert!((590..=600).contains(&left), "due in 10 minutes, {left} s left");

        s.appliance_shutdown_poweroff(30, "Moving racks").await.unwrap();
        let p = s.appliance_shutdown_get().await.unwrap();
        assert_eq!((p.action.as_str(), p.reason.as_str()), ("poweroff", "Moving racks"), "a new schedule replaces the pending one");

        for bad in [-1, 10_081] {
            let e = s.appliance_shutdown_reboot(bad, "x").await.unwrap_err();
            assert!(e.is(VapiErrorKind::Error) && e.to_string().contains("between 0 and 10080 minutes"), "{e}");
        }
        assert_eq!(s.appliance_shutdown_get().await.unwrap().action, "poweroff", "a refused schedule changes nothing");

        s.appliance_shutdown_cancel().await.unwrap();
        assert_eq!(s.appliance_shutdown_get().await.unwrap().action, "");
    })
}

#[test]
fn a_reboot_refuses_connections_then_comes_back_without_sessions() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(quick_reboot()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let up_before = s.appliance_system_uptime_get().await.unwrap();
        assert!(up_before > 86_400.0);
        s.appliance_shutdown_reboot(0, "Apply settings").await.unwrap();
        tokio::time::sleep(Duration::from_millis(600)).await;
        let e = s.appliance_system_uptime_get().await.unwrap_err();
        assert!(matches!(e, AppError::Transport(_)) && e.is_unreachable(), "down: {e:?}");
        assert!(client(&url).login(USER, PASSWORD).await.is_err(), "no new session while down either");

        let back = tokio::time::Instant::now() + Duration::from_secs(10);
        let fresh = loop {
            match client(&url).login(USER, PASSWORD).await {
                Ok(fresh) => break fresh,
                Err(_) if tokio::time::Instant::now() < back => tokio::time::sleep(Duration::from_millis(200)).await,
                Err(e) => panic!("the simulator did not come back: {e}"),
            }
        };
        let e = s.appliance_system_uptime_get().await.unwrap_err();
        assert!(e.is(VapiErrorKind::Unauthenticated), "sessions do not survive a reboot: {e}");
        let up = fresh.appliance_system_uptime_get().await.unwrap();
        assert!(up < 10.0, "uptime starts again: {up}");
        assert_eq!(fresh.appliance_shutdown_get().await.unwrap().action, "", "nothing pending after the reboot");
        assert_eq!(sim.sessions.count(), 1);
    })
}

#[test]
fn a_cancelled_reboot_never_happens() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(quick_reboot()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        s.appliance_shutdown_reboot(0, "oops").await.unwrap();
        s.appliance_shutdown_cancel().await.unwrap();
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(s.appliance_system_uptime_get().await.unwrap() > 86_400.0, "still up, same boot, same session");
    })
}

/// The console while vCenter reboots: the page is still a page (200) that says vCenter is not answering and
/// reloads itself; once vCenter is back the user is sent to log in again.
#[test]
fn the_console_rides_through_a_reboot() {
    crate::common::block_on(async {
        let console = Console::on_simulator(quick_reboot()).await;
        let cookie = console.login_cookie().await;
        let res = console.form_post("/api/appliance/shutdown/schedule", &cookie, "/appliance/shutdown?confirm=1", "action=reboot&delay=10&reason=Patch+window").await;
        assert!(res.status().is_redirection(), "{}", res.status());
        let html = console.html("/tags/categories", &cookie).await;
        assert!(html.contains(r#"data-testid="shutdown-banner""#) && html.contains("The appliance will reboot in 10 minutes"), "the banner is on every page");
        assert!(html.contains("Reason: Patch window"));
        console.form_post("/api/appliance/shutdown/cancel", &cookie, "/tags/categories", "").await;
        assert!(!console.html("/tags/categories", &cookie).await.contains(r#"data-testid="shutdown-banner""#), "cancelled: no banner");

        let res = console.form_post("/api/appliance/shutdown/schedule", &cookie, "/appliance/shutdown?confirm=1", "action=reboot&delay=0&reason=Now").await;
        assert!(res.status().is_redirection());
        // Polled, not slept: on a busy machine a fixed pause can miss the downtime or end inside it.
        let deadline = Instant::now() + Duration::from_secs(3);
        let html = loop {
            let html = console.html("/appliance/summary", &cookie).await;
            if html.contains(r#"data-testid="unreachable-banner""#) || Instant::now() > deadline {
                break html;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(html.contains(r#"data-testid="unreachable-banner""#) && html.contains("vCenter is not answering"), "a message, not an error page");
        assert!(html.contains(r#"http-equiv="refresh""#), "the page reloads itself");
        assert!(html.contains("may be restarting"));

        let deadline = Instant::now() + Duration::from_secs(15);
        let (res, location) = loop {
            let res = console.page("/appliance/summary", Some(&cookie)).await;
            let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
            if res.status().is_redirection() || Instant::now() > deadline {
                break (res, location);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(res.status().is_redirection() && location.contains("/login") && location.contains("expired=1"), "back up, the old session is gone: {} {location}", res.status());
    })
}

#[test]
fn schedule_input_is_checked_before_sending() {
    crate::common::block_on(async {
        let console = Console::on_simulator(Default::default()).await;
        let cookie = console.login_cookie().await;
        let html = console.html("/appliance/shutdown?confirm=1&action=reboot&delay=99999&reason=x", &cookie).await;
        assert!(html.contains("between 0 (now) and 10080 minutes") && !html.contains(r#"data-testid="confirm-panel""#), "no confirmation for a bad delay");
        assert!(html.contains(r#"value="99999""#), "the form keeps what was typed");
        let html = console.html("/appliance/shutdown?confirm=1&action=poweroff&delay=5&reason=Rack+move", &cookie).await;
        assert!(html.contains(r#"data-testid="confirm-panel""#) && html.contains("Power off the appliance in 5 minutes?"));
        assert!(html.contains("stays off until someone powers"));
        assert_eq!(console.vc().await.appliance_shutdown_get().await.unwrap().action, "", "nothing is scheduled before the confirmation");
    })
}
