//! The coverage delta: what a change in the law does to compliance — which gaps it closes,
//! which it leaves open, which it opens — obligation by obligation, and cell by cell with the
//! provisions responsible.
//!
//! Both sides are computed coverage, without expert assessments: an assessment judges the law it
//! was made on, not the text a bill proposes, so applying it to both sides would hide exactly
//! the change the reviewer is looking for.

use std::collections::BTreeMap;

use crate::coverage::{CellCounts, CellResult, CellStatus, JurisdictionCoverage, short_address};
use crate::date::Date;
use crate::model::Status;
use crate::model::instrument::Kind;

/// What a change does to compliance in one jurisdiction.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CoverageDelta {
    pub jurisdiction: String,
    /// The days of the law compared (for a bill, both are the day of the version it amends:
    /// the law with and without the bill).
    pub before_at: Date,
    pub after_at: Date,
    /// Gaps (mandatory obligations not fully met) closed, left open, and opened.
    pub closes: usize,
    pub leaves: usize,
    pub opens: usize,
    /// "closes 3 gaps, leaves 2, opens 0".
    pub line: String,
    /// The headline of each side ("mandatory obligations fully met: 9 of 21 …").
    pub before_summary: String,
    pub after_summary: String,
    /// The obligations whose status or cells change, in the instrument's order.
    pub obligations: Vec<ObligationDelta>,
}

/// One obligation whose coverage changes.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ObligationDelta {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub before: Status,
    pub after: Status,
    /// The statuses in words ("partly met" → "met").
    pub before_label: String,
    pub after_label: String,
    pub effect: Effect,
    pub cells_before: CellCounts,
    pub cells_after: CellCounts,
    /// Cells better covered after than before, with the provisions that now cover them.
    pub gained: Vec<CellChange>,
    /// Cells worse covered after than before, with the provisions that covered them.
    pub lost: Vec<CellChange>,
}

/// What the change does to an obligation as a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// A gap before, none after.
    Closes,
    /// A gap before and after (its cells may still change).
    Leaves,
    /// No gap before, a gap after.
    Opens,
    /// No gap either side (an obligation that cannot be a gap, or one met throughout).
    None,
}

/// One cell whose coverage changes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CellChange {
    /// The requirement part (limb) of the cell.
    pub part: Option<String>,
    /// `manufacture × part-component × without-licence`.
    pub cell: String,
    pub before: CellStatus,
    pub after: CellStatus,
    /// The provisions responsible: for a cell gained, those covering it after; for a cell
    /// lost, those that covered it before. Full addresses.
    pub provisions: Vec<String>,
}

fn is_gap(kind: Kind, status: Status) -> bool {
    kind.can_be_gap() && matches!(status, Status::Partial | Status::None)
}

/// Compares two coverages of one jurisdiction. Both must carry their cell results (computed with
/// `coverage::analyze`, not `analyze_all`, which drops them).
pub fn coverage_delta(
    before: &JurisdictionCoverage,
    after: &JurisdictionCoverage,
) -> CoverageDelta {
    let mut d = CoverageDelta {
        jurisdiction: after.id.clone(),
        before_at: before.at,
        after_at: after.at,
        closes: 0,
        leaves: 0,
        opens: 0,
        line: String::new(),
        before_summary: before.summary.line.clone(),
        after_summary: after.summary.line.clone(),
        obligations: Vec::new(),
    };
    let old: BTreeMap<&str, _> = before
        .obligations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    for a in &after.obligations {
        let Some(b) = old.get(a.id.as_str()) else {
            continue;
        };
        let (gb, ga) = (
            is_gap(b.kind, b.computed_status),
            is_gap(a.kind, a.computed_status),
        );
        let effect = match (gb, ga) {
            (true, false) => Effect::Closes,
            (true, true) => Effect::Leaves,
            (false, true) => Effect::Opens,
            (false, false) => Effect::None,
        };
        match effect {
            Effect::Closes => d.closes += 1,
            Effect::Leaves => d.leaves += 1,
            Effect::Opens => d.opens += 1,
            Effect::None => {}
        }
        let (gained, lost) = cell_changes(&b.cell_results, &a.cell_results);
        if b.computed_status == a.computed_status
            && b.cells == a.cells
            && gained.is_empty()
            && lost.is_empty()
        {
            continue;
        }
        d.obligations.push(ObligationDelta {
            id: a.id.clone(),
            title: a.title.clone(),
            kind: a.kind,
            before: b.computed_status,
            after: a.computed_status,
            before_label: crate::coverage::status_label(b.kind, b.computed_status).to_string(),
            after_label: crate::coverage::status_label(a.kind, a.computed_status).to_string(),
            effect,
            cells_before: b.cells,
            cells_after: a.cells,
            gained,
            lost,
        });
    }
    d.line = format!(
        "closes {}, leaves {}, opens {}",
        plural_gaps(d.closes),
        d.leaves,
        d.opens
    );
    d
}

fn plural_gaps(n: usize) -> String {
    if n == 1 {
        "1 gap".to_string()
    } else {
        format!("{n} gaps")
    }
}

/// Cells gained and lost, in the order of the requirement.
fn cell_changes(before: &[CellResult], after: &[CellResult]) -> (Vec<CellChange>, Vec<CellChange>) {
    let old: BTreeMap<(Option<&str>, &str), &CellResult> = before
        .iter()
        .map(|c| ((c.part.as_deref(), c.key.as_str()), c))
        .collect();
    let responsible = |c: &CellResult| -> Vec<String> {
        let mut v: Vec<String> = c
            .evidence
            .iter()
            .filter(|e| e.status != CellStatus::NotCovered)
            .map(|e| e.address.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (mut gained, mut lost) = (Vec::new(), Vec::new());
    for c in after {
        let then = old
            .get(&(c.part.as_deref(), c.key.as_str()))
            .map_or(CellStatus::NotCovered, |b| b.status);
        let change = |provisions| CellChange {
            part: c.part.clone(),
            cell: c.key.clone(),
            before: then,
            after: c.status,
            provisions,
        };
        if c.status > then {
            gained.push(change(responsible(c)));
        } else if c.status < then
            && let Some(b) = old.get(&(c.part.as_deref(), c.key.as_str()))
        {
            lost.push(change(responsible(b)));
        }
    }
    (gained, lost)
}

/// Cells grouped by the provisions responsible, for people: each group is the provisions (short
/// addresses) and the cells they gained or lost. Groups keep the order of their first cell.
pub fn group_by_provisions(cells: &[CellChange]) -> Vec<(Vec<String>, Vec<&CellChange>)> {
    let mut groups: Vec<(Vec<String>, Vec<&CellChange>)> = Vec::new();
    for c in cells {
        let key: Vec<String> = c.provisions.iter().map(|p| short_address(p)).collect();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(c),
            None => groups.push((key, vec![c])),
        }
    }
    groups
}
