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

/// One group of bars: a label and one value per series.
pub(crate) struct Group {
    pub(crate) label: String,
    pub(crate) values: Vec<Euros>,
}

/// Horizontal grouped bars, one group per row, one bar per series.
pub(crate) fn grouped_bars(title: &str, series: &[Series], groups: &[Group]) -> String {
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
    legend(&mut svg, series, x0);
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
            let w = axis.scale(value.cents(), x1 - x0);
            let _ = write!(
                svg,
                r#"<rect x="{x0}" y="{y}" width="{w}" height="{BAR_HEIGHT}" fill="{}"><title>{}: {}</title></rect>"#,
                s.color,
                escape(&format!("{} {}", cut(&group.label), s.name)),
                escape(&format_euros(*value, "\u{202f}", "\u{a0}"))
            );
        }
    }
    if shown.is_empty() {
        let _ =
            write!(svg, r#"<text x="{x0}" y="{}" class="note">nothing to show yet</text>"#, plot_top + 20);
    }
    svg.push_str("</svg>");
    if groups.len() > shown.len() {
        let _ = write!(
            svg,
            r#"<p class="note">The first {} of {} are drawn; the table lists them all.</p>"#,
            shown.len(),
            groups.len()
        );
    }
    svg
}

/// Cumulative funds received and paid, month by month.
pub(crate) fn cumulative_lines(title: &str, months: &[MonthReport]) -> String {
    let axis_months = fill_months(months);
    let (mut received, mut paid) = (0u64, 0u64);
    let mut points: Vec<(String, u64, u64)> = Vec::with_capacity(axis_months.len());
    for month in &axis_months {
        if let Some(flow) = months.iter().find(|m| &m.month == month) {
            received = received.saturating_add(flow.received.cents());
            paid = paid.saturating_add(flow.paid.cents());
        }
        points.push((month.clone(), received, paid));
    }
    let height = LEGEND_HEIGHT + 220 + AXIS_HEIGHT;
    let (x0, x1) = (80, WIDTH - RIGHT_MARGIN);
    let (top, bottom) = (LEGEND_HEIGHT, LEGEND_HEIGHT + 220);
    let axis = Axis::new(received.max(paid));
    let mut svg = open(title, height);
    legend(&mut svg, &[RECEIVED, PAID], x0);
    value_axis_left(&mut svg, &axis, x0, x1, top, bottom);
    if points.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" class="note">no money in or out yet</text>"#,
            x0 + 10,
            top + 20
        );
        svg.push_str("</svg>");
        return svg;
    }
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
            r#"<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>"#,
            series.color,
            coordinates.join(" ")
        );
        if n <= 36 {
            for (i, p) in (0u64..).zip(&points) {
                let cents = if pick == 1 { p.1 } else { p.2 };
                let _ = write!(
                    svg,
                    r#"<circle cx="{}" cy="{}" r="3" fill="{}"><title>{} {}: {}</title></circle>"#,
                    x_of(i),
                    y_of(cents),
                    series.color,
                    escape(&p.0),
                    series.name,
                    escape(&format_euros(Euros::from_cents(cents), "\u{202f}", "\u{a0}"))
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Every month from the first to the last of `months` (`YYYY-MM`), or only the given ones
/// when the span is longer than [`MONTHS_MAX`] or a month does not parse.
fn fill_months(months: &[MonthReport]) -> Vec<String> {
    let given: Vec<String> = months.iter().map(|m| m.month.clone()).collect();
    let parse = |m: &str| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
    let (Some(first), Some(last)) =
        (given.first().and_then(|m| parse(m)), given.last().and_then(|m| parse(m)))
    else {
        return given;
    };
    let mut filled = Vec::new();
    let (mut year, mut month) = (first.year(), first.month());
    while (year, month) <= (last.year(), last.month()) {
        if filled.len() >= MONTHS_MAX {
            return given;
        }
        filled.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    }
    filled
}

fn open(title: &str, height: u64) -> String {
    format!(
        r#"<svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img"><title>{}</title>"#,
        escape(title)
    )
}

fn legend(svg: &mut String, series: &[Series], x: u64) {
    let mut x = x;
    for s in series {
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="8" width="12" height="12" fill="{}"/><text x="{}" y="18" class="legend">{}</text>"#,
            s.color,
            x + 16,
            s.name
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

/// A value axis from zero to a round maximum, in cents, with round steps (1, 2 or 5 × 10^k).
struct Axis {
    step: u64,
    max: u64,
}

impl Axis {
    fn new(max_value: u64) -> Axis {
        let raw = max_value.div_ceil(4).max(1);
        let mut power = 1u64;
        while power.saturating_mul(10) <= raw {
            power = power.saturating_mul(10);
        }
        let step =
            [1u64, 2, 5, 10].iter().map(|m| m.saturating_mul(power)).find(|s| *s >= raw).unwrap_or(raw);
        let max = step.saturating_mul(max_value.div_ceil(step).max(1));
        Axis { step, max }
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
        assert_eq!((axis.step, axis.max), (500_000, 1_500_000));
        assert_eq!(axis.label(500_000), "5\u{202f}000\u{a0}€");
        let axis = Axis::new(0);
        assert_eq!((axis.step, axis.max), (1, 1));
        assert_eq!(axis.scale(5, 100), 100);
    }

    #[test]
    fn months_are_filled_between_first_and_last() {
        let month = |m: &str| MonthReport { month: m.into(), received: Euros::ZERO, paid: Euros::ZERO };
        let filled = fill_months(&[month("2023-11"), month("2024-02")]);
        assert_eq!(filled, ["2023-11", "2023-12", "2024-01", "2024-02"]);
    }
}
