//! The two comparisons `lexgap diff` makes: the law of a jurisdiction at two dates, and the law
//! in force against what a bill would make of it.

use super::apply::{Amended, apply};
use super::delta::{CoverageDelta, coverage_delta};
use super::diff::{ActDiff, diff_acts};
use super::time::{in_force, version, versions};
use crate::coverage::analyze_with;
use crate::date::Date;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Model;
use crate::source::FileId;
use crate::syntax::ast::HeaderField;
use crate::syntax::bill::{BillFile, BillStatus};
use crate::workspace::{LawDoc, Loaded};

/// The schema id of [`Comparison`] as JSON (docs/json.md); its number changes when a field
/// changes meaning or goes.
pub const DIFF_SCHEMA: &str = "lexgap.diff/1";

pub const NO_SUCH_VERSION: Code = Code::error("E0716", "no-such-version");
pub const BAD_COMPANION: Code = Code::error("E0717", "with-bill-not-applied");

/// A bill named by another's `with` line, applied to the act it amends.
pub struct Companion<'a> {
    pub base: &'a LawDoc,
    pub amended: Amended,
}

/// The bills `bill` is read with (`with "NAME.bill"`: a bill in the same folder, amending
/// another act of the jurisdiction), each applied to the act it amends, on the same day. Errors
/// point at the `with` line: a bill not found, not readable, amending another jurisdiction or
/// the same act, or not applying.
pub fn companions<'a>(
    loaded: &'a Loaded,
    bill: &BillFile,
    bill_file: FileId,
    at: Option<Date>,
) -> Result<Vec<Companion<'a>>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let own_path = loaded
        .sources
        .get(bill_file)
        .map(|f| f.path.replace('\\', "/"))
        .unwrap_or_default();
    let folder = own_path.rsplit_once('/').map_or("", |(d, _)| d);
    for w in bill.header.with() {
        let wanted = if folder.is_empty() {
            w.node.clone()
        } else {
            format!("{folder}/{}", w.node)
        };
        let bad = |msg: String, hint: &str| {
            Diagnostic::new(BAD_COMPANION, msg)
                .at(w.span, "the bill named here")
                .hint(hint.to_string())
        };
        // The bill given on the command line may be named by an absolute path, the
        // workspace's by their paths in it: the same file either way.
        let same = |path: &str| {
            let path = path.replace('\\', "/");
            path == wanted
                || wanted.ends_with(&format!("/{path}"))
                || path.ends_with(&format!("/{wanted}"))
        };
        let found = loaded
            .sources
            .iter()
            .find(|(id, f)| *id != bill_file && same(&f.path));
        let Some((_, file)) = found else {
            errors.push(bad(
                format!("no bill `{}` beside this one ({wanted})", w.node),
                "a bill read `with` another is checked and applied together with it: put both in the jurisdiction's bills folder, or take the `with` line out",
            ));
            continue;
        };
        let (other, diags) = crate::syntax::parse_bill(&file.text);
        if diags.iter().any(Diagnostic::is_error) {
            errors.push(bad(
                format!(
                    "the bill `{}` does not read (lexgap check shows why)",
                    w.node
                ),
                "fix that bill first",
            ));
            continue;
        }
        let (Some(mine), Some(theirs)) = (&bill.header.amends, &other.header.amends) else {
            continue;
        };
        if mine.node.jurisdiction != theirs.node.jurisdiction || mine.node.act == theirs.node.act {
            errors.push(bad(
                format!(
                    "`{}` amends {}, and this bill {}: a bill is read with a bill to another act of the same jurisdiction",
                    w.node, theirs.node, mine.node
                ),
                "bills to the same act are one bill, or apply one after the other (`lexgap amend apply`)",
            ));
            continue;
        }
        let applied = bill_base(&loaded.laws, &other, at)
            .and_then(|base| apply(&other, &base.ast).map(|amended| Companion { base, amended }));
        match applied {
            Ok(c) => out.push(c),
            Err(_) => errors.push(bad(
                format!("the bill `{}` does not apply to {}", w.node, theirs.node),
                "lexgap check shows where it fails; fix that bill first",
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `law` with the day of `base`'s version: a draft with `effective ?` (or a bill analysed on
/// the day of the version it amends) is analysed on that day.
fn on_base_day(base: &LawDoc, law: &crate::syntax::ast::LawFile) -> crate::syntax::ast::LawFile {
    let mut law = law.clone();
    if let Some(v) = base.ast.header.version() {
        for f in &mut law.header.fields {
            if let HeaderField::Version(d, _) = f {
                d.node = v.node;
            }
        }
    }
    law
}

/// What changed in a jurisdiction's law, act by act.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Comparison {
    /// The schema id ([`DIFF_SCHEMA`]).
    pub schema: &'static str,
    pub jurisdiction: String,
    /// The day asked for with `--from`, when the comparison had to start later (see `from`).
    pub requested_from: Option<Date>,
    /// The day of the law compared from (for a bill: the version it is applied to). Where an
    /// act has no version encoded as far back as the day asked for, the comparison starts at
    /// the earliest day on which every act compared has one — the corpus may simply not go
    /// back that far, and "the whole act was enacted" would be a wrong answer.
    pub from: Option<Date>,
    /// The day of the law compared to (for a bill: the day it takes effect).
    pub to: Option<Date>,
    /// The bill, when the comparison is with one.
    pub bill: Option<BillSummary>,
    /// One entry per act whose version differs between the two sides, by act id.
    pub acts: Vec<ActDiff>,
    /// What the change does to compliance; absent when the workspace has no instrument.
    pub coverage: Option<CoverageDelta>,
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

/// Compares the law of `jurisdiction` in force on `from` with the law in force on `to`: the
/// text act by act, and — given the model — the coverage. The two are independent and are
/// computed side by side.
pub fn between(
    laws: &[LawDoc],
    model: Option<&Model>,
    jurisdiction: &str,
    from: Date,
    to: Date,
) -> Comparison {
    let (mut c, coverage) = rayon::join(
        || texts_between(laws, jurisdiction, from, to),
        || {
            let start = start_day(laws, jurisdiction, from, to);
            model.and_then(|m| coverage_between(m, jurisdiction, start, to))
        },
    );
    c.coverage = coverage;
    c
}

/// The day the comparison starts: `from`, or later where an act compared has no version that
/// early (see [`Comparison::from`]).
pub fn start_day(laws: &[LawDoc], jurisdiction: &str, from: Date, to: Date) -> Date {
    in_force(laws, jurisdiction, to)
        .keys()
        .filter_map(|act| earliest(laws, jurisdiction, act))
        .filter_map(super::time::version_of)
        .filter(|d| *d > from && *d <= to)
        .max()
        .unwrap_or(from)
}

/// [`between`] without the coverage: what changes in the text, act by act (the acts in
/// parallel, in act order). [`coverage_between`] of the comparison's `from` and `to` adds the
/// coverage; a caller still building its model can start this meanwhile.
pub fn texts_between(laws: &[LawDoc], jurisdiction: &str, from: Date, to: Date) -> Comparison {
    use rayon::prelude::*;
    let new = in_force(laws, jurisdiction, to);
    let start = start_day(laws, jurisdiction, from, to);
    let old = in_force(laws, jurisdiction, start);
    let asked = in_force(laws, jurisdiction, from);
    let mut acts: Vec<&str> = old.keys().chain(new.keys()).copied().collect();
    acts.sort_unstable();
    acts.dedup();
    let changed: Vec<(&str, Option<&LawDoc>, Option<&LawDoc>)> = acts
        .into_iter()
        .map(|act| (act, old.get(act).copied(), new.get(act).copied()))
        .filter(|(_, o, n)| !matches!((o, n), (Some(a), Some(b)) if a.file == b.file))
        .collect();
    let diffs = changed
        .into_par_iter()
        .map(|(act, o, n)| {
            let mut d = diff_acts(o.map(|d| &d.ast), n.map(|d| &d.ast));
            d.from_earliest_version = start > from && o.is_some() && !asked.contains_key(act);
            d
        })
        .collect();
    Comparison {
        schema: DIFF_SCHEMA,
        jurisdiction: jurisdiction.to_string(),
        requested_from: (start != from).then_some(from),
        from: Some(start),
        to: Some(to),
        bill: None,
        acts: diffs,
        coverage: None,
    }
}

/// The coverage delta of `jurisdiction` from the law in force on `from` to that on `to`: the
/// law of `from` analysed, and side by side the obligations the change can reach in the law of
/// `to` (the same result as two full analyses, `tests/incremental.rs`). `None` without an instrument or without such a jurisdiction.
pub fn coverage_between(
    model: &Model,
    jurisdiction: &str,
    from: Date,
    to: Date,
) -> Option<CoverageDelta> {
    if model.instrument.obligations.is_empty() {
        return None;
    }
    let inst = &model.instrument;
    let (before, after) = rayon::join(
        || model.corpus.law_at(inst, jurisdiction, from),
        || model.corpus.law_at(inst, jurisdiction, to),
    );
    let name = model
        .corpus
        .jurisdictions
        .get(jurisdiction)
        .and_then(|j| j.name.clone());
    // Only the obligations the change can reach are analysed twice (`coverage::reach`).
    let (before, after) = crate::coverage::reach::both_sides(inst, &before?, &after?, name);
    Some(coverage_delta(&before, &after))
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

/// Applies `bill` (read from `bill_file`) to the version it amends (or the one in force on
/// `at`) and compares: the text, and — given the model — the coverage of the law in force that
/// day with and without the bill. Errors are the bill's, located in it: those of applying it,
/// and those the model finds in the units it brings (a tag value not in the vocabulary …).
pub fn with_bill(
    loaded: &Loaded,
    model: Option<&Model>,
    bill: &BillFile,
    bill_file: FileId,
    at: Option<Date>,
) -> Result<(Comparison, Amended), Vec<Diagnostic>> {
    let laws = &loaded.laws;
    let base = bill_base(laws, bill, at)?;
    let amended = apply(bill, &base.ast)?;
    let with = companions(loaded, bill, bill_file, at)?;
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
    let jurisdiction = bill
        .header
        .amends
        .as_ref()
        .map(|a| a.node.jurisdiction.clone())
        .unwrap_or_default();
    // Read with other bills, the law is analysed on the day every version amended is in force.
    let day = at.or_else(|| {
        with.iter()
            .filter_map(|c| c.base.ast.header.version().map(|v| v.node))
            .chain(base_version)
            .max()
    });
    let coverage = match (model, day) {
        (Some(m), Some(day)) => coverage_with_bill(
            loaded,
            m,
            base,
            &amended,
            &with,
            bill_file,
            &jurisdiction,
            day,
        )?,
        _ => None,
    };
    let comparison = Comparison {
        schema: DIFF_SCHEMA,
        jurisdiction,
        requested_from: None,
        from: day,
        to: bill.header.effective().map(|d| d.node),
        bill: Some(BillSummary {
            title: bill.header.title.node.clone(),
            status: bill.header.status().map(|s| s.node),
            effective: bill.header.effective().map(|d| d.node),
            amends,
            applied_to,
        }),
        acts: vec![diff_acts(Some(&base.ast), Some(&amended.law))],
        coverage,
    };
    Ok((comparison, amended))
}

/// The coverage of the law in force on `day` without and with the bill: the same acts, with the
/// amended one in its amended text. The amended text is lowered as the bill's file, so that what
/// the model finds wrong in the units the bill brings points into the bill. The bills it is read
/// with (`with`) are applied on both sides: the delta is what this bill adds to them.
#[allow(clippy::too_many_arguments)]
fn coverage_with_bill(
    loaded: &Loaded,
    model: &Model,
    base: &LawDoc,
    amended: &Amended,
    with: &[Companion],
    bill_file: FileId,
    jurisdiction: &str,
    day: Date,
) -> Result<Option<CoverageDelta>, Vec<Diagnostic>> {
    if model.instrument.obligations.is_empty() {
        return Ok(None);
    }
    let companion_of = |l: &LawDoc| {
        with.iter().find(|c| c.base.file == l.file).map(|c| LawDoc {
            file: l.file,
            place: l.place.clone(),
            ast: on_base_day(c.base, &c.amended.law),
        })
    };
    let loaded = &Loaded {
        sources: loaded.sources.clone(),
        laws: loaded
            .laws
            .iter()
            .map(|l| companion_of(l).unwrap_or_else(|| l.clone()))
            .collect(),
        instruments: loaded.instruments.clone(),
        jurisdictions: loaded.jurisdictions.clone(),
        assessments: loaded.assessments.clone(),
        bills: loaded.bills.clone(),
        diagnostics: Vec::new(),
        options: loaded.options.clone(),
    };
    let rebuilt;
    let model = if with.is_empty() {
        model
    } else {
        rebuilt = Model::build(loaded).0;
        &rebuilt
    };
    let Some(before_law) = model.corpus.law_at(&model.instrument, jurisdiction, day) else {
        return Ok(None);
    };
    let name = model
        .corpus
        .jurisdictions
        .get(jurisdiction)
        .and_then(|j| j.name.clone());
    let before = analyze_with(&model.instrument, &before_law, name.clone(), &[], false);
    let law = on_base_day(base, &amended.law);
    let proposed = Loaded {
        sources: loaded.sources.clone(),
        laws: loaded
            .laws
            .iter()
            .map(|l| {
                if l.file == base.file {
                    LawDoc {
                        file: bill_file,
                        place: l.place.clone(),
                        ast: law.clone(),
                    }
                } else {
                    l.clone()
                }
            })
            .collect(),
        instruments: loaded.instruments.clone(),
        jurisdictions: loaded.jurisdictions.clone(),
        assessments: loaded.assessments.clone(),
        bills: loaded.bills.clone(),
        diagnostics: Vec::new(),
        options: loaded.options.clone(),
    };
    let (_, known) = Model::build(&loaded.without_diagnostics());
    let (after_model, found) = Model::build(&proposed);
    let seen: std::collections::BTreeSet<(&str, &str)> = known
        .iter()
        .map(|d| (d.code.id, d.message.as_str()))
        .collect();
    let new_errors: Vec<Diagnostic> = found
        .into_iter()
        .filter(|d| d.is_error() && d.file == Some(bill_file))
        .filter(|d| !seen.contains(&(d.code.id, d.message.as_str())))
        .collect();
    if !new_errors.is_empty() {
        return Err(new_errors);
    }
    let Some(after_law) = after_model
        .corpus
        .law_at(&after_model.instrument, jurisdiction, day)
    else {
        return Ok(None);
    };
    // Only what the bill's units can reach is analysed again (`coverage::reach`).
    let after = crate::coverage::reach::reanalyze(
        &after_model.instrument,
        &before_law,
        &before,
        &after_law,
        name,
        &[],
        false,
    );
    let mut delta = coverage_delta(&before, &after);
    // The amended text was analysed under the amended version's date; its provisions are those
    // of the version the bill would make, and are named so.
    if let (Some(v), Some(eff)) = (base.ast.header.version(), amended.law.header.version()) {
        let act = &base.ast.header.act.node;
        let from = format!("{jurisdiction}/{act}@{}/", v.node);
        let to = format!("{jurisdiction}/{act}@{}/", eff.node);
        for o in &mut delta.obligations {
            for c in &mut o.gained {
                for p in &mut c.provisions {
                    if let Some(rest) = p.strip_prefix(&from) {
                        *p = format!("{to}{rest}");
                    }
                }
            }
        }
    }
    Ok(Some(delta))
}
