//! Tag suggestions: which values of the Firearms Protocol's vocabulary a unit's text seems to
//! reach, and its penalty, read from the official wording with a small multilingual lexicon
//! (Macedonian, Albanian, Serbian in both scripts, Bosnian/Croatian/Montenegrin, English — our
//! own lists of stems and phrases). A suggestion is never a tag: the writer prints it as a
//! comment with the words that triggered it, and the expert accepts it by writing the tag.
//!
//! Matching is by word prefix (a stem) or by phrase, on the lower-cased text: linear in the
//! text times the (fixed) size of the lexicon. A few values have a context (`CONTEXTS`: a word
//! the text must also hold, words near the trigger that make it something else), and a few rules
//! read the text as a whole: a confiscation order without a penalty is no offence, and an offence
//! that names no negligence is proposed as intentional. How well this agrees with the experts'
//! tags is measured by `evaluate.rs` (docs/import.md, "How good the suggestions are").

/// One suggested value and the words that triggered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub facet: &'static str,
    pub value: &'static str,
    pub trigger: String,
}

/// What a unit's text suggests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Proposal {
    pub tags: Vec<Suggestion>,
    /// A penalty in `.law` syntax and the words it was read from.
    pub penalty: Option<(String, String)>,
}

impl Proposal {
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.penalty.is_none()
    }

    /// The proposal as `.law` comment lines (without indentation): an `offence` block to copy.
    pub fn comment_lines(&self) -> Vec<String> {
        let mut out = vec![
            "suggested by lexgap (not tags until an expert writes them; check each against the text):"
                .to_string(),
            "  offence".to_string(),
        ];
        for facet in ["conduct", "object", "circumstance", "mental", "requires"] {
            let these: Vec<&Suggestion> = self.tags.iter().filter(|s| s.facet == facet).collect();
            if these.is_empty() {
                continue;
            }
            let values: Vec<&str> = these.iter().map(|s| s.value).collect();
            let triggers: Vec<String> = these
                .iter()
                .map(|s| {
                    if s.trigger.starts_with('(') {
                        s.trigger.clone()
                    } else {
                        format!("\"{}\"", s.trigger)
                    }
                })
                .collect();
            out.push(format!(
                "    {facet} {}   <- {}",
                values.join(", "),
                triggers.join(", ")
            ));
        }
        if let Some((p, words)) = &self.penalty {
            out.push(format!("    penalty {p}   <- \"{words}\""));
        }
        out
    }
}

/// (facet, value, stems or phrases). A stem matches a word that starts with it; an entry with
/// a space matches that phrase (its last word as a stem).
const LEXICON: &[(&str, &str, &[&str])] = &[
    (
        "conduct",
        "manufacture",
        &[
            "изработ",
            "израбоут",
            "произведув",
            "производ",
            "израђ",
            "izrađ",
            "izrad",
            "proizvod",
            "proizve",
            "prodh",
            "manufactur",
        ],
    ),
    (
        "conduct",
        "modify",
        &[
            "преправ",
            "prepravl",
            "preprav",
            "modifik",
            "modific",
            "alter",
        ],
    ),
    (
        "conduct",
        "acquire",
        &[
            "набав",
            "nabav",
            "pribav",
            "прибав",
            "blen",
            "купув",
            "купуј",
            "kupuj",
            "kupova",
            "kupovin",
            "buy",
            "acquir",
            "obtain",
        ],
    ),
    (
        "conduct",
        "sell",
        &["прода", "proda", "shit", "sell", "sold"],
    ),
    (
        "conduct",
        "possess",
        &[
            "држи",
            "држењ",
            "држање",
            "поседув",
            "posjed",
            "posjeduj",
            "posed",
            "drži",
            "držanj",
            "mban",
            "mbajt",
            "zotëron",
            "possess",
        ],
    ),
    (
        "conduct",
        "carry",
        &["носи", "носењ", "nosi", "nošenj", "mbart", "carr"],
    ),
    (
        "conduct",
        "broker",
        &[
            "посредув",
            "посредуј",
            "posreduj",
            "posredov",
            "ndërmjetës",
            "brok",
        ],
    ),
    (
        "conduct",
        "import",
        &[
            "увез",
            "увоз",
            "uvez",
            "uvoz",
            "unosi",
            "unese",
            "унос",
            "унесе",
            "importi",
            "import",
            // Carrying across the customs line is bringing in and taking out.
            "преку царинск",
            "preko carinsk",
            "преко царинск",
            "customs line",
        ],
    ),
    (
        "conduct",
        "export",
        &[
            "извез",
            "извоз",
            "izvez",
            "izvoz",
            "iznosi iz",
            "iznese iz",
            "износи из",
            "изнесе из",
            "eksport",
            "export",
            "преку царинск",
            "preko carinsk",
            "преко царинск",
            "customs line",
        ],
    ),
    (
        "conduct",
        "transit",
        &[
            "транзит",
            "tranzit",
            "transit",
            "preko teritorij",
            "преко територ",
            "преку територија",
            "across its territory",
        ],
    ),
    (
        "conduct",
        "reactivate",
        &[
            "učini upotrebljiv",
            "учини употребљив",
            "оспособ",
            "osposob",
            "reaktivir",
            "реактивир",
            "riaktiv",
            "reactivat",
        ],
    ),
    (
        "conduct",
        "exchange",
        &["размен", "razmjen", "razmen", "shkëmb", "exchang"],
    ),
    (
        "conduct",
        "transfer",
        &[
            "transferon",
            "transfer",
            // "enables another to obtain them", "puts into circulation", "gives to another":
            // the experts read these as a transfer.
            "da do njih dođ",
            "да до њих дођ",
            "да дојде",
            "stavlja u promet",
            "stavi u promet",
            "ставља у промет",
            "daje drugom",
        ],
    ),
    (
        "conduct",
        "move",
        &[
            "пренес",
            "пренос",
            "prenes",
            "prenos",
            "prenoš",
            "превез",
            "превоз",
            "prevez",
            "prevoz",
            "транспорт",
            "transport",
        ],
    ),
    (
        "conduct",
        "deliver",
        &[
            "растур",
            "rastur",
            "снабд",
            "snabd",
            "isporuč",
            "испоруч",
            "supplies",
            "distribut",
        ],
    ),
    ("conduct", "offer", &["нуди", "nudi", "ofron", "offer"]),
    (
        "conduct",
        "falsify-marking",
        &["фалсифик", "falsifik", "stavi lažn", "стави лажн", "falsif"],
    ),
    (
        "conduct",
        "obliterate-marking",
        &[
            "бриш",
            "избриш",
            "izbriše",
            "izbriš",
            "fshin",
            "obliterat",
            "eras",
        ],
    ),
    (
        "conduct",
        "remove-marking",
        &[
            "уништ",
            "отстран",
            "ukloni",
            "уклони",
            "uništ",
            "heq",
            "remov",
        ],
    ),
    (
        "conduct",
        "alter-marking",
        &[
            "менув",
            "измен",
            "izmijeni",
            "izmeni",
            "измени",
            "ndryshon",
            "alters",
        ],
    ),
    ("conduct", "use", &["употреб", "upotreb", "përdor", "use"]),
    (
        "object",
        "firearm",
        &[
            "оружј",
            "oružj",
            "oruzj",
            "armë",
            "armët",
            "armëve",
            "armatim",
            "firearm",
            "weapon",
        ],
    ),
    (
        "object",
        "ammunition",
        &["муниц", "municij", "municion", "ammunition"],
    ),
    (
        "object",
        "explosive",
        &[
            "експлозив",
            "распрскувачк",
            "eksploziv",
            "plasës",
            "explosive",
        ],
    ),
    (
        "object",
        "part-component",
        &[
            "составни дел",
            "составн",
            "sastavn",
            "djelov oružja",
            "делови",
            "delov",
            "djelov",
            "pjesë",
            "component",
        ],
    ),
    (
        "object",
        "sound-suppressor",
        &[
            "пригушувач",
            "пригушивач",
            "prigušivač",
            "prigusivac",
            "silenciator",
            "silencer",
            "suppressor",
        ],
    ),
    (
        "object",
        "gas-weapon",
        &["гасно оружје", "gasno oružje", "armë me gaz", "gas weapon"],
    ),
    (
        "object",
        "goods",
        &[
            "стока",
            "стоки",
            "роба",
            "робу",
            "robe",
            "robu",
            "roba",
            "mallra",
            "mallr",
            "goods",
        ],
    ),
    (
        "object",
        "deactivated-weapon",
        &[
            "онеспособ",
            "onesposob",
            "deaktivir",
            "çaktivizuar",
            "deactivat",
        ],
    ),
    (
        "circumstance",
        "without-licence",
        &[
            "неовласт",
            "неовлашћ",
            "neovlašć",
            "neovlasc",
            "neovlašten",
            "без дозвол",
            "bez dozvol",
            "pa leje",
            "pa autorizim",
            "without authoris",
            "without a licen",
            "unauthori",
        ],
    ),
    (
        "circumstance",
        "evading-customs",
        &[
            "царинск",
            "carinsk",
            "нецарин",
            "neocarinjen",
            "неоцарињен",
            "doganor",
            "customs",
        ],
    ),
    (
        "circumstance",
        "contrary-to-law",
        &[
            "спротивно на закон",
            "спротивно на пропис",
            "protivno zakon",
            "suprotno zakon",
            "супротно закон",
            "противно закон",
            "në kundërshtim",
            "contrary to",
        ],
    ),
    (
        "circumstance",
        "without-marking",
        &[
            "без ознак",
            "bez oznak",
            "neobilježen",
            "pa shenj",
            "without marking",
        ],
    ),
    (
        "circumstance",
        "false-marking",
        &[
            "lažnim",
            "izbrisanim",
            "uklonjenim",
            "izmijenjenim",
            "izmenjenim",
            "лажним",
            "избрисаним",
            "уклоњеним",
            "измењеним",
            "лажни",
            "избришани",
            "false mark",
        ],
    ),
    (
        "mental",
        "negligence",
        &["небрежност", "нехат", "nehat", "pakujdes", "negligen"],
    ),
    (
        "requires",
        "large-quantity",
        &[
            "поголемо количеств",
            "поголеми количин",
            "veću količin",
            "veće količin",
            "већу количин",
            "веће количин",
            "sasi të madh",
            "sasi të mëdha",
            "larger quantit",
            "large quantit",
        ],
    ),
    (
        "requires",
        "prohibited-items-only",
        &["забранет", "забрањен", "zabranjen", "ndaluar", "prohibited"],
    ),
    (
        "requires",
        "great-destructive-power",
        &["разорн", "razorn", "shkatërr", "destructive"],
    ),
    (
        "requires",
        "group",
        &[
            "груп",
            "grup",
            "банда",
            "bande",
            "banda",
            "злосторничко здружение",
            "злочиначко удружењ",
            "zločinačko udruženj",
            "group",
        ],
    ),
    (
        "requires",
        "organised-group",
        &[
            "kriminalna organizacij",
            "криминална организациј",
            "организиран криминал",
            "organizovan kriminal",
            "organizatë kriminal",
            "strukturuar kriminal",
            "organised criminal",
            "organized criminal",
        ],
    ),
    (
        "requires",
        "as-business",
        &[
            "се занимава",
            "se bavi",
            "bavi se",
            "merret me",
            "makes a business",
        ],
    ),
    (
        "requires",
        "armed",
        &["вооружен", "naoružan", "наоружан", "armatosur", "armed"],
    ),
    (
        "requires",
        "violence",
        &[
            "употреба на сила",
            "употребом сил",
            "upotrebu sil",
            "upotrebom sil",
            "силом",
            "silom",
            "насилств",
            "nasilj",
            "насиљ",
            "dhun",
            "use of force",
            "using force",
            "by force",
            "violence",
        ],
    ),
    (
        "requires",
        "purpose-of-crime",
        &[
            "за извршување",
            "za izvršenje",
            "za izvršenj",
            "за извршење",
            "за извршењ",
            "radi izvršenja",
            "ради извршења",
            "për kryerjen",
            "for committing",
            "for the commission",
        ],
    ),
    (
        "requires",
        "reseller-network",
        &[
            "препродавач",
            "preprodavac",
            "preprodavač",
            "rrjet",
            "network of resellers",
        ],
    ),
    (
        "requires",
        "for-gain",
        &["корист", "korist", "përfitim", "gain", "profit"],
    ),
];

/// Where a value of the lexicon may be suggested, beyond its stems matching.
struct Context {
    facet: &'static str,
    value: &'static str,
    /// The text must also hold a word starting with one of these (marking offences speak of
    /// markings).
    needs: &'static [&'static str],
    /// A trigger word starting with one of these is not one ("upotrebljiv", usable, is not a use).
    except: &'static [&'static str],
    /// A trigger with a word starting with one of these among the three words before or after it
    /// is not one ("obtained" proceeds are not an acquisition of weapons; "use of force" is not a
    /// use of weapons).
    not_near: &'static [&'static str],
    /// The value is not suggested when the text holds one of these (carrying goods across the
    /// customs line is import and export, not movement).
    unless: &'static [&'static str],
}

const MARKING: &[&str] = &["ознак", "oznak", "shenj", "marking"];
const PROCEEDS: &[&str] = &["имот", "imovin", "корист", "korist", "pasuri", "proceeds"];
const CUSTOMS_LINE: &[&str] = &["царинск", "carinsk", "doganor", "customs"];
const ARMED: &[&str] = &["вооружен", "naoružan", "наоружан", "armatosur", "armed"];
/// A conduct word right after "whose" describes the object ("weapons whose holding is
/// prohibited"), not what the offender does.
const WHOSE: &[&str] = &["чиј", "чие", "čij", "whose"];
/// Words ordering confiscation: a text with one and no penalty is a confiscation rule, not an
/// offence, and gets no offence suggestions.
const CONFISCATION: &[&str] = &[
    "одзем",
    "oduz",
    "одуз",
    "konfisk",
    "конфиск",
    "sekuestr",
    "confiscat",
    "forfeit",
];

const CONTEXTS: &[Context] = &[
    Context {
        facet: "conduct",
        value: "acquire",
        needs: &[],
        except: &[],
        not_near: PROCEEDS,
        unless: &[],
    },
    Context {
        facet: "conduct",
        value: "use",
        needs: &[],
        except: &["upotrebljiv", "употребљив", "употреблив", "useful"],
        not_near: &["сил", "sil", "forc", "dhun", "забран", "zabran", "забрањ"],
        unless: &[],
    },
    Context {
        facet: "object",
        value: "firearm",
        needs: &[],
        except: &[],
        // "armed with a firearm" is the aggravation `armed`, not the object.
        not_near: ARMED,
        unless: &[],
    },
    Context {
        facet: "conduct",
        value: "move",
        needs: &[],
        except: &[],
        // "carries across the territory" is transit.
        not_near: &["територ", "teritorij", "territor"],
        unless: CUSTOMS_LINE,
    },
    Context {
        facet: "conduct",
        value: "falsify-marking",
        needs: MARKING,
        except: &[],
        not_near: &[],
        unless: &[],
    },
    Context {
        facet: "conduct",
        value: "obliterate-marking",
        needs: MARKING,
        except: &[],
        not_near: &[],
        unless: &[],
    },
    Context {
        facet: "conduct",
        value: "remove-marking",
        needs: MARKING,
        except: &[],
        not_near: &[],
        unless: &[],
    },
    Context {
        facet: "conduct",
        value: "alter-marking",
        needs: MARKING,
        except: &[],
        not_near: &[],
        unless: &[],
    },
    Context {
        facet: "circumstance",
        value: "false-marking",
        needs: MARKING,
        except: &[],
        not_near: &[],
        unless: &[],
    },
    Context {
        facet: "requires",
        value: "purpose-of-crime",
        // "intended for committing": the means must be meant for an offence.
        needs: &[
            "наменет",
            "namijenjen",
            "namenjen",
            "намењен",
            "намијењен",
            "знаел",
            "znao",
            "знао",
            "intended",
            "destinuar",
        ],
        except: &[],
        not_near: &[],
        unless: &[],
    },
    Context {
        facet: "requires",
        value: "for-gain",
        needs: &[],
        except: &[],
        // "имотна корист прибавена со кривичното дело": the proceeds a confiscation takes,
        // not a motive.
        not_near: &["прибав", "pribav", "одзем", "oduz"],
        unless: &[],
    },
];

/// What a suggestion of `intent` says instead of trigger words: it is read from the absence of
/// negligence, the codes of the region punishing negligence only where the offence says so.
pub const INTENT_BY_DEFAULT: &str = "(no negligence named: intent is the default)";

/// The (facet, value) pairs the lexicon can suggest.
pub fn lexicon_values() -> impl Iterator<Item = (&'static str, &'static str)> {
    LEXICON
        .iter()
        .map(|(f, v, _)| (*f, *v))
        .chain(std::iter::once(("mental", "intent")))
}

/// Which (facet, value) pairs a caller accepts.
pub type Allowed<'a> = &'a dyn Fn(&str, &str) -> bool;

/// Words of the text, lower-cased, with their byte ranges in the lower-cased text.
fn words(lower: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in lower.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, lower.get(s..i).unwrap_or("")));
        }
    }
    if let Some(s) = start {
        out.push((s, lower.get(s..).unwrap_or("")));
    }
    out
}

/// Suggests tags and a penalty for one unit's text. `allowed` keeps only values the
/// instrument's vocabulary has (the caller passes the loaded instrument's); `None` keeps all.
pub fn suggest(text: &str, allowed: Option<Allowed<'_>>) -> Proposal {
    let lower = text.to_lowercase();
    let ws = words(&lower);
    // The distinct words, sorted: whether any word starts with a stem is a range look-up, so
    // a stem absent from the text costs no pass over it (a long text repeats its words).
    let distinct: std::collections::BTreeSet<&str> = ws.iter().map(|(_, w)| *w).collect();
    let has_prefix = |p: &str| {
        distinct
            .range::<str, _>((std::ops::Bound::Included(p), std::ops::Bound::Unbounded))
            .next()
            .is_some_and(|w| w.starts_with(p))
    };
    let has = |list: &[&str]| list.iter().any(|p| has_prefix(p));
    let mut tags: Vec<Suggestion> = Vec::new();
    for (facet, value, stems) in LEXICON {
        if allowed.is_some_and(|f| !f(facet, value)) {
            continue;
        }
        let ctx = CONTEXTS
            .iter()
            .find(|c| c.facet == *facet && c.value == *value);
        if let Some(c) = ctx
            && ((!c.needs.is_empty() && !has(c.needs)) || has(c.unless))
        {
            continue;
        }
        let hit = stems.iter().find_map(|stem| {
            let parts: Vec<&str> = stem.split(' ').collect();
            let (last, before) = parts.split_last()?;
            if !has_prefix(last) || before.iter().any(|p| !distinct.contains(p)) {
                return None;
            }
            ws.iter().enumerate().find_map(|(k, (at, w))| {
                let n = parts.len();
                let ok =
                    parts.iter().enumerate().all(|(j, p)| {
                        ws.get(k + j).is_some_and(|(_, x)| {
                            if j + 1 == n { x.starts_with(p) } else { x == p }
                        })
                    });
                if !ok {
                    return None;
                }
                if *facet == "conduct"
                    && ws
                        .get(k.saturating_sub(2)..k)
                        .unwrap_or_default()
                        .iter()
                        .any(|(_, x)| WHOSE.iter().any(|p| x.starts_with(p)))
                {
                    return None;
                }
                if let Some(c) = ctx {
                    if c.except.iter().any(|e| w.starts_with(e)) {
                        return None;
                    }
                    let near = k.saturating_sub(3)..(k + n + 3).min(ws.len());
                    let close = ws
                        .get(near)
                        .unwrap_or_default()
                        .iter()
                        .any(|(_, x)| c.not_near.iter().any(|p| x.starts_with(p)));
                    if close {
                        return None;
                    }
                }
                let end = ws
                    .get(k + n - 1)
                    .map_or(*at + w.len(), |(a, x)| a + x.len());
                lower.get(*at..end).map(str::to_string)
            })
        });
        if let Some(trigger) = hit {
            tags.push(Suggestion {
                facet,
                value,
                trigger,
            });
        }
    }
    let penalty = penalty(&lower, &ws);
    // A text that orders confiscation and states no penalty is a confiscation rule.
    let confiscation = has(CONFISCATION);
    if confiscation && penalty.is_none() {
        tags.clear();
    }
    let conduct = tags.iter().any(|t| t.facet == "conduct");
    // An offence is intentional unless it says otherwise: where the text reads like an offence
    // (a conduct was found) and names no negligence, intent is proposed.
    let mental = tags.iter().any(|t| t.facet == "mental");
    if conduct && !mental && allowed.is_none_or(|f| f("mental", "intent")) {
        tags.push(Suggestion {
            facet: "mental",
            value: "intent",
            trigger: INTENT_BY_DEFAULT.to_string(),
        });
    }
    Proposal { tags, penalty }
}

fn number(w: &str) -> Option<u32> {
    if let Ok(n) = w.parse::<u32>() {
        return (n <= 100).then_some(n);
    }
    let table: &[(&[&str], u32)] = &[
        (
            &[
                "една",
                "еден",
                "едно",
                "једне",
                "један",
                "једну",
                "jedne",
                "jedan",
                "jednu",
                "një",
                "one",
            ],
            1,
        ),
        (
            &["две", "два", "двије", "dvije", "dve", "dva", "dy", "two"],
            2,
        ),
        (&["три", "tri", "tre", "three"], 3),
        (&["четири", "četiri", "cetiri", "katër", "kater", "four"], 4),
        (&["пет", "pet", "pesë", "pese", "five"], 5),
        (&["шест", "šest", "sest", "gjashtë", "gjashte", "six"], 6),
        (&["седум", "седам", "sedam", "shtatë", "shtate", "seven"], 7),
        (&["осум", "осам", "osam", "tetë", "tete", "eight"], 8),
        (&["девет", "devet", "nëntë", "nente", "nine"], 9),
        (&["десет", "deset", "dhjetë", "dhjete", "ten"], 10),
        (
            &["дванаесет", "дванаест", "dvanaest", "dymbëdhjetë", "twelve"],
            12,
        ),
        (
            &[
                "петнаесет",
                "петнаест",
                "petnaest",
                "pesëmbëdhjetë",
                "fifteen",
            ],
            15,
        ),
        (&["дваесет", "двадесет", "dvadeset", "njëzet", "twenty"], 20),
        (
            &["триесет", "тридесет", "trideset", "tridhjetë", "thirty"],
            30,
        ),
        (
            &["четириесет", "четрдесет", "četrdeset", "dyzet", "forty"],
            40,
        ),
    ];
    table
        .iter()
        .find(|(ws, _)| ws.contains(&w))
        .map(|(_, n)| *n)
}

fn unit(w: &str) -> Option<char> {
    const Y: &[&str] = &[
        "години",
        "година",
        "годину",
        "године",
        "godina",
        "godine",
        "godinu",
        "vjet",
        "vite",
        "vit",
        "years",
        "year",
    ];
    const M: &[&str] = &[
        "месеци",
        "месец",
        "месеца",
        "мјесеци",
        "mjeseci",
        "mjesec",
        "mjeseca",
        "meseci",
        "mesec",
        "meseca",
        "muaj",
        "months",
        "month",
    ];
    const D: &[&str] = &[
        "дена", "ден", "дана", "dana", "dan", "ditë", "dite", "days", "day",
    ];
    if Y.contains(&w) {
        Some('y')
    } else if M.contains(&w) {
        Some('m')
    } else if D.contains(&w) {
        Some('d')
    } else {
        None
    }
}

/// A term of a penalty found in the text: where it starts and ends (word indices) and its
/// `.law` spelling.
struct Term {
    from: usize,
    to: usize,
    law: String,
}

const PRISON: &[&str] = &["затвор", "zatvor", "burgim", "imprisonment"];
const FINE: &[&[&str]] = &[
    &["парична", "казна"],
    &["парична", "казни"],
    &["паричната", "казна"],
    &["новчаном", "казном"],
    &["новчана", "казна"],
    &["novčanom", "kaznom"],
    &["novčana", "kazna"],
    &["novcanom", "kaznom"],
    &["gjobë"],
    &["gjobe"],
    &["fine"],
];
const LIFE: &[&str] = &[
    "доживотен",
    "доживотни",
    "доживотним",
    "doživotni",
    "doživotnim",
    "doživotnog",
    "përjetshëm",
    "life",
];
const FROM: &[&str] = &["од", "od", "nga", "from"];
const TO: &[&str] = &["до", "do", "deri", "to"];
const AT_LEAST: &[&[&str]] = &[
    &["најмалку"],
    &["најмање"],
    &["najmanje"],
    &["jo", "më", "pak", "se"],
    &["at", "least"],
    &["не", "помалку", "од"],
];
const OR: &[&str] = &["или", "ili", "ose", "or"];

/// A duration at word `k`: a number and its unit; the unit may come only after a later number
/// ("од три до десет години"), so `fallback` is used when this number has none.
fn duration(
    ws: &[(usize, &str)],
    k: usize,
    fallback: Option<char>,
) -> Option<(String, usize, Option<char>)> {
    let n = number(ws.get(k)?.1)?;
    let u = ws.get(k + 1).and_then(|(_, w)| unit(w));
    let (u, next) = match u {
        Some(u) => (Some(u), k + 2),
        None => (fallback, k + 1),
    };
    Some((format!("{n}{}", u.unwrap_or('?')), next, u))
}

fn penalty(lower: &str, ws: &[(usize, &str)]) -> Option<(String, String)> {
    let mut terms: Vec<Term> = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        let w = ws.get(k).map_or("", |(_, w)| *w);
        if LIFE.contains(&w) {
            let mut to = k + 1;
            if ws.get(to).is_some_and(|(_, x)| {
                PRISON.iter().any(|p| x.starts_with(p)) || *x == "imprisonment"
            }) {
                to += 1;
            }
            terms.push(Term {
                from: k,
                to,
                law: "life".into(),
            });
            k = to;
            continue;
        }
        if let Some(f) = FINE.iter().find(|f| {
            f.iter()
                .enumerate()
                .all(|(j, p)| ws.get(k + j).is_some_and(|(_, x)| x == p))
        }) {
            terms.push(Term {
                from: k,
                to: k + f.len(),
                law: "fine".into(),
            });
            k += f.len();
            continue;
        }
        if PRISON.iter().any(|p| w.starts_with(p)) && !w.starts_with("затворениц") {
            // The range within the next words.
            let mut j = k + 1;
            // Skip filler words ("казна затвор", "со", "me", "in").
            while ws.get(j).is_some_and(|(_, x)| {
                ["со", "sa", "me", "në", "of", "for", "a", "term"].contains(x)
            }) {
                j += 1;
            }
            let here = ws.get(j).map_or("", |(_, x)| *x);
            let mut law = None;
            let mut to = j;
            if FROM.contains(&here) {
                // "од A до B": B's unit may stand for A's too.
                let b_at = (j + 2..j + 5).find(|&t| ws.get(t).is_some_and(|(_, x)| TO.contains(x)));
                if let Some(b_at) = b_at {
                    let b_start = if ws.get(b_at + 1).is_some_and(|(_, x)| *x == "në") {
                        b_at + 2
                    } else {
                        b_at + 1
                    };
                    let bu = ws.get(b_start + 1).and_then(|(_, x)| unit(x));
                    if let (Some((a, _, _)), Some((b, end, _))) =
                        (duration(ws, j + 1, bu), duration(ws, b_start, None))
                    {
                        law = Some(format!("prison {a}..{b}"));
                        to = end;
                    }
                }
            } else if TO.contains(&here) {
                let start = if ws.get(j + 1).is_some_and(|(_, x)| *x == "në") {
                    j + 2
                } else {
                    j + 1
                };
                if let Some((b, end, _)) = duration(ws, start, None) {
                    law = Some(format!("prison ..{b}"));
                    to = end;
                }
            } else if let Some(a) = AT_LEAST.iter().find(|a| {
                a.iter()
                    .enumerate()
                    .all(|(i, p)| ws.get(j + i).is_some_and(|(_, x)| x == p))
            }) && let Some((m, end, _)) = duration(ws, j + a.len(), None)
            {
                law = Some(format!("prison {m}.."));
                to = end;
            }
            if let Some(law) = law.filter(|l| !l.contains('?')) {
                terms.push(Term { from: k, to, law });
                k = to;
                continue;
            }
        }
        k += 1;
    }
    let first = terms.first()?;
    let mut law = first.law.clone();
    for pair in terms.windows(2) {
        let [a, b] = pair else { continue };
        // Terms of one penalty stand close together.
        if b.from > a.to + 4 {
            break;
        }
        let between: Vec<&str> = (a.to..b.from)
            .filter_map(|i| ws.get(i).map(|(_, w)| *w))
            .collect();
        law.push_str(if between.iter().any(|w| OR.contains(w)) {
            " or "
        } else {
            " + "
        });
        law.push_str(&b.law);
    }
    let last_to = terms
        .iter()
        .zip(terms.iter().skip(1))
        .take_while(|(a, b)| b.from <= a.to + 4)
        .last()
        .map_or(first.to, |(_, b)| b.to);
    let start = ws.get(first.from).map_or(0, |(a, _)| *a);
    let end = ws
        .get(last_to.saturating_sub(1))
        .map_or(lower.len(), |(a, w)| a + w.len());
    Some((law, lower.get(start..end).unwrap_or("").to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pen(s: &str) -> Option<String> {
        suggest(s, None).penalty.map(|p| p.0)
    }

    #[test]
    fn penalties_in_the_languages_of_the_region() {
        assert_eq!(
            pen("ќе се казни со затвор од три до десет години.").as_deref(),
            Some("prison 3y..10y")
        );
        assert_eq!(
            pen("kaznit će se zatvorom od jedne do pet godina").as_deref(),
            Some("prison 1y..5y")
        );
        assert_eq!(
            pen("dënohet me burgim nga tre deri në dhjetë vjet").as_deref(),
            Some("prison 3y..10y")
        );
        assert_eq!(
            pen("kazniće se zatvorom od šest mjeseci do pet godina.").as_deref(),
            Some("prison 6m..5y")
        );
        assert_eq!(
            pen("kazniće se novčanom kaznom ili zatvorom do jedne godine.").as_deref(),
            Some("fine or prison ..1y")
        );
        assert_eq!(
            pen("ќе се казни со затвор најмалку четири години").as_deref(),
            Some("prison 4y..")
        );
        assert_eq!(
            pen("ќе се казни со затвор најмалку десет години или со доживотен затвор.").as_deref(),
            Some("prison 10y.. or life")
        );
        assert_eq!(
            pen("ќе се казни со парична казна.").as_deref(),
            Some("fine")
        );
        assert_eq!(
            pen("kazniće se zatvorom od jedne do osam godina i novčanom kaznom").as_deref(),
            Some("prison 1y..8y + fine")
        );
        assert_eq!(pen("Тој што ќе изработи оружје"), None);
    }

    #[test]
    fn tags_with_their_triggers() {
        let p = suggest(
            "Тој што неовластено изработува, држи или тргува со огнено оружје, муниција или експлозив",
            None,
        );
        let got: Vec<(&str, &str, &str)> = p
            .tags
            .iter()
            .map(|s| (s.facet, s.value, s.trigger.as_str()))
            .collect();
        assert!(
            got.contains(&("conduct", "manufacture", "изработува")),
            "{got:?}"
        );
        assert!(got.contains(&("conduct", "possess", "држи")), "{got:?}");
        assert!(got.contains(&("object", "firearm", "оружје")), "{got:?}");
        assert!(
            got.contains(&("object", "ammunition", "муниција")),
            "{got:?}"
        );
        assert!(
            got.contains(&("object", "explosive", "експлозив")),
            "{got:?}"
        );
        assert!(
            got.contains(&("circumstance", "without-licence", "неовластено")),
            "{got:?}"
        );
        // The state is not a holder: "држава" does not trigger possession.
        assert!(suggest("државата", None).tags.is_empty());
        let only_objects = |f: &str, _: &str| f == "object";
        assert!(
            suggest("неовластено оружје", Some(&only_objects))
                .tags
                .iter()
                .all(|s| s.facet == "object")
        );
    }

    #[test]
    fn comments_name_the_triggers() {
        let p = suggest(
            "Ko neovlašćeno drži vatreno oružje kazniće se zatvorom do tri godine.",
            None,
        );
        let lines = p.comment_lines().join("\n");
        assert!(lines.contains("conduct possess   <- \"drži\""), "{lines}");
        assert!(
            lines.contains("penalty prison ..3y   <- \"zatvorom do tri godine\""),
            "{lines}"
        );
    }

    fn values(text: &str) -> Vec<(&'static str, &'static str)> {
        suggest(text, None)
            .tags
            .iter()
            .map(|s| (s.facet, s.value))
            .collect()
    }

    #[test]
    fn intent_is_proposed_for_an_offence_that_names_no_negligence() {
        let got = suggest("Ko neovlašćeno drži vatreno oružje", None);
        let intent = got
            .tags
            .iter()
            .find(|s| s.facet == "mental")
            .expect("a mental element");
        assert_eq!(intent.value, "intent");
        assert_eq!(intent.trigger, INTENT_BY_DEFAULT);
        assert!(
            got.comment_lines()
                .iter()
                .any(|l| l.contains("mental intent   <- (no negligence named")),
            "{:?}",
            got.comment_lines()
        );
        let negligent = values("Ако делото од ставот 1 е сторено од небрежност, ќе држи оружје");
        assert!(
            negligent.contains(&("mental", "negligence")),
            "{negligent:?}"
        );
        assert!(!negligent.contains(&("mental", "intent")), "{negligent:?}");
        // No conduct, no offence: no mental element either.
        assert!(values("оружје").iter().all(|(f, _)| *f != "mental"));
    }

    #[test]
    fn carrying_across_the_customs_line_is_import_and_export_not_movement() {
        let got = values(
            "Ko se bavi prenošenjem robe preko carinske linije izbjegavajući mjere carinskog nadzora",
        );
        for v in [
            ("conduct", "import"),
            ("conduct", "export"),
            ("object", "goods"),
        ] {
            assert!(got.contains(&v), "{got:?}");
        }
        assert!(!got.contains(&("conduct", "move")), "{got:?}");
        assert!(!got.contains(&("conduct", "transfer")), "{got:?}");
        let moved = values("Тој што изработува, продава, купува, пренесува или држи експлозив");
        assert!(moved.contains(&("conduct", "move")), "{moved:?}");
        assert!(moved.contains(&("conduct", "acquire")), "{moved:?}");
    }

    #[test]
    fn use_of_force_and_usable_are_not_a_use_of_weapons() {
        let got = values("prenese robu naoružan, u grupi ili uz upotrebu sile ili prijetnje");
        assert!(!got.contains(&("conduct", "use")), "{got:?}");
        for v in [
            ("requires", "violence"),
            ("requires", "armed"),
            ("requires", "group"),
        ] {
            assert!(got.contains(&v), "{got:?}");
        }
        let usable = values("Ko neovlašćeno učini upotrebljivim deaktivirano vatreno oružje");
        assert!(!usable.contains(&("conduct", "use")), "{usable:?}");
        assert!(usable.contains(&("conduct", "reactivate")), "{usable:?}");
        let prohibited = values("proizvodi oružje čija je upotreba zabranjena");
        assert!(!prohibited.contains(&("conduct", "use")), "{prohibited:?}");
    }

    #[test]
    fn armed_with_a_firearm_is_not_the_object() {
        let got = values("делото го изврши вооружен со огнено оружје или со употреба на сила");
        assert!(got.contains(&("requires", "armed")), "{got:?}");
        assert!(got.contains(&("requires", "violence")), "{got:?}");
        assert!(!got.contains(&("object", "firearm")), "{got:?}");
    }

    #[test]
    fn a_conduct_word_after_whose_describes_the_object() {
        let got = values("oružje čije držanje je građanima zabranjeno");
        assert!(!got.contains(&("conduct", "possess")), "{got:?}");
        assert!(
            got.contains(&("requires", "prohibited-items-only")),
            "{got:?}"
        );
    }

    #[test]
    fn marking_conducts_need_a_marking() {
        let got = values("Ko izbriše, ukloni, izmijeni ili stavi lažne oznake na vatreno oružje");
        for v in [
            "obliterate-marking",
            "remove-marking",
            "alter-marking",
            "falsify-marking",
        ] {
            assert!(got.contains(&("conduct", v)), "{v}: {got:?}");
        }
        assert!(values("Ko ukloni prepreke").is_empty());
    }

    #[test]
    fn a_confiscation_rule_is_not_an_offence() {
        assert!(
            values("Предметите и средствата за нивно изработување, пренесување и растурање ќе се одземат.")
                .is_empty()
        );
        // Proceeds obtained by an offence are not an acquisition of weapons.
        assert!(
            !values("imovinska korist pribavljena krivičnim djelom")
                .contains(&("conduct", "acquire"))
        );
        // An offence that also orders confiscation keeps its suggestions.
        let got =
            values("Ko izrađuje oružje kazniće se zatvorom do tri godine, a oružje će se oduzeti.");
        assert!(got.contains(&("conduct", "manufacture")), "{got:?}");
    }

    #[test]
    fn purpose_of_crime_needs_means_intended_for_it() {
        let got =
            values("изработува оружје за кое знаел дека е наменето за извршување кривично дело");
        assert!(got.contains(&("requires", "purpose-of-crime")), "{got:?}");
        let aid = values("отстранување на пречките за извршување на кривичното дело");
        assert!(!aid.contains(&("requires", "purpose-of-crime")), "{aid:?}");
    }
}
