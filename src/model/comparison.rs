//! The `comparative:` entries of an instrument file: which offences are "the trafficking
//! offence" of the instrument, for `lexgap report comparative` — the offences that cover the
//! named obligations — and which aggravating circumstances and general-part rules are compared
//! across the trafficking offences of a jurisdiction. A further instrument joins the comparison
//! by its YAML alone (docs/protocol.md, *Comparative analysis*).

use serde::Deserialize;

use super::codes::*;
use super::instrument::{Block, FacetRole, Instrument, Test};
use super::yaml::{Sp, sp_span};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::source::FileId;
use crate::syntax::Span;

/// One compared offence of an instrument, as the instrument file declares it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Comparison {
    /// `firearms`, `drugs`, `persons`: unique across the instrument files.
    pub id: String,
    /// "trafficking in firearms".
    pub label: String,
    /// The instrument whose file declares it.
    pub instrument: String,
    /// The offence obligations whose covering offences are compared (`[FP-5.1.b]`).
    pub obligations: Vec<String>,
    /// Values of a narrowing or element facet whose presence among the aggravated forms is
    /// compared across the trafficking offences (`organised-group`, `minor`, `official-capacity`).
    pub aggravating: Vec<String>,
    /// Kinds of general-part rule compared: whether one governs the offence (`attempt`,
    /// `legal-persons`, `confiscation`, `jurisdiction`, a special investigative measure).
    pub rules: Vec<String>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComparison {
    id: Sp<String>,
    label: String,
    obligations: Vec<Sp<String>>,
    #[serde(default)]
    aggravating: Vec<Sp<String>>,
    #[serde(default)]
    rules: Vec<Sp<String>>,
}

/// Checks the `comparative:` entries of one file against the whole instrument (obligations,
/// facets) and adds them; every problem is a located diagnostic and leaves out what it names.
pub(super) fn add(
    inst: &mut Instrument,
    file: FileId,
    text: &str,
    instrument: &str,
    raws: &[RawComparison],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for raw in raws {
        let span = sp_span(text, &raw.id);
        if let Some(prev) = inst.comparisons.iter().find(|c| c.id == raw.id.value) {
            diags.push(
                Diagnostic::new(
                    DUPLICATE_ID,
                    format!("comparative entry `{}` is defined twice", raw.id.value),
                )
                .at(span, "defined again here")
                .in_file(file)
                .related_in(prev.file, prev.span, "first defined here")
                .hint("give each compared offence a unique id"),
            );
            continue;
        }
        let mut obligations = Vec::new();
        for o in &raw.obligations {
            let known = inst.obligation(&o.value).is_some_and(|ob| {
                !ob.requirement.parts.is_empty()
                    && ob.requirement.parts.iter().all(|p| {
                        matches!(
                            p.test,
                            Test::Provisions {
                                block: Block::Offence,
                                ..
                            }
                        )
                    })
            });
            if known {
                obligations.push(o.value.clone());
                continue;
            }
            let mut d = Diagnostic::new(
                UNKNOWN_OBLIGATION,
                format!("`{}` is not an offence obligation of the instrument", o.value),
            )
            .at(sp_span(text, o), "not an offence obligation")
            .in_file(file);
            let ids: Vec<&str> = inst.obligation_ids().collect();
            d = match did_you_mean(&o.value, ids.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(
                    "name obligations whose parts are all `offence:` tests: their covering offences are compared",
                ),
            };
            diags.push(d);
        }
        if obligations.is_empty() {
            diags.push(
                Diagnostic::new(
                    BAD_FIELD,
                    format!(
                        "comparative entry `{}` names no offence obligation",
                        raw.id.value
                    ),
                )
                .at(span, "compares nothing")
                .in_file(file)
                .hint("list in `obligations:` the obligation(s) whose covering offences are the trafficking offence"),
            );
            continue;
        }
        let mut aggravating = Vec::new();
        for v in &raw.aggravating {
            let found = inst.facets.iter().any(|f| {
                matches!(f.role, FacetRole::Narrowing | FacetRole::Element) && f.has_value(&v.value)
            });
            if found {
                aggravating.push(v.value.clone());
            } else {
                let all: Vec<&str> = inst
                    .facets
                    .iter()
                    .filter(|f| matches!(f.role, FacetRole::Narrowing | FacetRole::Element))
                    .flat_map(|f| f.value_ids())
                    .collect();
                let mut d = Diagnostic::new(
                    UNKNOWN_VALUE_YAML,
                    format!(
                        "`{}` is not a value of a narrowing or element facet",
                        v.value
                    ),
                )
                .at(sp_span(text, v), "unknown value")
                .in_file(file);
                d = match did_you_mean(&v.value, all.iter().copied()) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint("an aggravating circumstance is compared by the vocabulary value the aggravated forms state (`requires organised-group`)"),
                };
                diags.push(d);
            }
        }
        let kinds = inst.facet_with_role(FacetRole::RuleKind);
        let mut rules = Vec::new();
        for r in &raw.rules {
            if kinds.is_some_and(|f| f.has_value(&r.value)) {
                rules.push(r.value.clone());
            } else {
                let mut d = Diagnostic::new(
                    UNKNOWN_VALUE_YAML,
                    format!("`{}` is not a kind of general-part rule", r.value),
                )
                .at(sp_span(text, r), "unknown rule kind")
                .in_file(file);
                let ids: Vec<&str> = kinds.map(|f| f.value_ids().collect()).unwrap_or_default();
                d = match did_you_mean(&r.value, ids.iter().copied()) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!("the rule kinds are: {}", ids.join(", "))),
                };
                diags.push(d);
            }
        }
        inst.comparisons.push(Comparison {
            id: raw.id.value.clone(),
            label: raw.label.clone(),
            instrument: instrument.to_string(),
            obligations,
            aggravating,
            rules,
            file,
            span,
        });
    }
    diags
}
