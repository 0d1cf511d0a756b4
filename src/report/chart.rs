//! Geometry of the KPI trend chart, drawn by the template as inline SVG.
//!
//! The numbers are computed here, in integers, so templates need no arithmetic and the SVG is
//! the same bytes on every machine. The x axis is proportional to time (version dates are
//! irregular, and equal spacing would misstate the pace of change); each line has its own dash
//! pattern and marker so the chart reads in black and white; end labels are pushed apart so
//! jurisdictions with the same value stay legible.
//!
//! A world-scale corpus (hundreds of jurisdictions, a version date every few days) would make a
//! chart no one can read and megabytes of SVG: past [`MAX_TREND_DATES`] dates the trend keeps
//! the last date of each year ([`sample_dates`]), and past [`MAX_LINES`] jurisdictions the
//! chart draws the regional mean alone, the table under it keeping every jurisdiction's values.

use super::view::{ChartFrame, Trend, TrendSeries};
use crate::date::Date;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 320;
const LEFT: u32 = 44;
const RIGHT: u32 = 190;
const TOP: u32 = 14;
const BOTTOM: u32 = 40;
/// Most dates the trend shows one by one. A version date every few days, over years, would give
/// a table of thousands of rows and lines of thousands of points; past this the trend keeps
/// the last date of each year (see [`sample_dates`]).
pub const MAX_TREND_DATES: usize = 40;
/// Most jurisdictions drawn as lines: 9 colours and 9 dash patterns, and end labels 13 px
/// apart on a 266 px high plot, stay distinguishable up to about this many. Past it the chart
/// shows the regional mean alone; every jurisdiction's values stay in the table.
pub const MAX_LINES: usize = 12;
/// Least vertical distance between two end labels.
const LABEL_GAP: u32 = 13;

/// Dash patterns (SVG `stroke-dasharray`), one per line, repeated if there are more lines.
const DASHES: [&str; 9] = [
    "",
    "7 4",
    "2 3",
    "10 3 2 3",
    "4 2",
    "12 4",
    "1 4",
    "6 2 1 2 1 2",
    "3 6",
];

/// Line colours (Okabe–Ito, distinguishable with the common colour-vision deficiencies).
const COLOURS: [&str; 9] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#6f6f6f",
    "#a6a600",
];

/// Days since 0000-03-01 in the proleptic Gregorian calendar (only differences matter).
fn day_number(d: Date) -> i64 {
    let (y, m) = if d.month() <= 2 {
        (i64::from(d.year()) - 1, i64::from(d.month()) + 9)
    } else {
        (i64::from(d.year()), i64::from(d.month()) - 3)
    };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + i64::from(d.day()) - 1
}

/// The dates a trend shows, of `dates` (ascending): all of them up to [`MAX_TREND_DATES`];
/// beyond, the last date of each calendar year — a KPI is constant between two version dates,
/// so this is each jurisdiction's KPI as the year's changes left it — and, if that is still too
/// many, every n-th of those, counting back from the last. The last date (the report's) is
/// always kept.
pub fn sample_dates(dates: &[Date]) -> Vec<Date> {
    if dates.len() <= MAX_TREND_DATES {
        return dates.to_vec();
    }
    let mut year_ends: Vec<Date> = Vec::new();
    for d in dates {
        match year_ends.last_mut() {
            Some(last) if last.year() == d.year() => *last = *d,
            _ => year_ends.push(*d),
        }
    }
    if year_ends.len() <= MAX_TREND_DATES {
        return year_ends;
    }
    let n = year_ends.len();
    let stride = n.div_ceil(MAX_TREND_DATES);
    year_ends
        .into_iter()
        .enumerate()
        .filter(|(i, _)| (n - 1 - i).is_multiple_of(stride))
        .map(|(_, d)| d)
        .collect()
}

/// Lays out the trend: `dates` ascending, `series` as (id, name, value per date). Past
/// [`MAX_LINES`] series, only the mean is drawn.
pub fn trend(dates: &[Date], series: Vec<(String, String, Vec<Option<u32>>)>) -> Trend {
    let drawn = series.len() <= MAX_LINES;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let first = dates.first().map_or(0, |d| day_number(*d));
    let last = dates.last().map_or(0, |d| day_number(*d));
    let span = last - first;
    let xs: Vec<u32> = dates
        .iter()
        .map(|d| {
            if span <= 0 {
                LEFT + plot_w / 2
            } else {
                let off = (day_number(*d) - first) * i64::from(plot_w) / span;
                LEFT + u32::try_from(off).unwrap_or(0)
            }
        })
        .collect();
    let y_of = |v: u32| TOP + plot_h - v.min(100) * plot_h / 100;

    let line = |i: usize, id: String, name: String, values: Vec<Option<u32>>| {
        let markers: Vec<(u32, u32)> = values
            .iter()
            .zip(&xs)
            .filter_map(|(v, x)| v.map(|v| (*x, y_of(v))))
            .collect();
        let points = markers
            .iter()
            .map(|(x, y)| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" ");
        let (label_y, has) = markers.last().map_or((TOP, false), |(_, y)| (*y + 4, true));
        TrendSeries {
            id,
            name,
            values,
            points,
            dash: DASHES
                .get(i % DASHES.len())
                .copied()
                .unwrap_or("")
                .to_string(),
            colour: COLOURS
                .get(i % COLOURS.len())
                .copied()
                .unwrap_or("#000")
                .to_string(),
            markers,
            label_x: if has { WIDTH - RIGHT + 8 } else { 0 },
            label_y,
        }
    };
    let mut out: Vec<TrendSeries> = series
        .into_iter()
        .enumerate()
        .map(|(i, (id, name, values))| {
            let mut s = line(i, id, name, values);
            if !drawn {
                // Nothing to draw: the template skips a series without points.
                s.points = String::new();
                s.markers = Vec::new();
                s.label_x = 0;
            }
            s
        })
        .collect();

    let mean: Vec<Option<u32>> = (0..dates.len())
        .map(|i| {
            let vals: Vec<u32> = out
                .iter()
                .filter_map(|s| s.values.get(i).copied().flatten())
                .collect();
            let n = u32::try_from(vals.len()).unwrap_or(u32::MAX);
            (n > 0).then(|| (vals.iter().sum::<u32>() * 2 + n) / (2 * n))
        })
        .collect();
    let mut mean_line = line(0, "mean".into(), String::new(), mean.clone());
    mean_line.colour = "#1b1f24".into();
    out.push(mean_line);
    spread_labels(&mut out);
    let mean_line = out
        .pop()
        .unwrap_or_else(|| line(0, "mean".into(), String::new(), vec![]));

    Trend {
        dates: dates.iter().map(ToString::to_string).collect(),
        series: out,
        mean,
        mean_line,
        chart: ChartFrame {
            width: WIDTH,
            height: HEIGHT,
            left: LEFT,
            right: WIDTH - RIGHT,
            top: TOP,
            bottom: HEIGHT - BOTTOM,
            y_ticks: [0u32, 25, 50, 75, 100]
                .iter()
                .map(|v| (y_of(*v), format!("{v}\u{a0}%")))
                .collect(),
            x_ticks: {
                let ticks = thin_ticks(&xs, dates);
                let n = ticks.len();
                ticks
                    .into_iter()
                    .enumerate()
                    .map(|(i, (x, l))| (x, l, tick_anchor(i, n).to_string()))
                    .collect()
            },
        },
    }
}

/// Date labels under the axis, dropping any that would overlap the one before (a year-long
/// label needs about 60 px). The last date is always labelled.
fn thin_ticks(xs: &[u32], dates: &[Date]) -> Vec<(u32, String)> {
    let mut ticks: Vec<(u32, String)> = Vec::new();
    for (i, (x, d)) in xs.iter().zip(dates).enumerate() {
        let is_last = i + 1 == xs.len();
        if let Some((px, _)) = ticks.last()
            && x.saturating_sub(*px) < 64
        {
            if is_last {
                ticks.pop();
            } else {
                continue;
            }
        }
        ticks.push((*x, d.to_string()));
    }
    ticks
}

/// Where each x label is anchored: the last one ends at its tick, so it stays clear of the
/// line labels to its right; the first starts at its tick; the others are centred.
pub fn tick_anchor(i: usize, n: usize) -> &'static str {
    if n > 1 && i + 1 == n {
        "end"
    } else if n > 1 && i == 0 {
        "start"
    } else {
        "middle"
    }
}

/// Moves end labels apart vertically, keeping their order, so none overlap.
fn spread_labels(series: &mut [TrendSeries]) {
    let mut order: Vec<usize> = (0..series.len())
        .filter(|i| series.get(*i).is_some_and(|s| s.label_x > 0))
        .collect();
    order.sort_by_key(|i| {
        series
            .get(*i)
            .map_or((0, String::new()), |s| (s.label_y, s.id.clone()))
    });
    let mut prev: Option<u32> = None;
    for i in &order {
        if let Some(s) = series.get_mut(*i) {
            if let Some(p) = prev
                && s.label_y < p + LABEL_GAP
            {
                s.label_y = p + LABEL_GAP;
            }
            prev = Some(s.label_y);
        }
    }
    // Pushed below the plot: pull the bottom one up to the axis and the others up behind it.
    let limit = HEIGHT - BOTTOM + 4;
    let mut next: Option<u32> = None;
    for i in order.iter().rev() {
        if let Some(s) = series.get_mut(*i) {
            let cap = next.map_or(limit, |n| n.saturating_sub(LABEL_GAP));
            if s.label_y > cap {
                s.label_y = cap;
            }
            next = Some(s.label_y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn x_is_proportional_to_time() {
        let t = trend(
            &[d("2020-01-01"), d("2021-01-01"), d("2024-01-01")],
            vec![("A".into(), "A".into(), vec![Some(0), Some(50), Some(100)])],
        );
        let m = &t.series[0].markers;
        assert_eq!(m[0].0, LEFT);
        assert_eq!(m[2].0, WIDTH - RIGHT);
        let quarter = (WIDTH - RIGHT - LEFT) / 4;
        assert!(m[1].0.abs_diff(LEFT + quarter) <= 1, "{m:?}");
        assert_eq!(m[2].1, TOP);
        assert_eq!(m[0].1, HEIGHT - BOTTOM);
    }

    #[test]
    fn equal_end_values_get_separate_labels() {
        let t = trend(
            &[d("2020-01-01")],
            vec![
                ("A".into(), "A".into(), vec![Some(50)]),
                ("B".into(), "B".into(), vec![Some(50)]),
                ("C".into(), "C".into(), vec![None]),
            ],
        );
        let a = t.series[0].label_y;
        let b = t.series[1].label_y;
        assert!(b >= a + LABEL_GAP, "{a} {b}");
        assert_eq!(t.series[2].label_x, 0);
        assert_eq!(t.mean, vec![Some(50)]);
        let m = t.mean_line.label_y;
        assert!(
            m.abs_diff(a) >= LABEL_GAP && m.abs_diff(b) >= LABEL_GAP,
            "{a} {b} {m}"
        );
    }

    #[test]
    fn labels_stay_inside_the_picture() {
        let series = (0..10)
            .map(|i| (format!("J{i}"), format!("J{i}"), vec![Some(0)]))
            .collect();
        let t = trend(&[d("2020-01-01")], series);
        let mut ys: Vec<u32> = t.series.iter().map(|s| s.label_y).collect();
        ys.push(t.mean_line.label_y);
        ys.sort();
        assert!(*ys.last().unwrap() <= HEIGHT - BOTTOM + 4, "{ys:?}");
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= LABEL_GAP), "{ys:?}");
    }

    #[test]
    fn few_dates_are_all_kept() {
        let dates: Vec<Date> = (0..MAX_TREND_DATES)
            .map(|i| Date::from_unix_days(i as i64 * 3))
            .collect();
        assert_eq!(sample_dates(&dates), dates);
    }

    #[test]
    fn many_dates_keep_each_years_last_and_the_last() {
        // A date every 5 days for 10 years.
        let dates: Vec<Date> = (0..730)
            .map(|i| Date::from_unix_days(10_957 + i * 5))
            .collect();
        let kept = sample_dates(&dates);
        assert_eq!(kept.last(), dates.last());
        assert_eq!(kept.len(), 10, "{kept:?}");
        for k in &kept {
            let last_of_year = dates.iter().filter(|d| d.year() == k.year()).max();
            assert_eq!(last_of_year, Some(k));
        }
        // Over a century, every n-th year-end, still ending on the last date.
        let dates: Vec<Date> = (0..200).map(|i| Date::from_unix_days(i * 200)).collect();
        let kept = sample_dates(&dates);
        assert!(kept.len() <= MAX_TREND_DATES, "{}", kept.len());
        assert_eq!(kept.last(), dates.last());
    }

    #[test]
    fn many_series_draw_the_mean_alone() {
        let series = |n: usize| -> Vec<(String, String, Vec<Option<u32>>)> {
            (0..n)
                .map(|i| (format!("J{i}"), format!("J{i}"), vec![Some(10), Some(20)]))
                .collect()
        };
        let dates = [d("2020-01-01"), d("2021-01-01")];
        let few = trend(&dates, series(MAX_LINES));
        assert!(few.series.iter().all(|s| !s.points.is_empty()));
        let many = trend(&dates, series(MAX_LINES + 1));
        assert!(
            many.series
                .iter()
                .all(|s| s.points.is_empty() && s.markers.is_empty())
        );
        assert_eq!(many.series[0].values, vec![Some(10), Some(20)]);
        assert!(!many.mean_line.points.is_empty());
        assert_eq!(many.mean, vec![Some(10), Some(20)]);
    }

    #[test]
    fn crowded_dates_keep_the_last_label() {
        let t = trend(&[d("2014-01-01"), d("2023-12-01"), d("2023-12-19")], vec![]);
        let labels: Vec<&str> = t.chart.x_ticks.iter().map(|(_, l, _)| l.as_str()).collect();
        assert_eq!(labels, vec!["2014-01-01", "2023-12-19"]);
    }
}
