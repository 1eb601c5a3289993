//! `g` on a config: the Gen 2 preview screen (report, resource.ts, backend.ts), `w` twice writes
//! the files through an effect, an existing backend.ts is kept and its tab shows the lines to add,
//! an existing resource.ts is replaced only after one more `w`. Update tests drive `update` with
//! keys; a snapshot at 100x30.

use crate::support;

use amplify_auth::aws::AuthResourceMeta;
use amplify_auth::domain::samples::maximal_config;
use amplify_auth::tui::app::{App, Context, Screen};
use amplify_auth::tui::msg::WriteOutcome;
use amplify_auth::tui::msg::{Effect, Load, Msg};
use amplify_auth::tui::screens::config_view::ConfigView;
use amplify_auth::tui::screens::gen2::{BACKEND_TS, RESOURCE_TS, Tab};
use amplify_auth::tui::update::update;
use crossterm::event::KeyCode;
use support::app::screen::draw;
use support::app::{fixed_key, key};

fn config_screen(imported: bool) -> App {
    let meta = AuthResourceMeta {
        name: "demoauth".into(),
        user_pool_id: Some("us-east-1_AbCdEf123".into()),
        app_client_id_web: Some("web0client0id".into()),
        identity_pool_id: Some("us-east-1:0000-1111".into()),
        hosted_ui_domain: Some("demo-auth-dev".into()),
        imported,
        ..Default::default()
    };
    let mut v = ConfigView::new("app1", "dev", "demoauth", Some(meta), 0);
    v.config = Load::Loaded(maximal_config(&fixed_key().0));
    App::new(
        Screen::Config(Box::new(v)),
        Context {
            region: "us-east-1".into(),
            target: "sandbox".into(),
        },
    )
}

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(key(code)))
}

fn gen2(a: &App) -> &amplify_auth::tui::screens::gen2::Gen2View {
    match &a.screen {
        Screen::Gen2(v) => v,
        other => panic!("not the Gen 2 screen: {other:?}"),
    }
}

#[test]
fn g_previews_the_backend_and_w_twice_writes_it() {
    let mut a = config_screen(false);
    assert!(press(&mut a, KeyCode::Char('g')).is_empty());
    let v = gen2(&a);
    assert_eq!(v.tab, Tab::Report);
    let ex = v.export.clone().expect("the maximal config maps");
    assert!(!ex.reference);
    let screen = draw(&a, 100, 30);
    assert!(screen.contains("defineAuth (a new pool)"), "{screen}");
    insta::assert_snapshot!("gen2_report", screen);
    // Tab shows exactly the files.
    press(&mut a, KeyCode::Tab);
    assert_eq!(gen2(&a).tab, Tab::Resource);
    assert!(draw(&a, 100, 30).contains("import { defineAuth, secret }"));
    press(&mut a, KeyCode::Tab);
    assert!(draw(&a, 100, 30).contains("const backend = defineBackend({"));

    // The first w only says what the second does; nothing is written yet.
    assert!(press(&mut a, KeyCode::Char('w')).is_empty());
    assert!(draw(&a, 100, 30).contains("w again writes"));
    let fx = press(&mut a, KeyCode::Char('w'));
    let [Effect::WriteProjectFiles { files }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(files.len(), 2);
    assert!(files[0].0.ends_with(RESOURCE_TS) && files[0].1 == ex.resource_ts && !files[0].2);
    assert!(files[1].0.ends_with(BACKEND_TS) && files[1].1 == ex.backend_ts && !files[1].2);

    // backend.ts existed: kept, and its tab shows the lines to add.
    let (resource, backend) = (files[0].0.clone(), files[1].0.clone());
    update(
        &mut a,
        Msg::FileWritten {
            path: resource.clone(),
            outcome: WriteOutcome::Written,
        },
    );
    update(
        &mut a,
        Msg::FileWritten {
            path: backend,
            outcome: WriteOutcome::Exists,
        },
    );
    let v = gen2(&a);
    assert!(v.backend_kept);
    assert_eq!(v.tab, Tab::Backend);
    let screen = draw(&a, 100, 30);
    assert!(screen.contains("exists and was kept"), "{screen}");
    assert!(
        screen.contains("Add to your amplify/backend.ts"),
        "{screen}"
    );

    // resource.ts existed: one more w replaces it (and never backend.ts).
    update(
        &mut a,
        Msg::FileWritten {
            path: resource,
            outcome: WriteOutcome::Exists,
        },
    );
    assert!(draw(&a, 100, 30).contains("w replaces it"));
    let fx = press(&mut a, KeyCode::Char('w'));
    let [Effect::WriteProjectFiles { files }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert!(files[0].2, "resource.ts replaced on confirmation");
    assert!(!files[1].2, "backend.ts is never replaced");
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Config(_)));
}

#[test]
fn an_imported_resource_asks_for_reference_auth_and_m_switches_to_define() {
    let mut a = config_screen(true);
    press(&mut a, KeyCode::Char('g'));
    // The screen has no role ARNs: referenceAuth is refused with the way on.
    let screen = draw(&a, 100, 30);
    assert!(gen2(&a).export.is_err());
    assert!(screen.contains("--mode reference"), "{screen}");
    assert!(press(&mut a, KeyCode::Char('w')).is_empty());
    assert!(draw(&a, 100, 30).contains("Nothing to write"));
    press(&mut a, KeyCode::Char('m'));
    assert!(gen2(&a).export.as_ref().is_ok_and(|e| !e.reference));
}
