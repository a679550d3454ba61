//! Who may see and do what: one pure function of the user's role, their
//! relationship to the child and the action.
//!
//! Why one module: every handler asks here, on the server, before it reads
//! anything; the rules can then be read in one screen and are unit-tested
//! exhaustively (role × relationship × action), and a route test walks every
//! route as every role.
//!
//! What it deliberately does not do: look anything up. The caller works out
//! the relationship (allocation, team, restricted-record grants, break-glass)
//! from the records and passes it in.
//!
//! The rules:
//! - social worker: their allocated children (read and record); other
//!   children of their team read-only; nobody else's.
//! - team manager: every child allocated in their team, and unallocated
//!   children (to allocate them), read and record.
//! - head of service, director: service-wide, read-only.
//! - performance officer: figures, drill-down child lists and each child's
//!   summary; never case notes (chronology, recording, access log).
//! - elected member: aggregate figures only, never child-level data, with
//!   small numbers suppressed.
//! - inspector: read-only everywhere until the account expires.
//! - admin: users and the audit log; no child data.
//! - finance officer: the improvement plan, board papers and placement
//!   finance in full (budget lines, the external residential review by
//!   child id, staffing cost per team); no child records.
//! - improvement plan and board papers: every role but admin (they name
//!   officers, never children). Finance totals (budget, outturn, variance
//!   per line): leaders, finance officers and elected members; finance
//!   detail (per child, per team): leaders and finance officers only.
//! - a restricted record is visible only to the users named on it; anyone
//!   else whose role would allow it gets the "restricted" page and may break
//!   glass by giving a reason, which then allows read-only access.

use sightline_store::UserRecord;

/// A web app role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    SocialWorker,
    TeamManager,
    HeadOfService,
    Director,
    PerformanceOfficer,
    ElectedMember,
    Inspector,
    Admin,
    FinanceOfficer,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::SocialWorker,
        Role::TeamManager,
        Role::HeadOfService,
        Role::Director,
        Role::PerformanceOfficer,
        Role::ElectedMember,
        Role::Inspector,
        Role::Admin,
        Role::FinanceOfficer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SocialWorker => "social_worker",
            Role::TeamManager => "team_manager",
            Role::HeadOfService => "head_of_service",
            Role::Director => "director",
            Role::PerformanceOfficer => "performance_officer",
            Role::ElectedMember => "elected_member",
            Role::Inspector => "inspector",
            Role::Admin => "admin",
            Role::FinanceOfficer => "finance_officer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::SocialWorker => "Social worker",
            Role::TeamManager => "Team manager",
            Role::HeadOfService => "Head of service",
            Role::Director => "Director",
            Role::PerformanceOfficer => "Performance officer",
            Role::ElectedMember => "Elected member",
            Role::Inspector => "Inspector",
            Role::Admin => "Administrator",
            Role::FinanceOfficer => "Finance officer",
        }
    }

    /// Parse a role code (`social_worker`) or its words (`social worker`).
    pub fn parse(s: &str) -> Option<Role> {
        let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Role::ALL
            .into_iter()
            .find(|r| r.code() == norm || r.label().to_ascii_lowercase().replace(' ', "_") == norm)
    }

    /// Roles whose work is tied to one team.
    pub fn needs_team(self) -> bool {
        matches!(self, Role::SocialWorker | Role::TeamManager)
    }
}

/// How the user stands to one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildRelation {
    /// The child is allocated to the user (their worker record).
    pub allocated_to_user: bool,
    /// The child's allocated worker is in the user's team.
    pub in_user_team: bool,
    /// The child has no allocated worker.
    pub unallocated: bool,
    /// The record is restricted.
    pub restricted: bool,
    /// The user is named on the restricted record.
    pub named: bool,
    /// The user broke glass on this record recently.
    pub broke_glass: bool,
}

/// What is asked of one child's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildAction {
    /// Summary: legal status, plans, placement, allocated worker, due items.
    Summary,
    /// Case notes: chronology, data-quality queries, siblings.
    CaseNotes,
    /// Record an event.
    Record,
    /// Who has looked at the record.
    AccessLog,
}

/// The answer for a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
    /// Allowed by role, but the record is restricted and the user is not
    /// named on it: show the restricted page (break glass possible).
    Restricted,
}

/// Things not tied to one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// The overview and the dashboard's figures.
    Figures,
    /// Figures with small numbers shown (not suppressed).
    UnsuppressedFigures,
    /// Drill-down child lists.
    ChildLists,
    /// Caseloads of any team.
    AllCaseloads,
    /// Caseload of one's own team.
    OwnTeamCaseload,
    /// Break-glass events (flagged to managers).
    BreakGlassEvents,
    /// The council-wide access log.
    AuditLog,
    /// The improvement plan, its actions and the board papers.
    ImprovementPlan,
    /// Placement finance totals: budget, outturn and variance per line.
    FinanceTotals,
    /// Finance detail: the external residential review by child, staffing cost per team.
    FinanceDetail,
}

/// The signed-in user, as the policy sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub username: String,
    pub role: Role,
    pub team: Option<i64>,
    pub worker: Option<i64>,
    /// The account's time has run out (inspectors).
    pub expired: bool,
}

impl Subject {
    /// The policy's view of a stored user at Unix time `now`; `None` when
    /// the role code is unknown (the user then has no access at all).
    pub fn of(user: &UserRecord, now: i64) -> Option<Subject> {
        Some(Subject {
            username: user.username.clone(),
            role: Role::parse(&user.role)?,
            team: user.team,
            worker: user.worker,
            expired: user.expires_at.is_some_and(|e| now >= e),
        })
    }
}

/// May `s` do `cap`?
pub fn may(s: &Subject, cap: Capability) -> bool {
    use Capability::*;
    use Role::*;
    if s.expired {
        return false;
    }
    match cap {
        Figures => true,
        UnsuppressedFigures => s.role != ElectedMember,
        ChildLists => matches!(
            s.role,
            SocialWorker | TeamManager | HeadOfService | Director | PerformanceOfficer | Inspector
        ),
        AllCaseloads => matches!(
            s.role,
            HeadOfService | Director | PerformanceOfficer | Inspector
        ),
        OwnTeamCaseload => matches!(s.role, SocialWorker | TeamManager) && s.team.is_some(),
        BreakGlassEvents => matches!(s.role, TeamManager | HeadOfService | Director | Admin),
        AuditLog => matches!(s.role, HeadOfService | Director | Admin | Inspector),
        ImprovementPlan => s.role != Admin,
        FinanceTotals => matches!(
            s.role,
            HeadOfService | Director | FinanceOfficer | ElectedMember
        ),
        FinanceDetail => matches!(s.role, HeadOfService | Director | FinanceOfficer),
    }
}

/// May `s` do `action` to a child they stand to as `rel`?
pub fn child_access(s: &Subject, rel: &ChildRelation, action: ChildAction) -> Decision {
    use ChildAction::*;
    use Role::*;
    if s.expired {
        return Decision::Deny;
    }
    let by_role = match s.role {
        SocialWorker => match action {
            Summary | CaseNotes => rel.allocated_to_user || rel.in_user_team,
            Record => rel.allocated_to_user,
            AccessLog => false,
        },
        TeamManager => rel.in_user_team || rel.unallocated,
        HeadOfService | Director => action != Record,
        PerformanceOfficer => action == Summary,
        Inspector => action != Record,
        ElectedMember | Admin | FinanceOfficer => false,
    };
    if !by_role {
        return Decision::Deny;
    }
    if rel.restricted && !rel.named {
        // Breaking glass gives read access only.
        return if rel.broke_glass && matches!(action, Summary | CaseNotes) {
            Decision::Allow
        } else {
            Decision::Restricted
        };
    }
    Decision::Allow
}

/// May the user name people on a restricted record, or remove them? The
/// team manager for their team's (and unallocated) children, heads of
/// service and directors for all, and the admin; never anyone whose
/// account has expired.
pub fn may_manage_grants(s: &Subject, rel: &ChildRelation) -> bool {
    use Role::*;
    if s.expired {
        return false;
    }
    match s.role {
        TeamManager => rel.in_user_team || rel.unallocated,
        HeadOfService | Director | Admin => true,
        _ => false,
    }
}

/// A count elected members may not see: 1 to 4 (zero is shown).
pub fn is_small(n: u64) -> bool {
    (1..=4).contains(&n)
}

/// Small-number suppression for elected members: counts 1–4 are shown as
/// `[c]`; when exactly one cell of a group is suppressed, the next smallest
/// non-zero cell is suppressed too (secondary suppression), so it cannot
/// be worked out from the total. Returns which cells to hide.
pub fn suppress(counts: &[u64]) -> Vec<bool> {
    let mut hide: Vec<bool> = counts.iter().map(|&c| is_small(c)).collect();
    if hide.iter().filter(|&&h| h).count() == 1 {
        let next = counts
            .iter()
            .enumerate()
            .filter(|&(i, &c)| !hide[i] && c > 0)
            .min_by_key(|&(_, &c)| c)
            .map(|(i, _)| i);
        if let Some(i) = next {
            hide[i] = true;
        }
    }
    hide
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChildAction::*;
    use Decision::*;
    use Role::*;

    fn subj(role: Role) -> Subject {
        Subject {
            username: "u".into(),
            role,
            team: Some(1),
            worker: Some(10),
            expired: false,
        }
    }

    const OWN: ChildRelation = ChildRelation {
        allocated_to_user: true,
        in_user_team: true,
        unallocated: false,
        restricted: false,
        named: false,
        broke_glass: false,
    };
    const TEAM: ChildRelation = ChildRelation {
        allocated_to_user: false,
        ..OWN
    };
    const OTHER: ChildRelation = ChildRelation {
        in_user_team: false,
        ..TEAM
    };
    const UNALLOCATED: ChildRelation = ChildRelation {
        unallocated: true,
        ..OTHER
    };

    fn row(role: Role, rel: &ChildRelation) -> [Decision; 4] {
        let s = subj(role);
        [Summary, CaseNotes, Record, AccessLog].map(|a| child_access(&s, rel, a))
    }

    #[test]
    fn the_whole_matrix() {
        // (role, own, same team, other team, unallocated): Summary, CaseNotes, Record, AccessLog
        let table: [(Role, [[Decision; 4]; 4]); 9] = [
            (
                SocialWorker,
                [
                    [Allow, Allow, Allow, Deny],
                    [Allow, Allow, Deny, Deny],
                    [Deny, Deny, Deny, Deny],
                    [Deny, Deny, Deny, Deny],
                ],
            ),
            (TeamManager, [[Allow; 4], [Allow; 4], [Deny; 4], [Allow; 4]]),
            (HeadOfService, [[Allow, Allow, Deny, Allow]; 4]),
            (Director, [[Allow, Allow, Deny, Allow]; 4]),
            (PerformanceOfficer, [[Allow, Deny, Deny, Deny]; 4]),
            (ElectedMember, [[Deny; 4]; 4]),
            (Inspector, [[Allow, Allow, Deny, Allow]; 4]),
            (Admin, [[Deny; 4]; 4]),
            (FinanceOfficer, [[Deny; 4]; 4]),
        ];
        for (role, want) in table {
            for (rel, w) in [OWN, TEAM, OTHER, UNALLOCATED].iter().zip(want) {
                assert_eq!(row(role, rel), w, "{role:?} {rel:?}");
            }
        }
    }

    #[test]
    fn restricted_records_need_a_name_or_broken_glass() {
        let r = ChildRelation {
            restricted: true,
            ..OWN
        };
        assert_eq!(
            row(SocialWorker, &r),
            [Restricted, Restricted, Restricted, Deny]
        );
        let named = ChildRelation { named: true, ..r };
        assert_eq!(row(SocialWorker, &named), [Allow, Allow, Allow, Deny]);
        let glass = ChildRelation {
            broke_glass: true,
            ..r
        };
        assert_eq!(row(SocialWorker, &glass), [Allow, Allow, Restricted, Deny]);
        assert_eq!(row(Director, &glass), [Allow, Allow, Deny, Restricted]);
        // Breaking glass never widens a role: an elected member stays out.
        assert_eq!(row(ElectedMember, &glass), [Deny; 4]);
    }

    #[test]
    fn expired_inspectors_see_nothing() {
        let mut s = subj(Inspector);
        assert_eq!(child_access(&s, &OTHER, Summary), Allow);
        assert!(may(&s, Capability::ChildLists));
        s.expired = true;
        assert_eq!(child_access(&s, &OTHER, Summary), Deny);
        assert!(!may(&s, Capability::Figures));
    }

    #[test]
    fn capabilities() {
        use Capability::*;
        let em = subj(ElectedMember);
        assert!(may(&em, Figures));
        assert!(!may(&em, UnsuppressedFigures));
        assert!(!may(&em, ChildLists));
        assert!(!may(&em, AllCaseloads) && !may(&em, OwnTeamCaseload));
        assert!(may(&subj(PerformanceOfficer), ChildLists));
        assert!(!may(&subj(Admin), ChildLists));
        assert!(may(&subj(SocialWorker), OwnTeamCaseload));
        assert!(!may(&subj(SocialWorker), AllCaseloads));
        assert!(may(&subj(TeamManager), BreakGlassEvents));
        assert!(!may(&subj(SocialWorker), BreakGlassEvents));
    }

    #[test]
    fn finance_detail_for_leaders_and_finance_officers_totals_for_members() {
        use Capability::*;
        for r in Role::ALL {
            let s = subj(r);
            assert_eq!(may(&s, ImprovementPlan), r != Admin, "{r:?}");
            assert_eq!(
                may(&s, FinanceTotals),
                matches!(r, HeadOfService | Director | FinanceOfficer | ElectedMember),
                "{r:?}"
            );
            assert_eq!(
                may(&s, FinanceDetail),
                matches!(r, HeadOfService | Director | FinanceOfficer),
                "{r:?}"
            );
        }
        let fo = subj(FinanceOfficer);
        assert!(!may(&fo, ChildLists) && !may(&fo, AllCaseloads) && !may(&fo, AuditLog));
        assert_eq!(Role::parse("finance officer"), Some(FinanceOfficer));
    }

    #[test]
    fn roles_parse_codes_and_words() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
            assert_eq!(Role::parse(r.label()), Some(r), "{}", r.label());
        }
        assert_eq!(Role::parse("Team Manager"), Some(TeamManager));
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn small_numbers_are_suppressed_with_secondary_suppression() {
        assert_eq!(suppress(&[10, 3, 20, 0]), [true, true, false, false]);
        assert_eq!(suppress(&[10, 3, 2, 20]), [false, true, true, false]);
        assert_eq!(suppress(&[10, 0, 20]), [false, false, false]);
        assert_eq!(suppress(&[4]), [true]);
        assert_eq!(suppress(&[5, 6]), [false, false]);
    }

    #[test]
    fn who_manages_restricted_record_grants() {
        let other = ChildRelation {
            allocated_to_user: false,
            in_user_team: false,
            unallocated: false,
            restricted: true,
            named: false,
            broke_glass: false,
        };
        let own_team = ChildRelation {
            in_user_team: true,
            ..other
        };
        for r in Role::ALL {
            let want = matches!(r, HeadOfService | Director | Admin);
            assert_eq!(may_manage_grants(&subj(r), &other), want, "{r:?}");
            let want = want || r == TeamManager;
            assert_eq!(may_manage_grants(&subj(r), &own_team), want, "{r:?}");
        }
        let mut expired = subj(Director);
        expired.expired = true;
        assert!(!may_manage_grants(&expired, &own_team));
    }
}
