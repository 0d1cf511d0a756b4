//! What `lexgap report comparative` compares, read from the instrument files: the compared
//! offences are the instruments' `trafficking-offence` obligations (the `instrument:` header);
//! each file's optional `comparative:` block names the offence for people and adds to the shared
//! aspects — element rows (which facets of each instrument give the conduct, the objects and
//! means, the mental element and purpose), aggravating-circumstance categories (which values of
//! each instrument's vocabulary mean "organised group", "minors" …) and the general-part rules
//! compared (attempt, legal persons, confiscation, special investigative measures,
//! jurisdiction). Entries with the same id in several files are merged, so a further instrument
//! joins the comparison by its YAML alone (docs/protocol.md, *Comparative analysis*).

use serde::Deserialize;

use super::codes::*;
use super::instrument::{FacetRole, Instrument};
use super::yaml::{Sp, sp_span};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::FileId;

/// The whole comparison, merged across the instrument files.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Comparative {
    /// One per instrument with a `trafficking-offence`, in the order of the files.
    pub offences: Vec<ComparedOffence>,
    /// Element rows, in the order first declared.
    pub elements: Vec<Group>,
    /// Aggravating-circumstance categories, in the order first declared.
    pub aggravating: Vec<Group>,
    /// Rule kinds compared, in the order first declared.
    pub rules: Vec<String>,
}

/// One compared offence: an instrument's trafficking offence.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ComparedOffence {
    /// The instrument's id (`firearms-protocol`).
    pub id: String,
    /// "trafficking in firearms" (`comparative: label:`), else the obligation's title.
    pub label: String,
    pub instrument: String,
    /// The obligation(s) whose covering offences are compared (`FP-5.1.b`).
    pub obligations: Vec<String>,
}

/// An element row (`facets`) or an aggravating category (`values`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    /// Facet ids (element rows) or vocabulary values (aggravating categories).
    pub members: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComparative {
    label: Option<String>,
    #[serde(default)]
    elements: Vec<RawGroup>,
    #[serde(default)]
    aggravating: Vec<RawGroup>,
    #[serde(default)]
    rules: Vec<Sp<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    id: Sp<String>,
    label: Option<String>,
    #[serde(default)]
    facets: Vec<Sp<String>>,
    #[serde(default)]
    values: Vec<Sp<String>>,
}

/// Builds [`Instrument::comparative`] from every file's header and `comparative:` block, once
/// the facets and obligations are read. Problems are located diagnostics and leave out what
/// they name.
pub(super) fn build(
    inst: &mut Instrument,
    files: &[(FileId, &str, &str, Option<&RawComparative>)],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut out = Comparative::default();
    for (file, text, instrument, raw) in files {
        let Some(part) = inst.parts.iter().find(|p| p.id == *instrument) else {
            continue;
        };
        if let Some(t) = &part.trafficking_offence {
            let title = inst.obligation(t).map(|o| o.title.clone());
            if let Some(title) = title {
                out.offences.push(ComparedOffence {
                    id: part.id.clone(),
                    label: raw.and_then(|r| r.label.clone()).unwrap_or(title),
                    instrument: part.id.clone(),
                    obligations: vec![t.clone()],
                });
            }
        }
        let Some(raw) = raw else { continue };
        for g in &raw.elements {
            let mut members = Vec::new();
            for f in &g.facets {
                let ok = inst
                    .facet(&f.value)
                    .is_some_and(|fa| fa.role == FacetRole::Element);
                if ok {
                    members.push(f.value.clone());
                } else {
                    let ids: Vec<&str> = inst
                        .facets
                        .iter()
                        .filter(|fa| fa.role == FacetRole::Element)
                        .map(|fa| fa.id.as_str())
                        .collect();
                    diags.push(unknown(
                        UNKNOWN_FACET_YAML,
                        *file,
                        text,
                        f,
                        "an element facet",
                        &ids,
                    ));
                }
            }
            merge(
                &mut out.elements,
                &mut diags,
                *file,
                text,
                g,
                members,
                "facets",
            );
        }
        for g in &raw.aggravating {
            let mut members = Vec::new();
            for v in &g.values {
                if inst.facets.iter().any(|f| f.has_value(&v.value)) {
                    members.push(v.value.clone());
                } else {
                    let ids: Vec<&str> = inst.facets.iter().flat_map(|f| f.value_ids()).collect();
                    diags.push(unknown(
                        UNKNOWN_VALUE_YAML,
                        *file,
                        text,
                        v,
                        "a vocabulary value",
                        &ids,
                    ));
                }
            }
            merge(
                &mut out.aggravating,
                &mut diags,
                *file,
                text,
                g,
                members,
                "values",
            );
        }
        let kinds = inst.facet_with_role(FacetRole::RuleKind);
        for r in &raw.rules {
            if kinds.is_some_and(|f| f.has_value(&r.value)) {
                if !out.rules.contains(&r.value) {
                    out.rules.push(r.value.clone());
                }
            } else {
                let ids: Vec<&str> = kinds.map(|f| f.value_ids().collect()).unwrap_or_default();
                diags.push(unknown(
                    UNKNOWN_VALUE_YAML,
                    *file,
                    text,
                    r,
                    "a kind of general-part rule",
                    &ids,
                ));
            }
        }
    }
    for g in out.elements.iter_mut().chain(out.aggravating.iter_mut()) {
        if g.label.is_empty() {
            g.label = g.id.clone();
        }
    }
    inst.comparative = out;
    diags
}

fn unknown(
    code: crate::diagnostic::Code,
    file: FileId,
    text: &str,
    v: &Sp<String>,
    what: &str,
    options: &[&str],
) -> Diagnostic {
    let d = Diagnostic::new(code, format!("`{}` is not {what}", v.value))
        .at(sp_span(text, v), format!("not {what}"))
        .in_file(file);
    match did_you_mean(&v.value, options.iter().copied()) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None => d.hint("see `lexgap vocabulary` for the facets and values of the instrument"),
    }
}

/// Adds a group, or its members to the group of the same id declared before (in this file or
/// another): each instrument adds its own vocabulary to the shared rows.
fn merge(
    groups: &mut Vec<Group>,
    diags: &mut Vec<Diagnostic>,
    file: FileId,
    text: &str,
    g: &RawGroup,
    members: Vec<String>,
    field: &str,
) {
    let wrong = if field == "facets" {
        &g.values
    } else {
        &g.facets
    };
    if let Some(w) = wrong.first() {
        diags.push(
            Diagnostic::new(
                BAD_FIELD,
                format!("this comparative entry lists `{field}`, not `{}`", if field == "facets" { "values" } else { "facets" }),
            )
            .at(sp_span(text, w), "not expected here")
            .in_file(file)
            .hint("`elements:` rows list element `facets`; `aggravating:` categories list vocabulary `values`"),
        );
    }
    match groups.iter_mut().find(|x| x.id == g.id.value) {
        Some(x) => {
            if x.label.is_empty()
                && let Some(l) = &g.label
            {
                x.label = l.clone();
            }
            for m in members {
                if !x.members.contains(&m) {
                    x.members.push(m);
                }
            }
        }
        None => groups.push(Group {
            id: g.id.value.clone(),
            label: g.label.clone().unwrap_or_default(),
            members,
        }),
    }
}
