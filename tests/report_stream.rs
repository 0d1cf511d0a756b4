//! `lexgap report regional` reads one jurisdiction at a time (`crate::stream`) and computes the
//! KPI trend from each jurisdiction's steps (`adapt::kpi_steps`). These tests hold it to what the
//! whole model gives: the trend of the analysis at every version date, the JSON and Markdown of
//! the whole-model report set, and the same diagnostics on invalid input.

#[path = "../examples/synth.rs"]
#[allow(dead_code)]
mod synth;

use std::path::Path;

use assert_cmd::Command;

use lexgap::date::Date;
use lexgap::model::Model;
use lexgap::report::adapt;
use lexgap::report::chart;
use lexgap::workspace::{Workspace, load};

fn lexgap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("lexgap").expect("binary built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LEXGAP_WORKSPACE");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = lexgap(dir).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

/// A multi-version world with a sub-jurisdiction (the 20th), assessments, and two acts per
/// jurisdiction whose first versions take effect on different dates (so each jurisdiction's
/// corpus is incomplete for a while).
fn synth_world(dir: &Path) {
    synth::generate(&synth::Config {
        out: dir.to_path_buf(),
        jurisdictions: 21,
        versions: 2,
        articles: 8,
        seed: 7,
        small_amendment: false,
    })
    .expect("generated");
}

fn model_of(ws: &Workspace) -> Model {
    let (files, errors) = ws.input_files();
    assert!(errors.is_empty(), "{errors:?}");
    Model::build(&load(files)).0
}

/// What `report regional` computed before it streamed: every jurisdiction with an analysis on
/// `at`, analysed again at every version date of the whole corpus up to `at`.
fn trend_at_every_date(model: &Model, at: Date) -> (Vec<Date>, Vec<adapt::SeriesValues>) {
    let series: Vec<&String> = model
        .corpus
        .jurisdictions
        .keys()
        .filter(|j| adapt::complete_at(model, j, at) && adapt::analyse(model, j, at).is_some())
        .collect();
    let dates: Vec<Date> = adapt::version_dates(model)
        .into_iter()
        .filter(|d| *d <= at)
        .filter(|d| series.iter().any(|j| adapt::complete_at(model, j, *d)))
        .collect();
    let values = series
        .into_iter()
        .map(|j| {
            let v = dates
                .iter()
                .map(|d| {
                    if adapt::complete_at(model, j, *d) {
                        adapt::kpi_at(model, j, *d)
                    } else {
                        None
                    }
                })
                .collect();
            (j.clone(), v)
        })
        .collect();
    (dates, values)
}

/// The trend from steps, as the streamed report computes it (the last step's KPI taken from the
/// analysis on `at`).
fn trend_from_steps(model: &Model, at: Date) -> (Vec<Date>, Vec<adapt::SeriesValues>) {
    let candidates: Vec<Date> = adapt::version_dates(model)
        .into_iter()
        .filter(|d| *d <= at)
        .collect();
    let series: Vec<(String, Vec<adapt::KpiStep>)> = model
        .corpus
        .jurisdictions
        .keys()
        .filter(|j| adapt::complete_at(model, j, at))
        .filter_map(|j| {
            let row = adapt::analyse_brief(model, j, at)?;
            Some((j.clone(), adapt::kpi_steps(model, j, at, Some(&row))))
        })
        .collect();
    adapt::trend(&candidates, &series)
}

fn assert_same_trend(model: &Model, at: Date) {
    let (all_dates, all_values) = trend_at_every_date(model, at);
    let (dates, values) = trend_from_steps(model, at);
    // The streamed trend shows the dates `sample_dates` keeps; at those, the same values.
    assert_eq!(dates, chart::sample_dates(&all_dates), "at {at}");
    assert_eq!(values.len(), all_values.len(), "at {at}");
    for ((j, v), (j0, v0)) in values.iter().zip(&all_values) {
        assert_eq!(j, j0);
        let expected: Vec<Option<u32>> = dates
            .iter()
            .map(|d| {
                let i = all_dates.iter().position(|x| x == d).expect("a kept date");
                v0[i]
            })
            .collect();
        assert_eq!(v, &expected, "{j} at {at}");
    }
}

#[test]
fn steps_give_the_trend_of_the_analysis_at_every_date_bundled() {
    let model = model_of(&Workspace::bundled());
    let dates = adapt::version_dates(&model);
    assert!(dates.len() >= 5 && dates.len() <= chart::MAX_TREND_DATES);
    // Before, between and after the versions; on a version date itself.
    let mut ats = vec![Date::parse("1999-01-01").unwrap()];
    ats.extend(dates.iter().copied());
    ats.push(Date::parse("2030-01-01").unwrap());
    for at in ats {
        assert_same_trend(&model, at);
    }
    // The test would notice a wrong step: some jurisdiction's KPI changes over time.
    let (_, values) = trend_at_every_date(&model, Date::parse("2030-01-01").unwrap());
    assert!(
        values.iter().any(|(_, v)| {
            let known: Vec<_> = v.iter().flatten().collect();
            known.windows(2).any(|w| w[0] != w[1])
        }),
        "{values:?}"
    );
}

#[test]
fn steps_give_the_trend_of_the_analysis_at_every_date_synthetic() {
    let dir = tempfile::tempdir().expect("temp dir");
    synth_world(dir.path());
    let model = model_of(&Workspace::open(dir.path()).expect("workspace"));
    // A sub-jurisdiction is analysed with its parent's law, whose changes are its steps too.
    let sub = model
        .corpus
        .jurisdictions
        .values()
        .find(|j| j.parent.is_some())
        .expect("a sub-jurisdiction");
    let parent = sub.parent.clone().unwrap_or_default();
    let own = adapt::change_dates(&model, &sub.id);
    assert!(
        adapt::change_dates(&model, &parent)
            .iter()
            .all(|d| own.contains(d))
    );
    let dates = adapt::version_dates(&model);
    assert!(dates.len() > chart::MAX_TREND_DATES, "{}", dates.len());
    // (The bundled test covers dates before, on and between versions.)
    assert_same_trend(&model, Date::LAST);
}

#[test]
fn streamed_regional_json_and_markdown_match_the_whole_model_report_set() {
    for synthetic in [false, true] {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = dir.path().join("ws");
        let args: Vec<&str> = if synthetic {
            synth_world(&ws);
            vec!["--workspace", "ws"]
        } else {
            vec![] // the bundled corpus
        };
        for format in ["json", "md"] {
            let out = format!("set-{format}");
            let set: Vec<&str> = [&args[..], &["report", "--format", format, "-o", &out]].concat();
            assert_eq!(run(dir.path(), &set).0, 0);
            let index =
                std::fs::read_to_string(dir.path().join(&out).join(format!("index.{format}")))
                    .expect("index");
            // The set measures the first instrument the jurisdictions list (the bundled ME, MK
            // and RS list three; `report regional` alone would write one report per instrument).
            let first: &[&str] = if synthetic {
                &[]
            } else {
                &["--instrument", "firearms"]
            };
            let single: Vec<&str> = [
                &args[..],
                &["report", "regional", "--format", format],
                first,
            ]
            .concat();
            let (code, streamed, _) = run(dir.path(), &single);
            assert_eq!(code, 0);
            if format == "json" {
                assert_eq!(streamed, index, "synthetic: {synthetic}");
            } else {
                // The set's index links each row to its gap report; the trend is the same.
                let trend = |s: &str| {
                    let from = s.find("## Trend").expect("a trend section");
                    let to = s[from..].find("\n<a id=").map_or(s.len(), |i| from + i);
                    s[from..to].to_string()
                };
                assert_eq!(trend(&streamed), trend(&index), "synthetic: {synthetic}");
                // A gap report and an amendment review load one jurisdiction (with its
                // ancestors' acts): the same bytes as the set's, made from the whole model.
                let sub = if synthetic { "AS-AT" } else { "BA-FBIH" };
                let gap = [&args[..], &["report", "gap", sub, "--format", "md"]].concat();
                let (code, alone, _) = run(dir.path(), &gap);
                assert_eq!(code, 0);
                let in_set =
                    std::fs::read_to_string(dir.path().join(&out).join(format!("gap-{sub}.md")))
                        .expect("the set's gap report");
                assert_eq!(alone, in_set, "gap {sub}");
                let review = std::fs::read_dir(dir.path().join(&out))
                    .expect("set")
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with("amendment-"))
                    .min()
                    .expect("an amendment review");
                // amendment-<J>-<from>-<to>.md, J possibly with a hyphen.
                let stem = review.trim_end_matches(".md");
                let to = &stem[stem.len() - 10..];
                let from = &stem[stem.len() - 21..stem.len() - 11];
                let j = &stem["amendment-".len()..stem.len() - 22];
                let amend = [
                    &args[..],
                    &[
                        "report",
                        "amendment",
                        j,
                        "--from",
                        from,
                        "--to",
                        to,
                        "--format",
                        "md",
                    ],
                ]
                .concat();
                let (code, alone, err) = run(dir.path(), &amend);
                assert_eq!(code, 0, "{err}");
                let in_set = std::fs::read_to_string(dir.path().join(&out).join(&review))
                    .expect("the set's review");
                assert_eq!(alone, in_set, "{review}");
            }
        }
    }
}

#[test]
fn invalid_input_is_reported_as_by_the_whole_model_and_the_report_still_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    synth_world(dir.path());
    // A syntax error in one act version, and a jurisdiction file that is not YAML.
    let codes = dir.path().join("codes");
    let mut laws: Vec<_> = walk(&codes)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "law"))
        .collect();
    laws.sort();
    // The middle act version whose article 2 has a title (an untitled `article 2` line has no
    // space to break): the generator decides which acts have titles.
    let (law, text) = laws
        .iter()
        .skip(laws.len() / 2)
        .chain(laws.iter())
        .map(|p| (p.clone(), std::fs::read_to_string(p).expect("read")))
        .find(|(_, t)| t.contains("\narticle 2 "))
        .expect("a law with a titled article 2");
    let broken = text.replacen("\narticle 2 ", "\narticle 2 2 ", 1);
    assert_ne!(broken, text);
    std::fs::write(&law, broken).expect("write");
    let yaml = codes.join("AC/jurisdiction.yaml");
    let text = std::fs::read_to_string(&yaml).expect("read");
    std::fs::write(&yaml, format!("{text}parent: [\n")).expect("write");

    let (code, stdout, streamed) = run(
        dir.path(),
        &["report", "regional", "-o", "r.md", "--format", "md"],
    );
    assert_eq!(code, 1, "{streamed}");
    assert!(stdout.contains("wrote r.md"), "{stdout}");
    assert!(dir.path().join("r.md").is_file());
    assert!(
        streamed.contains("codes/AC/jurisdiction.yaml:"),
        "{streamed}"
    );
    assert!(
        streamed.contains("error: the input has 2 errors"),
        "{streamed}"
    );
    // The whole-model path (the report set) reports the same errors, in the same words; a gap
    // report those of the files it reads (the jurisdiction's, its ancestors', the instrument),
    // in the same words.
    let (code, _, whole) = run(dir.path(), &["report", "-o", "set", "--format", "md"]);
    assert_eq!(code, 1);
    assert_eq!(streamed, whole);
    let rel = law
        .strip_prefix(dir.path())
        .expect("in the workspace")
        .to_string_lossy()
        .replace('\\', "/");
    let j = rel.split('/').nth(1).expect("codes/J/…").to_string();
    for (j, file) in [
        (j.as_str(), rel.as_str()),
        ("AC", "codes/AC/jurisdiction.yaml"),
    ] {
        let (code, _, gap) = run(
            dir.path(),
            &["report", "gap", j, "-o", "g.md", "--format", "md"],
        );
        assert_eq!(code, 1, "{gap}");
        assert!(gap.contains(&format!("{file}:")), "{gap}");
        for line in gap
            .lines()
            .filter(|l| l.starts_with("error[") || l.contains("--> "))
        {
            assert!(whole.contains(line), "{line}");
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The streamed path keeps the whole-model path's guard: no output over a file it read (an act,
/// the manifest, a template).
#[test]
fn streamed_regional_never_writes_over_an_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ws");
    for p in walk(&fixture) {
        let rel = p.strip_prefix(&fixture).expect("inside");
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("mkdir");
        std::fs::copy(&p, &to).expect("copy");
    }
    let t = dir.path().join("mine");
    std::fs::create_dir_all(&t).expect("mkdir");
    std::fs::write(t.join("style.css"), "body{}").expect("write");
    for target in [
        "codes/XX/criminal-code/2021-06-01.law",
        "lexgap.toml",
        "mine/style.css",
    ] {
        let before = std::fs::read(dir.path().join(target)).expect("read");
        let (code, _, stderr) = run(
            dir.path(),
            &["report", "regional", "--templates", "mine", "-o", target],
        );
        assert_eq!(code, 2, "{target}: {stderr}");
        assert!(stderr.contains("never writes over its input"), "{stderr}");
        assert_eq!(
            std::fs::read(dir.path().join(target)).expect("read"),
            before
        );
    }
    let (code, _, _) = run(dir.path(), &["report", "regional", "-o", "r.html"]);
    assert_eq!(code, 0);
}
