//! `appliance/local-accounts` through our client against the simulator: the seeded accounts and policy,
//! create / get / list / update / set / delete, password ageing dates, and every refusal vCenter gives
//! (duplicate, weak password, unknown user or role, root kept, out-of-range days, a wrong old password).

use crate::common;

use app::error::{AppError, VapiErrorKind};
use app::vsphere::models::appliance::local_accounts::{policy, Config, UpdateConfig};
use common::*;
use time::{Date, Duration, OffsetDateTime};

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// `2026-04-01T00:00:00.000Z`
fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00.000Z", d.year(), u8::from(d.month()), d.day())
}

fn config(password: &str, roles: &[&str]) -> Config {
    Config {
        password: password.into(),
        old_password: None,
        full_name: None,
        email: None,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        enabled: None,
        password_expires: None,
        password_expires_at: None,
        inactive_after_password_expiration: None,
        days_after_password_expiration: None,
        min_days_between_password_change: None,
        max_days_between_password_change: None,
        warn_days_before_password_expiration: None,
    }
}

fn patch() -> UpdateConfig {
    UpdateConfig {
        password: None,
        old_password: None,
        full_name: None,
        email: None,
        roles: None,
        enabled: None,
        password_expires: None,
        password_expires_at: None,
        inactive_after_password_expiration: None,
        days_after_password_expiration: None,
        min_days_between_password_change: None,
        max_days_between_password_change: None,
        warn_days_before_password_expiration: None,
    }
}

#[track_caller]
fn refused(e: AppError, kind: VapiErrorKind, text: &str) {
    assert!(e.is(kind.clone()), "expected {kind:?}, got {e:?}");
    assert!(e.to_string().contains(text), "expected a message with {text:?}, got {e}");
}

#[test]
fn the_appliance_is_seeded_with_root_and_a_service_account() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert_eq!(s.appliance_local_accounts_list().await.unwrap(), vec!["backup-svc", "root"]);
        let root = s.appliance_local_accounts_get("root").await.unwrap();
        assert_eq!(root.roles, vec!["superAdmin"]);
        assert!(root.enabled && root.has_password);
        assert_eq!(root.max_days_between_password_change, Some(90));
        let changed = root.last_password_change.clone().unwrap();
        assert_eq!(changed, iso(today() - Duration::days(23)));
        assert_eq!(root.password_expires_at, Some(iso(today() + Duration::days(67))), "changed 23 days ago, expires every 90 days");
        assert_eq!(root.inactive_at, None);
        let backup = s.appliance_local_accounts_get("backup-svc").await.unwrap();
        assert_eq!((backup.roles.clone(), backup.password_expires_at.clone()), (vec!["admin".to_string()], None), "a service account whose password never expires");
        assert_eq!(backup.email.as_deref(), Some("vcsa-backup@corp.example.com"));
        let raw: serde_json::Value = reqwest::Client::new()
            .get(format!("{url}/rest/appliance/local-accounts/root"))
            .header("vmware-api-session-id", s.id().expose())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(raw["value"].get("password").is_none() && !raw.to_string().contains("VMware1!"), "get never returns a password: {raw}");
        assert_eq!(s.appliance_local_accounts_policy_get().await.unwrap(), policy::Info { max_days: Some(90), min_days: Some(0), warn_days: Some(7) });
    })
}

#[test]
fn accounts_are_created_read_updated_replaced_and_deleted() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();

        // Created with every field.
        let c = Config {
            full_name: Some("Operations".into()),
            email: Some("ops@corp.example.com".into()),
            enabled: Some(true),
            password_expires: Some(true),
            max_days_between_password_change: Some(60),
            min_days_between_password_change: Some(1),
            warn_days_before_password_expiration: Some(10),
            inactive_after_password_expiration: Some(true),
            days_after_password_expiration: Some(5),
            ..config("Ops#2026pass", &["operator", "admin"])
        };
        s.appliance_local_accounts_create("ops", &c).await.unwrap();
        assert_eq!(s.appliance_local_accounts_list().await.unwrap(), vec!["backup-svc", "ops", "root"]);
        let ops = s.appliance_local_accounts_get("ops").await.unwrap();
        assert_eq!((ops.fullname.as_deref(), ops.email.as_deref()), (Some("Operations"), Some("ops@corp.example.com")));
        assert_eq!(ops.roles, vec!["operator", "admin"]);
        assert!(ops.enabled && ops.has_password);
        assert_eq!(ops.last_password_change, Some(iso(today())));
        assert_eq!(ops.password_expires_at, Some(iso(today() + Duration::days(60))));
        assert_eq!(ops.inactive_at, Some(iso(today() + Duration::days(65))));
        assert_eq!(
            (ops.min_days_between_password_change, ops.max_days_between_password_change, ops.warn_days_before_password_expiration),
            (Some(1), Some(60), Some(10))
        );

        // update changes only what it is given.
        s.appliance_local_accounts_update("ops", &UpdateConfig { full_name: Some("Ops team".into()), email: Some("team@corp.example.com".into()), ..patch() }).await.unwrap();
        let ops = s.appliance_local_accounts_get("ops").await.unwrap();
        assert_eq!((ops.fullname.as_deref(), ops.email.as_deref()), (Some("Ops team"), Some("team@corp.example.com")));
        assert_eq!((ops.roles.len(), ops.max_days_between_password_change, ops.inactive_at.is_some()), (2, Some(60), true), "the rest is untouched");

        // A fixed expiry date, then no expiry at all; disabling.
        let fixed = iso(today() + Duration::days(200));
        s.appliance_local_accounts_update("ops", &UpdateConfig { password_expires_at: Some(fixed.clone()), ..patch() }).await.unwrap();
        assert_eq!(s.appliance_local_accounts_get("ops").await.unwrap().password_expires_at, Some(fixed));
        s.appliance_local_accounts_update("ops", &UpdateConfig { password_expires: Some(false), enabled: Some(false), ..patch() }).await.unwrap();
        let ops = s.appliance_local_accounts_get("ops").await.unwrap();
        assert_eq!((ops.password_expires_at, ops.inactive_at, ops.max_days_between_password_change, ops.enabled), (None, None, None, false));
        // Expiring again without a maximum of its own takes the policy's.
        s.appliance_local_accounts_update("ops", &UpdateConfig { password_expires: Some(true), ..patch() }).await.unwrap();
        assert_eq!(s.appliance_local_accounts_get("ops").await.unwrap().password_expires_at, Some(iso(today() + Duration::days(90))));

        // set replaces the whole configuration: what it leaves out is gone or back to its default.
        s.appliance_local_accounts_set("ops", &config("New#Pass2026", &["operator"])).await.unwrap();
        let ops = s.appliance_local_accounts_get("ops").await.unwrap();
        assert_eq!((ops.fullname, ops.email, ops.roles, ops.enabled), (None, None, vec!["operator".to_string()], true));
        assert_eq!(ops.max_days_between_password_change, Some(90), "ageing from the policy again");
        // The password was replaced: the old one is no longer the current one.
        let e = s.appliance_local_accounts_update("ops", &UpdateConfig { old_password: Some("Ops#2026pass".into()), password: Some("Other#Pass1".into()), ..patch() }).await.unwrap_err();
        refused(e, VapiErrorKind::Error, "old password is not correct");
        s.appliance_local_accounts_update("ops", &UpdateConfig { old_password: Some("New#Pass2026".into()), password: Some("Other#Pass1".into()), ..patch() }).await.unwrap();

        s.appliance_local_accounts_delete("ops").await.unwrap();
        assert_eq!(s.appliance_local_accounts_list().await.unwrap(), vec!["backup-svc", "root"]);
        refused(s.appliance_local_accounts_get("ops").await.unwrap_err(), VapiErrorKind::NotFound, "'ops' was not found");
    })
}

#[test]
fn vcenter_refuses_what_it_would_refuse() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let good = config("Good#Pass1", &["operator"]);

        refused(s.appliance_local_accounts_create("root", &good).await.unwrap_err(), VapiErrorKind::AlreadyExists, "'root' already exists");
        refused(s.appliance_local_accounts_create("backup-svc", &good).await.unwrap_err(), VapiErrorKind::AlreadyExists, "already exists");
        for bad in ["Admin", "1ops", "ops user", &"a".repeat(33)] {
            refused(s.appliance_local_accounts_create(bad, &good).await.unwrap_err(), VapiErrorKind::Error, "not a valid user name");
        }
        for (weak, missing) in [("Sh#1a", "at least 8 characters"), ("password1!", "an upper-case letter"), ("PASSWORD1!", "a lower-case letter"), ("Password!", "a digit"), ("Password1", "a special character"), ("", "at least 8 characters")] {
            let e = s.appliance_local_accounts_create("weak", &config(weak, &["operator"])).await.unwrap_err();
            assert!(e.to_string().contains(missing), "{weak}: {e}");
            refused(e, VapiErrorKind::Error, "does not meet the password policy");
        }
        refused(s.appliance_local_accounts_create("ops", &config("Good#Pass1", &["auditor"])).await.unwrap_err(), VapiErrorKind::Error, "'auditor' is not a role");
        refused(s.appliance_local_accounts_create("ops", &config("Good#Pass1", &[])).await.unwrap_err(), VapiErrorKind::Error, "at least one role");
        refused(
            s.appliance_local_accounts_create("ops", &Config { email: Some("not-an-address".into()), ..good.clone() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "not a valid e-mail address",
        );
        refused(
            s.appliance_local_accounts_create("ops", &Config { max_days_between_password_change: Some(-1), ..good.clone() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "between 0 and 99999 days; -1 was given",
        );
        refused(
            s.appliance_local_accounts_create("ops", &Config { max_days_between_password_change: Some(30), min_days_between_password_change: Some(31), ..good.clone() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "exceed the maximum (30)",
        );
        refused(
            s.appliance_local_accounts_create("ops", &Config { max_days_between_password_change: Some(30), warn_days_before_password_expiration: Some(45), ..good.clone() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "warning days before expiration (45) exceed",
        );
        refused(
            s.appliance_local_accounts_create("ops", &Config { password_expires_at: Some("next tuesday".into()), ..good.clone() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "is not a date",
        );
        refused(
            s.appliance_local_accounts_create("ops", &Config { inactive_after_password_expiration: Some(true), ..good.clone() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "days_after_password_expiration is required",
        );
        assert_eq!(s.appliance_local_accounts_list().await.unwrap(), vec!["backup-svc", "root"], "nothing refused was created");

        // Unknown users.
        refused(s.appliance_local_accounts_get("nobody").await.unwrap_err(), VapiErrorKind::NotFound, "'nobody' was not found");
        refused(s.appliance_local_accounts_update("nobody", &patch()).await.unwrap_err(), VapiErrorKind::NotFound, "not found");
        refused(s.appliance_local_accounts_set("nobody", &good).await.unwrap_err(), VapiErrorKind::NotFound, "not found");
        refused(s.appliance_local_accounts_delete("nobody").await.unwrap_err(), VapiErrorKind::NotFound, "not found");

        // Changes to existing accounts are checked the same way, and a refused one changes nothing.
        let before = s.appliance_local_accounts_get("backup-svc").await.unwrap();
        refused(
            s.appliance_local_accounts_update("backup-svc", &UpdateConfig { roles: Some(vec!["root".into()]), full_name: Some("Changed".into()), ..patch() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "'root' is not a role",
        );
        refused(
            s.appliance_local_accounts_update("backup-svc", &UpdateConfig { password: Some("weak".into()), ..patch() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "password policy",
        );
        refused(s.appliance_local_accounts_set("backup-svc", &config("weakpass", &["admin"])).await.unwrap_err(), VapiErrorKind::Error, "password policy");
        assert_eq!(s.appliance_local_accounts_get("backup-svc").await.unwrap(), before);

        // root stays: not deleted, not disabled, still superAdmin.
        refused(s.appliance_local_accounts_delete("root").await.unwrap_err(), VapiErrorKind::Error, "root account cannot be deleted");
        refused(
            s.appliance_local_accounts_update("root", &UpdateConfig { enabled: Some(false), ..patch() }).await.unwrap_err(),
            VapiErrorKind::Error,
            "cannot be disabled",
        );
        refused(s.appliance_local_accounts_set("root", &config("Root#Pass2026", &["admin"])).await.unwrap_err(), VapiErrorKind::Error, "keep the superAdmin role");
        assert!(s.appliance_local_accounts_list().await.unwrap().contains(&"root".to_string()));
        assert!(s.appliance_local_accounts_get("root").await.unwrap().enabled);
    })
}

#[test]
fn the_global_policy_is_checked_and_applies_to_new_accounts() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let p = |max, min, warn| policy::Info { max_days: Some(max), min_days: Some(min), warn_days: Some(warn) };
        s.appliance_local_accounts_policy_set(&p(45, 2, 5)).await.unwrap();
        assert_eq!(s.appliance_local_accounts_policy_get().await.unwrap(), p(45, 2, 5));

        for (bad, text) in [(p(-1, 0, 7), "max_days must be between 0 and 99999"), (p(100_000, 0, 7), "between 0 and 99999"), (p(90, -2, 7), "min_days must be between"), (p(30, 31, 7), "min_days (31) must not exceed max_days (30)"), (p(30, 1, 31), "warn_days (31) must not exceed max_days (30)")] {
            refused(s.appliance_local_accounts_policy_set(&bad).await.unwrap_err(), VapiErrorKind::Error, text);
        }
        assert_eq!(s.appliance_local_accounts_policy_get().await.unwrap(), p(45, 2, 5), "a refused policy changes nothing");
        // Fields left out are kept.
        s.appliance_local_accounts_policy_set(&policy::Info { max_days: None, min_days: None, warn_days: Some(10) }).await.unwrap();
        assert_eq!(s.appliance_local_accounts_policy_get().await.unwrap(), p(45, 2, 10));

        // A new account without days of its own gets the policy's; existing accounts keep theirs.
        s.appliance_local_accounts_create("auditor", &config("Audit#Pass1", &["operator"])).await.unwrap();
        let a = s.appliance_local_accounts_get("auditor").await.unwrap();
        assert_eq!(
            (a.max_days_between_password_change, a.min_days_between_password_change, a.warn_days_before_password_expiration),
            (Some(45), Some(2), Some(10))
        );
        assert_eq!(a.password_expires_at, Some(iso(today() + Duration::days(45))));
        assert_eq!(s.appliance_local_accounts_get("root").await.unwrap().max_days_between_password_change, Some(90));
    })
}
