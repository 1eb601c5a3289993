//! The account overview and the live Cognito pool (issue 26 item 5), through the real runner and
//! SDK against the sandbox: each resource's live pool is read beside its record, its posture
//! findings (deletion protection, threat protection, token revocation, …) are counted in the
//! findings column and listed in the findings pane with where to fix them. A change made in the
//! live pool alone (deletion protection turned on with UpdateUserPool) shows after a reload.

use crate::support;

use std::time::Duration;

use amplify_auth::aws::overview::OverviewRow;
use amplify_auth::domain::live_posture::ids;
use amplify_auth::tui::app::{App, Screen};
use amplify_auth::tui::msg::Load;
use aws_sdk_cognitoidentityprovider::types::DeletionProtectionType;
use crossterm::event::KeyCode;
use support::app::driver::Driver;
use support::app::key;

fn describe(app: &App) -> String {
    match &app.screen {
        Screen::Apps(_) => format!("apps loaded={}", matches!(app.apps, Load::Loaded(_))),
        Screen::Overview(v) => format!(
            "overview phase={:?} staging deletion-protection-off={:?}",
            v.phase,
            v.rows
                .iter()
                .find(|r| r.env.as_deref() == Some("staging") && r.auth.is_some())
                .map(|r| has(r, ids::DELETION_PROTECTION_OFF))
        ),
        _ => "other".into(),
    }
}

fn has(r: &OverviewRow, id: &str) -> bool {
    r.findings.iter().any(|f| f.id == id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_counts_and_lists_the_live_pools_posture() {
    let (sb, clients, app_id) = support::app::demo(false, Duration::from_millis(100)).await;
    let pool = support::app::first_user_pool(&clients, &app_id, "staging").await;
    let mut d = Driver::start(
        support::app::screen::home(&sb.region),
        clients.clone(),
        describe,
    );
    d.wait_for("apps loaded=true").await;
    d.key(key(KeyCode::Char('o')));
    d.wait_for("overview phase=Done staging deletion-protection-off=Some(true)")
        .await;
    // The console: deletion protection on for staging's pool; the record cannot say so.
    clients
        .cognito_idp()
        .update_user_pool()
        .user_pool_id(&pool)
        .deletion_protection(DeletionProtectionType::Active)
        .send()
        .await
        .expect("UpdateUserPool");
    d.key(key(KeyCode::Char('r')));
    d.wait_for("overview phase=Done staging deletion-protection-off=Some(false)")
        .await;
    d.key(key(KeyCode::Char('/')));
    d.type_text("staging");
    d.key(key(KeyCode::Enter));
    d.key(key(KeyCode::Char('f')));
    let screen = d.wait_for_screen("Findings of").await;
    let app = d.finish().await;
    let Screen::Overview(v) = &app.screen else {
        panic!("{}", describe(&app))
    };
    let staging = v
        .rows
        .iter()
        .find(|r| r.env.as_deref() == Some("staging") && r.auth.is_some())
        .expect("the staging row");
    assert!(has(staging, ids::THREAT_PROTECTION_OFF), "{staging:?}");

    // The findings pane of the staging row lists its live findings with where to fix them.
    assert!(
        screen.contains(&format!("({})", ids::THREAT_PROTECTION_OFF)),
        "{screen}"
    );
    assert!(
        screen.contains("fix: threat protection needs the Plus plan"),
        "{screen}"
    );
    assert!(
        !screen.contains(&format!("({})", ids::DELETION_PROTECTION_OFF)),
        "{screen}"
    );
    // The findings column counts them: the staging row ends with its number of findings.
    let row = screen
        .lines()
        .find(|l| l.contains("staging") && l.contains('›'))
        .expect("the selected staging row");
    let count = row
        .trim_end_matches(|c: char| c == '│' || c.is_whitespace())
        .rsplit(' ')
        .next()
        .unwrap();
    assert_eq!(count, staging.findings.len().to_string(), "{row}");
    sb.shutdown().await;
}
