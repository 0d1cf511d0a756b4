//! How long the diff of two versions of a 2,000-article code takes.
//!
//!     cargo run --release --example diff_speed
//!
//! Three cases: an ordinary amendment (a hundred articles reworded, twenty inserted, twenty
//! repealed, fifty renumbered); every article renumbered, so that every number pairs the wrong
//! units; and every article renumbered and reworded, so that nothing pairs but by similarity.

use std::time::Instant;

use lexgap::amend::diff_acts;
use lexgap::syntax::{format_law, parse_law};

const WORDS: &[&str] = &[
    "whoever",
    "without",
    "authorisation",
    "makes",
    "sells",
    "holds",
    "firearms",
    "parts",
    "ammunition",
    "explosive",
    "substances",
    "shall",
    "be",
    "punished",
    "by",
    "imprisonment",
    "for",
    "a",
    "term",
    "of",
    "years",
    "the",
    "offence",
    "in",
    "paragraph",
    "committed",
    "group",
];

/// A pseudo-random word sequence, deterministic in `seed`.
fn words(seed: u64, n: usize) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            WORDS[(x % WORDS.len() as u64) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(number: &str, seed: u64) -> String {
    let mut s = format!("article {number} \"Article {seed}\"\n");
    for p in 1..=3 {
        s.push_str(&format!(
            "  para {p}\n    text en: {}.\n    offence\n      conduct sell, possess\n      object firearm\n      penalty prison 1y..{}y\n",
            words(seed * 10 + p, 40),
            1 + (seed + p) % 10
        ));
    }
    s
}

const HEAD: &str = "act criminal-code \"Criminal Code\"\n  jurisdiction XX\n  version 2020-01-01\n  source \"G\"\n  language en\n  rendering unofficial\n\n";

fn main() {
    let n: u64 = 2000;
    let v1: String = HEAD.to_string()
        + &(1..=n)
            .map(|i| article(&i.to_string(), i))
            .collect::<String>();
    // An ordinary amendment.
    let mut v2 = HEAD.to_string();
    for i in 1..=n {
        if i % 200 == 0 {
            continue; // repealed
        }
        let number = if (1000..1050).contains(&i) {
            format!("{i}a")
        } else {
            i.to_string()
        };
        let seed = if i % 20 == 0 { i + 100_000 } else { i };
        let mut a = article(&number, i);
        if seed != i {
            a = a
                .replacen("whoever", "any person who", 1)
                .replacen("years", "months", 1);
            a = a.replace("penalty prison 1y..", "penalty prison 2y..");
        }
        v2.push_str(&a);
        if i % 100 == 0 {
            v2.push_str(&article(&format!("{i}-new"), i + 500_000));
        }
    }
    // Every article renumbered (a new article 1 shifts all the others by one).
    let v3: String = HEAD.to_string()
        + &article("1", 900_000)
        + &(1..=n)
            .map(|i| article(&(i + 1).to_string(), i))
            .collect::<String>();

    // Worst of all: every article renumbered and reworded, so nothing pairs by number or by
    // identical content, and everything goes to the similarity comparison.
    let v4: String = HEAD.to_string()
        + &article("1", 900_000)
        + &(1..=n)
            .map(|i| article(&(i + 1).to_string(), i).replacen("whoever", "any person who", 1))
            .collect::<String>();

    let t = Instant::now();
    let (a, _) = parse_law(&v1);
    let (b, _) = parse_law(&v2);
    let (c, _) = parse_law(&v3);
    let (e, _) = parse_law(&v4);
    println!(
        "parsed four versions of {n} articles ({} KiB each) in {:?}",
        format_law(&a).len() / 1024,
        t.elapsed()
    );

    for (name, new) in [
        ("ordinary amendment", &b),
        ("every article renumbered", &c),
        ("every article renumbered and reworded", &e),
    ] {
        let t = Instant::now();
        let d = diff_acts(Some(&a), Some(new));
        let took = t.elapsed();
        println!(
            "{name}: {} changed units ({:?}) in {took:?}",
            d.units.len(),
            d.counts
        );
    }
}
