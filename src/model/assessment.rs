//! Expert assessments (`codes/<J>/assessments.yaml`): an expert's status for an obligation,
//! which overrides the computed one in reports — never silently: both are kept and shown, and an
//! override must say why.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::codes::*;
use super::instrument::Instrument;
use super::yaml::{Sp, parse, sp_span, span_of};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::{FileId, Sources};
use crate::syntax::Span;

/// Status of an obligation in a jurisdiction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every cell covered.
    Full,
    /// Some cells covered, or covered only in part.
    Partial,
    /// No cell covered at all.
    None,
    /// The obligation does not apply to this jurisdiction.
    NotApplicable,
    /// Nothing covers the obligation, and the body of law where such provisions live (a weapons
    /// law, a criminal procedure code) is not encoded for the jurisdiction: lexgap cannot tell a
    /// gap from a missing file, so it says so instead of reporting "not met". Never set by an
    /// expert assessment (an expert who has read the law gives a real status).
    NotAssessed,
}

impl Assessment {
    /// Whether the assessment applies where `inst` is measured: an assessment without an
    /// instrument wherever its obligation is; one with an instrument only in that instrument's
    /// analysis set — or, where no set is measured (every obligation of every file, as the
    /// comparative report reads them), to an obligation of that instrument's own file.
    pub fn applies_in(&self, inst: &Instrument, obligation_instrument: &str) -> bool {
        match (&self.instrument, inst.measured()) {
            (None, _) => true,
            (Some(i), Some(m)) => *i == m.id,
            (Some(i), None) => i == obligation_instrument,
        }
    }
}

impl Status {
    pub const ALL: [(&'static str, Status); 4] = [
        ("full", Status::Full),
        ("partial", Status::Partial),
        ("none", Status::None),
        ("not-applicable", Status::NotApplicable),
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Full => "full",
            Status::Partial => "partial",
            Status::None => "none",
            Status::NotApplicable => "not-applicable",
            Status::NotAssessed => "not-assessed",
        }
    }
}

/// One expert assessment.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Assessment {
    pub jurisdiction: String,
    pub obligation: String,
    /// The instrument whose analysis the assessment is of (`instrument:`), for an obligation of
    /// a convention that applies to each protocol it supplements (UNTOC-5.1 measured on the
    /// firearms offences is not UNTOC-5.1 measured on the trafficking ones). `None`: every
    /// analysis set that contains the obligation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    pub status: Status,
    pub justification: String,
    pub author: String,
    pub date: Date,
    /// The file, as shown to users.
    pub source: String,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    assessments: Vec<Sp<RawAssessment>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssessment {
    obligation: Sp<String>,
    instrument: Option<Sp<String>>,
    status: Sp<String>,
    justification: Option<Sp<String>>,
    author: Option<Sp<String>>,
    date: Option<Sp<String>>,
}

/// Reads the assessment files. The jurisdiction is the folder (`codes/<J>/assessments.yaml`).
/// Every problem is reported; an entry with a problem is left out.
pub fn load_assessments(
    sources: &Sources,
    files: &[FileId],
    inst: &Instrument,
) -> (Vec<Assessment>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for &id in files {
        let Some(file) = sources.get(id) else {
            continue;
        };
        let jurisdiction = file.path.rsplit('/').nth(1).unwrap_or("").to_string();
        let raw = match parse::<RawFile>(file, id, "an assessments file") {
            Ok(r) => r,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let mut seen: BTreeMap<String, Vec<(Option<String>, Span)>> = BTreeMap::new();
        for entry in &raw.assessments {
            let a = &entry.value;
            let text = file.text.as_str();
            let at = |v: &Sp<String>| sp_span(text, v);
            let entry_span = span_of(text, &entry.referenced);
            let mut ok = true;
            let mut report = |d: Diagnostic| diags.push(d.in_file(id));
            if !inst.any_obligation(&a.obligation.value) {
                ok = false;
                let mut d = Diagnostic::new(
                    BAD_ASSESSMENT,
                    format!("there is no obligation `{}`", a.obligation.value),
                )
                .at(at(&a.obligation), "unknown obligation");
                if let Some(s) = did_you_mean(&a.obligation.value, inst.obligation_ids()) {
                    d = d.hint(format!("did you mean `{s}`?"));
                }
                report(d);
            }
            let instrument = match &a.instrument {
                None => None,
                Some(i) => match instrument_for(inst, &a.obligation.value, i) {
                    Ok(id) => Some(id),
                    Err((message, label, hint)) => {
                        ok = false;
                        let mut d = Diagnostic::new(BAD_ASSESSMENT, message).at(at(i), label);
                        if let Some(h) = hint {
                            d = d.hint(h);
                        }
                        report(d);
                        None
                    }
                },
            };
            let status = Status::ALL
                .iter()
                .find(|(n, _)| *n == a.status.value)
                .map(|(_, s)| *s);
            if status.is_none() {
                ok = false;
                let names: Vec<&str> = Status::ALL.iter().map(|(n, _)| *n).collect();
                let mut d = Diagnostic::new(
                    BAD_ASSESSMENT,
                    format!("`{}` is not a status", a.status.value),
                )
                .at(
                    at(&a.status),
                    format!("expected one of: {}", names.join(", ")),
                );
                if let Some(s) = did_you_mean(&a.status.value, names) {
                    d = d.hint(format!("did you mean `{s}`?"));
                }
                report(d);
            }
            let justification = a
                .justification
                .as_ref()
                .map(|j| j.value.trim().to_string())
                .unwrap_or_default();
            if justification.is_empty() {
                ok = false;
                let span = a.justification.as_ref().map_or(entry_span, &at);
                report(
                    Diagnostic::new(NO_JUSTIFICATION, format!("the assessment of {} overrides the computed status without a justification", a.obligation.value))
                        .at(span, "no justification")
                        .hint("add `justification: \"…\"` saying why the expert's status differs from what lexgap computes"),
                );
            }
            let author = a
                .author
                .as_ref()
                .map(|x| x.value.trim().to_string())
                .unwrap_or_default();
            if author.is_empty() {
                ok = false;
                report(
                    Diagnostic::new(
                        BAD_ASSESSMENT,
                        format!("the assessment of {} names no author", a.obligation.value),
                    )
                    .at(a.author.as_ref().map_or(entry_span, &at), "no author")
                    .hint("add `author: \"…\"`: who made the assessment"),
                );
            }
            let date = match &a.date {
                Some(d) => match Date::parse(&d.value) {
                    Ok(x) => Some(x),
                    Err(e) => {
                        report(
                            Diagnostic::new(BAD_ASSESSMENT, format!("`{}` is not a date", d.value))
                                .at(at(d), e.to_string()),
                        );
                        None
                    }
                },
                None => {
                    report(
                        Diagnostic::new(
                            BAD_ASSESSMENT,
                            format!("the assessment of {} has no date", a.obligation.value),
                        )
                        .at(entry_span, "no date")
                        .hint("add `date: YYYY-MM-DD`: when the assessment was made"),
                    );
                    None
                }
            };
            // Two assessments of one obligation clash unless each names another instrument.
            let key = a.obligation.value.clone();
            let clash = seen.get(&key).and_then(|earlier| {
                earlier
                    .iter()
                    .find(|(i, _)| i.is_none() || a.instrument.is_none() || *i == instrument)
                    .map(|(_, span)| *span)
            });
            if let Some(first) = clash {
                let hint = if a.instrument.is_some() {
                    "keep one assessment per obligation and instrument; an assessment without `instrument:` applies under every instrument"
                } else {
                    "keep one assessment per obligation, or give each an `instrument:` (the protocol whose analysis it is of)"
                };
                report(
                    Diagnostic::new(
                        DUPLICATE_ASSESSMENT,
                        format!("{} is assessed twice", a.obligation.value),
                    )
                    .at(at(&a.obligation), "assessed again here")
                    .related(first, "first assessment")
                    .hint(hint),
                );
                continue;
            }
            seen.entry(key)
                .or_default()
                .push((instrument.clone(), at(&a.obligation)));
            if let (true, Some(status), Some(date)) = (ok, status, date) {
                out.push(Assessment {
                    jurisdiction: jurisdiction.clone(),
                    obligation: a.obligation.value.clone(),
                    instrument,
                    status,
                    justification,
                    author,
                    date,
                    source: file.path.clone(),
                    file: id,
                    span: at(&a.obligation),
                });
            }
        }
    }
    (out, diags)
}

/// The instrument id an assessment's `instrument:` names (an alias resolved), when its analysis
/// set contains the obligation: the instrument of the obligation's own file, or a protocol that
/// supplements it. `Err`: message, label and hint of the error.
fn instrument_for(
    inst: &Instrument,
    obligation: &str,
    given: &Sp<String>,
) -> Result<String, (String, String, Option<String>)> {
    let sets = inst.analysis_set_ids();
    let Some(id) = inst.resolve_id(&given.value) else {
        return Err((
            format!("there is no instrument `{}`", given.value),
            format!(
                "expected one of: {}",
                sets.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            did_you_mean(&given.value, sets.iter().copied())
                .map(|s| format!("did you mean `{s}`?")),
        ));
    };
    // The obligation is unknown: said already.
    let Some(own) = inst.instrument_of(obligation) else {
        return Ok(id.to_string());
    };
    let supplements = |p: &str| {
        inst.all_parts
            .iter()
            .find(|x| x.id == p)
            .and_then(|x| x.supplements.as_deref())
    };
    if id == own || supplements(id) == Some(own) {
        return Ok(id.to_string());
    }
    // The instruments whose analysis contains the obligation.
    let with: Vec<String> = sets
        .iter()
        .filter(|s| **s == own || supplements(s) == Some(own))
        .map(|s| format!("`{s}`"))
        .collect();
    Err((
        format!("{obligation} is not measured under `{id}`"),
        format!("{obligation} is an obligation of `{own}`"),
        Some(if with.is_empty() {
            "remove `instrument:`".to_string()
        } else {
            format!(
                "an assessment of {obligation} may name {}, or no instrument (it then applies wherever {obligation} is measured)",
                with.join(" or ")
            )
        }),
    ))
}
