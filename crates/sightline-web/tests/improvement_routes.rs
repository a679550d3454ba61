//! The improvement plan and finance pages over a real HTTP socket: every
//! route as every role (server-side authorisation), what each role sees on
//! the finance pages (totals for elected members, detail for leaders and
//! finance officers, never a child's name), the board exception report for
//! a meeting date, and bad query parameters refused with a clear message.

mod common;

use common::*;

use sightline_domain::improvement::*;
use sightline_domain::{ChildId, Employment, WorkerRole};
use sightline_web::policy::Role;

fn action(id: &str, due: sightline_domain::Date, status: ActionStatus, rag: ActionRag) -> Action {
    Action {
        id: id.into(),
        theme: Theme::QualityAndPerformance,
        description: format!("Action {id}"),
        owner: "Head of Service, Safeguarding".into(),
        due,
        status,
        rag,
        evidence: vec![],
        indicators: vec![],
        recommendations: vec!["R1".into()],
    }
}

/// One inspection, a plan with two versions (QP1.2 overdue at the July
/// meeting, QP1.3 turned red), an external residential placement for C1
/// under review, budget lines for 2026/27 and staff rates for every role.
fn records() -> ImprovementRecords {
    let insp = Inspection {
        id: 1,
        kind: InspectionKind::StandardIlacs,
        date: d(2026, 1, 20),
        judgements: vec![Judgement {
            area: JudgementArea::OverallEffectiveness,
            grade: IlacsGrade::Inadequate,
        }],
        recommendations: vec![Recommendation {
            id: "R1".into(),
            text: "Improve the front door".into(),
        }],
    };
    let v1 = vec![
        action(
            "QP1.1",
            d(2026, 12, 31),
            ActionStatus::InProgress,
            ActionRag::Green,
        ),
        action(
            "QP1.2",
            d(2026, 6, 30),
            ActionStatus::InProgress,
            ActionRag::Green,
        ),
        action(
            "QP1.3",
            d(2026, 12, 31),
            ActionStatus::InProgress,
            ActionRag::Green,
        ),
    ];
    let mut v2 = v1.clone();
    v2[2].rag = ActionRag::Red;
    let fy = FinancialYear(2026);
    let mut rates = Vec::new();
    for role in WorkerRole::ALL {
        for employment in [Employment::Permanent, Employment::Agency] {
            rates.push(StaffCostRate {
                role,
                employment,
                annual_per_fte: Pence::pounds(50_000),
            });
        }
    }
    ImprovementRecords {
        plans: vec![
            ActionPlan {
                year: fy,
                version: 1,
                agreed: d(2026, 4, 15),
                inspection: 1,
                actions: v1,
            },
            ActionPlan {
                year: fy,
                version: 2,
                agreed: d(2026, 7, 15),
                inspection: 1,
                actions: v2,
            },
        ],
        inspections: vec![insp],
        visits: vec![MonitoringVisit {
            id: 1,
            date: d(2026, 6, 1),
            focus: "The front door".into(),
            findings: vec!["Thresholds are applied consistently.".into()],
        }],
        placement_costs: vec![PlacementCost {
            child: ChildId::parse("C1").unwrap(),
            provider: ProviderType::ExternalResidential,
            provider_name: None,
            start: d(2026, 1, 1),
            end: None,
            weekly: Pence::pounds(3_200),
        }],
        budget_years: vec![fy],
        budget_lines: vec![BudgetLine {
            year: fy,
            head: BudgetHead::ExternalResidential,
            budget: Pence::pounds(100_000),
            spent_to_date: Pence::pounds(80_000),
            spent_as_of: d(2026, 9, 30),
            growth: Growth::None,
        }],
        staff_rates: rates,
        residential_reviews: vec![ResidentialReview {
            child: ChildId::parse("C1").unwrap(),
            plan: ResidentialPlan::StepDownToFoster,
            target: Some(d(2027, 1, 31)),
            weekly_after: Pence::pounds(850),
        }],
    }
}

async fn app() -> App {
    serve(|store| {
        store
            .replace_council(
                &sightline_store::testing::sample_council(la(), 4, false),
                &|_, _| {},
            )
            .unwrap();
        store.save_improvement(la(), &records()).unwrap();
    })
    .await
}

/// One signed-in session per role: (role, cookie, csrf).
fn sessions(app: &App) -> Vec<(Role, String, String)> {
    common::sessions(app, None)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_new_route_as_every_role() {
    use Role::*;
    let app = app().await;
    let cookies = sessions(&app);
    let plan_roles: Vec<Role> = Role::ALL.into_iter().filter(|r| *r != Admin).collect();
    let finance_roles = vec![HeadOfService, Director, FinanceOfficer, ElectedMember];
    let routes: Vec<(&str, &Vec<Role>)> = vec![
        ("/improvement", &plan_roles),
        ("/improvement/board?meeting=2026-07-20", &plan_roles),
        ("/improvement/board?kind=operational", &plan_roles),
        ("/improvement/board.docx?meeting=2026-07-20", &plan_roles),
        ("/finance?year=2026&as_of=2026-09-30", &finance_roles),
        (
            "/finance/residential?year=2026&as_of=2026-09-30",
            &finance_roles,
        ),
        (
            "/finance/staffing?year=2026&as_of=2026-09-30",
            &finance_roles,
        ),
    ];
    for (path, allowed) in &routes {
        // Not signed in: to the sign-in page, never the content.
        let r = get(app.addr, path, "").await;
        assert!(
            r.status == 303 || r.status == 302 || r.status == 307,
            "{path} unauthenticated: {}",
            r.status
        );
        for (role, c, _) in &cookies {
            let r = get(app.addr, path, c).await;
            let want = if allowed.contains(role) { 200 } else { 403 };
            assert_eq!(r.status, want, "{path} as {role:?}");
            // No child's name on any of these pages, for anyone.
            assert!(!r.body.contains("Brien"), "{path} as {role:?} shows a name");
        }
    }
    // The navigation offers only what the role may open.
    let home = get(app.addr, "/", cookie(&cookies, ElectedMember)).await;
    assert!(home.body.contains("href=\"/finance\""));
    let home = get(app.addr, "/", cookie(&cookies, SocialWorker)).await;
    assert!(
        home.body.contains("href=\"/improvement\"") && !home.body.contains("href=\"/finance\"")
    );
    let home = get(app.addr, "/", cookie(&cookies, Admin)).await;
    assert!(!home.body.contains("href=\"/improvement\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_see_totals_leaders_and_finance_officers_see_detail() {
    use Role::*;
    let app = app().await;
    let cookies = sessions(&app);
    let q = "?year=2026&as_of=2026-09-30";
    // Budget lines: everyone allowed sees budget, outturn and variance.
    // Committed from 1 Oct to 31 Mar: 182 days = 26 weeks × £3,200 = £83,200;
    // outturn £80,000 + £83,200 = £163,200 against £100,000.
    for role in [ElectedMember, FinanceOfficer, Director] {
        let r = get(app.addr, &format!("/finance{q}"), cookie(&cookies, role)).await;
        assert!(r.body.contains("£0.163m"), "{role:?}: {}", r.body);
        assert!(r.body.contains("£0.063m over"), "{role:?}");
        let detail = r.body.contains("Spent to date");
        assert_eq!(detail, role != ElectedMember, "{role:?}");
    }
    // The residential review: members get the summary with small numbers
    // suppressed, no child rows; finance officers the rows by id without a
    // link to the record; leaders the rows linked.
    let path = format!("/finance/residential{q}");
    let m = get(app.addr, &path, cookie(&cookies, ElectedMember)).await;
    assert!(m.body.contains("residential-summary") && m.body.contains("[c]"));
    assert!(!m.body.contains("residential-rows") && !m.body.contains(">C1<"));
    let f = get(app.addr, &path, cookie(&cookies, FinanceOfficer)).await;
    assert!(f.body.contains("residential-rows") && f.body.contains(">C1<"));
    assert!(!f.body.contains("/children/808/C1"));
    assert!(f.body.contains("£3,200.00"));
    let h = get(app.addr, &path, cookie(&cookies, HeadOfService)).await;
    assert!(h.body.contains("href=\"/children/808/C1\""));
    // Staffing: members the totals, detail roles per team too.
    let path = format!("/finance/staffing{q}");
    let m = get(app.addr, &path, cookie(&cookies, ElectedMember)).await;
    assert!(m.body.contains("staffing-summary") && !m.body.contains("staffing-teams"));
    let f = get(app.addr, &path, cookie(&cookies, FinanceOfficer)).await;
    assert!(f.body.contains("staffing-teams"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_report_for_a_meeting_and_bad_dates() {
    let app = app().await;
    let cookies = sessions(&app);
    let c = cookie(&cookies, Role::Director);
    let r = get(
        app.addr,
        "/improvement/board?meeting=2026-07-20&last=2026-05-01",
        c,
    )
    .await;
    assert_eq!(r.status, 200);
    // QP1.2 overdue by 20 days, QP1.3 off track; QP1.1 on track is not listed.
    assert!(r.body.contains("2 exceptions"), "{}", r.body);
    assert!(r.body.contains("Overdue by 20 days"));
    assert!(r.body.contains("Off track (rated red by its owner)"));
    assert!(!r.body.contains(">QP1.1<"));
    // The change log since the May meeting: QP1.3 turned red.
    assert!(
        r.body
            .contains("QP1.3: RAG Green (on track) → Red (off track)")
    );
    // The operational board sees every action.
    let op = get(
        app.addr,
        "/improvement/board?kind=operational&meeting=2026-07-20",
        c,
    )
    .await;
    assert!(op.body.contains("id=\"tracker\"") && op.body.contains(">QP1.1<"));
    // The Word paper.
    let docx = get(app.addr, "/improvement/board.docx?meeting=2026-07-20", c).await;
    assert_eq!(docx.status, 200);
    assert!(docx.headers.contains("wordprocessingml"));
    // Bad input: a clear message, status 400.
    for (path, msg) in [
        ("/improvement/board?meeting=20-07-2026", "is not a date"),
        (
            "/improvement/board?meeting=2026-01-01",
            "no action plan was agreed on or before 2026-01-01",
        ),
        ("/improvement/board?kind=finance", "is not a board"),
        (
            "/improvement/board?meeting=2026-07-20&last=2026-08-01",
            "is not before the meeting",
        ),
        ("/finance?year=1999", "is not a financial year"),
    ] {
        let r = get(app.addr, path, c).await;
        assert_eq!(r.status, 400, "{path}");
        assert!(r.body.contains(msg), "{path}: {}", r.body);
    }
    // The plan page shows the inspection, its recommendation and the red action.
    let p = get(app.addr, "/improvement", c).await;
    assert!(p.body.contains("Improve the front door") && p.body.contains("Inadequate"));
    assert!(p.body.contains("Thresholds are applied consistently."));
}
