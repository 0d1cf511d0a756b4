//! The instrument: its vocabulary (facets and their values) and its obligations, typed and
//! validated. Loaded from `protocol/*.yaml` by [`super::load_instrument`].
//!
//! Everything an expert writes in a `.law` tag line is checked against this vocabulary, and
//! every obligation's requirement is expressed in it, which is what lets coverage be computed
//! element by element.

use std::collections::{BTreeMap, BTreeSet};

use crate::date::Date;
use crate::source::FileId;
use crate::syntax::Span;
use crate::syntax::ast::Duration;

/// A treaty file's header (`instrument:`): the Protocol, or the Convention.
#[derive(Clone, Debug, serde::Serialize)]
pub struct InstrumentInfo {
    pub id: String,
    pub title: String,
    pub short: String,
    pub adopted: Option<Date>,
    pub in_force: Option<Date>,
    pub note: Option<String>,
    /// The convention this protocol supplements (`untoc`), whose obligations are analysed once
    /// for it (docs/protocol.md, *Instruments*).
    #[serde(skip)]
    pub supplements: Option<String>,
    /// The obligations establishing "the offences established in accordance with this
    /// Protocol" (Protocol Art 1(3)): what a supplemented convention's `protocol-offences` means.
    #[serde(skip)]
    pub offences: Vec<String>,
    /// The obligation that is the instrument's trafficking offence (`FP-5.1.b`), for reports
    /// that compare instruments.
    #[serde(skip)]
    pub trafficking_offence: Option<String>,
    /// What one of its offences is called in a supplemented convention's words
    /// (`{offence}`): "firearms offence".
    #[serde(skip)]
    pub offence_noun: Option<String>,
    #[serde(skip)]
    pub file: FileId,
}

/// What a facet is for, which decides how coverage reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FacetRole {
    /// An element an offence or measure must reach (conduct, object, circumstance, mental).
    Element,
    /// Narrowing elements (`requires`): demanding one the obligation does not contain makes
    /// coverage partial.
    Narrowing,
    /// Kinds of general-part rule (`rule KIND`), also the values of `expressly`.
    RuleKind,
    /// What a rule `covers` (forms of participation, grounds of jurisdiction …).
    RuleScope,
    /// Kinds of regulatory measure (`measure KIND`).
    MeasureKind,
}

/// The kinds of block a tag line can stand in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Block {
    Offence,
    Measure,
}

impl Block {
    pub fn keyword(self) -> &'static str {
        match self {
            Block::Offence => "offence",
            Block::Measure => "measure",
        }
    }
}

/// What a provision that says nothing about an element facet reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WhenAbsent {
    /// Not limited: an offence naming no circumstance reaches every circumstance.
    Anything,
    /// Nothing: an offence must name the conduct it punishes.
    Nothing,
}

/// How far a provision's value meets a value a cell asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Meet {
    /// Only in part (a `partly-met-by` relation): coverage through it is partial.
    Partly,
    /// Only by an interpretation (the instrument's `met-by-interpretation`, or a jurisdiction's
    /// `reads … as including …`): covered, but not expressly.
    Interpreted,
    Fully,
}

/// A reading by which one value reaches another although the words do not say so: "contrary
/// to the law on weapons" read as covering unlicensed conduct; a code's "production" read as
/// including assembly.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Interpretation {
    /// The value the law states (`contrary-to-law`).
    pub reads: String,
    /// The value it is read as reaching (`without-licence`).
    pub as_including: String,
    /// Why, in words (the instrument's reason; for a jurisdiction's reading, its source).
    pub reason: String,
    /// Where the reading comes from: a definition article, a commentary, a court decision, the
    /// legislative guide.
    pub source: Option<String>,
    /// The address of the unit that records the reading; `None` for the instrument's own.
    pub recorded_at: Option<String>,
}

/// One value of a facet, with the relations the YAML gives it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FacetValue {
    pub id: String,
    pub label: String,
    pub explanation: String,
    /// Values of other facets this one entails (`import` implies `requires: cross-border`).
    pub implies: BTreeMap<String, Vec<String>>,
    /// Narrower values of the same facet this one reaches (`goods` includes `firearm`).
    pub includes: Vec<String>,
    /// Values of the same facet that fully meet a cell asking for this one.
    pub met_by: Vec<String>,
    /// Values of the same facet that meet a cell asking for this one only in part.
    pub partly_met_by: Vec<String>,
    /// Narrower values this one reaches only by an interpretation, each with its reason.
    pub includes_by_interpretation: Vec<Interpretation>,
    /// Values that meet a cell asking for this one only by an interpretation.
    pub met_by_interpretation: Vec<Interpretation>,
    /// Values of the same facet no case can have together with this one ("for the purpose of
    /// trafficking" excludes "for personal consumption"): an offence demanding this value
    /// cannot reach a cell that contains an excluded one. Read both ways.
    pub excludes: Vec<String>,
    /// For rule kinds: the facet its `covers` list draws from.
    pub covers: Option<String>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

/// A controlled vocabulary: conduct, object, circumstance, mental element, …
#[derive(Clone, Debug, serde::Serialize)]
pub struct Facet {
    pub id: String,
    pub label: String,
    pub explanation: String,
    pub role: FacetRole,
    /// The blocks in which `FACET v, …` tag lines may stand (element and narrowing facets).
    pub used_in: BTreeSet<Block>,
    pub when_absent: WhenAbsent,
    pub values: Vec<FacetValue>,
    #[serde(skip)]
    pub(crate) value_index: BTreeMap<String, usize>,
    /// For each value a provision may state: the values a cell may ask for that it meets, and
    /// how far. The closure of `includes`, `met-by` and `partly-met-by`, reflexive.
    #[serde(skip)]
    pub(crate) meets: BTreeMap<String, BTreeMap<String, Meet>>,
    /// For a stated value and an asked value met only by interpretation: the interpretation
    /// (the first interpretive step on the way).
    #[serde(skip)]
    pub(crate) interpretations: BTreeMap<(String, String), Interpretation>,
    /// The same relation the other way: for each value a cell may ask for, the stated values
    /// that meet it, in value-id order (so a provision stating many values is checked by
    /// looking up these few, not by walking all it states).
    #[serde(skip)]
    pub(crate) met_by: BTreeMap<String, Vec<(String, Meet)>>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

impl Facet {
    pub fn value(&self, id: &str) -> Option<&FacetValue> {
        self.value_index.get(id).and_then(|&i| self.values.get(i))
    }

    /// Whether no case can have both values (an `excludes` relation, either way round).
    pub fn excludes(&self, a: &str, b: &str) -> bool {
        self.value(a)
            .is_some_and(|v| v.excludes.iter().any(|x| x == b))
            || self
                .value(b)
                .is_some_and(|v| v.excludes.iter().any(|x| x == a))
    }

    pub fn has_value(&self, id: &str) -> bool {
        self.value_index.contains_key(id)
    }

    pub fn value_ids(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|v| v.id.as_str())
    }

    /// The label of a value, or the id itself when the value is unknown.
    pub fn label_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.value(id).map_or(id, |v| v.label.as_str())
    }

    /// How far a provision stating `stated` meets a cell asking for `asked`.
    pub fn meets(&self, stated: &str, asked: &str) -> Option<Meet> {
        if stated == asked {
            return Some(Meet::Fully);
        }
        self.meets.get(stated).and_then(|m| m.get(asked)).copied()
    }

    /// The interpretation by which `stated` meets `asked`, where it meets it only so.
    pub fn interpretation(&self, stated: &str, asked: &str) -> Option<&Interpretation> {
        self.interpretations
            .get(&(stated.to_string(), asked.to_string()))
    }

    /// The stated values that meet a cell asking for `asked`, in id order, with how far;
    /// `None` when `asked` is not a value of the facet.
    pub fn met_by_asked(&self, asked: &str) -> Option<&[(String, Meet)]> {
        self.met_by.get(asked).map(Vec::as_slice)
    }

    /// Every value a provision stating `stated` meets, with how far (including itself).
    pub fn met_by_stated<'a>(&'a self, stated: &'a str) -> Vec<(&'a str, Meet)> {
        match self.meets.get(stated) {
            Some(m) => m.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
            None => vec![(stated, Meet::Fully)],
        }
    }

    /// Position of a value in the facet's list, for ordering.
    pub fn position(&self, id: &str) -> usize {
        self.value_index.get(id).copied().unwrap_or(usize::MAX)
    }
}

/// How binding an obligation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// "shall adopt", "shall establish".
    Mandatory,
    /// Mandatory but softened ("subject to the basic concepts of its legal system").
    MandatoryQualified,
    /// "shall consider", "shall endeavour": never a gap, only "not adopted".
    ShallConsider,
    /// "may": never a gap.
    Optional,
    /// A benchmark rather than a duty (UNTOC Art 2(b)): a shortfall is a risk, not a gap.
    Advisory,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 5] = [
        ("mandatory", Kind::Mandatory),
        ("mandatory-qualified", Kind::MandatoryQualified),
        ("shall-consider", Kind::ShallConsider),
        ("optional", Kind::Optional),
        ("advisory", Kind::Advisory),
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Mandatory => "mandatory",
            Kind::MandatoryQualified => "mandatory-qualified",
            Kind::ShallConsider => "shall-consider",
            Kind::Optional => "optional",
            Kind::Advisory => "advisory",
        }
    }

    /// Whether a shortfall is a gap (a failure to meet a duty). Obligations to consider,
    /// options and benchmarks are never gaps.
    pub fn can_be_gap(self) -> bool {
        matches!(self, Kind::Mandatory | Kind::MandatoryQualified)
    }
}

/// Which body of law an obligation falls in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    Criminal,
    Procedural,
    Regulatory,
    Cooperation,
}

impl Domain {
    pub const ALL: [(&'static str, Domain); 4] = [
        ("criminal", Domain::Criminal),
        ("procedural", Domain::Procedural),
        ("regulatory", Domain::Regulatory),
        ("cooperation", Domain::Cooperation),
    ];

    pub fn id(self) -> &'static str {
        match self {
            Domain::Criminal => "criminal",
            Domain::Procedural => "procedural",
            Domain::Regulatory => "regulatory",
            Domain::Cooperation => "cooperation",
        }
    }
}

/// Whether a statement in the model was checked against the treaty text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    Verified,
    Unverified,
}

impl Verification {
    pub fn id(self) -> &'static str {
        match self {
            Verification::Verified => "verified",
            Verification::Unverified => "unverified",
        }
    }
}

/// A pointer to UNODC guidance (Legislative Guide, Model Law).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Reference {
    pub source: String,
    pub place: String,
    pub verification: Verification,
}

/// Facet value lists, in the facet order of the vocabulary: `[(conduct, [manufacture, assemble]),
/// (object, [firearm])]`.
pub type Axes = Vec<(String, Vec<String>)>;

/// One part of a requirement; the obligation's cells are the union of its parts' cells.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Part {
    /// A short id shown with the cells (`i`, `ii`, `attempt`).
    pub id: Option<String>,
    pub label: Option<String>,
    pub test: Test,
}

/// What a part asks of the law.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum Test {
    /// One offence (or measure) in force must reach every value of a cell. Cells are the product
    /// of `axes`; `fixed` values belong to every cell without multiplying them.
    Provisions {
        block: Block,
        axes: Axes,
        fixed: Axes,
        max_prison_at_least: Option<Duration>,
        retention_at_least: Option<Duration>,
    },
    /// A general-part rule of `kind` must exist (covering each of `covers`) and, when `of` is
    /// given, apply to the offences that cover those obligations.
    Rule {
        kind: String,
        covers: Vec<String>,
        of: Vec<String>,
        /// The narrowing elements the obligation itself contains (its `fixed` values of the
        /// narrowing facet): a rule that applies only where the case has one of them
        /// (`when requires organised-group`) is not narrowed by it.
        contains: Axes,
    },
    /// A test on the offences that cover other obligations (penalty level, no extra elements).
    OffencesOf {
        of: Vec<String>,
        max_prison_at_least: Option<Duration>,
        custodial: bool,
        without: Vec<String>,
    },
}

/// When an obligation does not apply at all.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotApplicableWhen {
    /// When some offence in force reaches these values (FP Art 9: the law treats deactivated
    /// weapons as firearms).
    OffenceReaches(Axes),
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Requirement {
    pub parts: Vec<Part>,
    pub not_applicable_when: Option<NotApplicableWhen>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Obligation {
    pub id: String,
    /// The instrument the obligation comes from (`firearms-protocol`, `untoc`).
    pub instrument: String,
    pub article: String,
    pub title: String,
    pub kind: Kind,
    pub qualifier: Option<String>,
    pub domain: Domain,
    pub summary: String,
    pub requirement: Requirement,
    pub verification: Verification,
    pub verification_note: Option<String>,
    /// How lexgap tests the obligation, where that involves a choice of ours.
    pub method: Option<String>,
    pub references: Vec<Reference>,
    pub recommendation: String,
    /// The kinds of act where provisions meeting the obligation normally live (`weapons-law`,
    /// `criminal-procedure-code`). When the jurisdiction has none of them encoded and nothing
    /// covers the obligation, its status is "not assessed" rather than "not met". Empty: the
    /// obligation is always assessed.
    pub looks_in: Vec<String>,
    /// Model provisions that would meet the obligation, in lexgap's own words (`lexgap draft`
    /// builds its bills from them). Empty where the model has none.
    pub model_provisions: Vec<ModelProvision>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

/// How a model provision meets its obligation: the options where legal systems differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProvisionOption {
    /// A new offence of its own (an inserted article or paragraph).
    SeparateOffence,
    /// Conduct, objects or circumstances added to an offence the code already has, or a
    /// narrowing element taken out of it.
    ExtendExisting,
    /// A general-part rule (attempt, complicity, confiscation, legal persons …), or an offence
    /// added to the closed list of one.
    GeneralPart,
    /// A penalty raised to a threshold (serious crime, attempt).
    Penalty,
}

impl ProvisionOption {
    pub const ALL: [(&'static str, ProvisionOption); 4] = [
        ("separate-offence", ProvisionOption::SeparateOffence),
        ("extend-existing", ProvisionOption::ExtendExisting),
        ("general-part", ProvisionOption::GeneralPart),
        ("penalty", ProvisionOption::Penalty),
    ];

    pub fn id(self) -> &'static str {
        match self {
            ProvisionOption::SeparateOffence => "separate-offence",
            ProvisionOption::ExtendExisting => "extend-existing",
            ProvisionOption::GeneralPart => "general-part",
            ProvisionOption::Penalty => "penalty",
        }
    }
}

/// A model provision: what a unit of a `.law` file meeting the obligation would hold — its
/// text in our own words, its offence tags or its general-part rule, the penalty level it needs
/// and the general-part consequences that must reach it — with the structure it follows.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ModelProvision {
    /// Unique within the obligation (`separate-offence`, `extend-existing` …).
    pub id: String,
    pub option: ProvisionOption,
    /// The title an inserted article would carry.
    pub title: Option<String>,
    /// The provision in our own words (never an official text, never a translation).
    pub text: String,
    /// The offence's tags, facet by facet, for the options that make or extend an offence.
    pub offence: Axes,
    /// The general-part rule, for the `general-part` option: its kind and what it covers.
    pub rule: Option<(String, Vec<String>)>,
    /// The least maximum imprisonment the provision needs (UNTOC Art 2(b): 4 years).
    pub max_prison_at_least: Option<Duration>,
    /// For `extend-existing`: the provision's text tells drafters to take a narrowing qualifier
    /// out of the existing offence (TIP Art 5 with 3(a): "take out any qualifier that narrows one
    /// of those forms"). Without it a draft keeps a line's own qualifier and adds a parallel
    /// offence: taking a purpose out of a money-laundering offence, say, would punish more than
    /// the instrument asks, where the fix is to add the purpose it leaves out.
    pub takes_out_qualifiers: bool,
    /// The general-part rules that must reach the offence (rule kinds).
    pub consequences: Vec<String>,
    /// What the provision's structure follows: the treaty article, the Model Law chapter.
    pub follows: Vec<Reference>,
    pub verification: Verification,
    pub verification_note: Option<String>,
}

/// One element of a requirement's product: a value for each axis, in axis order. The axis is a
/// facet id, or [`OF_AXIS`] for the obligation whose offences a derived test looks at.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Cell {
    /// Index of the part in the requirement.
    pub part: usize,
    pub values: Vec<(String, String)>,
}

/// The axis name used for "the offences established under obligation X".
pub const OF_AXIS: &str = "of";

impl Cell {
    pub fn value(&self, axis: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(a, _)| a == axis)
            .map(|(_, v)| v.as_str())
    }

    /// `manufacture × firearm × without-licence`.
    pub fn key(&self) -> String {
        self.values
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" × ")
    }
}

/// The most cells one obligation may have (its requirement's cells plus those its
/// `not-applicable-when` test walks). A requirement is the product of value lists, so a short
/// hostile or mistaken instrument could otherwise ask for billions of cells and exhaust memory;
/// real obligations have a few dozen.
pub const MAX_CELLS_PER_OBLIGATION: usize = 10_000;
/// The most cells all obligations of an instrument may have together.
pub const MAX_CELLS_TOTAL: usize = 100_000;

impl Obligation {
    /// How many cells [`Obligation::cells`] would make (with those of the not-applicable test),
    /// without making them; `None` when the count does not even fit in a `usize`.
    pub fn cell_count(&self) -> Option<usize> {
        let count = |axes: &Axes| {
            axes.iter()
                .try_fold(1usize, |n, (_, values)| n.checked_mul(values.len()))
        };
        let mut total = match &self.requirement.not_applicable_when {
            Some(NotApplicableWhen::OffenceReaches(axes)) => count(axes)?,
            None => 0,
        };
        for part in &self.requirement.parts {
            total = total.checked_add(count(&part.test.axes())?)?;
        }
        Some(total)
    }

    /// Every cell of the requirement, part by part, each part's product in axis order.
    pub fn cells(&self) -> Vec<Cell> {
        let mut out = Vec::new();
        for (i, part) in self.requirement.parts.iter().enumerate() {
            let axes = part.test.axes();
            for values in product(&axes) {
                out.push(Cell { part: i, values });
            }
        }
        out
    }

    pub fn part(&self, cell: &Cell) -> Option<&Part> {
        self.requirement.parts.get(cell.part)
    }

    /// The obligations whose offences this one looks at (`of`).
    pub fn depends_on(&self) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        for p in &self.requirement.parts {
            match &p.test {
                Test::Rule { of, .. } | Test::OffencesOf { of, .. } => {
                    out.extend(of.iter().map(String::as_str))
                }
                Test::Provisions { .. } => {}
            }
        }
        out
    }
}

impl Test {
    /// The axes whose product gives this part's cells.
    pub fn axes(&self) -> Axes {
        match self {
            Test::Provisions { axes, .. } => axes.clone(),
            Test::Rule { covers, of, .. } => {
                let mut axes = Vec::new();
                if !of.is_empty() {
                    axes.push((OF_AXIS.to_string(), of.clone()));
                }
                if !covers.is_empty() {
                    axes.push(("covers".to_string(), covers.clone()));
                }
                if axes.is_empty() {
                    // A rule that must merely exist: one cell.
                    axes.push((
                        "rule".to_string(),
                        vec![self.rule_kind().unwrap_or_default().to_string()],
                    ));
                }
                axes
            }
            Test::OffencesOf { of, .. } => vec![(OF_AXIS.to_string(), of.clone())],
        }
    }

    pub fn rule_kind(&self) -> Option<&str> {
        match self {
            Test::Rule { kind, .. } => Some(kind),
            _ => None,
        }
    }
}

/// The cartesian product of the axes' value lists, in order (the last axis varies fastest).
/// An axis with no values gives no cells.
pub fn product(axes: &Axes) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (axis, values) in axes {
        let mut next = Vec::with_capacity(out.len() * values.len());
        for prefix in &out {
            for v in values {
                let mut cell = prefix.clone();
                cell.push((axis.clone(), v.clone()));
                next.push(cell);
            }
        }
        out = next;
    }
    out
}

/// The instrument as one analysis set: the Protocol with the Convention provisions that apply
/// to it. Facets and obligations keep the order of the files.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Instrument {
    pub parts: Vec<InstrumentInfo>,
    pub facets: Vec<Facet>,
    pub obligations: Vec<Obligation>,
    /// What `lexgap report comparative` compares (trafficking offences, `comparative:` blocks).
    #[serde(skip)]
    pub comparative: super::comparison::Comparative,
    #[serde(skip)]
    pub(crate) facet_index: BTreeMap<String, usize>,
    #[serde(skip)]
    pub(crate) obligation_index: BTreeMap<String, usize>,
    /// The language its strings are in, when not the English of the instrument files: set by
    /// [`super::translation::Translation::apply`] (docs/translation.md).
    #[serde(skip)]
    pub language: Option<std::sync::Arc<super::translation::Language>>,
    /// Every obligation of every file as written, with `protocol-offences` not yet replaced:
    /// what [`Instrument::analysis_set`] builds a set from.
    #[serde(skip)]
    pub(crate) templates: Vec<Obligation>,
    /// Whether this is one instrument's analysis set ([`Instrument::analysis_set`]) rather than
    /// every obligation of every file.
    #[serde(skip)]
    pub(crate) is_set: bool,
    /// Every instrument of the workspace (`parts` holds only the set's).
    #[serde(skip)]
    pub(crate) all_parts: Vec<InstrumentInfo>,
}

/// The name a supplemented convention's obligations use for "the offences established in
/// accordance with this Protocol" (Protocol Art 1(3)): in an `of` or `offences-of` list it stands
/// for the `offences:` of the protocol being analysed.
pub const PROTOCOL_OFFENCES: &str = "protocol-offences";

/// In a supplemented convention's words, the protocol's own name for one of its offences
/// (`offence-noun:` in the protocol's header): "each {offence}" reads "each firearms offence".
pub const OFFENCE_NOUN: &str = "{offence}";

/// What `{offence}` reads where no protocol is chosen, or the protocol names none.
pub const DEFAULT_OFFENCE_NOUN: &str = "offence of the protocol";

/// The id `firearms` is accepted for the Firearms Protocol (`firearms-protocol`).
const ALIASES: &[(&str, &str)] = &[("firearms", "firearms-protocol")];

impl Obligation {
    /// The obligation with `protocol-offences` in its `of` and `offences-of` lists replaced by
    /// `offences`.
    pub(crate) fn with_protocol_offences(&self, offences: &[String]) -> Obligation {
        let expand = |of: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for o in of {
                if o == PROTOCOL_OFFENCES {
                    for x in offences {
                        if !out.contains(x) {
                            out.push(x.clone());
                        }
                    }
                } else if !out.contains(o) {
                    out.push(o.clone());
                }
            }
            out
        };
        let mut ob = self.clone();
        for p in &mut ob.requirement.parts {
            match &mut p.test {
                Test::Rule { of, .. } | Test::OffencesOf { of, .. } => *of = expand(of),
                Test::Provisions { .. } => {}
            }
        }
        ob
    }

    /// The obligation with `{offence}` in its words (summary, recommendation, notes, model
    /// provisions) replaced by the protocol's `offence-noun` ("firearms offence").
    pub(crate) fn with_offence_noun(mut self, noun: &str) -> Obligation {
        let put = |t: &mut String| {
            if t.contains(OFFENCE_NOUN) {
                *t = t.replace(OFFENCE_NOUN, noun);
            }
        };
        put(&mut self.summary);
        put(&mut self.recommendation);
        put(&mut self.title);
        for t in [&mut self.method, &mut self.verification_note]
            .into_iter()
            .flatten()
        {
            put(t);
        }
        for m in &mut self.model_provisions {
            put(&mut m.text);
            if let Some(t) = &mut m.title {
                put(t);
            }
        }
        self
    }

    /// Whether the obligation names `protocol-offences`.
    pub fn names_protocol_offences(&self) -> bool {
        self.depends_on().contains(PROTOCOL_OFFENCES)
    }
}

impl Instrument {
    /// The instrument ids that are analysis sets: every instrument no other supplements (a
    /// protocol, with the convention it supplements; or a convention standing alone), in the
    /// order of the files.
    pub fn analysis_set_ids(&self) -> Vec<&str> {
        self.all_parts
            .iter()
            .filter(|p| {
                !self
                    .parts
                    .iter()
                    .any(|q| q.supplements.as_deref() == Some(p.id.as_str()))
            })
            .map(|p| p.id.as_str())
            .collect()
    }

    /// The instrument an id (or its alias) names.
    pub fn resolve_id<'a>(&'a self, id: &'a str) -> Option<&'a str> {
        if let Some(p) = self.all_parts.iter().find(|p| p.id == id) {
            return Some(p.id.as_str());
        }
        let (_, target) = ALIASES.iter().find(|(a, _)| *a == id)?;
        self.all_parts
            .iter()
            .find(|p| p.id == *target)
            .map(|p| p.id.as_str())
    }

    /// The analysis set of one instrument: its own obligations and, for a protocol, those of
    /// the convention it supplements, with `protocol-offences` read as the protocol's
    /// `offences:`. The vocabulary is the whole workspace's. `Err` says why `id` is not one
    /// (unknown; a convention analysed only with its protocols), with the ids that are.
    pub fn analysis_set(&self, id: &str) -> Result<Instrument, String> {
        let sets = self.analysis_set_ids();
        let listed = || {
            sets.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some(id) = self.resolve_id(id) else {
            let hint = crate::diagnostic::did_you_mean(id, sets.iter().copied())
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            return Err(format!(
                "there is no instrument `{id}`; {hint}the instruments are {}",
                listed()
            ));
        };
        let Some(info) = self.all_parts.iter().find(|p| p.id == id) else {
            return Err(format!("there is no instrument `{id}`"));
        };
        let by: Vec<&str> = self
            .parts
            .iter()
            .filter(|q| q.supplements.as_deref() == Some(id))
            .map(|q| q.id.as_str())
            .collect();
        if !by.is_empty() {
            return Err(format!(
                "`{id}` is analysed with the protocols it supplements ({}): choose one of them",
                by.iter()
                    .map(|s| format!("`--instrument {s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut members: Vec<&InstrumentInfo> = vec![info];
        if let Some(sup) = info.supplements.as_deref()
            && let Some(s) = self.all_parts.iter().find(|p| p.id == sup)
        {
            members.push(s);
        }
        let mut set = Instrument {
            parts: members.iter().map(|m| (*m).clone()).collect(),
            facets: self.facets.clone(),
            obligations: Vec::new(),
            facet_index: self.facet_index.clone(),
            obligation_index: BTreeMap::new(),
            language: self.language.clone(),
            templates: self.templates.clone(),
            is_set: true,
            comparative: self.comparative.clone(),
            all_parts: self.all_parts.clone(),
        };
        for o in &self.templates {
            if !members.iter().any(|m| m.id == o.instrument) {
                continue;
            }
            let noun = info.offence_noun.as_deref().unwrap_or(DEFAULT_OFFENCE_NOUN);
            let ob = o
                .with_protocol_offences(&info.offences)
                .with_offence_noun(noun);
            set.obligation_index
                .insert(ob.id.clone(), set.obligations.len());
            set.obligations.push(ob);
        }
        Ok(set)
    }

    /// Whether any instrument of the workspace has an obligation of this id (an assessment
    /// may name one of another set than the one measured).
    pub fn any_obligation(&self, id: &str) -> bool {
        self.templates.iter().any(|o| o.id == id)
    }

    /// The instrument whose file defines an obligation (any instrument of the workspace).
    pub fn instrument_of(&self, id: &str) -> Option<&str> {
        self.templates
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.instrument.as_str())
    }

    /// The instrument being measured: the first of `parts` (the protocol of an analysis set).
    pub fn measured(&self) -> Option<&InstrumentInfo> {
        self.parts.first().filter(|_| self.is_set)
    }

    /// "Firearms Protocol (firearms-protocol), with UNTOC": what an output measures.
    pub fn describe(&self) -> String {
        let mut it = self.parts.iter();
        let Some(first) = it.next() else {
            return "no instrument".to_string();
        };
        let rest: Vec<&str> = it.map(|p| p.short.as_str()).collect();
        if rest.is_empty() {
            format!("{} ({})", first.short, first.id)
        } else {
            format!("{} ({}), with {}", first.short, first.id, rest.join(", "))
        }
    }

    pub fn facet(&self, id: &str) -> Option<&Facet> {
        self.facet_index.get(id).and_then(|&i| self.facets.get(i))
    }

    pub fn obligation(&self, id: &str) -> Option<&Obligation> {
        self.obligation_index
            .get(id)
            .and_then(|&i| self.obligations.get(i))
    }

    pub fn obligation_ids(&self) -> impl Iterator<Item = &str> {
        self.obligations.iter().map(|o| o.id.as_str())
    }

    /// Position of a facet in the vocabulary, for ordering axes.
    pub fn facet_position(&self, id: &str) -> usize {
        self.facet_index.get(id).copied().unwrap_or(usize::MAX)
    }

    /// The facets whose values may be written as `FACET v, …` in a block.
    pub fn tag_facets(&self, block: Block) -> impl Iterator<Item = &Facet> {
        self.facets
            .iter()
            .filter(move |f| f.used_in.contains(&block))
    }

    /// The facet of a given role (the first, if several).
    pub fn facet_with_role(&self, role: FacetRole) -> Option<&Facet> {
        self.facets.iter().find(|f| f.role == role)
    }

    /// The facet a rule kind's `covers` list draws from.
    pub fn covers_facet(&self, rule_kind: &str) -> Option<&Facet> {
        let rules = self.facet_with_role(FacetRole::RuleKind)?;
        let facet = rules.value(rule_kind)?.covers.as_deref()?;
        self.facet(facet)
    }

    /// The facet an axis of a cell belongs to: itself, or the covers facet of the part's rule.
    pub fn axis_facet(&self, part: &Part, axis: &str) -> Option<&Facet> {
        match (&part.test, axis) {
            (Test::Rule { kind, .. }, "covers") => self.covers_facet(kind),
            (Test::Rule { .. }, "rule") => self.facet_with_role(FacetRole::RuleKind),
            _ => self.facet(axis),
        }
    }

    /// Human label of a value on an axis: the vocabulary label, or the obligation's id and title.
    pub fn axis_value_label(&self, part: &Part, axis: &str, value: &str) -> String {
        if axis == OF_AXIS {
            return match self.obligation(value) {
                Some(o) => format!("{} ({})", o.title.to_lowercase(), o.id),
                None => value.to_string(),
            };
        }
        match self.axis_facet(part, axis) {
            Some(f) => f.label_of(value).to_string(),
            None => value.to_string(),
        }
    }

    /// Values implied by a set of values (transitively), as `(facet, value)` pairs.
    pub fn implied(&self, values: &[(String, String)]) -> BTreeSet<(String, String)> {
        let mut out: BTreeSet<(String, String)> = values.iter().cloned().collect();
        let mut queue: Vec<(String, String)> = values.to_vec();
        while let Some((facet, value)) = queue.pop() {
            let Some(v) = self.facet(&facet).and_then(|f| f.value(&value)) else {
                continue;
            };
            for (f2, vs) in &v.implies {
                for v2 in vs {
                    let pair = (f2.clone(), v2.clone());
                    if out.insert(pair.clone()) {
                        queue.push(pair);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_multiplies_in_order() {
        let axes: Axes = vec![
            (
                "conduct".into(),
                vec!["manufacture".into(), "assemble".into()],
            ),
            (
                "object".into(),
                vec![
                    "firearm".into(),
                    "ammunition".into(),
                    "part-component".into(),
                ],
            ),
        ];
        let cells = product(&axes);
        assert_eq!(cells.len(), 6);
        assert_eq!(
            cells[0],
            vec![
                ("conduct".into(), "manufacture".into()),
                ("object".into(), "firearm".into())
            ]
        );
        assert_eq!(
            cells[5],
            vec![
                ("conduct".into(), "assemble".into()),
                ("object".into(), "part-component".into())
            ]
        );
    }

    #[test]
    fn empty_axis_gives_no_cells() {
        let axes: Axes = vec![("conduct".into(), vec![])];
        assert!(product(&axes).is_empty());
    }
}
