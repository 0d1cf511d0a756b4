//! The adapter: fills the view models from the model, coverage and amendment results.
//!
//! This is the only part of the report stage that knows the pipeline's internal types. When
//! they change, this file changes and the templates do not. It also decides what a reader sees
//! in place of an internal notion: an option not taken shows as "not adopted", not as a gap; a
//! unit address becomes "Criminal Code, Art. 348(1)" in the report's language.

use std::collections::{BTreeMap, BTreeSet};

use super::locale::Catalog;
use super::view::{self, *};
use crate::amend::compare::Comparison;
use crate::amend::delta::{CellChange, Effect, group_by_provisions};
use crate::amend::diff::{ActDiff, UnitChange};
use crate::amend::words::{Change, Piece};
use crate::coverage::{self, CellStatus, JurisdictionCoverage, ObligationCoverage};
use crate::date::Date;
use crate::model::Model;
use crate::model::instrument::{self, Obligation};
use crate::model::law::ActVersion;
use crate::syntax::ast::LawFile;
use crate::workspace::Loaded;

/// Cut provision texts in the assessment table at about this many characters.
const EXCERPT_CHARS: usize = 420;
/// List at most this many cells by name in a coverage change; the rest are counted.
const MAX_CELLS_LISTED: usize = 6;

/// Everything the adapter reads, and the report-wide settings.
pub struct Inputs<'a> {
    pub model: &'a Model,
    pub loaded: &'a Loaded,
    pub catalog: &'a Catalog,
    pub lexgap_version: String,
    /// `--date`, printed on the cover; no date otherwise.
    pub date: Option<String>,
    pub workspace: Option<String>,
    /// SHA-256 of every input file by path (computed by the CLI from the bytes it read).
    pub digests: BTreeMap<String, String>,
}

/// The adapter, with indexes built once.
pub struct Adapter<'a> {
    pub(crate) inp: &'a Inputs<'a>,
    /// `RS/criminal-code@2019-12-01` → the version.
    versions: BTreeMap<String, &'a ActVersion>,
    /// File → parsed law, for header facts (sources, titles in other languages).
    asts: BTreeMap<crate::source::FileId, &'a LawFile>,
    /// Jurisdiction → its names by language, from `codes/<J>/jurisdiction.yaml`.
    names: BTreeMap<String, BTreeMap<String, String>>,
    /// Per act version, unit address → index, built the first time a unit of that version is
    /// looked up: a report cites thousands of units, and a scan of the act for each was
    /// quadratic (issue 20, finding 5).
    unit_index: std::cell::RefCell<BTreeMap<String, std::collections::HashMap<&'a str, usize>>>,
}

/// The part of `jurisdiction.yaml` reports read: the names in several languages. (The model
/// keeps only the English one.)
#[derive(serde::Deserialize)]
struct NamesOnly {
    #[serde(default)]
    name: Option<NameField>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum NameField {
    One(String),
    Many(BTreeMap<String, String>),
}

fn jurisdiction_names(loaded: &Loaded) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for &id in &loaded.jurisdictions {
        let Some(f) = loaded.sources.get(id) else {
            continue;
        };
        let Some(j) = f.path.split('/').nth(1) else {
            continue;
        };
        let names = match serde_saphyr::from_str::<NamesOnly>(&f.text) {
            Ok(NamesOnly {
                name: Some(NameField::Many(m)),
            }) => m,
            Ok(NamesOnly {
                name: Some(NameField::One(n)),
            }) => BTreeMap::from([("en".to_string(), n)]),
            _ => BTreeMap::new(),
        };
        // A name over the limit is an error of `check` (E0601) and is not shown.
        let names = names
            .into_iter()
            .filter(|(_, n)| n.chars().count() <= crate::syntax::lint::MAX_TITLE)
            .collect();
        out.insert(j.to_string(), names);
    }
    out
}

impl<'a> Adapter<'a> {
    pub fn new(inp: &'a Inputs<'a>) -> Adapter<'a> {
        let versions = inp
            .model
            .corpus
            .versions
            .iter()
            .map(|v| (v.address(), v))
            .collect();
        let asts = inp.loaded.laws.iter().map(|l| (l.file, &l.ast)).collect();
        Adapter {
            inp,
            versions,
            asts,
            names: jurisdiction_names(inp.loaded),
            unit_index: std::cell::RefCell::new(BTreeMap::new()),
        }
    }

    pub(crate) fn t(&self, key: &'a str) -> &'a str {
        self.inp.catalog.get(key)
    }

    pub(crate) fn meta(&self, report: &str, files: &BTreeSet<String>) -> Meta {
        let first = self.inp.model.instrument.parts.first();
        Meta {
            report: report.to_string(),
            schema_version: SCHEMA_VERSION,
            lexgap_version: self.inp.lexgap_version.clone(),
            lang: self.inp.catalog.lang.clone(),
            date: self.inp.date.clone(),
            workspace: self.inp.workspace.clone(),
            instrument: InstrumentView {
                id: first.map(|p| p.id.clone()).unwrap_or_default(),
                title: first.map(|p| p.title.clone()).unwrap_or_default(),
                short: first.map(|p| p.short.clone()).unwrap_or_default(),
            },
            inputs: files
                .iter()
                .filter_map(|f| {
                    self.inp.digests.get(f).map(|h| InputDigest {
                        path: f.clone(),
                        sha256: h.clone(),
                    })
                })
                .collect(),
            translation: self.inp.model.instrument.language.as_deref().map(|l| {
                let n = l.note();
                TranslationView {
                    lang: n.lang,
                    translated: n.translated,
                    fallback: n.fallback,
                    marker: n.marker.to_string(),
                    reviewed_by_lawyer: n.reviewed_by_lawyer,
                    derived_from: n.derived_from,
                }
            }),
        }
    }

    /// The instrument files: every report rests on them; and the translation catalogs of the
    /// report's language (with `sr-Latn` for a derived `sr-Cyrl`), none in English.
    fn protocol_files(&self) -> BTreeSet<String> {
        let language = self.inp.model.instrument.language.as_deref();
        let used = |p: &str| {
            let Some(rest) = p.strip_prefix(crate::model::translation::TRANSLATIONS_DIR) else {
                return true;
            };
            let lang = rest.split('/').next().unwrap_or("");
            language.is_some_and(|l| l.lang == lang || l.derived_from.as_deref() == Some(lang))
        };
        self.inp
            .digests
            .keys()
            .filter(|p| p.starts_with("protocol/") && used(p))
            .cloned()
            .collect()
    }

    /// The files a jurisdiction's analysis at a date rests on: the instrument, the metadata and
    /// assessments of the jurisdiction and its ancestors, and the act versions in force.
    pub(crate) fn files_of(&self, jc: &JurisdictionCoverage) -> BTreeSet<String> {
        let mut files = self.protocol_files();
        for j in &jc.analysed_with {
            for name in ["jurisdiction.yaml", "assessments.yaml"] {
                let p = format!("codes/{j}/{name}");
                if self.inp.digests.contains_key(&p) {
                    files.insert(p);
                }
            }
        }
        for a in &jc.acts {
            if let Some(f) = self.inp.loaded.sources.get(a.file) {
                files.insert(f.path.clone());
            }
        }
        files
    }

    /// A jurisdiction's name in the report language: as its own file gives it in that
    /// language, else as the catalog does, else in English, else its id.
    pub fn jurisdiction(&self, id: &str) -> JurisdictionView {
        let own = self.names.get(id);
        let lang = self.inp.catalog.lang.as_str();
        let english = own.and_then(|n| n.get("en").cloned()).or_else(|| {
            self.inp
                .model
                .corpus
                .jurisdictions
                .get(id)
                .and_then(|j| j.name.clone())
        });
        let key = format!("jurisdiction-names.{id}");
        let name = own
            .and_then(|n| n.get(lang).cloned())
            .or_else(|| {
                // The catalog falls back to English itself; prefer the file's English name to
                // the English catalog's.
                (lang != "en" && !self.inp.catalog.missing.contains(&key))
                    .then(|| self.inp.catalog.lookup(&key).map(str::to_string))
                    .flatten()
            })
            .or_else(|| english.clone())
            .or_else(|| self.inp.catalog.lookup(&key).map(str::to_string))
            .unwrap_or_else(|| id.to_string());
        JurisdictionView {
            id: id.to_string(),
            name,
            name_en: english.unwrap_or_else(|| id.to_string()),
        }
    }

    /// "Criminal Code, Art. 348(1)(a)" for `RS/criminal-code@2019-12-01/art-348/para-1/pt-a`.
    pub fn unit_label(&self, address: &str) -> String {
        let (version, unit) = split_address(address);
        // A version the corpus does not have (the text a bill proposes) is named after the
        // act's other versions.
        let act_of = |v: &str| v.split('@').next().unwrap_or(v).to_string();
        let act = self
            .versions
            .get(version)
            .or_else(|| {
                self.versions
                    .iter()
                    .rev()
                    .find(|(k, _)| act_of(k) == act_of(version))
                    .map(|(_, v)| v)
            })
            .map(|v| self.act_title(v))
            .unwrap_or_else(|| version.to_string());
        if unit.is_empty() {
            return act;
        }
        format!("{act}, {}", self.unit_path_label(unit))
    }

    /// "Art. 348(1)(a)" for `art-348/para-1/pt-a`, in the report's language.
    pub fn unit_path_label(&self, unit: &str) -> String {
        let mut out = String::new();
        for seg in unit.split('/') {
            let (kind, n) = seg.split_once('-').unwrap_or(("", seg));
            let n = n.replace('.', "/");
            let pattern = match kind {
                "art" => self.t("unit.article"),
                "para" => self.t("unit.para"),
                "pt" => self.t("unit.point"),
                _ => "{n}",
            };
            if !out.is_empty() && kind == "art" {
                out.push(' ');
            }
            out.push_str(&pattern.replace("{n}", &n));
        }
        out
    }

    /// The act's title in the report language where its header gives one, else as written.
    /// Serbian has one spelling in each alphabet, so a title given in the other script is
    /// transliterated (a Serbian act has only its Cyrillic title; `sr-Latn` reads it in Latin
    /// letters). A report in Serbian also takes the official title of a Montenegrin, Bosnian or
    /// Croatian act (the act's name, in a language its reader reads) before the English one.
    fn act_title(&self, v: &ActVersion) -> String {
        match self.asts.get(&v.file) {
            Some(ast) => act_title_in(self.inp.catalog.lang.as_str(), &ast.header, &v.title),
            None => v.title.clone(),
        }
    }

    /// An act's gazette citations as the reader reads them: a Serbian act's Cyrillic
    /// (`Службени гласник РС`) in Latin letters in `sr-Latn`. Only the Cyrillic letters change:
    /// the English of a citation and its addresses stay as written.
    fn act_sources(&self, header: Option<&crate::syntax::ast::Header>) -> Vec<String> {
        let Some(h) = header else {
            return Vec::new();
        };
        let serbian_cyrillic = h.titles().any(|(l, _)| l.node == "sr-Cyrl");
        let latin = self.inp.catalog.lang == "sr-Latn" && serbian_cyrillic;
        h.sources()
            .map(|s| {
                if latin {
                    crate::model::translit::cyrl_to_latn(&s.node)
                } else {
                    s.node.clone()
                }
            })
            .collect()
    }

    /// The heading and text of a unit, where the corpus has them.
    fn unit_text(&self, address: &str) -> (Option<String>, Option<String>) {
        let (version, unit) = split_address(address);
        let Some(v) = self.versions.get(version) else {
            return (None, None);
        };
        let v: &'a ActVersion = v;
        let found = self
            .unit_index
            .borrow_mut()
            .entry(version.to_string())
            .or_insert_with(|| {
                let mut index = std::collections::HashMap::with_capacity(v.units.len());
                for (i, u) in v.units.iter().enumerate() {
                    index.entry(u.address.as_str()).or_insert(i);
                }
                index
            })
            .get(unit)
            .copied();
        match found {
            Some(i) => (
                v.title_of(i).map(str::to_string),
                v.text_of(i).map(str::to_string),
            ),
            None => (None, None),
        }
    }

    fn acts_view(&self, jc: &JurisdictionCoverage) -> Vec<ActView> {
        jc.acts
            .iter()
            .map(|a| {
                let header = self.asts.get(&a.file).map(|ast| &ast.header);
                let title = self
                    .versions
                    .get(&a.address)
                    .map(|v| self.act_title(v))
                    .unwrap_or_else(|| a.title.clone());
                ActView {
                    id: a.act.clone(),
                    title: if a.jurisdiction == jc.id {
                        title
                    } else {
                        format!("{title} ({})", self.jurisdiction(&a.jurisdiction).name)
                    },
                    version: a.version.to_string(),
                    sources: self.act_sources(header),
                    rendering: header
                        .and_then(|h| h.rendering())
                        .map(|r| match r.node {
                            crate::syntax::ast::Rendering::Official => "official",
                            crate::syntax::ast::Rendering::Unofficial => "unofficial",
                        })
                        .unwrap_or("unofficial")
                        .to_string(),
                    verified: header
                        .and_then(|h| h.verified())
                        .map(|v| match v.status.node {
                            crate::syntax::ast::Verification::Yes => "yes",
                            crate::syntax::ast::Verification::Partly => "partly",
                            crate::syntax::ast::Verification::No => "no",
                        })
                        .unwrap_or("no")
                        .to_string(),
                    notes: a.notes.clone(),
                    unread: a.unread.clone(),
                }
            })
            .collect()
    }

    /// The lines of `jc`'s acts that a syntax error kept out of its analysis.
    pub(crate) fn unread(jc: &JurisdictionCoverage) -> Vec<UnreadLine> {
        jc.acts
            .iter()
            .flat_map(|a| {
                a.unread.iter().map(|u| UnreadLine {
                    act: a.address.clone(),
                    line: u.clone(),
                })
            })
            .collect()
    }

    fn obligation_row(&self, o: &ObligationCoverage) -> ObligationRow {
        let inst = &self.inp.model.instrument;
        let model_o = inst.obligation(&o.id);
        let kind = kind(o.kind);
        let provisions = provisions_of(inst, o)
            .into_iter()
            .map(|(address, partly, narrowing, interpretations)| {
                let (_, text) = self.unit_text(&address);
                let (excerpt, truncated) = match &text {
                    Some(t) => {
                        let (e, cut) = view::excerpt(t, EXCERPT_CHARS);
                        (Some(e), cut)
                    }
                    None => (None, false),
                };
                ProvisionRef {
                    anchor: anchor("p-", &address),
                    label: self.unit_label(&address),
                    address,
                    text,
                    excerpt,
                    truncated,
                    partly,
                    narrowing,
                    interpretations,
                }
            })
            .collect();
        ObligationRow {
            id: o.id.clone(),
            anchor: anchor("o-", &o.id),
            article: o.article.clone(),
            title: o.title.clone(),
            kind,
            domain: o.domain.id().to_string(),
            requirement: model_o.map(|m| m.summary.clone()).unwrap_or_default(),
            computed: status(o.kind, o.computed_status),
            assessment: o.assessment.as_ref().map(|a| AssessmentView {
                status: status(o.kind, a.status),
                justification: a.justification.clone(),
                by: Some(format!("{}, {}", a.author, a.date)),
                stale: a.stale,
            }),
            status: status(o.kind, o.status),
            cells_covered: to_u32(o.cells.covered),
            cells_partly: to_u32(o.cells.partly),
            cells_interpreted: to_u32(o.cells.interpreted),
            cells_total: to_u32(o.cells.total),
            not_applicable: o.not_applicable.clone(),
            // Reports print it as a sentence after the catalog's own ("… not in the corpus.").
            not_assessed: o.not_assessed.as_deref().map(sentence),
            provisions,
            missing: o.missing.iter().map(|m| m.text.clone()).collect(),
            recommendation: o.recommendation.clone(),
            references: model_o
                .map(|m| references(m, self.t("gap.guidance-unverified")))
                .unwrap_or_default(),
            draft: Vec::new(),
            draft_text: None,
            draft_not_closed: None,
        }
    }

    /// The gap report with a draft bill read beside it (`report gap --draft FILE`): each
    /// obligation names the draft's operations that address it (`by_obligation`, from
    /// [`crate::draft::addressing`]) and the cells they close; an obligation the draft's
    /// header notes list as not closed (`not_closed`) says why; `file` is the bill as given.
    pub fn with_draft(
        &self,
        report: &mut GapReport,
        file: &str,
        by_obligation: &BTreeMap<String, Vec<crate::draft::Addressing>>,
        not_closed: &BTreeMap<String, String>,
    ) {
        let rule = self.t("lang.plural");
        report.draft = Some(file.to_string());
        for o in &mut report.obligations {
            let why = not_closed.get(&o.id).map(|r| {
                self.t("gap.draft-not-closed")
                    .replace("{reason}", r.trim_end_matches('.'))
            });
            let Some(ops) = by_obligation.get(&o.id) else {
                let said = match &why {
                    Some(w) => Some(w.clone()),
                    None => matches!(o.status, Status::Partial | Status::None)
                        .then(|| self.t("gap.draft-none").to_string()),
                };
                o.draft_not_closed = why;
                if let Some(said) = said {
                    o.draft_text = Some(format!(
                        "{}: {said}",
                        self.t("gap.draft").replace("{file}", file),
                    ));
                }
                continue;
            };
            o.draft_not_closed = why.clone();
            o.draft = ops
                .iter()
                .map(|a| view::DraftOperation {
                    operation: a.operation.clone(),
                    cells: a.cells.clone(),
                })
                .collect();
            let said: Vec<String> = o
                .draft
                .iter()
                .map(|d| format!("{} — {}", d.operation, self.draft_closes(d, rule)))
                .collect();
            let mut text = format!(
                "{}: {}",
                self.t("gap.draft").replace("{file}", file),
                said.join("; ")
            );
            if let Some(w) = &why {
                text.push_str(&format!("; {w}"));
            }
            o.draft_text = Some(text);
        }
    }

    /// What one operation closes, in words: "closes 2 elements: …", or that it is only named.
    fn draft_closes(&self, d: &view::DraftOperation, rule: &str) -> String {
        if d.cells.is_empty() {
            return self.t("gap.draft-names").to_string();
        }
        let n = i64::try_from(d.cells.len()).unwrap_or(i64::MAX);
        super::templates::plural_forms(self.t("gap.draft-closes"), "n", n, rule)
            .replace("{n}", &d.cells.len().to_string())
            .replace("{cells}", &d.cells.join("; "))
    }

    /// The gap report of one analysed jurisdiction.
    pub fn gap(&self, jc: &JurisdictionCoverage) -> GapReport {
        let obligations: Vec<ObligationRow> = jc
            .obligations
            .iter()
            .map(|o| self.obligation_row(o))
            .collect();
        let mut mandatory = Tally::default();
        let mut all = Tally::default();
        for o in &obligations {
            all.add(o.status);
            if o.kind.is_mandatory() {
                mandatory.add(o.status);
            }
        }
        // Not met before partly met; instrument order within each.
        let mut key_gaps: Vec<KeyGap> = Vec::new();
        for wanted in [Status::None, Status::Partial] {
            key_gaps.extend(
                obligations
                    .iter()
                    .filter(|o| o.kind.is_mandatory() && o.status == wanted)
                    .map(|o| KeyGap {
                        id: o.id.clone(),
                        anchor: o.anchor.clone(),
                        title: o.title.clone(),
                        status: o.status,
                        missing: o.missing.first().cloned().unwrap_or_default(),
                    }),
            );
        }
        let mut annex: Vec<AnnexEntry> = Vec::new();
        let mut seen = BTreeSet::new();
        for o in &obligations {
            for p in &o.provisions {
                if seen.insert(p.address.clone()) {
                    let (heading, text) = self.unit_text(&p.address);
                    annex.push(AnnexEntry {
                        address: p.address.clone(),
                        anchor: p.anchor.clone(),
                        label: p.label.clone(),
                        heading,
                        text,
                    });
                }
            }
        }
        // The definitions that leave out what a missing cell asks for, which the missing text
        // names: cited too, after the provisions.
        for o in &jc.obligations {
            for d in &o.definitions {
                if seen.insert(d.clone()) {
                    let (heading, text) = self.unit_text(d);
                    annex.push(AnnexEntry {
                        address: d.clone(),
                        anchor: anchor("p-", d),
                        label: self.unit_label(d),
                        heading,
                        text,
                    });
                }
            }
        }
        let cells = jc
            .obligations
            .iter()
            .flat_map(|o| {
                o.cell_results
                    .iter()
                    .map(|c| cell_row(&self.inp.model.instrument, &o.id, c))
            })
            .collect();
        GapReport {
            meta: self.meta("gap", &self.files_of(jc)),
            jurisdiction: self.jurisdiction(&jc.id),
            at: jc.at.to_string(),
            acts: self.acts_view(jc),
            own_law: jc.acts.iter().any(|a| a.jurisdiction == jc.id),
            analysed_with: jc
                .analysed_with
                .iter()
                .filter(|j| **j != jc.id)
                .map(|j| self.jurisdiction(j).name)
                .collect(),
            unread: Self::unread(jc),
            mandatory,
            all,
            key_gaps,
            obligations,
            annex,
            cells,
            draft: None,
        }
    }

    /// The regional comparison at `at`, with the KPI trend over `dates`. `rows` are the
    /// jurisdictions in order with their analysis (None: no law of their own in the corpus).
    pub fn regional(
        &self,
        at: Date,
        rows: &[(String, Option<JurisdictionCoverage>)],
        trend_dates: &[Date],
        trend_values: Vec<(String, Vec<Option<u32>>)>,
        gap_links: &BTreeMap<String, String>,
        amendment_links: Vec<Link>,
    ) -> RegionalReport {
        let inst = &self.inp.model.instrument;
        let obligations: Vec<ObligationHead> = inst
            .obligations
            .iter()
            .map(|o| ObligationHead {
                id: o.id.clone(),
                anchor: anchor("o-", &o.id),
                article: o.article.clone(),
                title: o.title.clone(),
                kind: kind(o.kind),
            })
            .collect();
        let matrix = rows
            .iter()
            .map(|(id, jc)| {
                let mut mandatory = Tally::default();
                let cells = obligations
                    .iter()
                    .map(|h| {
                        let oc = jc
                            .as_ref()
                            .and_then(|jc| jc.obligations.iter().find(|o| o.id == h.id));
                        let cell = match oc {
                            Some(o) => MatrixCell {
                                obligation: h.id.clone(),
                                status: status(o.kind, o.status),
                                computed: status(o.kind, o.computed_status),
                                assessed: o.assessment.is_some(),
                                cells_covered: to_u32(o.cells.covered),
                                cells_interpreted: to_u32(o.cells.interpreted),
                                cells_total: to_u32(o.cells.total),
                                provisions: o.provisions.clone(),
                                missing: o.missing.iter().map(|m| m.text.clone()).collect(),
                                recommendation: o.recommendation.clone(),
                                not_assessed: o.not_assessed.clone(),
                            },
                            None => MatrixCell {
                                obligation: h.id.clone(),
                                status: Status::None,
                                computed: Status::None,
                                assessed: false,
                                cells_covered: 0,
                                cells_interpreted: 0,
                                cells_total: 0,
                                provisions: Vec::new(),
                                missing: Vec::new(),
                                recommendation: None,
                                not_assessed: None,
                            },
                        };
                        if jc.is_some() && h.kind.is_mandatory() {
                            mandatory.add(cell.status);
                        }
                        cell
                    })
                    .collect();
                MatrixRow {
                    jurisdiction: self.jurisdiction(id),
                    link: gap_links.get(id).cloned(),
                    has_law: jc.is_some(),
                    cells,
                    mandatory,
                    unread: jc.as_ref().map(Self::unread).unwrap_or_default(),
                }
            })
            .collect();
        let series = trend_values
            .into_iter()
            .map(|(id, values)| (id.clone(), self.jurisdiction(&id).name, values))
            .collect();
        let links = ReportLinks {
            gap: gap_links
                .iter()
                .map(|(id, href)| Link {
                    href: href.clone(),
                    label: self.jurisdiction(id).name,
                })
                .collect(),
            amendment: amendment_links,
            instruments: Vec::new(),
        };
        let all_files: BTreeSet<String> = self.inp.digests.keys().cloned().collect();
        RegionalReport {
            meta: self.meta("regional", &all_files),
            at: at.to_string(),
            obligations,
            rows: matrix,
            trend: super::chart::trend(trend_dates, series),
            links,
        }
    }

    /// The amendment review: `before` and `after` are the analyses of the text in force and of
    /// the proposed (or later) text; `diffs` the act comparisons.
    pub fn amendment(
        &self,
        before: &JurisdictionCoverage,
        after: &JurisdictionCoverage,
        comparison: &Comparison,
        bill: Option<BillView>,
        extra_files: &[String],
    ) -> AmendmentReport {
        // The delta is amend's: computed coverage on both sides, without expert assessments
        // (an assessment judges the law it was made on, not the text a bill proposes).
        let mut changes = Vec::new();
        let deltas = comparison
            .coverage
            .as_ref()
            .map_or(&[][..], |c| c.obligations.as_slice());
        for d in deltas {
            let (sb, sa) = (status(d.kind, d.before), status(d.kind, d.after));
            let rank = |c: &coverage::CellCounts| (c.covered, c.partly);
            let direction = match d.effect {
                Effect::Closes => "closed",
                Effect::Opens => "opened",
                // Cells both gained and lost is neither better nor worse: the reader must look.
                Effect::Leaves | Effect::None if !d.gained.is_empty() && !d.lost.is_empty() => {
                    "mixed"
                }
                Effect::Leaves | Effect::None => {
                    if d.lost.is_empty() && rank(&d.cells_after) >= rank(&d.cells_before) {
                        "improved"
                    } else {
                        "worsened"
                    }
                }
            };
            let o = after.obligations.iter().find(|o| o.id == d.id);
            changes.push(ObligationDelta {
                id: d.id.clone(),
                anchor: anchor("o-", &d.id),
                article: o.map(|o| o.article.clone()).unwrap_or_default(),
                title: d.title.clone(),
                kind: kind(d.kind),
                before: sb,
                after: sa,
                cells_before: to_u32(d.cells_before.covered),
                cells_after: to_u32(d.cells_after.covered),
                cells_total: to_u32(d.cells_after.total),
                direction: direction.to_string(),
                gained: self.cell_changes(&d.gained),
                lost: self.cell_changes(&d.lost),
                remaining: o
                    .map(|o| o.missing.iter().map(|m| m.text.clone()).collect())
                    .unwrap_or_default(),
                responsible: d
                    .gained
                    .iter()
                    .chain(&d.lost)
                    .flat_map(|c| c.provisions.iter().cloned())
                    .collect::<BTreeSet<String>>()
                    .into_iter()
                    .collect(),
            });
        }
        let unchanged = to_u32(after.obligations.len().saturating_sub(changes.len()));
        let diffs = &comparison.acts;
        let tally = |jc: &JurisdictionCoverage| -> Tally {
            let mut t = Tally::default();
            for o in jc.obligations.iter().filter(|o| o.kind.can_be_gap()) {
                t.add(status(o.kind, o.computed_status));
            }
            t
        };
        let rows = diffs
            .iter()
            .flat_map(|d| {
                d.units
                    .iter()
                    .filter(|u| u.content_changed || u.change != UnitChange::Changed)
                    .map(|u| self.synoptic_row(d, u, before, after, &changes))
            })
            .collect();
        let mut files = self.files_of(before);
        files.extend(self.files_of(after));
        files.extend(extra_files.iter().cloned());
        AmendmentReport {
            meta: self.meta("amendment", &files),
            jurisdiction: self.jurisdiction(&after.id),
            from: comparison.from.unwrap_or(before.at).to_string(),
            to: comparison.to.unwrap_or(after.at).to_string(),
            bill,
            before: tally(before),
            after: tally(after),
            changes,
            unchanged,
            rows,
            unread: {
                let mut lines = Self::unread(before);
                for u in Self::unread(after) {
                    if !lines.contains(&u) {
                        lines.push(u);
                    }
                }
                lines
            },
        }
    }

    /// Cells gained or lost, in words, grouped by the provisions responsible: "assembly ×
    /// firearms × without a licence; … (Criminal Code, Art. 348(1))". At most
    /// [`MAX_CELLS_LISTED`] cells per group, then a count.
    fn cell_changes(&self, cells: &[CellChange]) -> Vec<String> {
        let inst = &self.inp.model.instrument;
        group_by_provisions(cells)
            .into_iter()
            .map(|(_, group)| {
                let mut words: Vec<String> = group
                    .iter()
                    .take(MAX_CELLS_LISTED)
                    .map(|c| {
                        let cell = c
                            .cell
                            .split(" × ")
                            .map(|v| value_label(inst, v))
                            .collect::<Vec<_>>()
                            .join(" × ");
                        // Gained only in part, or lost but still covered in part.
                        if c.after == CellStatus::Partly {
                            format!("{cell} ({})", self.t("amendment.in-part"))
                        } else if c.after == CellStatus::Interpreted {
                            format!("{cell} ({})", self.t("amendment.by-interpretation"))
                        } else {
                            cell
                        }
                    })
                    .collect();
                if group.len() > MAX_CELLS_LISTED {
                    words.push(
                        self.t("amendment.more")
                            .replace("{n}", &(group.len() - MAX_CELLS_LISTED).to_string()),
                    );
                }
                let by: Vec<String> = group
                    .first()
                    .map(|c| c.provisions.iter().map(|p| self.unit_label(p)).collect())
                    .unwrap_or_default();
                if by.is_empty() {
                    words.join("; ")
                } else {
                    format!("{} ({})", words.join("; "), by.join(", "))
                }
            })
            .collect()
    }

    fn synoptic_row(
        &self,
        d: &ActDiff,
        u: &crate::amend::diff::UnitDiff,
        before: &JurisdictionCoverage,
        after: &JurisdictionCoverage,
        changes: &[ObligationDelta],
    ) -> SynopticRow {
        let place = u.new.as_ref().or(u.old.as_ref());
        let unit_addr = place.map(|p| p.address.clone()).unwrap_or_default();
        let act_title = self
            .versions
            .iter()
            .find(|(_, v)| v.jurisdiction == after.id && v.act == d.act)
            .map(|(_, v)| self.act_title(v))
            .unwrap_or_else(|| d.act.clone());
        let mut unit = format!("{act_title}, {}", self.unit_path_label(&unit_addr));
        if let (Some(o), Some(n)) = (&u.old, &u.new)
            && o.address != n.address
        {
            let was = self.unit_path_label(&o.address);
            unit = format!(
                "{unit} ({})",
                self.t("amendment.formerly").replace("{unit}", &was)
            );
        }
        let pieces: &[Piece] = u
            .texts
            .iter()
            .find(|t| t.lang == "en")
            .or_else(|| u.texts.first())
            .map_or(&[], |t| t.pieces.as_slice());
        let seg = |p: &Piece, op: &str| Segment {
            op: op.to_string(),
            text: p.text.clone(),
        };
        let mut old: Vec<Segment> = pieces
            .iter()
            .filter_map(|p| match p.op {
                Change::Equal => Some(seg(p, "same")),
                Change::Delete => Some(seg(p, "del")),
                Change::Insert => None,
            })
            .collect();
        let mut new: Vec<Segment> = pieces
            .iter()
            .filter_map(|p| match p.op {
                Change::Equal => Some(seg(p, "same")),
                Change::Insert => Some(seg(p, "ins")),
                Change::Delete => None,
            })
            .collect();
        // A unit renumbered or moved with its wording unchanged: show the wording on both
        // sides, so the row is not two empty cells.
        if pieces.is_empty() {
            let text_at = |jc: &JurisdictionCoverage, p: Option<&crate::amend::diff::Place>| {
                let act = jc
                    .acts
                    .iter()
                    .find(|a| a.jurisdiction == jc.id && a.act == d.act)?;
                self.unit_text(&format!("{}/{}", act.address, p?.address)).1
            };
            let same = |t: String| {
                vec![Segment {
                    op: "same".into(),
                    text: t,
                }]
            };
            if u.change != UnitChange::Inserted
                && let Some(t) = text_at(before, u.old.as_ref())
            {
                old = same(t);
            }
            if u.change != UnitChange::Repealed
                && let Some(t) = text_at(after, u.new.as_ref())
            {
                new = same(t);
            }
        }
        let tags = u
            .tags
            .iter()
            .map(|t| Segment {
                op: match t.op {
                    Change::Delete => "del",
                    Change::Insert => "ins",
                    Change::Equal => "same",
                }
                .to_string(),
                text: t.line.trim().to_string(),
            })
            .collect();
        // The obligations whose status changes and whose covering provisions include this
        // unit (or a unit inside it) on either side.
        let full = |jc: &JurisdictionCoverage, p: Option<&crate::amend::diff::Place>| {
            p.and_then(|p| {
                jc.acts
                    .iter()
                    .find(|a| a.jurisdiction == jc.id && a.act == d.act)
                    .map(|a| format!("{}/{}", a.address, p.address))
            })
        };
        let old_full = full(before, u.old.as_ref());
        let new_full = full(after, u.new.as_ref());
        // The obligations whose coverage changes because of this unit: a provision responsible
        // for a cell gained or lost lies in it (or it in the provision).
        let within = |p: &str, addr: &Option<String>| {
            addr.as_ref().is_some_and(|addr| {
                crate::model::in_force::address_within(p, addr)
                    || crate::model::in_force::address_within(addr, p)
            })
        };
        let coverage = changes
            .iter()
            .filter(|c| {
                c.responsible
                    .iter()
                    .any(|p| within(p, &old_full) || within(p, &new_full))
            })
            .map(|c| UnitEffect {
                obligation: c.id.clone(),
                anchor: c.anchor.clone(),
                before: c.before,
                after: c.after,
            })
            .collect();
        SynopticRow {
            unit,
            address: new_full.or(old_full).unwrap_or(unit_addr),
            change: match u.change {
                UnitChange::Inserted => "inserted",
                UnitChange::Repealed => "repealed",
                UnitChange::Renumbered => "renumbered",
                UnitChange::Moved => "moved",
                UnitChange::Changed => "replaced",
            }
            .to_string(),
            old,
            new,
            tags,
            coverage,
        }
    }
}

/// The view status: an option or an obligation to consider that nothing meets is "not
/// adopted" — a choice the instrument leaves open, not a gap.
pub fn status(k: instrument::Kind, s: crate::model::Status) -> Status {
    use crate::model::Status as M;
    match (k, s) {
        (instrument::Kind::ShallConsider | instrument::Kind::Optional, M::None) => {
            Status::NotAdopted
        }
        (_, M::Full) => Status::Full,
        (_, M::Partial) => Status::Partial,
        (_, M::None) => Status::None,
        (_, M::NotApplicable) => Status::NotApplicable,
        (_, M::NotAssessed) => Status::NotAssessed,
    }
}

pub fn kind(k: instrument::Kind) -> Kind {
    match k {
        instrument::Kind::Mandatory => Kind::Mandatory,
        instrument::Kind::MandatoryQualified => Kind::MandatoryQualified,
        instrument::Kind::ShallConsider => Kind::ShallConsider,
        instrument::Kind::Optional => Kind::Optional,
        instrument::Kind::Advisory => Kind::Advisory,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `RS/criminal-code@2019-12-01/art-348` → (`RS/criminal-code@2019-12-01`, `art-348`).
fn split_address(address: &str) -> (&str, &str) {
    let at = address.find('@').unwrap_or(0);
    match address.get(at..).and_then(|rest| rest.find('/')) {
        Some(i) => (
            address.get(..at + i).unwrap_or(address),
            address.get(at + i + 1..).unwrap_or(""),
        ),
        None => (address, ""),
    }
}

/// An act's title in `lang` (see `Adapter::act_title`): its header's title in that language,
/// for Serbian the other script's transliterated or a Montenegrin, Bosnian or Croatian official
/// title, else `english`.
pub fn act_title_in(lang: &str, header: &crate::syntax::ast::Header, english: &str) -> String {
    let title_in = |l: &str| {
        header
            .titles()
            .find(|(t, _)| t.node == l)
            .map(|(_, t)| t.node.clone())
    };
    if let Some(t) = title_in(lang) {
        return t;
    }
    use crate::model::translit::{cyrl_to_latn, latn_to_cyrl};
    let (other, convert): (&str, fn(&str) -> String) = match lang {
        "sr-Latn" => ("sr-Cyrl", cyrl_to_latn),
        "sr-Cyrl" => ("sr-Latn", latn_to_cyrl),
        _ => return english.to_string(),
    };
    let same_script = |t: String| {
        if lang == "sr-Cyrl" {
            latn_to_cyrl(&t)
        } else {
            t
        }
    };
    title_in(other)
        .map(|t| convert(&t))
        .or_else(|| {
            ["cnr", "cnr-Latn", "bs", "bs-Latn", "hr"]
                .iter()
                .find_map(|l| title_in(l))
                .map(same_script)
        })
        .unwrap_or_else(|| english.to_string())
}

/// `J/act` → the act's title in `lang`, for every act version of `model` whose file `loaded`
/// holds: the names shortfall sentences give the acts they cite
/// ([`crate::model::translation::Language::act_names`]).
pub fn act_names(
    lang: &str,
    model: &crate::model::Model,
    loaded: &crate::workspace::Loaded,
) -> BTreeMap<String, String> {
    let asts: BTreeMap<crate::source::FileId, &LawFile> =
        loaded.laws.iter().map(|l| (l.file, &l.ast)).collect();
    let mut out = BTreeMap::new();
    // Versions in date order: the latest version's title names the act.
    for v in &model.corpus.versions {
        let title = match asts.get(&v.file) {
            Some(ast) => act_title_in(lang, &ast.header, &v.title),
            None => v.title.clone(),
        };
        out.insert(format!("{}/{}", v.jurisdiction, v.act), title);
    }
    out
}

/// An obligation's guidance references: the publication as published, the place in it (in
/// the reader's language where the instrument was translated) and `unverified` in words.
fn references(o: &Obligation, unverified: &str) -> Vec<String> {
    o.references
        .iter()
        .map(|r| {
            let note = match r.verification {
                instrument::Verification::Unverified => format!(" ({unverified})"),
                _ => String::new(),
            };
            format!("{}, {}{note}", r.source, r.place)
        })
        .collect()
}

/// One cell for the per-cell table: its elements, status, the provisions that reach it and
/// what falls short, each note once.
fn cell_row(inst: &instrument::Instrument, obligation: &str, c: &coverage::CellResult) -> CellRow {
    let mut notes: Vec<String> = Vec::new();
    let shortfalls = c
        .shortfalls
        .iter()
        .chain(c.evidence.iter().flat_map(|e| e.shortfalls.iter()));
    for s in shortfalls
        .map(|s| reason(inst, s))
        .chain(c.why_not.iter().cloned())
    {
        if !notes.contains(&s) {
            notes.push(s);
        }
    }
    CellRow {
        obligation: obligation.to_string(),
        cell: c.key.clone(),
        status: c.status.id().to_string(),
        provisions: c.evidence.iter().map(|e| e.address.clone()).collect(),
        notes,
    }
}

/// The provisions that cover an obligation's cells, in the order coverage lists them, each
/// with whether it only ever covers in part, what narrows it, and the readings by which it
/// reaches cells only by interpretation.
fn provisions_of(
    inst: &instrument::Instrument,
    o: &ObligationCoverage,
) -> Vec<(String, bool, Vec<String>, Vec<String>)> {
    /// What the cells' evidence says of one provision.
    #[derive(Default)]
    struct Seen {
        full: bool,
        reasons: BTreeSet<String>,
        readings: BTreeSet<String>,
    }
    // One pass over the cells' evidence, by address (a scan of every cell for each provision
    // was provisions × cells).
    let mut seen: BTreeMap<&str, Seen> = BTreeMap::new();
    for c in &o.cell_results {
        for e in &c.evidence {
            let entry = seen.entry(e.address.as_str()).or_default();
            for s in &e.shortfalls {
                if s.kind == coverage::ShortfallKind::ByInterpretation {
                    entry.readings.insert(reason(inst, s));
                } else if e.status == CellStatus::Partly {
                    entry.reasons.insert(reason(inst, s));
                }
            }
            if e.status == CellStatus::Covered {
                entry.full = true;
            }
        }
    }
    let words = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
    o.provisions
        .iter()
        .map(|address| {
            let s = seen.get(address.as_str());
            let full = s.is_some_and(|s| s.full);
            let partly = !full && s.is_some_and(|s| !s.reasons.is_empty());
            let reasons = match s {
                Some(s) if partly => words(&s.reasons),
                _ => Vec::new(),
            };
            let readings = s.map(|s| words(&s.readings)).unwrap_or_default();
            (address.clone(), partly, reasons, readings)
        })
        .collect()
}

fn reason(inst: &instrument::Instrument, s: &coverage::Shortfall) -> String {
    coverage::reason_text(inst, s)
}

/// A vocabulary value's label ("without a licence" for `without-licence`); the id itself when no
/// facet has it.
fn value_label(inst: &instrument::Instrument, id: &str) -> String {
    if let Some(o) = inst.obligation(id) {
        // A derived test's cells name the obligation whose offences it looks at.
        return format!("{} ({})", o.title.to_lowercase(), o.id);
    }
    inst.facets
        .iter()
        .find(|f| f.has_value(id))
        .map_or_else(|| id.to_string(), |f| f.label_of(id).to_string())
}

/// Every date on which a version of some act in the corpus takes effect, ascending.
pub fn version_dates(model: &Model) -> Vec<Date> {
    let set: BTreeSet<Date> = model.corpus.versions.iter().map(|v| v.date).collect();
    set.into_iter().collect()
}

/// The KPI (share of mandatory obligations fully met) of an analysis; `None` when no mandatory
/// obligation applies.
pub fn kpi(jc: &JurisdictionCoverage) -> Option<u32> {
    let mut t = Tally::default();
    for o in jc.obligations.iter().filter(|o| o.kind.can_be_gap()) {
        t.add(status(o.kind, o.status));
    }
    t.full_percent
}

/// Whether every act the corpus has for `j` has a version in force on `at`. Before that, the
/// corpus holds only part of its law (an older criminal code was never encoded), and a KPI
/// would count that gap in the corpus as a gap in the law: the trend leaves such dates out.
pub fn complete_at(model: &Model, j: &str, at: Date) -> bool {
    let mut acts = model.corpus.acts_of(j).peekable();
    acts.peek().is_some() && acts.all(|(act, _)| model.corpus.version_at(j, act, at).is_some())
}

/// A jurisdiction's KPI from one date on, until the next step: whether its corpus is
/// complete then ([`complete_at`]) and, if so, its KPI ([`kpi_at`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KpiStep {
    pub from: Date,
    pub complete: bool,
    pub kpi: Option<u32>,
}

/// The dates on which the law `j` is analysed with changes: the dates on which a version of one
/// of its acts, or of its ancestors' acts, takes effect. Ascending.
pub fn change_dates(model: &Model, j: &str) -> Vec<Date> {
    let mut set = BTreeSet::new();
    for x in model.corpus.chain(j) {
        for (_, versions) in model.corpus.acts_of(&x) {
            set.extend(
                versions
                    .iter()
                    .filter_map(|&i| model.corpus.versions.get(i))
                    .map(|v| v.date),
            );
        }
    }
    set.into_iter().collect()
}

/// `j`'s KPI over time as a step function, up to `upto`: one step per change date.
///
/// [`complete_at`] and [`kpi_at`] depend on the date only through the versions in force
/// (`Corpus::version_at` of the acts of `j` and its ancestors; the date itself appears only in
/// the wording of notes, which the KPI does not count), so between two change dates both are
/// constant, and the trend at any date is the step in force then ([`step_at`]). This is what
/// lets a regional report be computed one jurisdiction at a time, from that jurisdiction's own
/// acts, instead of analysing every jurisdiction at every date of the whole corpus.
///
/// `on_upto` is the analysis of `j` on `upto`, when the caller has it: the last step is the law
/// in force on `upto`, so its KPI is taken from there rather than analysed again.
pub fn kpi_steps(
    model: &Model,
    j: &str,
    upto: Date,
    on_upto: Option<&JurisdictionCoverage>,
) -> Vec<KpiStep> {
    let dates: Vec<Date> = change_dates(model, j)
        .into_iter()
        .filter(|d| *d <= upto)
        .collect();
    let last = dates.last().copied();
    dates
        .into_iter()
        .map(|d| {
            let complete = complete_at(model, j, d);
            let kpi = match on_upto {
                _ if !complete => None,
                Some(jc) if Some(d) == last => kpi(jc),
                _ => kpi_at(model, j, d),
            };
            KpiStep {
                from: d,
                complete,
                kpi,
            }
        })
        .collect()
}

/// The step in force on `at`: the last one starting on or before it. Before the first, nothing
/// of `j`'s law is in force, so its corpus is not complete.
pub fn step_at(steps: &[KpiStep], at: Date) -> Option<&KpiStep> {
    let i = steps.partition_point(|s| s.from <= at);
    i.checked_sub(1).and_then(|i| steps.get(i))
}

/// A jurisdiction's KPI at each date of a trend (None where its corpus is not complete).
pub type SeriesValues = (String, Vec<Option<u32>>);

/// The KPI trend of the regional report. `candidates` are the version dates of the corpus up
/// to the report's date, `series` the jurisdictions analysed on it with their steps. A date is
/// on the trend when some jurisdiction's corpus is complete then; a jurisdiction's value is
/// its KPI where its corpus is complete, `None` elsewhere. Many dates (a world-scale corpus)
/// are thinned by [`super::chart::sample_dates`].
pub fn trend(
    candidates: &[Date],
    series: &[(String, Vec<KpiStep>)],
) -> (Vec<Date>, Vec<SeriesValues>) {
    let complete = |steps: &[KpiStep], d: Date| step_at(steps, d).is_some_and(|s| s.complete);
    let dates: Vec<Date> = candidates
        .iter()
        .copied()
        .filter(|d| series.iter().any(|(_, steps)| complete(steps, *d)))
        .collect();
    let dates = super::chart::sample_dates(&dates);
    let values = series
        .iter()
        .map(|(j, steps)| {
            let values = dates
                .iter()
                .map(|d| {
                    step_at(steps, *d)
                        .filter(|s| s.complete)
                        .and_then(|s| s.kpi)
                })
                .collect();
            (j.clone(), values)
        })
        .collect();
    (dates, values)
}

/// The law in force for `j` on `at`, when `j` has an act of its own in force then (an analysis
/// of only its parent's law would misstate its own).
pub(crate) fn own_law(
    model: &Model,
    j: &str,
    at: Date,
) -> Option<crate::model::in_force::LawInForce> {
    let law = model.corpus.law_at(&model.instrument, j, at)?;
    law.acts.iter().any(|a| a.jurisdiction == j).then_some(law)
}

pub(crate) fn name_of(model: &Model, j: &str) -> Option<String> {
    model
        .corpus
        .jurisdictions
        .get(j)
        .and_then(|x| x.name.clone())
}

/// Analyses a jurisdiction at a date; `None` when it has no act of its own in force then.
pub fn analyse(model: &Model, j: &str, at: Date) -> Option<JurisdictionCoverage> {
    let law = own_law(model, j, at)?;
    Some(coverage::analyze(
        &model.instrument,
        &law,
        name_of(model, j),
        &model.assessments_for(j),
    ))
}

/// [`analyse`], or, for a jurisdiction with no act of its own in force on `at` but with
/// ancestors that have (BA-RS, its code declared and not encoded), the analysis `analyze` gives:
/// its ancestors' law, each obligation that law does not fully meet not assessed for want of its
/// own acts. `None` when not even an ancestor has law then. For the gap report of one
/// jurisdiction, which says so on its cover; the regional report and the KPI count only
/// jurisdictions with law of their own.
pub fn analyse_inherited(model: &Model, j: &str, at: Date) -> Option<JurisdictionCoverage> {
    let law = model.corpus.law_at(&model.instrument, j, at)?;
    if law.acts.is_empty() {
        return None;
    }
    Some(coverage::analyze(
        &model.instrument,
        &law,
        name_of(model, j),
        &model.assessments_for(j),
    ))
}

/// [`analyse`] without the cell-by-cell detail ([`coverage::analyze_brief`]).
pub fn analyse_brief(model: &Model, j: &str, at: Date) -> Option<JurisdictionCoverage> {
    let law = own_law(model, j, at)?;
    Some(coverage::analyze_brief(
        &model.instrument,
        &law,
        name_of(model, j),
        &model.assessments_for(j),
    ))
}

/// The KPI of `j` on `at`, without the per-cell detail a report needs (the trend asks for it
/// at every version date).
pub fn kpi_at(model: &Model, j: &str, at: Date) -> Option<u32> {
    let law = own_law(model, j, at)?;
    let jc = coverage::analyze_with(
        &model.instrument,
        &law,
        None,
        &model.assessments_for(j),
        false,
    );
    kpi(&jc)
}

/// A remark as a sentence: its first letter upper case (in any script).
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_at_the_version() {
        assert_eq!(
            split_address("RS/criminal-code@2019-12-01/art-348/para-1"),
            ("RS/criminal-code@2019-12-01", "art-348/para-1")
        );
        assert_eq!(
            split_address("RS/criminal-code@2019-12-01"),
            ("RS/criminal-code@2019-12-01", "")
        );
    }
}
