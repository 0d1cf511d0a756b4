//! A synthetic, world-scale corpus for benchmarks: many jurisdictions, each with a criminal code
//! and a weapons law in several consolidated versions.
//!
//!     cargo run --release --example synth -- --out DIR --jurisdictions N --versions V \
//!         --articles A [--seed S] [--small-amendment]
//!
//! The output is a workspace (`lexgap.toml`, `protocol/`, `codes/`) that `lexgap check` accepts
//! without an error. It is deterministic for a seed: the same arguments give the same bytes.
//!
//! Shape, chosen to look like the bundled corpus at scale:
//! - a criminal code of `A` articles: a general part (definitions with `define`, general-part
//!   rules: attempt, complicity, confiscation, jurisdiction, legal persons) and a special part in
//!   chapters; articles of 1–5 paragraphs, some with points; text in the original language (Latin
//!   or Cyrillic script) and an English rendering, 10–50 words a paragraph; about one special-part
//!   article in seven is firearms-relevant and carries `offence` blocks (conduct, object,
//!   circumstance, mental element, narrowing elements, penalties, aggravated forms) drawn from the
//!   instrument's vocabulary; `see` references between articles; comments; `verified` lines;
//! - a weapons law of `A/10` articles (at least 5) with regulatory `measure` blocks;
//! - `V` versions of each act, a few years apart, each differing from the one before by a few
//!   percent: paragraphs reworded, penalties changed, paragraphs added, articles inserted
//!   (`348a`, `348/a`, `348-a`), repealed and renumbered;
//! - with `--small-amendment`, each version differs from the one before in one offence alone
//!   (one article re-tagged: a conduct added or dropped, the penalty raised), the rest written
//!   byte for byte the same but the header: the small change an amending act usually is, where
//!   `lexgap diff` recomputes only what the changed offence can reach (`scripts/bench --diff`);
//! - one jurisdiction in twenty is a sub-jurisdiction (`XX-YY`, `parent: XX`); one in ten has an
//!   `assessments.yaml`; a few paragraphs carry decomposed (non-NFC) accents.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lexgap::model::instrument::{Block, FacetRole};
use lexgap::source::{SourceFile, Sources};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    pub out: PathBuf,
    pub jurisdictions: usize,
    pub versions: usize,
    pub articles: usize,
    pub seed: u64,
    /// Each version differs from the one before in one offence alone (see the module comment).
    pub small_amendment: bool,
}

/// What was written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64, so that the output never depends on a crate's algorithm changing.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn fork(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// `k` distinct items of `xs`, in their order in `xs`.
    fn subset<T: Clone>(&mut self, xs: &[T], k: usize) -> Vec<T> {
        let k = k.min(xs.len());
        let mut idx: BTreeSet<usize> = BTreeSet::new();
        while idx.len() < k {
            idx.insert(self.below(xs.len()));
        }
        idx.into_iter().map(|i| xs[i].clone()).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The vocabulary, read from the bundled instrument so that every tag is one lexgap knows.

#[derive(Clone, Debug, Default)]
struct Vocab {
    conduct: Vec<String>,
    object: Vec<String>,
    circumstance: Vec<String>,
    mental: Vec<String>,
    requires: Vec<String>,
    /// Rule kinds with the values their `covers` list draws from (empty: no `covers`).
    rules: Vec<(String, Vec<String>)>,
    measures: Vec<String>,
    /// Element facets measures may be tagged with: (facet, values).
    measure_tags: Vec<(String, Vec<String>)>,
    obligations: Vec<String>,
}

const PROTOCOL_FILES: &[&str] = &["protocol/firearms-protocol.yaml", "protocol/untoc.yaml"];

fn vocab() -> Result<Vocab, String> {
    let mut sources = Sources::new();
    let mut ids = Vec::new();
    for p in PROTOCOL_FILES {
        let bytes = lexgap::workspace::bundled_file(p).ok_or(format!("{p} is not bundled"))?;
        let text = String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string())?;
        ids.push(sources.add(SourceFile::new(*p, text)));
    }
    let (inst, diags) = lexgap::model::load_instrument(&sources, &ids);
    if !diags.is_empty() {
        return Err(format!("the bundled instrument has {} errors", diags.len()));
    }
    let values = |id: &str| -> Vec<String> {
        inst.facet(id)
            .map(|f| f.value_ids().map(str::to_string).collect())
            .unwrap_or_default()
    };
    let mut v = Vocab {
        conduct: values("conduct"),
        object: values("object"),
        circumstance: values("circumstance"),
        mental: values("mental"),
        ..Vocab::default()
    };
    for f in &inst.facets {
        match f.role {
            FacetRole::Narrowing => v.requires = f.value_ids().map(str::to_string).collect(),
            FacetRole::RuleKind => {
                for r in &f.values {
                    let covers = r.covers.as_deref().map(values).unwrap_or_default();
                    v.rules.push((r.id.clone(), covers));
                }
            }
            FacetRole::MeasureKind => v.measures = f.value_ids().map(str::to_string).collect(),
            FacetRole::Element if f.used_in.contains(&Block::Measure) => v
                .measure_tags
                .push((f.id.clone(), f.value_ids().map(str::to_string).collect())),
            _ => {}
        }
    }
    v.obligations = inst.obligations.iter().map(|o| o.id.clone()).collect();
    if v.conduct.is_empty() || v.object.is_empty() || v.mental.is_empty() {
        return Err("the bundled instrument lacks conduct/object/mental values".into());
    }
    Ok(v)
}

// ---------------------------------------------------------------------------------------------
// Words.

#[rustfmt::skip]
const EN: &[&str] = &[
    "whoever", "without", "authorisation", "makes", "sells", "acquires", "holds", "carries",
    "transfers", "weapons", "firearms", "parts", "ammunition", "explosive", "substances", "shall",
    "be", "punished", "by", "imprisonment", "for", "a", "term", "of", "years", "the", "offence",
    "in", "paragraph", "committed", "group", "person", "official", "licence", "competent",
    "authority", "territory", "state", "property", "another", "with", "intent", "to", "obtain",
    "unlawful", "gain", "or", "and", "court", "may", "impose", "fine", "where", "is", "this",
    "article", "law", "provisions", "public", "order", "safety", "life", "body", "serious",
    "consequence", "attempt", "punishable", "perpetrator", "means", "used", "intended", "shall",
    "confiscated", "prescribed", "penalty", "more", "leniently", "under", "conditions", "set",
    "out", "any", "other", "who", "knowingly", "assists", "prepares", "organises", "network",
    "crossing", "border", "customs", "supervision", "evading", "records", "marking", "serial",
    "number", "removes", "alters", "falsifies", "data", "register", "keeps", "least", "months",
];

#[rustfmt::skip]
const LATIN: &[&str] = &[
    "ka", "ri", "no", "ve", "le", "st", "dr", "ža", "nje", "ću", "đe", "zo", "la", "mi", "pa",
    "tu", "or", "ni", "ko", "va", "ce", "še", "ë", "ç", "ja", "na", "pre", "vi", "lo", "sh", "të",
    "dë", "po", "za", "ro", "bi", "kr", "zi", "mo", "ti", "ra", "ne", "ga", "ło", "ść", "ř", "ů",
];

#[rustfmt::skip]
const CYRILLIC: &[&str] = &[
    "ка", "ри", "но", "ве", "ле", "ст", "др", "жа", "ње", "ћу", "ђе", "зо", "ла", "ми", "па", "ту",
    "ор", "ни", "ко", "ва", "це", "ше", "ја", "на", "пре", "ви", "ло", "по", "за", "ро", "би",
    "кр", "зи", "мо", "ти", "ра", "не", "га", "ѕе", "љу", "џа", "ъ", "ы", "щи", "ё",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
}

/// A sentence of `n` words: English from a legal word list, the original language from
/// syllables of its script. About one paragraph in 300 of the original language carries a
/// decomposed accent (not NFC), as text pasted from some sources does.
fn words(rng: &mut Rng, script: Option<Script>, n: usize) -> String {
    let mut s = String::with_capacity(n * 8);
    for i in 0..n {
        if i > 0 {
            s.push(if rng.chance(0.06) { ',' } else { ' ' });
            if s.ends_with(',') {
                s.push(' ');
            }
        }
        match script {
            None => s.push_str(rng.pick::<&str>(EN)),
            Some(sc) => {
                let syl = if sc == Script::Latin { LATIN } else { CYRILLIC };
                for _ in 0..rng.range(1, 3) {
                    s.push_str(rng.pick::<&str>(syl));
                }
            }
        }
    }
    if script == Some(Script::Latin) && rng.chance(1.0 / 300.0) {
        s.push_str(" cafe\u{301}");
    }
    s.push('.');
    s
}

/// A title: a few capitalised words.
fn title(rng: &mut Rng, script: Option<Script>) -> String {
    let n = rng.range(2, 7);
    let mut t = words(rng, script, n);
    t.pop(); // the full stop
    let mut cs = t.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => t,
    }
}

// ---------------------------------------------------------------------------------------------
// The model of an act, evolved from version to version.

#[derive(Clone, Debug)]
struct Texts {
    orig: String,
    en: String,
}

#[derive(Clone, Debug)]
struct OffenceSpec {
    conduct: Vec<String>,
    object: Vec<String>,
    circumstance: Vec<String>,
    mental: String,
    requires: Vec<String>,
    requires_one_of: Vec<String>,
    /// Aggravated form of the first paragraph's offence (the tags it states replace the base's).
    aggravates: bool,
    min_months: u32,
    max_years: u32,
    fine: bool,
    life: bool,
    expressly_attempt: bool,
}

#[derive(Clone, Debug)]
enum Entry {
    Offence(OffenceSpec),
    /// A line written as is (`rule …`, `define …`, `measure …` with its tags).
    Raw(Vec<String>),
    /// `see article N` to the article with this identity, while it exists.
    See(u64),
    Verified(&'static str),
    Comment(String),
}

#[derive(Clone, Debug)]
struct Point {
    label: String,
    texts: Texts,
}

#[derive(Clone, Debug)]
struct Para {
    texts: Texts,
    points: Vec<Point>,
    entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
struct Article {
    /// Identity across versions (numbers change when articles are renumbered).
    uid: u64,
    number: String,
    title: Option<Texts>,
    /// One paragraph is written without a `para` line.
    paras: Vec<Para>,
    repealed: bool,
    /// General-part articles hold definitions and rules and are never repealed.
    general: bool,
    /// Heading printed before the article.
    heading: Option<String>,
}

#[derive(Clone, Debug)]
struct Act {
    id: &'static str,
    title_en: String,
    title_orig: String,
    articles: Vec<Article>,
    next_uid: u64,
    numbers: BTreeSet<String>,
}

/// What every file of a jurisdiction shares.
#[derive(Clone, Debug)]
struct Juris {
    id: String,
    parent: Option<String>,
    name: String,
    lang: &'static str,
    script: Script,
    /// How inserted articles are numbered: `348a`, `348/a` or `348-a`.
    insert_style: usize,
    terms: Vec<String>,
}

const LATIN_LANGS: &[&str] = &["sq", "hr", "sl", "bs", "ro", "pl", "cs", "sk", "hu", "lt"];
const CYRILLIC_LANGS: &[&str] = &["sr-Cyrl", "mk", "bg", "ru", "uk", "be"];

fn jurisdiction_id(i: usize) -> String {
    let a = (b'A' + (i / 26 % 26) as u8) as char;
    let b = (b'A' + (i % 26) as u8) as char;
    if i < 676 {
        format!("{a}{b}")
    } else {
        format!("{}{a}{b}", (b'A' + (i / 676 % 26) as u8) as char)
    }
}

fn texts(rng: &mut Rng, j: &Juris, lo: usize, hi: usize) -> Texts {
    let n = rng.range(lo, hi);
    // The rendering is about as long as the original.
    let m = n * rng.range(80, 120) / 100;
    Texts {
        orig: words(rng, Some(j.script), n),
        en: words(rng, None, m.max(3)),
    }
}

fn offence(rng: &mut Rng, v: &Vocab, aggravates: bool) -> OffenceSpec {
    let conduct = {
        let k = rng.range(1, 6);
        rng.subset(&v.conduct, k)
    };
    let object = {
        let k = rng.range(1, 4);
        rng.subset(&v.object, k)
    };
    let circumstance = if rng.chance(0.6) && !v.circumstance.is_empty() {
        vec![rng.pick(&v.circumstance).clone()]
    } else {
        Vec::new()
    };
    let requires = if rng.chance(if aggravates { 0.8 } else { 0.2 }) && !v.requires.is_empty() {
        vec![rng.pick(&v.requires).clone()]
    } else {
        Vec::new()
    };
    let requires_one_of = if aggravates && rng.chance(0.2) && v.requires.len() > 2 {
        let k = rng.range(2, 3);
        rng.subset(&v.requires, k)
    } else {
        Vec::new()
    };
    let max_years = *rng.pick(&[1, 2, 3, 5, 8, 10, 12, 15]);
    OffenceSpec {
        conduct,
        object,
        circumstance,
        mental: if rng.chance(0.9) {
            v.mental[0].clone()
        } else {
            rng.pick(&v.mental).clone()
        },
        requires,
        requires_one_of,
        aggravates,
        min_months: *rng.pick(&[0, 3, 6, 12, 24]).min(&(max_years * 6)),
        max_years,
        fine: rng.chance(0.4),
        life: max_years >= 12 && rng.chance(0.2),
        expressly_attempt: max_years < 5 && rng.chance(0.3),
    }
}

fn para(rng: &mut Rng, j: &Juris, points: bool) -> Para {
    let mut p = Para {
        texts: texts(rng, j, 10, 50),
        points: Vec::new(),
        entries: Vec::new(),
    };
    if points {
        for k in 0..rng.range(2, 5) {
            p.points.push(Point {
                label: ((b'a' + k as u8) as char).to_string(),
                texts: texts(rng, j, 5, 20),
            });
        }
    }
    p
}

fn special_article(rng: &mut Rng, j: &Juris, v: &Vocab, uid: u64, number: String) -> Article {
    let n_paras = *rng.pick(&[1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5]);
    let mut paras: Vec<Para> = (0..n_paras)
        .map(|_| {
            let pts = rng.chance(0.15);
            para(rng, j, pts)
        })
        .collect();
    if rng.chance(1.0 / 7.0) {
        // A firearms-relevant article: a basic offence, aggravated forms in later paragraphs.
        for (i, p) in paras.iter_mut().enumerate() {
            if i == 0 || rng.chance(0.6) {
                let mut o = offence(rng, v, i > 0);
                if i > 0 && rng.chance(0.5) {
                    // An aggravated form that restates only what it changes.
                    o.conduct.clear();
                    o.object.clear();
                    o.circumstance.clear();
                }
                p.entries.push(Entry::Offence(o));
                if rng.chance(0.2) {
                    let n = rng.range(4, 12);
                    p.entries.push(Entry::Comment(words(rng, None, n)));
                }
            }
        }
        if rng.chance(0.5) {
            paras[0].entries.push(Entry::Verified("yes"));
        }
    }
    Article {
        uid,
        number,
        title: rng.chance(0.9).then(|| Texts {
            orig: title(rng, Some(j.script)),
            en: title(rng, None),
        }),
        paras,
        repealed: false,
        general: false,
        heading: None,
    }
}

/// The general part: definitions, then one article per kind of general-part rule, then
/// ordinary articles.
fn general_part(rng: &mut Rng, j: &mut Juris, v: &Vocab, count: usize) -> Vec<Article> {
    // Definitions: terms offences use instead of vocabulary values.
    let weapon = {
        let k = rng.range(2, 5);
        rng.subset(&v.object, k)
    };
    let mut defs = vec![Entry::Raw(vec![format!(
        "define weapon = {}",
        weapon.join(", ")
    )])];
    j.terms.push("weapon".into());
    if rng.chance(0.5) {
        defs.push(Entry::Raw(vec!["define arms = weapon, ammunition".into()]));
        j.terms.push("arms".into());
    }
    let j: &Juris = j;
    let mut out = Vec::new();
    let mut next = 1u64;
    let mut article = |rng: &mut Rng, entries: Vec<Entry>, out: &mut Vec<Article>| {
        let mut p = para(rng, j, false);
        p.entries = entries;
        out.push(Article {
            uid: next,
            number: next.to_string(),
            title: Some(Texts {
                orig: title(rng, Some(j.script)),
                en: title(rng, None),
            }),
            paras: vec![p],
            repealed: false,
            general: true,
            heading: None,
        });
        next += 1;
    };
    article(rng, defs, &mut out);
    for (kind, covers) in &v.rules {
        let line = if covers.is_empty() {
            if kind == "attempt" {
                format!(
                    "rule attempt when max >= {}y or expressly",
                    rng.pick(&[3, 5])
                )
            } else {
                format!("rule {kind}")
            }
        } else {
            let k = rng.range(1, covers.len().min(4));
            format!("rule {kind} covers {}", rng.subset(covers, k).join(", "))
        };
        article(
            rng,
            vec![Entry::Raw(vec![line]), Entry::Verified("yes")],
            &mut out,
        );
    }
    while out.len() < count {
        article(rng, Vec::new(), &mut out);
    }
    out
}

fn criminal_code(rng: &mut Rng, j: &mut Juris, v: &Vocab, articles: usize) -> Act {
    let general = (articles / 10).max(v.rules.len() + 2).min(articles);
    let mut arts = general_part(rng, j, v, general);
    if let Some(a) = arts.first_mut() {
        a.heading = Some(format!("part 1 \"{}\"", title(rng, None)));
    }
    let mut chapter = 0;
    for i in arts.len()..articles {
        let uid = i as u64 + 1;
        let mut a = special_article(rng, j, v, uid, uid.to_string());
        if i == general {
            a.heading = Some(format!("part 2 \"{}\"", title(rng, None)));
        }
        if i == general || rng.chance(1.0 / 20.0) {
            chapter += 1;
            let h = format!("chapter {chapter} \"{}\"", title(rng, None));
            a.heading = Some(match a.heading {
                Some(p) => format!("{p}\n\n{h}"),
                None => h,
            });
        }
        arts.push(a);
    }
    add_references(rng, &mut arts);
    let numbers = arts.iter().map(|a| a.number.clone()).collect();
    Act {
        id: "criminal-code",
        title_en: "Criminal Code".into(),
        title_orig: title(rng, Some(j.script)),
        next_uid: articles as u64 + 1,
        articles: arts,
        numbers,
    }
}

fn weapons_law(rng: &mut Rng, j: &Juris, v: &Vocab, articles: usize) -> Act {
    let n = (articles / 10).max(5);
    let mut arts = Vec::new();
    for i in 0..n {
        let uid = i as u64 + 1;
        let mut a = special_article(rng, j, v, uid, uid.to_string());
        for p in &mut a.paras {
            p.entries.retain(|e| !matches!(e, Entry::Offence(_)));
        }
        if rng.chance(0.5) && !v.measures.is_empty() {
            let mut lines = vec![format!("measure {}", rng.pick(&v.measures))];
            for (facet, values) in &v.measure_tags {
                if rng.chance(0.7) {
                    let k = rng.range(1, 3);
                    lines.push(format!("  {facet} {}", rng.subset(values, k).join(", ")));
                }
            }
            if rng.chance(0.3) {
                lines.push(format!("  retention {}y", rng.pick(&[5, 10, 20, 30])));
            }
            a.paras[0].entries.push(Entry::Raw(lines));
        }
        arts.push(a);
    }
    add_references(rng, &mut arts);
    let numbers = arts.iter().map(|a| a.number.clone()).collect();
    Act {
        id: "weapons-law",
        title_en: "Law on Weapons and Ammunition".into(),
        title_orig: title(rng, Some(j.script)),
        next_uid: n as u64 + 1,
        articles: arts,
        numbers,
    }
}

/// `see article N` in about one paragraph in twelve, to an article nearby.
fn add_references(rng: &mut Rng, arts: &mut [Article]) {
    let uids: Vec<u64> = arts.iter().map(|a| a.uid).collect();
    for (i, a) in arts.iter_mut().enumerate() {
        for p in &mut a.paras {
            if rng.chance(1.0 / 12.0) {
                let lo = i.saturating_sub(30);
                let hi = (i + 30).min(uids.len() - 1);
                p.entries.push(Entry::See(uids[rng.range(lo, hi)]));
            }
        }
    }
}

/// A small amendment: one offence of one special-part article re-tagged — a conduct added (or,
/// when it has every one, dropped) and its maximum penalty raised — and nothing else.
fn retag_one(rng: &mut Rng, act: &mut Act, v: &Vocab) {
    let with_offence: Vec<usize> = act
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            !a.general
                && !a.repealed
                && a.paras
                    .iter()
                    .any(|p| p.entries.iter().any(|e| matches!(e, Entry::Offence(_))))
        })
        .map(|(i, _)| i)
        .collect();
    if with_offence.is_empty() {
        return;
    }
    let at = *rng.pick(&with_offence);
    let Some(a) = act.articles.get_mut(at) else {
        return;
    };
    let Some(o) = a
        .paras
        .iter_mut()
        .flat_map(|p| p.entries.iter_mut())
        .find_map(|e| match e {
            Entry::Offence(o) => Some(o),
            _ => None,
        })
    else {
        return;
    };
    match v.conduct.iter().find(|c| !o.conduct.contains(c)) {
        Some(c) => {
            o.conduct.push(c.clone());
            // In the vocabulary's order, as the generator writes them.
            o.conduct
                .sort_by_key(|x| v.conduct.iter().position(|y| y == x));
        }
        None => {
            o.conduct.pop();
        }
    }
    o.max_years = (o.max_years + 2).min(20);
}

/// The next version: a few percent of the act changes.
fn amend(rng: &mut Rng, act: &mut Act, j: &Juris, v: &Vocab) {
    let mut out = Vec::with_capacity(act.articles.len() + act.articles.len() / 100);
    let old = std::mem::take(&mut act.articles);
    for mut a in old {
        let special = !a.general && !a.repealed;
        if special && rng.chance(0.004) {
            // Repealed: the consolidated text keeps only the number and the word.
            a.repealed = true;
            a.paras.clear();
        } else if special && rng.chance(0.003) {
            // Renumbered: the same text under a number of its own.
            let n = fresh_number(act, j, &a.number, rng);
            act.numbers.remove(&a.number);
            a.number = n;
        }
        if !a.repealed {
            for p in &mut a.paras {
                if rng.chance(0.02) {
                    reword(rng, &mut p.texts, j);
                }
                for e in &mut p.entries {
                    if let Entry::Offence(o) = e
                        && rng.chance(0.05)
                    {
                        o.max_years = (o.max_years + 2).min(20);
                        o.fine = !o.fine;
                    }
                }
            }
            if special && rng.chance(0.006) {
                a.paras.push(para(rng, j, false));
            }
        }
        let insert_after = special && rng.chance(0.004);
        let base = a.number.clone();
        out.push(a);
        if insert_after {
            let uid = act.next_uid;
            act.next_uid += 1;
            let number = fresh_number(act, j, &base, rng);
            out.push(special_article(rng, j, v, uid, number));
        }
    }
    act.articles = out;
}

fn fresh_number(act: &mut Act, j: &Juris, base: &str, rng: &mut Rng) -> String {
    let base: String = base.chars().take_while(char::is_ascii_digit).collect();
    let base = if base.is_empty() {
        (rng.below(900) + 100).to_string()
    } else {
        base
    };
    for k in 0.. {
        let letter = (b'a' + (k % 26) as u8) as char;
        let extra = if k >= 26 {
            (k / 26).to_string()
        } else {
            String::new()
        };
        let n = match j.insert_style {
            0 => format!("{base}{letter}{extra}"),
            1 => format!("{base}/{letter}{extra}"),
            _ => format!("{base}-{letter}{extra}"),
        };
        if act.numbers.insert(n.clone()) {
            return n;
        }
    }
    unreachable!("an unbounded loop returns")
}

/// Replaces a few words of a text, in both languages.
fn reword(rng: &mut Rng, t: &mut Texts, j: &Juris) {
    for (text, script) in [(&mut t.orig, Some(j.script)), (&mut t.en, None)] {
        let mut ws: Vec<String> = text.split(' ').map(str::to_string).collect();
        for _ in 0..rng.range(1, 3) {
            let i = rng.below(ws.len());
            let mut w = words(rng, script, 1);
            w.pop();
            if ws[i].ends_with('.') {
                w.push('.');
            }
            ws[i] = w;
        }
        *text = ws.join(" ");
    }
}

// ---------------------------------------------------------------------------------------------
// Writing `.law` text in the canonical layout.

/// `text LANG: …` wrapped at 100 columns, continuation lines aligned under the text.
fn write_text(out: &mut String, indent: usize, lang: &str, text: &str) {
    let lead = format!("{:indent$}text {lang}: ", "");
    let cont = lead.chars().count();
    let mut col = cont;
    out.push_str(&lead);
    let mut first = true;
    for w in text.split(' ') {
        let wl = w.chars().count();
        if !first && col + 1 + wl > 100 {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', cont));
            col = cont;
        } else if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += wl;
        first = false;
    }
    out.push('\n');
}

fn write_texts(out: &mut String, indent: usize, j: &Juris, t: &Texts) {
    write_text(out, indent, j.lang, &t.orig);
    write_text(out, indent, "en", &t.en);
}

fn write_offence(out: &mut String, ind: usize, o: &OffenceSpec, terms: &[String], rng: &mut Rng) {
    let pad = " ".repeat(ind);
    let _ = writeln!(out, "{pad}offence");
    if o.aggravates {
        let _ = writeln!(out, "{pad}  aggravates para 1");
    }
    if !o.conduct.is_empty() {
        let _ = writeln!(out, "{pad}  conduct {}", o.conduct.join(", "));
    }
    if !o.object.is_empty() {
        // A defined term now and then instead of the values it stands for.
        let objects = if !terms.is_empty() && rng.chance(0.3) {
            rng.pick(terms).clone()
        } else {
            o.object.join(", ")
        };
        let _ = writeln!(out, "{pad}  object {objects}");
    }
    if !o.circumstance.is_empty() {
        let _ = writeln!(out, "{pad}  circumstance {}", o.circumstance.join(", "));
    }
    if !o.aggravates {
        let _ = writeln!(out, "{pad}  mental {}", o.mental);
    }
    if !o.requires.is_empty() {
        let _ = writeln!(out, "{pad}  requires {}", o.requires.join(", "));
    }
    if !o.requires_one_of.is_empty() {
        let _ = writeln!(
            out,
            "{pad}  requires one of {}",
            o.requires_one_of.join(", ")
        );
    }
    let min = match o.min_months {
        0 => String::new(),
        m if m % 12 == 0 => format!("{}y", m / 12),
        m => format!("{m}m"),
    };
    let mut penalty = format!("prison {min}..{}y", o.max_years);
    if o.fine {
        penalty.push_str(" + fine");
    }
    if o.life {
        penalty.push_str(" or life");
    }
    let _ = writeln!(out, "{pad}  penalty {penalty}");
    if o.expressly_attempt {
        let _ = writeln!(out, "{pad}  expressly attempt");
    }
}

fn write_entries(
    out: &mut String,
    ind: usize,
    entries: &[Entry],
    numbers: &std::collections::BTreeMap<u64, &str>,
    terms: &[String],
    rng: &mut Rng,
) {
    let pad = " ".repeat(ind);
    for e in entries {
        match e {
            Entry::Offence(o) => write_offence(out, ind, o, terms, rng),
            Entry::Raw(lines) => {
                for l in lines {
                    let _ = writeln!(out, "{pad}{l}");
                }
            }
            Entry::See(uid) => {
                if let Some(n) = numbers.get(uid) {
                    let _ = writeln!(out, "{pad}see article {n}");
                }
            }
            Entry::Verified(s) => {
                let _ = writeln!(out, "{pad}verified {s}");
            }
            Entry::Comment(c) => {
                let _ = writeln!(out, "{pad}# {c}");
            }
        }
    }
}

fn write_law(act: &Act, j: &Juris, date: &str, version: usize, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(act.articles.len() * 1500);
    let _ = writeln!(
        out,
        "# {} — {} (synthetic text for benchmarks), version {}",
        j.name,
        act.title_en,
        version + 1
    );
    let _ = writeln!(out, "act {} \"{}\"", act.id, act.title_en);
    let _ = writeln!(out, "  title {} \"{}\"", j.lang, act.title_orig);
    let _ = writeln!(out, "  jurisdiction {}", j.id);
    let _ = writeln!(out, "  version {date}");
    let _ = writeln!(
        out,
        "  source \"Official Gazette of {} {}/{}\"",
        j.name,
        rng.range(1, 150),
        &date[..4]
    );
    let _ = writeln!(out, "  language {}, en", j.lang);
    let _ = writeln!(out, "  rendering unofficial");
    let _ = writeln!(out, "  verified partly \"synthetic\"");
    let numbers: std::collections::BTreeMap<u64, &str> = act
        .articles
        .iter()
        .map(|a| (a.uid, a.number.as_str()))
        .collect();
    // A term defined in the jurisdiction's criminal code (visible from every act of it).
    let terms: &[String] = &j.terms;
    for a in &act.articles {
        out.push('\n');
        if let Some(h) = &a.heading {
            out.push_str(h);
            out.push_str("\n\n");
        }
        match &a.title {
            Some(t) if rng.chance(0.2) => {
                let _ = writeln!(out, "article {} \"{}\" # {}", a.number, t.en, t.orig);
            }
            Some(t) => {
                let _ = writeln!(out, "article {} \"{}\"", a.number, t.en);
            }
            None => {
                let _ = writeln!(out, "article {}", a.number);
            }
        }
        if a.repealed {
            out.push_str("  repealed\n");
            continue;
        }
        if let [p] = a.paras.as_slice() {
            write_texts(&mut out, 2, j, &p.texts);
            for pt in &p.points {
                let _ = writeln!(out, "  point {}", pt.label);
                write_texts(&mut out, 4, j, &pt.texts);
            }
            write_entries(&mut out, 2, &p.entries, &numbers, terms, rng);
        } else {
            for (i, p) in a.paras.iter().enumerate() {
                let _ = writeln!(out, "  para {}", i + 1);
                write_texts(&mut out, 4, j, &p.texts);
                for pt in &p.points {
                    let _ = writeln!(out, "    point {}", pt.label);
                    write_texts(&mut out, 6, j, &pt.texts);
                }
                write_entries(&mut out, 4, &p.entries, &numbers, terms, rng);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Dates.

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's civil_from_days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// 2000-01-01 in days since 1970-01-01.
const Y2000: i64 = 10_957;

fn version_dates(rng: &mut Rng, versions: usize) -> Vec<String> {
    let mut day = Y2000 + rng.below(3 * 365) as i64;
    (0..versions)
        .map(|_| {
            let d = civil(day);
            day += rng.range(300, 1100) as i64;
            d
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// One jurisdiction.

fn write_file(path: &Path, text: &str, w: &mut Written) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    w.files += 1;
    w.bytes += text.len() as u64;
    Ok(())
}

fn jurisdiction(cfg: &Config, v: &Vocab, i: usize) -> Result<Written, String> {
    let mut rng = Rng::fork(cfg.seed, i as u64 + 1);
    let sub = i % 20 == 19;
    let id = if sub {
        format!("{}-{}", jurisdiction_id(i - 1), jurisdiction_id(i))
    } else {
        jurisdiction_id(i)
    };
    let script = if i % 3 == 1 {
        Script::Cyrillic
    } else {
        Script::Latin
    };
    let lang = *rng.pick(if script == Script::Latin {
        LATIN_LANGS
    } else {
        CYRILLIC_LANGS
    });
    let mut j = Juris {
        name: format!("Republic of {}", title(&mut rng, Some(Script::Latin))),
        parent: sub.then(|| jurisdiction_id(i - 1)),
        id,
        lang,
        script,
        insert_style: rng.below(3),
        terms: Vec::new(),
    };
    let mut w = Written::default();
    let dir = cfg.out.join("codes").join(&j.id);

    let mut code = criminal_code(&mut rng, &mut j, v, cfg.articles);
    let mut wl = weapons_law(&mut rng, &j, v, cfg.articles);
    let code_dates = version_dates(&mut rng, cfg.versions);
    let law_dates = version_dates(&mut rng, cfg.versions);
    for ver in 0..cfg.versions {
        if ver > 0 && cfg.small_amendment {
            retag_one(&mut rng, &mut code, v);
        } else if ver > 0 {
            amend(&mut rng, &mut code, &j, v);
            amend(&mut rng, &mut wl, &j, v);
        }
        for (k, (act, dates)) in [(&code, &code_dates), (&wl, &law_dates)]
            .into_iter()
            .enumerate()
        {
            // A small amendment writes every version with the same draws (which title has a
            // comment, which offence names a defined term), so the versions differ in the
            // amended offence alone.
            let mut same = Rng::fork(cfg.seed ^ 0x5A11, (i as u64 + 1) * 2 + k as u64);
            let draws = if cfg.small_amendment {
                &mut same
            } else {
                &mut rng
            };
            let text = write_law(act, &j, &dates[ver], ver, draws);
            let path = dir.join(act.id).join(format!("{}.law", dates[ver]));
            write_file(&path, &text, &mut w)?;
        }
    }

    let mut yaml = format!("id: {}\n", j.id);
    if let Some(p) = &j.parent {
        let _ = writeln!(yaml, "parent: {p}");
    }
    let _ = writeln!(yaml, "name:\n  en: {}", j.name);
    let _ = writeln!(yaml, "languages: [{}, en]", j.lang);
    yaml.push_str("acts:\n");
    for act in [&code, &wl] {
        let _ = writeln!(
            yaml,
            "  - id: {}\n    title: {}\n    kind: {}",
            act.id, act.title_en, act.id
        );
    }
    write_file(&dir.join("jurisdiction.yaml"), &yaml, &mut w)?;

    if i % 10 == 3 && !v.obligations.is_empty() {
        let mut a = String::from("assessments:\n");
        for ob in rng.subset(&v.obligations, 2) {
            let _ = writeln!(
                a,
                "  - obligation: {ob}\n    status: partial\n    justification: >-\n      {}\n    author: Synthetic Expert\n    date: {}",
                words(&mut rng, None, 20),
                code_dates.last().map_or("2020-01-01", String::as_str)
            );
        }
        write_file(&dir.join("assessments.yaml"), &a, &mut w)?;
    }
    Ok(w)
}

/// Generates the corpus. Jurisdictions are written in parallel; each has its own random
/// stream, so the bytes do not depend on the thread timing.
pub fn generate(cfg: &Config) -> Result<Written, String> {
    use rayon::prelude::*;
    let v = vocab()?;
    let mut w = Written::default();
    write_file(
        &cfg.out.join("lexgap.toml"),
        &format!(
            "# A synthetic corpus for benchmarks (examples/synth.rs): {} jurisdictions, {} versions, {} articles, seed {}.\nname = \"Synthetic world\"\n",
            cfg.jurisdictions, cfg.versions, cfg.articles, cfg.seed
        ),
        &mut w,
    )?;
    for p in PROTOCOL_FILES {
        let bytes = lexgap::workspace::bundled_file(p).ok_or(format!("{p} is not bundled"))?;
        let text = String::from_utf8_lossy(bytes);
        write_file(&cfg.out.join(p), &text, &mut w)?;
    }
    let parts: Vec<Result<Written, String>> = (0..cfg.jurisdictions)
        .into_par_iter()
        .map(|i| jurisdiction(cfg, &v, i))
        .collect();
    for p in parts {
        let x = p?;
        w.files += x.files;
        w.bytes += x.bytes;
    }
    Ok(w)
}

fn usage() -> ! {
    eprintln!(
        "usage: synth --out DIR --jurisdictions N --versions V --articles A [--seed S] [--small-amendment]\n\
         Writes a synthetic lexgap workspace (lexgap.toml, protocol/, codes/) into DIR.\n\
         --small-amendment: each version differs from the one before in one offence alone."
    );
    std::process::exit(2)
}

#[allow(dead_code)] // the test suite includes this file as a module
fn main() {
    let mut cfg = Config {
        out: PathBuf::new(),
        jurisdictions: 0,
        versions: 1,
        articles: 0,
        seed: 1,
        small_amendment: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        let num = |s: String| s.parse::<u64>().unwrap_or_else(|_| usage());
        match a.as_str() {
            "--out" => cfg.out = PathBuf::from(val()),
            "--jurisdictions" => cfg.jurisdictions = num(val()) as usize,
            "--versions" => cfg.versions = num(val()) as usize,
            "--articles" => cfg.articles = num(val()) as usize,
            "--seed" => cfg.seed = num(val()),
            "--small-amendment" => cfg.small_amendment = true,
            _ => usage(),
        }
    }
    if cfg.out.as_os_str().is_empty() || cfg.jurisdictions == 0 || cfg.versions == 0 {
        usage();
    }
    if cfg.articles < 20 {
        eprintln!("synth: --articles must be at least 20 (the general part alone needs a dozen)");
        std::process::exit(2);
    }
    let start = std::time::Instant::now();
    match generate(&cfg) {
        Ok(w) => eprintln!(
            "synth: {} files, {} bytes in {} ({:.1} s)",
            w.files,
            w.bytes,
            cfg.out.display(),
            start.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("synth: {e}");
            std::process::exit(1);
        }
    }
}
