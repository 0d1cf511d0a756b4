//! Coverage as text and CSV for the terminal (`analyze`, `explain`). Pure functions returning
//! strings; the CLI prints them. JSON is the serde form of [`super::Analysis`].

use std::fmt::Write as _;

use super::*;
use crate::model::instrument::{Obligation, Test, Verification};

/// Wraps `text` at `width` columns, every line starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty()
            && indent.chars().count() + line.chars().count() + 1 + word.chars().count() > width
        {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// Like [`wrap`], with a hanging first line: `first` starts the first line, `indent` the
/// others (for list items).
pub fn wrap_hanging(text: &str, width: usize, first: &str, indent: &str) -> String {
    let wrapped = wrap(text, width, indent);
    match wrapped.strip_prefix(indent) {
        Some(rest) => format!("{first}{rest}"),
        None => wrapped,
    }
}

/// A quoted fragment of a provision's text: at most `max` characters, cut at a word.
pub fn fragment(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

fn kind_abbrev(k: Kind) -> &'static str {
    match k {
        Kind::Mandatory => "M",
        Kind::MandatoryQualified => "MQ",
        Kind::ShallConsider => "C",
        // Not "O": in reports "O" is the status "not adopted".
        Kind::Optional => "OPT",
        Kind::Advisory => "A",
    }
}

fn jurisdiction_heading(j: &JurisdictionCoverage) -> String {
    let mut out = String::new();
    let name = j
        .name
        .as_ref()
        .map_or(j.id.clone(), |n| format!("{n} ({})", j.id));
    let _ = writeln!(out, "{name} — law in force on {}", j.at);
    if j.analysed_with.len() > 1 {
        let _ = writeln!(
            out,
            "  analysed together with: {}",
            j.analysed_with.get(1..).unwrap_or(&[]).join(", ")
        );
    }
    if j.acts.is_empty() {
        let _ = writeln!(
            out,
            "  no act of this jurisdiction is in force on that date"
        );
    } else {
        let acts: Vec<String> = j.acts.iter().map(|a| a.address.clone()).collect();
        out.push_str(&wrap(&format!("acts: {}", acts.join(", ")), 100, "  "));
        for a in &j.acts {
            for u in &a.unread {
                out.push_str(&wrap_hanging(
                    &format!(
                        "NOT READ in {} (a syntax error; the analysis goes without it): {u}",
                        a.address
                    ),
                    100,
                    "  ",
                    "    ",
                ));
            }
            for n in &a.notes {
                out.push_str(&wrap_hanging(
                    &format!("note on {}: {n}", a.address),
                    100,
                    "  ",
                    "    ",
                ));
            }
        }
    }
    out
}

fn cells_column(o: &ObligationCoverage) -> String {
    if matches!(o.status, Status::NotApplicable | Status::NotAssessed)
        && o.cells.covered == 0
        && o.cells.partly == 0
        && o.cells.interpreted == 0
    {
        return "—".into();
    }
    let mut out = format!("{}/{}", o.cells.covered, o.cells.total);
    if o.cells.interpreted > 0 {
        let _ = write!(out, " +{}i", o.cells.interpreted);
    }
    if o.cells.partly > 0 {
        let _ = write!(out, " +{}~", o.cells.partly);
    }
    out
}

fn provisions_column(o: &ObligationCoverage) -> String {
    if o.provisions.is_empty() {
        return "—".into();
    }
    let shown: Vec<String> = o
        .provisions
        .iter()
        .take(2)
        .map(|a| short_address(a))
        .collect();
    let more = o.provisions.len().saturating_sub(2);
    if more > 0 {
        format!("{} +{more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The `analyze` table: one row per obligation, what is missing below it, a summary line.
pub fn analysis_text(a: &Analysis) -> String {
    let mut out = String::new();
    for (n, j) in a.jurisdictions.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&jurisdiction_heading(j));
        out.push('\n');
        let id_w = j
            .obligations
            .iter()
            .map(|o| o.id.len())
            .max()
            .unwrap_or(10)
            .max(10);
        let status_w = j
            .obligations
            .iter()
            .map(|o| status_cell(o).chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        let _ = writeln!(
            out,
            "{:id_w$}  {:4}  {:status_w$}  {:>11}  covering provisions",
            "obligation", "kind", "status", "cells"
        );
        for o in &j.obligations {
            let _ = writeln!(
                out,
                "{:id_w$}  {:4}  {:status_w$}  {:>11}  {}",
                o.id,
                kind_abbrev(o.kind),
                status_cell(o),
                cells_column(o),
                provisions_column(o)
            );
            let pad = " ".repeat(id_w + 2);
            if let Some(why) = &o.not_applicable {
                out.push_str(&wrap(&format!("not applicable: {why}"), 110, &pad));
            }
            if let Some(why) = &o.not_assessed {
                out.push_str(&wrap(&format!("not assessed: {why}"), 110, &pad));
                // What the encoded (or known) law covers stays shown as evidence; an obligation
                // nothing covers lists no cells.
                let unknown = o.missing.iter().any(|m| m.status == CellStatus::Unknown);
                if o.cells.covered + o.cells.partly + o.cells.interpreted == 0 && !unknown {
                    continue;
                }
            }
            for m in &o.missing {
                out.push_str(&wrap_hanging(
                    &m.text,
                    110,
                    &format!("{pad}- "),
                    &format!("{pad}  "),
                ));
            }
            if let Some(asmt) = &o.assessment {
                out.push_str(&wrap(
                    &format!(
                        "assessment by {} ({}): {} — computed: {}{}. {}",
                        asmt.author,
                        asmt.date,
                        asmt.status.id(),
                        o.computed_status.id(),
                        if asmt.stale {
                            "; the law changed after the assessment"
                        } else {
                            ""
                        },
                        asmt.justification
                    ),
                    110,
                    &pad,
                ));
            }
        }
        out.push('\n');
        let _ = writeln!(out, "{}", j.summary.line);
    }
    if !a.jurisdictions.is_empty() {
        out.push_str("kinds: M mandatory, MQ mandatory (qualified), C shall consider, OPT optional, A advisory benchmark; cells: covered/total, +Ni covered only by interpretation, +N~ partly covered\n");
    }
    out
}

fn status_cell(o: &ObligationCoverage) -> String {
    if o.assessment.is_some() {
        format!("{} (expert)", o.status_label)
    } else {
        o.status_label.clone()
    }
}

/// One row per jurisdiction and obligation.
pub fn analysis_csv(a: &Analysis) -> String {
    let mut out = String::from(
        "jurisdiction,at,obligation,instrument,article,kind,domain,status,computed_status,gap,cells_covered,cells_partly,cells_interpreted,cells_total,provisions,missing,assessment_status,assessment_author,assessment_date,assessment_justification,not_assessed,not_read,measured\r\n",
    );
    for j in &a.jurisdictions {
        // What a syntax error kept out of the analysis, on every row of the jurisdiction.
        let unread = j
            .acts
            .iter()
            .flat_map(|a| a.unread.iter().map(move |u| format!("{}: {u}", a.address)))
            .collect::<Vec<_>>()
            .join(" | ");
        for o in &j.obligations {
            let missing: Vec<&str> = o.missing.iter().map(|m| m.text.as_str()).collect();
            let fields = [
                j.id.clone(),
                j.at.to_string(),
                o.id.clone(),
                o.instrument.clone(),
                o.article.clone(),
                o.kind.id().to_string(),
                o.domain.id().to_string(),
                o.status.id().to_string(),
                o.computed_status.id().to_string(),
                o.gap.to_string(),
                o.cells.covered.to_string(),
                o.cells.partly.to_string(),
                o.cells.interpreted.to_string(),
                o.cells.total.to_string(),
                o.provisions.join("; "),
                missing.join(" | "),
                o.assessment
                    .as_ref()
                    .map_or(String::new(), |x| x.status.id().to_string()),
                o.assessment
                    .as_ref()
                    .map_or(String::new(), |x| x.author.clone()),
                o.assessment
                    .as_ref()
                    .map_or(String::new(), |x| x.date.to_string()),
                o.assessment
                    .as_ref()
                    .map_or(String::new(), |x| x.justification.clone()),
                o.not_assessed.clone().unwrap_or_default(),
                unread.clone(),
                a.measured().to_string(),
            ];
            crate::csv::row(&mut out, fields);
        }
    }
    out
}

fn cell_label(inst: &Instrument, o: &Obligation, c: &CellResult) -> String {
    let Some(part) = o.requirement.parts.get(c.part_index) else {
        return c.key.clone();
    };
    c.values
        .iter()
        .map(|(axis, v)| inst.axis_value_label(part, axis, v))
        .collect::<Vec<_>>()
        .join(" × ")
}

/// `explain OBLIGATION`: the obligation in plain words and its cells; with a jurisdiction's
/// coverage, for each cell the provision that covers it or why none does.
pub fn explain_text(
    inst: &Instrument,
    o: &Obligation,
    coverage: Option<(&JurisdictionCoverage, &ObligationCoverage)>,
) -> String {
    let mut out = String::new();
    let instrument = inst
        .parts
        .iter()
        .find(|p| p.id == o.instrument)
        .map_or(o.instrument.clone(), |p| p.short.clone());
    let _ = writeln!(out, "{} — {}", o.id, o.title);
    let _ = writeln!(
        out,
        "{instrument}, {} · {} · {}{}",
        o.article,
        o.kind.id(),
        o.domain.id(),
        match o.verification {
            Verification::Verified => " · checked against the treaty text",
            Verification::Unverified => " · UNVERIFIED",
        }
    );
    if let Some(q) = &o.qualifier {
        let _ = writeln!(out, "qualified: \"{q}\"");
    }
    out.push('\n');
    out.push_str(&wrap(&o.summary, 100, "  "));
    out.push('\n');
    let cells = o.cells();
    let _ = writeln!(
        out,
        "Requirement: {} cell{}",
        cells.len(),
        if cells.len() == 1 { "" } else { "s" }
    );
    for (i, part) in o.requirement.parts.iter().enumerate() {
        let in_part: Vec<_> = cells.iter().filter(|c| c.part == i).collect();
        let head = match (&part.id, &part.label) {
            (Some(id), Some(l)) => format!("part {id}: {l}"),
            (None, Some(l)) => l.clone(),
            (Some(id), None) => format!("part {id}"),
            (None, None) => "cells".to_string(),
        };
        let _ = writeln!(
            out,
            "  {head} — {} cell{}",
            in_part.len(),
            if in_part.len() == 1 { "" } else { "s" }
        );
        match &part.test {
            Test::Provisions {
                block,
                fixed,
                max_prison_at_least,
                retention_at_least,
                ..
            } => {
                let _ = writeln!(
                    out,
                    "    one {} in force must reach every value of a cell",
                    block.keyword()
                );
                let fixed: Vec<String> = fixed
                    .iter()
                    .map(|(f, vs)| format!("{f} {}", vs.join(" or ")))
                    .collect();
                if !fixed.is_empty() {
                    let _ = writeln!(out, "    every cell also needs: {}", fixed.join("; "));
                }
                if let Some(t) = max_prison_at_least {
                    let _ = writeln!(out, "    maximum imprisonment at least {t}");
                }
                if let Some(t) = retention_at_least {
                    let _ = writeln!(out, "    records kept at least {t}");
                }
            }
            Test::Rule { kind, of, .. } => {
                if of.is_empty() {
                    let _ = writeln!(out, "    a general-part `rule {kind}` must be in force");
                } else {
                    let _ = writeln!(
                        out,
                        "    a general-part `rule {kind}` must reach the offences covering {}",
                        of.join(", ")
                    );
                }
            }
            Test::OffencesOf {
                of,
                max_prison_at_least,
                custodial,
                without,
            } => {
                let mut tests = Vec::new();
                if let Some(t) = max_prison_at_least {
                    tests.push(format!("a maximum of at least {t}"));
                }
                if *custodial {
                    tests.push("imprisonment".to_string());
                }
                if !without.is_empty() {
                    tests.push(format!("no element of {}", without.join(", ")));
                }
                let _ = writeln!(
                    out,
                    "    the offences covering {} must carry {}",
                    of.join(", "),
                    tests.join(" and ")
                );
            }
        }
        for c in &in_part {
            let label = c
                .values
                .iter()
                .map(|(axis, v)| inst.axis_value_label(part, axis, v))
                .collect::<Vec<_>>()
                .join(" × ");
            let _ = writeln!(out, "    {label}");
        }
    }
    if let Some(m) = &o.method {
        out.push_str("How lexgap tests it:\n");
        out.push_str(&wrap(m, 100, "  "));
    }
    if let Some(n) = &o.verification_note {
        out.push_str("Verification:\n");
        out.push_str(&wrap(n, 100, "  "));
    }
    if !o.references.is_empty() {
        out.push_str("References:\n");
        for r in &o.references {
            let tag = match r.verification {
                Verification::Verified => "",
                Verification::Unverified => " [unverified]",
            };
            out.push_str(&wrap(&format!("{}: {}{tag}", r.source, r.place), 100, "  "));
        }
    }
    out.push_str("Recommendation when not met:\n");
    out.push_str(&wrap(&o.recommendation, 100, "  "));
    let Some((j, oc)) = coverage else { return out };
    out.push('\n');
    out.push_str(&jurisdiction_heading(j));
    let by_expert = match &oc.assessment {
        Some(_) => format!(
            " by expert assessment (computed: {})",
            status_label(oc.kind, oc.computed_status)
        ),
        None => String::new(),
    };
    let cells = if oc.cells.total == 0 {
        String::new()
    } else {
        format!(
            " — {} of {} cells covered{}",
            oc.cells.covered,
            oc.cells.total,
            [
                (oc.cells.interpreted, "only by interpretation"),
                (oc.cells.partly, "partly")
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!(", {n} {what}"))
            .collect::<String>()
        )
    };
    let _ = writeln!(
        out,
        "Status: {}{by_expert}{cells}{}",
        oc.status_label,
        if oc.gap { " (a gap)" } else { "" }
    );
    if let Some(why) = &oc.not_applicable {
        out.push_str(&wrap(&format!("not applicable: {why}"), 100, "  "));
    }
    if let Some(why) = &oc.not_assessed {
        out.push_str(&wrap(&format!("not assessed: {why}"), 100, "  "));
    }
    if let Some(a) = &oc.assessment {
        out.push_str(&wrap(
            &format!(
                "expert assessment: {} (computed: {}) by {} on {}, in {}{}: {}",
                a.status.id(),
                oc.computed_status.id(),
                a.author,
                a.date,
                a.file,
                if a.stale {
                    "; an act in force changed after it"
                } else {
                    ""
                },
                a.justification
            ),
            100,
            "  ",
        ));
    }
    for c in &oc.cell_results {
        let mark = match c.status {
            CellStatus::Covered => "[covered]",
            CellStatus::Interpreted => "[covered by interpretation]",
            CellStatus::Partly => "[partly] ",
            CellStatus::Unknown => "[unknown]",
            CellStatus::NotCovered => "[missing]",
        };
        let _ = writeln!(out, "  {mark} {}", cell_label(inst, o, c));
        for e in &c.evidence {
            let _ = writeln!(
                out,
                "      {} {}",
                if e.kind == "rule" { "rule" } else { "by" },
                e.address
            );
            if let Some(t) = &e.text {
                out.push_str(&wrap(&format!("\"{}\"", fragment(t, 160)), 100, "        "));
            }
            if !e.matched.is_empty() {
                let m: Vec<String> = e.matched.iter().map(describe_match).collect();
                out.push_str(&wrap(
                    &format!("matched: {}", m.join("; ")),
                    100,
                    "        ",
                ));
            }
            if !e.applies_to.is_empty() {
                let a: Vec<String> = e.applies_to.iter().map(|x| short_address(x)).collect();
                out.push_str(&wrap(
                    &format!("applies to: {}", a.join(", ")),
                    100,
                    "        ",
                ));
            }
            for h in &e.conditions {
                out.push_str(&wrap(&condition_held(o, h), 100, "        "));
            }
            for s in &e.shortfalls {
                let lead = if s.kind == ShortfallKind::ByInterpretation {
                    "by interpretation"
                } else if e.status == CellStatus::Unknown && s.kind == ShortfallKind::Unknown {
                    "not known"
                } else {
                    "only in part"
                };
                out.push_str(&wrap(
                    &format!("{lead}: {}", reason(inst, s)),
                    100,
                    "        ",
                ));
            }
        }
        if c.more_evidence > 0 {
            let _ = writeln!(
                out,
                "      … and {} more provision{} reaching this cell as well",
                c.more_evidence,
                if c.more_evidence == 1 { "" } else { "s" }
            );
        }
        for s in &c.shortfalls {
            out.push_str(&wrap(&reason(inst, s), 100, "      "));
        }
        if let Some(w) = &c.why_not {
            out.push_str(&wrap(w, 100, "      "));
        }
    }
    if !oc.missing.is_empty() {
        out.push_str("What is missing:\n");
        for m in &oc.missing {
            out.push_str(&wrap_hanging(&m.text, 100, "  - ", "    "));
        }
    }
    out
}

/// A rule's `requires` condition that held, and why: "condition `requires organised-group`
/// (organised criminal group) holds: UNTOC-20.1 contains it" — so the rule reaches the offence
/// in every case the obligation concerns, not only in part.
fn condition_held(o: &Obligation, h: &super::ConditionHeld) -> String {
    let why = if h.because == "obligation" {
        format!("{} contains it", o.id)
    } else {
        let offences: Vec<String> = h.offences.iter().map(|x| short_address(x)).collect();
        format!("the offence requires it ({})", offences.join(", "))
    };
    format!(
        "condition `requires {}` ({}) holds: {why}",
        h.requires, h.label
    )
}

fn reason(inst: &Instrument, s: &super::Shortfall) -> String {
    super::reason_text(inst, s)
}

fn describe_match(m: &Matched) -> String {
    match (&m.stated, &m.via) {
        (None, _) => format!("{} {} (the provision does not limit it)", m.axis, m.asked),
        (Some(s), Some(via)) => format!(
            "{} {} via `{}` (defined at {}){}",
            m.axis,
            if s == &m.asked {
                s.clone()
            } else {
                format!("{} as {s}", m.asked)
            },
            via.term,
            short_address(&via.defined_at),
            if m.partly { ", in part" } else { "" }
        ),
        (Some(s), None) if s == &m.asked => format!("{} {}", m.axis, m.asked),
        (Some(s), None) => format!(
            "{} {} through {s}{}",
            m.axis,
            m.asked,
            if m.partly {
                ", in part"
            } else if m.interpretation.is_some() {
                ", by interpretation"
            } else {
                ""
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_cuts() {
        assert_eq!(wrap("a b c", 5, "  "), "  a b\n  c\n");
        assert_eq!(fragment("one two three", 8), "one two…");
        assert_eq!(fragment("short", 8), "short");
    }

    #[test]
    fn kind_letters_differ_from_the_reports_status_letters() {
        // "O" was both "optional" in analyze's legend and "not adopted" in reports.
        for catalog in [
            include_str!("../../templates/locales/en.yaml"),
            include_str!("../../templates/locales/sq.yaml"),
            include_str!("../../templates/locales/mk.yaml"),
            include_str!("../../templates/locales/sr-Latn.yaml"),
            include_str!("../../templates/locales/sr-Cyrl.yaml"),
        ] {
            let letters: Vec<&str> = catalog
                .lines()
                .filter_map(|l| l.trim().strip_prefix("letter:"))
                .map(|v| v.trim().trim_matches('"'))
                .collect();
            assert!(letters.len() >= 5, "{letters:?}");
            for (_, k) in Kind::ALL {
                assert!(
                    !letters.contains(&kind_abbrev(k)),
                    "{} is a status letter in reports",
                    kind_abbrev(k)
                );
            }
        }
    }
}
