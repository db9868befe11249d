//! Hand-written SVG charts for the HTML page: horizontal grouped bars and cumulative lines.
//!
//! Geometry is integer arithmetic on cents (no float touches money); every label goes
//! through [`escape`]; every chart is bounded ([`GROUPS_MAX`], [`MONTHS_MAX`]) and says what
//! it left out.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use cercle_core::{Euros, MonthReport};

use crate::html::escape;
use crate::table::{format_euros, group_thousands};
use crate::words::Words;

/// The most groups a bar chart draws (the rest are named in a note).
pub(crate) const GROUPS_MAX: usize = 40;
/// The most months a line chart spans when it fills the gaps between months.
pub(crate) const MONTHS_MAX: usize = 1200;
/// Characters of a bar label before it is cut with `…`.
const LABEL_CHARS_MAX: usize = 28;

const WIDTH: u64 = 960;
const LABEL_WIDTH: u64 = 250;
const RIGHT_MARGIN: u64 = 30;
const BAR_HEIGHT: u64 = 12;
const BAR_GAP: u64 = 2;
const GROUP_GAP: u64 = 12;
const LEGEND_HEIGHT: u64 = 28;
const AXIS_HEIGHT: u64 = 28;

/// One series of a chart: its name (legend) and colour.
#[derive(Clone, Copy)]
pub(crate) struct Series {
    pub(crate) name: &'static str,
    pub(crate) color: &'static str,
}

pub(crate) const ENVELOPE: Series = Series { name: "envelope", color: "#b8c2cf" };
pub(crate) const COMMITTED: Series = Series { name: "committed", color: "#e8a33d" };
pub(crate) const PAID: Series = Series { name: "paid", color: "#2f7d6d" };
pub(crate) const RECEIVED: Series = Series { name: "received", color: "#3867b3" };

impl Series {
    /// Its name in the legend, in the language of `w` (its `name` stays the CSS class).
    pub(crate) fn label(self, w: Words) -> String {
        w.t(&format!("chart-{}", self.name))
    }
}

/// One group of bars: a label and one value per series.
pub(crate) struct Group {
    pub(crate) label: String,
    pub(crate) values: Vec<Euros>,
}

/// Horizontal grouped bars, one group per row, one bar per series.
pub(crate) fn grouped_bars(title: &str, series: &[Series], groups: &[Group], w: Words) -> String {
    let shown = &groups[..groups.len().min(GROUPS_MAX)];
    let rows = u64::try_from(series.len()).unwrap_or(1);
    let group_height = rows * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP;
    let count = u64::try_from(shown.len()).unwrap_or(0);
    let plot_top = LEGEND_HEIGHT;
    let plot_height = (count * group_height).max(group_height);
    let height = plot_top + plot_height + AXIS_HEIGHT;
    let max = shown.iter().flat_map(|g| g.values.iter()).map(|v| v.cents()).max().unwrap_or(0);
    let axis = Axis::new(max);
    let (x0, x1) = (LABEL_WIDTH, WIDTH - RIGHT_MARGIN);
    let mut svg = open(title, height);
    legend(&mut svg, series, x0, w);
    grid_lines(&mut svg, &axis, x0, x1, plot_top, plot_top + plot_height);
    for (index, group) in (0u64..).zip(shown) {
        let top = plot_top + index * group_height + GROUP_GAP / 2;
        let label_y = top + rows * (BAR_HEIGHT + BAR_GAP) / 2 + 4;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{label_y}" text-anchor="end" class="label">{}</text>"#,
            x0 - 8,
            escape(&cut(&group.label))
        );
        for (row, (value, s)) in (0u64..).zip(group.values.iter().zip(series)) {
            let y = top + row * (BAR_HEIGHT + BAR_GAP);
            let width = axis.scale(value.cents(), x1 - x0);
            let _ = write!(
                svg,
                r#"<rect x="{x0}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{}" class="s-{}"><title>{}: {}</title></rect>"#,
                s.color,
                s.name,
                escape(&format!("{} {}", cut(&group.label), s.label(w))),
                escape(&format_euros(*value, "\u{202f}", "\u{a0}"))
            );
        }
    }
    if shown.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{x0}" y="{}" class="note">{}</text>"#,
            plot_top + 20,
            escape(&w.t("chart-nothing-yet"))
        );
    }
    svg.push_str("</svg>");
    if groups.len() > shown.len() {
        let _ = write!(
            svg,
            r#"<p class="note">{}</p>"#,
            escape(&w.f("chart-first-drawn", &[("shown", &shown.len()), ("all", &groups.len())]))
        );
    }
    svg
}

/// Cumulative funds received and paid, month by month, over the ledger's `period` (its first
/// and last entries' dates).
///
/// The time axis runs from the first month with money in or out to the last, within the
/// period: a payout dated outside it (a payout's date is typed by a person; a slip of the year
/// would stretch the axis over decades of flat line) is counted at the period's edge, and a
/// note below the chart names its month.
pub(crate) fn cumulative_lines(
    title: &str,
    months: &[MonthReport],
    period: (NaiveDate, NaiveDate),
    w: Words,
) -> String {
    let (flows, outside) = clamp_months(months, period);
    let (mut received, mut paid) = (0u64, 0u64);
    let mut points: Vec<(String, u64, u64)> = Vec::new();
    for month in fill_months(&flows.keys().copied().collect::<Vec<_>>()) {
        if let Some((r, p)) = flows.get(&month) {
            received = received.saturating_add(*r);
            paid = paid.saturating_add(*p);
        }
        points.push((format!("{:04}-{:02}", month.0, month.1), received, paid));
    }
    let height = LEGEND_HEIGHT + 220 + AXIS_HEIGHT;
    let (x0, x1) = (80, WIDTH - RIGHT_MARGIN);
    let (top, bottom) = (LEGEND_HEIGHT, LEGEND_HEIGHT + 220);
    let axis = Axis::new(received.max(paid));
    let mut svg = open(title, height);
    legend(&mut svg, &[RECEIVED, PAID], x0, w);
    value_axis_left(&mut svg, &axis, x0, x1, top, bottom);
    if points.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" class="note">{}</text>"#,
            x0 + 10,
            top + 20,
            escape(&w.t("chart-no-money-yet"))
        );
        svg.push_str("</svg>");
        return svg;
    }
    let note = outside_note(&outside, period, w);
    let n = u64::try_from(points.len()).unwrap_or(1);
    let x_of = |i: u64| if n == 1 { (x0 + x1) / 2 } else { x0 + i * (x1 - x0) / (n - 1) };
    let y_of = |cents: u64| bottom - axis.scale(cents, bottom - top);
    let label_every = n.div_ceil(12).max(1);
    for (i, (month, _, _)) in (0u64..).zip(&points) {
        if i % label_every == 0 || i == n - 1 {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" text-anchor="middle" class="tick">{}</text>"#,
                x_of(i),
                bottom + 16,
                escape(month)
            );
        }
    }
    for (series, pick) in [(RECEIVED, 1usize), (PAID, 2usize)] {
        let coordinates: Vec<String> = (0u64..)
            .zip(&points)
            .map(|(i, p)| format!("{},{}", x_of(i), y_of(if pick == 1 { p.1 } else { p.2 })))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline fill="none" stroke="{}" stroke-width="2.5" class="s-{}" points="{}"/>"#,
            series.color,
            series.name,
            coordinates.join(" ")
        );
        if n <= 36 {
            for (i, p) in (0u64..).zip(&points) {
                let cents = if pick == 1 { p.1 } else { p.2 };
                let _ = write!(
                    svg,
                    r#"<circle cx="{}" cy="{}" r="3" fill="{}" class="s-{}"><title>{} {}: {}</title></circle>"#,
                    x_of(i),
                    y_of(cents),
                    series.color,
                    series.name,
                    escape(&p.0),
                    series.label(w),
                    escape(&format_euros(Euros::from_cents(cents), "\u{202f}", "\u{a0}"))
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg.push_str(&note);
    svg
}

/// A month, as (year, month), in time order.
type Month = (i32, u32);

/// `YYYY-MM` (the year perhaps signed or longer, as the core writes it) as a [`Month`].
fn parse_month(text: &str) -> Option<Month> {
    let (year, month) = text.rsplit_once('-')?;
    let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    Some((year.parse().ok()?, month))
}

/// The flows of `months` (cents received, cents paid) by month, those outside `period` counted
/// at its nearest edge (a month that does not parse, at its end); and the months so moved.
fn clamp_months(
    months: &[MonthReport],
    period: (NaiveDate, NaiveDate),
) -> (std::collections::BTreeMap<Month, (u64, u64)>, Vec<String>) {
    let (a, b) = ((period.0.year(), period.0.month()), (period.1.year(), period.1.month()));
    let (first, last) = (a.min(b), a.max(b));
    let mut flows = std::collections::BTreeMap::new();
    let mut outside = Vec::new();
    for m in months {
        let parsed = parse_month(&m.month);
        let month = parsed.map_or(last, |month| month.clamp(first, last));
        if parsed != Some(month) {
            outside.push(m.month.clone());
        }
        let flow: &mut (u64, u64) = flows.entry(month).or_default();
        flow.0 = flow.0.saturating_add(m.received.cents());
        flow.1 = flow.1.saturating_add(m.paid.cents());
    }
    (flows, outside)
}

/// What the chart says of flows dated outside the ledger's period (nothing if none).
fn outside_note(outside: &[String], period: (NaiveDate, NaiveDate), w: Words) -> String {
    const NAMED_MAX: usize = 5;
    if outside.is_empty() {
        return String::new();
    }
    let mut named: Vec<&str> = outside.iter().take(NAMED_MAX).map(String::as_str).collect();
    if outside.len() > NAMED_MAX {
        named.push("…");
    }
    let sentence = w.f(
        "chart-outside-period",
        &[
            ("count", &outside.len()),
            ("plural", &w.plural(outside.len())),
            ("from", &period.0),
            ("to", &period.1),
            ("months", &escape(&named.join(", "))),
        ],
    );
    // The sentence is cercle's own (an apostrophe is fine in element content); the months are escaped.
    format!(r#"<p class="note">{sentence}</p>"#)
}

/// Every month from the first to the last of `months` (in time order), or only the given ones
/// when the span is longer than [`MONTHS_MAX`].
fn fill_months(months: &[Month]) -> Vec<Month> {
    let (Some(&first), Some(&last)) = (months.first(), months.last()) else {
        return Vec::new();
    };
    let mut filled = Vec::new();
    let (mut year, mut month) = first;
    while (year, month) <= last {
        if filled.len() >= MONTHS_MAX {
            return months.to_vec();
        }
        filled.push((year, month));
        // (Bounded by MONTHS_MAX, even where the year saturates.)
        (year, month) = if month == 12 { (year.saturating_add(1), 1) } else { (year, month + 1) };
    }
    filled
}

fn open(title: &str, height: u64) -> String {
    format!(
        r#"<svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img"><title>{}</title>"#,
        escape(title)
    )
}

fn legend(svg: &mut String, series: &[Series], x: u64, w: Words) {
    let mut x = x;
    for s in series {
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="8" width="12" height="12" fill="{}" class="s-{}"/><text x="{}" y="18" class="legend">{}</text>"#,
            s.color,
            s.name,
            x + 16,
            escape(&s.label(w))
        );
        x += 110;
    }
}

/// Vertical grid lines with euro labels below, for horizontal bars.
fn grid_lines(svg: &mut String, axis: &Axis, x0: u64, x1: u64, top: u64, bottom: u64) {
    for tick in axis.ticks() {
        let x = x0 + axis.scale(tick, x1 - x0);
        let _ = write!(svg, r#"<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="grid"/>"#);
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{}" text-anchor="middle" class="tick">{}</text>"#,
            bottom + 16,
            escape(&axis.label(tick))
        );
    }
}

/// Horizontal grid lines with euro labels on the left, for lines.
fn value_axis_left(svg: &mut String, axis: &Axis, x0: u64, x1: u64, top: u64, bottom: u64) {
    for tick in axis.ticks() {
        let y = bottom - axis.scale(tick, bottom - top);
        let _ = write!(svg, r#"<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" class="grid"/>"#);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="tick">{}</text>"#,
            x0 - 6,
            y + 4,
            escape(&axis.label(tick))
        );
    }
}

/// The most intervals between ticks of a value axis.
const INTERVALS_MAX: u64 = 8;

/// A value axis from zero to a round maximum just above the data's, in cents: the smallest
/// round step (1, 2, 2.5 or 5 × 10^k) that reaches the data in at most [`INTERVALS_MAX`]
/// intervals: it ends less than a step above the data, and a step is under a quarter of the
/// data (beyond 8 × 10^k cents, the step before it did not reach). With no data, 0 to 1 €.
struct Axis {
    step: u64,
    max: u64,
}

impl Axis {
    fn new(max_value: u64) -> Axis {
        if max_value == 0 {
            return Axis { step: 100, max: 100 };
        }
        let mut power = 1u64;
        loop {
            let steps = [
                Some(power),
                power.checked_mul(2),
                (power >= 10).then(|| power / 10 * 25),
                power.checked_mul(5),
            ];
            for step in steps.into_iter().flatten() {
                if step.saturating_mul(INTERVALS_MAX) >= max_value {
                    return Axis { step, max: step.saturating_mul(max_value.div_ceil(step)) };
                }
            }
            match power.checked_mul(10) {
                Some(next) => power = next,
                None => {
                    let step = max_value.div_ceil(INTERVALS_MAX);
                    return Axis { step, max: step.saturating_mul(INTERVALS_MAX) };
                }
            }
        }
    }

    fn ticks(&self) -> impl Iterator<Item = u64> + '_ {
        (0..=self.max / self.step).map(|i| i * self.step)
    }

    /// `value` (cents) as a length out of `length` pixels.
    fn scale(&self, value: u64, length: u64) -> u64 {
        let scaled = u128::from(value.min(self.max)) * u128::from(length) / u128::from(self.max.max(1));
        u64::try_from(scaled).unwrap_or(length)
    }

    fn label(&self, cents: u64) -> String {
        if self.step.is_multiple_of(100) {
            return format!("{}\u{a0}€", group_thousands(cents / 100, "\u{202f}"));
        }
        format_euros(Euros::from_cents(cents), "\u{202f}", "\u{a0}")
    }
}

fn cut(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS_MAX {
        return label.to_string();
    }
    let mut cut: String = label.chars().take(LABEL_CHARS_MAX - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        let axis = Axis::new(1_345_000); // 13 450 €
        assert_eq!((axis.step, axis.max), (200_000, 1_400_000));
        assert_eq!(axis.label(500_000), "5\u{202f}000\u{a0}€");
        let axis = Axis::new(0);
        assert_eq!((axis.step, axis.max), (100, 100), "no data: 0 to 1 €, not to 1 cent");
        assert_eq!(axis.label(100), "1\u{a0}€");
        assert_eq!(axis.scale(500, 100), 100);
    }

    /// The axis ends just above the data: at most 25% above, at most 8 intervals. (It used to
    /// end up to 50% above: 20 100 € drew an axis to 30 000 €, 10 000,01 € to 15 000 €.)
    #[test]
    fn value_axis_ends_just_above_the_data() {
        assert_eq!(Axis::new(2_010_000).max, 2_500_000);
        assert_eq!(Axis::new(1_000_001).max, 1_200_000);
        assert_eq!(Axis::new(1_000_000).max, 1_000_000);
        assert_eq!(Axis::new(7).max, 7);
        let mut value = 1u64;
        while value < u64::MAX / 3 {
            for v in [value, value + 1, value * 2 + 1, value * 3 - 1] {
                let axis = Axis::new(v);
                assert!(axis.max >= v, "{v}: the axis reaches the data");
                assert!(
                    u128::from(axis.max) * 4 <= u128::from(v) * 5,
                    "{v}: axis to {} is more than 25% above",
                    axis.max
                );
                assert!(axis.max / axis.step <= INTERVALS_MAX, "{v}: {} intervals", axis.max / axis.step);
            }
            value *= 3;
        }
        let top = Axis::new(u64::MAX);
        assert!(top.max >= u64::MAX / 2 && top.step > 0);
    }

    fn flow(m: &str, received: u64, paid: u64) -> MonthReport {
        MonthReport { month: m.into(), received: Euros::from_cents(received), paid: Euros::from_cents(paid) }
    }

    #[test]
    fn months_are_filled_between_first_and_last() {
        assert_eq!(fill_months(&[(2023, 11), (2024, 2)]), [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]);
    }

    /// One payout dated with a slip of the year does not stretch the time axis over decades: it
    /// is counted at the edge of the ledger's period, and named in a note. (The axis used to run
    /// from 1970-01 to 2024-04: 652 months of a flat line, the real data squeezed into 3.)
    #[test]
    fn an_outlier_date_does_not_stretch_the_time_axis() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date");
        let period = (day("2024-01-15"), day("2024-05-01"));
        let months = [flow("1970-01", 0, 10_000), flow("2024-02", 1_000_000, 0), flow("2024-04", 0, 50_000)];
        let (flows, outside) = clamp_months(&months, period);
        assert_eq!(outside, ["1970-01"]);
        assert_eq!(flows.keys().copied().collect::<Vec<_>>(), [(2024, 1), (2024, 2), (2024, 4)]);
        let svg = cumulative_lines("Over time", &months, period, Words::of(crate::i18n::Lang::En));
        let ticks: Vec<&str> = svg
            .split(r#"class="tick">"#)
            .skip(1)
            .filter_map(|t| t.split('<').next())
            .filter(|t| t.starts_with("20") || t.starts_with("19"))
            .collect();
        assert_eq!(ticks, ["2024-01", "2024-02", "2024-03", "2024-04"]);
        assert!(svg.contains("1 month of money in or out dated outside the ledger's period (2024-01-15 to 2024-05-01) is drawn at its nearest edge: 1970-01."));
        // The last point is the whole: 10 000 € received, 600 € paid (the outlier's 100 € too).
        assert!(svg.contains("2024-04 paid: 600,00\u{a0}€"), "{svg}");
        // And within the period, nothing moves, nor is noted.
        let (_, none) = clamp_months(&months[1..], period);
        assert!(none.is_empty());
        assert!(!cumulative_lines("Over time", &months[1..], period, Words::of(crate::i18n::Lang::En))
            .contains("outside"));
    }

    #[test]
    fn months_are_in_time_order_whatever_their_text() {
        assert_eq!(parse_month("2024-03"), Some((2024, 3)));
        assert_eq!(parse_month("10000-01"), Some((10_000, 1)));
        assert_eq!(parse_month("-001-12"), Some((-1, 12)));
        assert_eq!(parse_month("2024-13"), None);
        assert_eq!(parse_month("garbage"), None);
    }
}
