//! The view models: what a report shows, as plain serde data.
//!
//! Templates see only these types, never the model's or coverage's internal ones. The adapter
//! (`adapt.rs`) fills them from the pipeline's results, so the internals can change without
//! touching a template — and an organisation's own templates (`--templates DIR`) keep working
//! across lexgap versions as long as this schema holds. The same types are what `--format json`
//! writes, so the JSON and the rendered report never disagree. Every collection is a `Vec` in the
//! order it is shown: nothing here depends on hash order.

use serde::Serialize;

/// The schema version of the JSON form; bump it when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Coverage status of one obligation in one jurisdiction, computed or assessed by an expert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every cell of the requirement is covered by a provision in force.
    Full,
    /// Some cells are covered, or covered only in part (a narrowing element).
    Partial,
    /// No cell is covered.
    None,
    /// The obligation does not apply to this jurisdiction (e.g. a federal division of powers).
    NotApplicable,
    /// An optional or "shall consider" measure the jurisdiction has not adopted: not a gap.
    NotAdopted,
    /// Nothing covers it and the act where such provisions live (a weapons law, a criminal
    /// procedure code) is not in the corpus: lexgap cannot tell a gap from a missing file.
    NotAssessed,
}

impl Status {
    /// The stable id used in JSON, CSV, CSS classes and catalog keys.
    pub fn id(self) -> &'static str {
        match self {
            Status::Full => "full",
            Status::Partial => "partial",
            Status::None => "none",
            Status::NotApplicable => "not-applicable",
            Status::NotAdopted => "not-adopted",
            Status::NotAssessed => "not-assessed",
        }
    }

    /// Every status, in the order legends list them.
    pub const ALL: [Status; 6] = [
        Status::Full,
        Status::Partial,
        Status::None,
        Status::NotApplicable,
        Status::NotAdopted,
        Status::NotAssessed,
    ];
}

/// How strongly the instrument binds (the model's kinds, mirrored so templates do not depend
/// on the model's types).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// "shall adopt", "shall establish".
    Mandatory,
    /// Mandatory but softened ("subject to the basic concepts of its legal system").
    MandatoryQualified,
    /// "shall consider": never a gap, only "not adopted".
    ShallConsider,
    /// "may": never a gap.
    Optional,
    /// A benchmark rather than a duty: a shortfall is a risk, not a gap.
    Advisory,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Mandatory => "mandatory",
            Kind::MandatoryQualified => "mandatory-qualified",
            Kind::ShallConsider => "shall-consider",
            Kind::Optional => "optional",
            Kind::Advisory => "advisory",
        }
    }

    /// Whether the obligation counts for the KPI ("mandatory obligations fully met"): duties,
    /// qualified or not. A shortfall on any other kind is not a gap.
    pub fn is_mandatory(self) -> bool {
        matches!(self, Kind::Mandatory | Kind::MandatoryQualified)
    }
}

/// What every report carries: which lexgap made it, from what, in which language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// `gap`, `amendment` or `regional`.
    pub report: String,
    pub schema_version: u32,
    pub lexgap_version: String,
    /// The language of the fixed strings (`en`, `sq`, `mk`, `sr-Latn`, `sr-Cyrl`).
    pub lang: String,
    /// The date printed on the cover, only when `--date` is given: reports carry no clock time,
    /// so two runs over the same input give the same bytes.
    pub date: Option<String>,
    /// The workspace's name (`lexgap.toml` `name`), e.g. "Western Balkans".
    pub workspace: Option<String>,
    pub instrument: InstrumentView,
    /// Input files with their SHA-256, so a reader can tell exactly what the report rests on.
    pub inputs: Vec<InputDigest>,
    /// The language of the instrument model's strings, when not English: templates show the
    /// legend of the `[en] ` marker when `fallback` is not 0 (docs/translation.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<TranslationView>,
}

/// How the instrument model was put into the report's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TranslationView {
    pub lang: String,
    /// Strings of the instrument model translated.
    pub translated: usize,
    /// Strings shown in English, each behind `marker`.
    pub fallback: usize,
    pub marker: String,
    pub reviewed_by_lawyer: bool,
    /// `sr-Latn` when the text was transliterated from it.
    pub derived_from: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstrumentView {
    pub id: String,
    pub title: String,
    pub short: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputDigest {
    /// Path relative to the workspace root, with `/`.
    pub path: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JurisdictionView {
    pub id: String,
    /// The name in the report's language where known, else in English, else the id.
    pub name: String,
    /// The name in English, for JSON consumers and for the cover's subtitle.
    pub name_en: String,
}

/// One act version in force at the report's date, with where its text comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActView {
    pub id: String,
    pub title: String,
    /// The date the consolidated text took effect.
    pub version: String,
    /// Official gazette citations.
    pub sources: Vec<String>,
    /// `official` or `unofficial` (the English text is lexgap's own rendering).
    pub rendering: String,
    /// `yes`, `partly`, `no`: whether the encoding was checked against the official text.
    pub verified: String,
    /// The header's `note` lines (a caveat on the version date, the source …).
    pub notes: Vec<String>,
    /// What a syntax error kept out of the analysis ("line 17 (`para 2 x`): …").
    pub unread: Vec<String>,
}

/// A line that a syntax error kept out of the analysis (it is listed as "not read" in every
/// report and format), with the act version it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnreadLine {
    /// The act version's address, `RS/criminal-code@2019-12-01`.
    pub act: String,
    /// What could not be read: "line 17 (`para 2 x`): …", as in [`ActView::unread`].
    pub line: String,
}

impl UnreadLine {
    /// The lines as one spreadsheet cell: `RS/criminal-code@2019-12-01: line 17 (…): … | …`,
    /// as `analyze --format csv` writes its `not_read` column.
    pub fn cell(lines: &[UnreadLine]) -> String {
        lines
            .iter()
            .map(|u| format!("{}: {}", u.act, u.line))
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// A provision cited for an obligation, with its text where the corpus has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvisionRef {
    /// The stable address, `ME/criminal-code@2023-12-19/art-403/para-1`.
    pub address: String,
    /// A fragment id for the annex entry (`p-` + a slug of the address).
    pub anchor: String,
    /// Short human label, "Criminal Code, Art. 403(1)".
    pub label: String,
    /// The text (English rendering), if encoded.
    pub text: Option<String>,
    /// The text cut at a word boundary for the assessment table; the annex has it whole.
    pub excerpt: Option<String>,
    /// True when `excerpt` is shorter than `text`.
    pub truncated: bool,
    /// True when the provision reaches the cells it names only in part.
    pub partly: bool,
    /// What narrows it, in plain words ("requires material gain").
    pub narrowing: Vec<String>,
    /// The readings by which it reaches cells only by interpretation, with their sources.
    pub interpretations: Vec<String>,
}

/// An expert's assessment overriding the computed status, always with its justification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssessmentView {
    pub status: Status,
    pub justification: String,
    /// Who assessed it and when, as the assessment file says.
    pub by: Option<String>,
    /// An act in force was amended after the assessment: it may be out of date.
    pub stale: bool,
}

/// One row of the legislative assessment table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObligationRow {
    pub id: String,
    /// A fragment id (`o-FP-5.1.a`), used by the table of contents and the matrix links.
    pub anchor: String,
    pub article: String,
    pub title: String,
    pub kind: Kind,
    /// `criminal`, `procedural`, `regulatory` or `cooperation`: the body of law it falls in.
    pub domain: String,
    /// The requirement in plain words (the instrument's own-words summary).
    pub requirement: String,
    /// The status lexgap computed from the encoded law.
    pub computed: Status,
    /// The expert assessment, where one exists; it decides `status`.
    pub assessment: Option<AssessmentView>,
    /// The status that counts: the assessment's if present, else the computed one.
    pub status: Status,
    pub cells_covered: u32,
    /// Cells covered only in part (a narrowing element, an aggravated form).
    pub cells_partly: u32,
    /// Cells covered only by an interpretation of the law (not counted in `cells_covered`).
    pub cells_interpreted: u32,
    pub cells_total: u32,
    /// Why the obligation does not apply, when it does not.
    pub not_applicable: Option<String>,
    /// Why it could not be assessed (the act where it would live is not encoded).
    pub not_assessed: Option<String>,
    pub provisions: Vec<ProvisionRef>,
    /// What is missing, grouped in plain words ("parts and components: no conduct criminalized").
    pub missing: Vec<String>,
    /// What to do about it; empty when nothing is missing.
    pub recommendation: Option<String>,
    /// UNODC guidance to read with it ("Legislative Guide, Part Four, chapter V.B").
    pub references: Vec<String>,
    /// With `report gap --draft FILE`: the operations of the draft that address it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub draft: Vec<DraftOperation>,
    /// The same in one paragraph of the report's language, for the formats whose recommendation
    /// is one cell (CSV, Excel, Word).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft_text: Option<String>,
    /// The draft's own note that it does not close the obligation, with why, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft_not_closed: Option<String>,
}

/// An operation of a draft bill that addresses an obligation: its first line as the bill writes
/// it (`insert article 24-a after article 24`), and the cells of the obligation it closes
/// (`part: cell`, as the coverage delta names them); none where its justification names the
/// obligation but no cell is gained through it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DraftOperation {
    pub operation: String,
    pub cells: Vec<String>,
}

/// Counts of obligations by status, for one kind of obligation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub total: u32,
    pub full: u32,
    pub partial: u32,
    pub none: u32,
    pub not_applicable: u32,
    pub not_adopted: u32,
    pub not_assessed: u32,
    /// How many count for the share: all but the not applicable and the not assessed.
    pub assessed: u32,
    /// `full` as a whole percentage of `assessed`, rounded half up; `None` when none counts.
    pub full_percent: Option<u32>,
}

impl Tally {
    pub fn add(&mut self, s: Status) {
        self.total += 1;
        match s {
            Status::Full => self.full += 1,
            Status::Partial => self.partial += 1,
            Status::None => self.none += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::NotAdopted => self.not_adopted += 1,
            Status::NotAssessed => self.not_assessed += 1,
        }
        self.assessed = self.total - self.not_applicable - self.not_assessed;
        self.full_percent = percent(self.full, self.assessed);
    }
}

/// `n / d` as a whole percentage rounded half up, in integers so it is the same everywhere.
pub fn percent(n: u32, d: u32) -> Option<u32> {
    if d == 0 {
        return None;
    }
    Some(((u64::from(n) * 200 + u64::from(d)) / (2 * u64::from(d))) as u32)
}

/// A gap worth naming in the executive summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyGap {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub status: Status,
    /// The first missing group, in plain words.
    pub missing: String,
}

/// A provision's full text for the annex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnexEntry {
    pub address: String,
    pub anchor: String,
    pub label: String,
    pub heading: Option<String>,
    pub text: Option<String>,
}

/// The gap analysis of one jurisdiction at one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GapReport {
    pub meta: Meta,
    pub jurisdiction: JurisdictionView,
    /// The point in time: the versions in force on this date were analysed.
    pub at: String,
    pub acts: Vec<ActView>,
    /// False when the corpus holds no act of the jurisdiction's own in force on `at` (BA-RS,
    /// whose code is declared but not encoded): it is then analysed with the law of its
    /// ancestors alone, and the report says so on its cover.
    pub own_law: bool,
    /// The names (in the report's language, as `jurisdiction.name`) of the ancestors whose law
    /// was analysed with the jurisdiction's (BA for BA-FBIH), nearest first.
    pub analysed_with: Vec<String>,
    /// Every line of those acts that a syntax error kept out of the analysis (the same lines
    /// as `acts[].unread`, with their act's address, for the CSV form).
    pub unread: Vec<UnreadLine>,
    /// Mandatory obligations only: what the KPI counts.
    pub mandatory: Tally,
    /// Every obligation.
    pub all: Tally,
    /// The mandatory obligations not fully met, in instrument order.
    pub key_gaps: Vec<KeyGap>,
    pub obligations: Vec<ObligationRow>,
    pub annex: Vec<AnnexEntry>,
    /// Every cell of every obligation, in order (the per-cell sheet of `--format xlsx`).
    pub cells: Vec<CellRow>,
    /// With `--draft FILE`: the draft bill named, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
}

/// One cell of an obligation — one combination of the requirement's elements — and what
/// covers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CellRow {
    pub obligation: String,
    /// The elements, as the instrument names them: `manufacture × firearm × without-licence`.
    pub cell: String,
    /// `covered`, `covered-by-interpretation`, `partly-covered`, `unknown` or `not-covered`.
    pub status: String,
    /// Addresses of the provisions that reach it.
    pub provisions: Vec<String>,
    /// What falls short, in plain words (narrowing elements, readings, the nearest miss).
    pub notes: Vec<String>,
}

/// One piece of a word-level diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// `same`, `ins` or `del`.
    pub op: String,
    pub text: String,
}

/// One row of the synoptic table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SynopticRow {
    /// "Art. 403(1)".
    pub unit: String,
    pub address: String,
    /// `inserted`, `replaced`, `repealed`, `renumbered` or `moved`.
    pub change: String,
    /// Text in force, as segments (`same` and `del`); empty for an inserted unit.
    pub old: Vec<Segment>,
    /// Proposed text, as segments (`same` and `ins`); empty for a repealed unit.
    pub new: Vec<Segment>,
    /// What the expert says the unit does, as tag lines removed (`del`) and added (`ins`):
    /// a changed penalty shows here even when the wording did not change.
    pub tags: Vec<Segment>,
    /// Obligations whose status changes and that this unit bears on, before and after.
    pub coverage: Vec<UnitEffect>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnitEffect {
    pub obligation: String,
    pub anchor: String,
    pub before: Status,
    pub after: Status,
}

/// How one obligation's status moves between the two texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObligationDelta {
    pub id: String,
    pub anchor: String,
    pub article: String,
    pub title: String,
    pub kind: Kind,
    pub before: Status,
    pub after: Status,
    pub cells_before: u32,
    pub cells_after: u32,
    pub cells_total: u32,
    /// `closed` (now full), `improved`, `mixed` (cells gained and cells lost), `worsened`, `opened`
    /// (was full, no longer), `unchanged`.
    pub direction: String,
    /// Cells newly covered, in plain words, grouped by the provisions that now cover them.
    pub gained: Vec<String>,
    /// Cells no longer covered, in plain words, grouped by the provisions that covered them.
    pub lost: Vec<String>,
    /// What is still missing after the change.
    pub remaining: Vec<String>,
    /// Addresses of the provisions responsible for the cells gained or lost.
    pub responsible: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BillView {
    pub title: String,
    /// The bill file, relative to the workspace.
    pub file: String,
    /// `draft`, `adopted`, …, as the bill says.
    pub status: Option<String>,
    pub effective: Option<String>,
    /// The bill's `note` lines.
    pub notes: Vec<String>,
}

/// The amendment review: text in force against the proposed (or later) text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AmendmentReport {
    pub meta: Meta,
    pub jurisdiction: JurisdictionView,
    /// The text in force: a date.
    pub from: String,
    /// The proposed text: a later date, or the bill's effective date if it has one.
    pub to: String,
    pub bill: Option<BillView>,
    pub before: Tally,
    pub after: Tally,
    /// Obligations whose status or cell count changes, in instrument order.
    pub changes: Vec<ObligationDelta>,
    /// How many obligations keep the same status and cells.
    pub unchanged: u32,
    pub rows: Vec<SynopticRow>,
    /// The lines of the acts on either side that a syntax error kept out of the analysis
    /// (each once; the act's address says which version it is in).
    pub unread: Vec<UnreadLine>,
}

/// One cell of the regional matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatrixCell {
    pub obligation: String,
    pub status: Status,
    /// The status lexgap computed (differs from `status` when an expert assessed it).
    pub computed: Status,
    /// True when an expert assessment decided the status.
    pub assessed: bool,
    pub cells_covered: u32,
    /// Cells covered only by an interpretation of the law.
    pub cells_interpreted: u32,
    pub cells_total: u32,
    /// Addresses of the covering provisions (for the CSV form).
    pub provisions: Vec<String>,
    /// What is missing, in plain words (for the CSV form).
    pub missing: Vec<String>,
    pub recommendation: Option<String>,
    /// Why the obligation is not assessed (an act declared but not encoded for the date, values
    /// written `?`), when it is not.
    pub not_assessed: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatrixRow {
    pub jurisdiction: JurisdictionView,
    /// Link to this jurisdiction's gap report, relative to the regional report (set by the full
    /// report set; absent for a lone regional report).
    pub link: Option<String>,
    /// False when the corpus has no law for it at this date (the row shows that, not zeros).
    pub has_law: bool,
    pub cells: Vec<MatrixCell>,
    pub mandatory: Tally,
    /// The lines of its acts in force that a syntax error kept out of its analysis.
    pub unread: Vec<UnreadLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObligationHead {
    pub id: String,
    pub anchor: String,
    pub article: String,
    pub title: String,
    pub kind: Kind,
}

/// One line of the trend: a jurisdiction's KPI at each date of the series.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrendSeries {
    pub id: String,
    pub name: String,
    /// One per `Trend::dates` entry; `None` before the corpus has law for it.
    pub values: Vec<Option<u32>>,
    /// SVG drawing data, computed in Rust so templates need no arithmetic.
    pub points: String,
    /// A dash pattern, so lines differ in black and white too.
    pub dash: String,
    /// The line colour (CSS hex).
    pub colour: String,
    /// Marker positions (x, y) for each known value.
    pub markers: Vec<(u32, u32)>,
    /// Where the label at the line's end goes.
    pub label_x: u32,
    pub label_y: u32,
}

/// Roadmap KPI 1 — share of mandatory obligations fully met — over the version dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trend {
    pub dates: Vec<String>,
    pub series: Vec<TrendSeries>,
    /// The regional mean at each date, over the jurisdictions that have law then.
    pub mean: Vec<Option<u32>>,
    /// The mean drawn as a line (its `name` is empty: the template labels it).
    pub mean_line: TrendSeries,
    pub chart: ChartFrame,
}

/// Fixed geometry of the trend chart: the template draws axes and ticks from these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChartFrame {
    pub width: u32,
    pub height: u32,
    pub left: u32,
    pub right: u32,
    pub top: u32,
    pub bottom: u32,
    /// (y position, label) for 0, 25, 50, 75, 100 %.
    pub y_ticks: Vec<(u32, String)>,
    /// (x position, label, SVG text-anchor) per labelled date.
    pub x_ticks: Vec<(u32, String, String)>,
}

/// The regional comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegionalReport {
    pub meta: Meta,
    pub at: String,
    pub obligations: Vec<ObligationHead>,
    pub rows: Vec<MatrixRow>,
    pub trend: Trend,
    /// Links to the other reports of a full report set (empty for a lone regional report).
    pub links: ReportLinks,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportLinks {
    /// One gap report per jurisdiction.
    pub gap: Vec<Link>,
    /// One amendment review per bill (or pair of versions).
    pub amendment: Vec<Link>,
    /// The index of the same set for each other instrument the jurisdictions list (issue 18):
    /// `index.tip`, labelled with the instrument's title.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<Link>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// Any of the three reports, for code that handles them alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Report {
    Gap(Box<GapReport>),
    Amendment(Box<AmendmentReport>),
    Regional(Box<RegionalReport>),
    Comparative(Box<super::comparative::ComparativeReport>),
}

impl Report {
    pub fn meta(&self) -> &Meta {
        match self {
            Report::Gap(r) => &r.meta,
            Report::Amendment(r) => &r.meta,
            Report::Regional(r) => &r.meta,
            Report::Comparative(r) => &r.meta,
        }
    }

    /// The template folder: `gap`, `amendment`, `regional`.
    pub fn kind(&self) -> &'static str {
        match self {
            Report::Gap(_) => "gap",
            Report::Amendment(_) => "amendment",
            Report::Regional(_) => "regional",
            Report::Comparative(_) => "comparative",
        }
    }
}

/// The first `max` characters of `text`, cut at the last space before that, with "…"; and
/// whether it was cut. Shown in table cells, where a whole article would swamp the row.
pub fn excerpt(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        return (text.to_string(), false);
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = text.get(..cut).unwrap_or(text);
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if i > cut / 2 => head.get(..i).unwrap_or(head),
        _ => head,
    };
    (format!("{}\u{2026}", head.trim_end()), true)
}

/// A fragment id safe in HTML, URLs and Markdown: ASCII letters, digits, `-` and `.` kept,
/// anything else `-` (an `_` would need escaping in Markdown). Deterministic, so links between
/// reports stay stable.
pub fn anchor(prefix: &str, s: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + s.len());
    out.push_str(prefix);
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '.') {
            out.push(c);
        } else {
            out.push('-');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(1, 8), Some(13));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("short", 10), ("short".to_string(), false));
        assert_eq!(
            excerpt("one two three four", 10),
            ("one two\u{2026}".to_string(), true)
        );
        assert_eq!(
            excerpt("ŠŠŠŠŠŠŠŠŠŠŠŠ", 4),
            ("ŠŠŠŠ\u{2026}".to_string(), true)
        );
    }

    #[test]
    fn anchors_are_url_safe() {
        assert_eq!(
            anchor("p-", "ME/criminal-code@2023-12-19/art-403"),
            "p-ME-criminal-code-2023-12-19-art-403"
        );
    }
}
