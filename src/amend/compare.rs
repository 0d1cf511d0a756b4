//! The two comparisons `lexgap diff` makes: the law of a jurisdiction at two dates, and the law
//! in force against what a bill would make of it.

use super::apply::{Amended, apply};
use super::diff::{ActDiff, diff_acts};
use super::time::{in_force, version, versions};
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::bill::{BillFile, BillStatus};
use crate::workspace::LawDoc;

pub const NO_SUCH_VERSION: Code = Code::error("E0716", "no-such-version");

/// What changed in a jurisdiction's law, act by act.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Comparison {
    pub jurisdiction: String,
    /// The day of the law compared from (for a bill: the version it is applied to).
    pub from: Option<Date>,
    /// The day of the law compared to (for a bill: the day it takes effect).
    pub to: Option<Date>,
    /// The bill, when the comparison is with one.
    pub bill: Option<BillSummary>,
    /// One entry per act whose version differs between the two sides, by act id.
    pub acts: Vec<ActDiff>,
}

/// What a comparison says about the bill it applied.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BillSummary {
    pub title: String,
    pub status: Option<BillStatus>,
    pub effective: Option<Date>,
    /// The version the bill names (`ME/criminal-code@2022-12-02`).
    pub amends: String,
    /// The version it was applied to (the same unless `--at` chose another).
    pub applied_to: String,
}

/// Compares the law of `jurisdiction` in force on `from` with the law in force on `to`. An act
/// with a version on `to` but none encoded as far back as `from` is compared from its earliest
/// encoded version, and says so (`from_earliest_version`): the corpus may simply not go back
/// that far, and "the whole act was enacted" would be a wrong answer.
pub fn between(laws: &[LawDoc], jurisdiction: &str, from: Date, to: Date) -> Comparison {
    let old = in_force(laws, jurisdiction, from);
    let new = in_force(laws, jurisdiction, to);
    let mut acts: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    acts.sort_unstable();
    acts.dedup();
    let diffs = acts
        .into_iter()
        .filter_map(|act| {
            let n = new.get(act).copied();
            let (o, earliest) = match old.get(act).copied() {
                Some(o) => (Some(o), false),
                None if from < to => (earliest(laws, jurisdiction, act), true),
                None => (None, false),
            };
            if let (Some(a), Some(b)) = (o, n)
                && a.file == b.file
            {
                return None;
            }
            let mut d = diff_acts(o.map(|d| &d.ast), n.map(|d| &d.ast));
            d.from_earliest_version = earliest && o.is_some();
            Some(d)
        })
        .collect();
    Comparison {
        jurisdiction: jurisdiction.to_string(),
        from: Some(from),
        to: Some(to),
        bill: None,
        acts: diffs,
    }
}

fn earliest<'a>(laws: &'a [LawDoc], jurisdiction: &str, act: &str) -> Option<&'a LawDoc> {
    let first = versions(laws, jurisdiction, act).into_iter().next()?;
    version(laws, jurisdiction, act, first)
}

/// The version a bill applies to: the one in force on `at` if given, else the one it names.
/// Errors point at the bill's `amends`.
pub fn bill_base<'a>(
    laws: &'a [LawDoc],
    bill: &BillFile,
    at: Option<Date>,
) -> Result<&'a LawDoc, Vec<Diagnostic>> {
    let Some(amends) = &bill.header.amends else {
        return Err(vec![Diagnostic::new(
            NO_SUCH_VERSION,
            "the bill does not say which version it amends",
        )]);
    };
    let a = &amends.node;
    let found = match at {
        Some(day) => in_force(laws, &a.jurisdiction, day)
            .get(a.act.as_str())
            .copied(),
        None => version(laws, &a.jurisdiction, &a.act, a.version),
    };
    found.ok_or_else(|| {
        let known = versions(laws, &a.jurisdiction, &a.act);
        let (message, hint) = match (at, known.is_empty()) {
            (_, true) => (
                format!(
                    "the workspace has no version of {}/{}",
                    a.jurisdiction, a.act
                ),
                format!(
                    "encode the act as codes/{}/{}/{}.law first",
                    a.jurisdiction, a.act, a.version
                ),
            ),
            (Some(day), false) => (
                format!(
                    "no version of {}/{} was in force on {day}",
                    a.jurisdiction, a.act
                ),
                format!("its versions: {}", list(&known)),
            ),
            (None, false) => (
                format!(
                    "the workspace has no version {} of {}/{}",
                    a.version, a.jurisdiction, a.act
                ),
                format!(
                    "its versions: {}; correct `amends`, or choose one with --at",
                    list(&known)
                ),
            ),
        };
        vec![
            Diagnostic::new(NO_SUCH_VERSION, message)
                .at(amends.span, "the version amended")
                .hint(hint),
        ]
    })
}

fn list(dates: &[Date]) -> String {
    dates
        .iter()
        .map(Date::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Applies `bill` to the version it amends (or the one in force on `at`) and compares.
/// Errors are the bill's, located in it.
pub fn with_bill(
    laws: &[LawDoc],
    bill: &BillFile,
    at: Option<Date>,
) -> Result<(Comparison, Amended), Vec<Diagnostic>> {
    let base = bill_base(laws, bill, at)?;
    let amended = apply(bill, &base.ast)?;
    let base_version = base.ast.header.version().map(|v| v.node);
    let amends = bill
        .header
        .amends
        .as_ref()
        .map(|a| a.node.to_string())
        .unwrap_or_default();
    let applied_to = match (&bill.header.amends, base_version) {
        (Some(a), Some(v)) => format!("{}/{}@{v}", a.node.jurisdiction, a.node.act),
        _ => amends.clone(),
    };
    let comparison = Comparison {
        jurisdiction: bill
            .header
            .amends
            .as_ref()
            .map(|a| a.node.jurisdiction.clone())
            .unwrap_or_default(),
        from: at.or(base_version),
        to: bill.header.effective().map(|d| d.node),
        bill: Some(BillSummary {
            title: bill.header.title.node.clone(),
            status: bill.header.status().map(|s| s.node),
            effective: bill.header.effective().map(|d| d.node),
            amends,
            applied_to,
        }),
        acts: vec![diff_acts(Some(&base.ast), Some(&amended.law))],
    };
    Ok((comparison, amended))
}
