//! The report's charts, drawn as SVG by plotters.
//!
//! Drawing in Rust keeps the page free of a charting script: the SVG is part of the file, so it
//! shows with scripts off, prints, and costs the browser nothing however many records went
//! into it. plotters escapes the text it writes into SVG, so an organisation called
//! `</script>` is drawn as those characters. Colours are one per deal type, the same in every
//! chart and in the page's type chips ([`TYPE_COLORS`]).

use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::aggregate::{Aggregates, Network, PatentYear, Timeline};
use super::ReportError;

/// One colour per deal type, in [`crate::record::DEAL_TYPES`] order: patent deals in blues and purples,
/// company deals in warm colours, cooperation in greens and greys, so that a stacked bar reads
/// as "how much of this is about patents" at a glance.
pub const TYPE_COLORS: [(u8, u8, u8); 10] = [
    (31, 119, 180),  // patent_cross_license
    (106, 168, 219), // patent_license
    (84, 39, 143),   // patent_acquisition
    (158, 154, 200), // patent_settlement
    (23, 190, 207),  // technology_license
    (214, 39, 40),   // acquisition
    (255, 127, 14),  // investment
    (188, 128, 189), // joint_venture
    (44, 160, 44),   // supply_agreement
    (140, 140, 140), // partnership
];

const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(40, 44, 52);
const GRID: RGBColor = RGBColor(225, 228, 232);

pub fn type_color(i: usize) -> RGBColor {
    let (r, g, b) = TYPE_COLORS.get(i).copied().unwrap_or((120, 120, 120));
    RGBColor(r, g, b)
}

/// A type's name for people: `patent_cross_license` → `patent cross license`.
pub fn type_label(t: &str) -> String {
    t.replace('_', " ")
}

fn chart_err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Chart(e.to_string())
}

/// Keeps long names from pushing a chart's plot area off the picture.
fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// An SVG that only says there is nothing to draw, so the page keeps its layout.
fn empty(width: u32, height: u32, message: &str) -> Result<String, ReportError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let style = (FONT, 14)
            .into_font()
            .color(&RGBColor(120, 120, 120))
            .pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new(
            message.to_string(),
            (width as i32 / 2, height as i32 / 2),
            style,
        ))
        .map_err(chart_err)?;
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// Horizontal bars, one per label, stacked by deal type when `stacks` has ten values per bar.
fn hbars(
    width: u32,
    height: u32,
    label_width: u32,
    labels: &[String],
    stacks: &[Vec<(usize, f64)>],
) -> Result<String, ReportError> {
    let n = labels.len();
    let max = stacks
        .iter()
        .map(|s| s.iter().map(|(_, v)| v).sum::<f64>())
        .fold(0.0, f64::max);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .margin_right(40)
            .x_label_area_size(22)
            .y_label_area_size(label_width)
            .build_cartesian_2d(0f64..(max * 1.08).max(1.0), -0.5f64..(n as f64 - 0.5))
            .map_err(chart_err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(GRID)
            .y_labels(n.max(1))
            .x_labels(5)
            .label_style((FONT, 12).into_font().color(&INK))
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() > 1e-6 || i < 0.0 {
                    return String::new();
                }
                // The first label is drawn at the top.
                let i = n.saturating_sub(1).saturating_sub(i as usize);
                labels.get(i).cloned().unwrap_or_default()
            })
            .x_label_formatter(&|x| {
                if x.fract().abs() < 1e-9 {
                    format!("{x:.0}")
                } else {
                    String::new()
                }
            })
            .draw()
            .map_err(chart_err)?;
        for (i, stack) in stacks.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let mut x0 = 0.0;
            for &(kind, v) in stack {
                if v <= 0.0 {
                    continue;
                }
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y - 0.36), (x0 + v, y + 0.36)],
                        type_color(kind).filled(),
                    )))
                    .map_err(chart_err)?;
                x0 += v;
            }
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{x0:.0}"),
                    (x0, y),
                    (FONT, 12)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )))
                .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// Share of records by type, one bar per type in the type's colour.
pub fn types(a: &Aggregates) -> Result<String, ReportError> {
    let labels: Vec<String> = a.by_type.iter().map(|(t, _)| type_label(t)).collect();
    let stacks: Vec<Vec<(usize, f64)>> = a
        .by_type
        .iter()
        .enumerate()
        .map(|(i, (_, n))| vec![(i, *n as f64)])
        .collect();
    hbars(460, 300, 150, &labels, &stacks)
}

/// Records by status, in one neutral colour.
pub fn statuses(a: &Aggregates) -> Result<String, ReportError> {
    let labels: Vec<String> = a.by_status.iter().map(|(s, _)| s.clone()).collect();
    let stacks: Vec<Vec<(usize, f64)>> = a
        .by_status
        .iter()
        .map(|(_, n)| vec![(0, *n as f64)])
        .collect();
    hbars(460, 60 + 30 * labels.len() as u32, 110, &labels, &stacks)
}

/// The organisations in the most deals, their bars stacked by deal type.
pub fn orgs(a: &Aggregates) -> Result<String, ReportError> {
    if a.orgs.is_empty() {
        return empty(560, 200, "No organisations");
    }
    let labels: Vec<String> = a.orgs.iter().map(|o| shorten(&o.name, 24)).collect();
    let stacks: Vec<Vec<(usize, f64)>> = a
        .orgs
        .iter()
        .map(|o| {
            o.by_type
                .iter()
                .enumerate()
                .map(|(k, n)| (k, *n as f64))
                .collect()
        })
        .collect();
    hbars(560, 50 + 26 * labels.len() as u32, 180, &labels, &stacks)
}

/// Which month labels to print: every month on a short axis, else Januaries (or every other
/// one), so that labels never overlap.
fn month_tick(months: &[String], i: usize) -> bool {
    let n = months.len();
    let Some(m) = months.get(i) else { return false };
    if n <= 14 {
        return true;
    }
    if n <= 30 {
        return m.ends_with("-01") || m.ends_with("-07") || i == 0;
    }
    let year_step = if n > 84 { 2 } else { 1 };
    m.ends_with("-01")
        && m.get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .is_some_and(|y| y % year_step == 0)
}

/// Deals per month, stacked by their most specific type.
pub fn timeline(t: &Timeline) -> Result<String, ReportError> {
    let (width, height) = (1100, 300);
    if t.months.is_empty() {
        return empty(width, height, "No deal is dated to a month");
    }
    let n = t.months.len();
    let max = t
        .counts
        .iter()
        .map(|c| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(40)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..(max as f64 * 1.1).max(1.0))
            .map_err(chart_err)?;
        let months = &t.months;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(GRID)
            .x_labels(n)
            .y_labels(6)
            .label_style((FONT, 12).into_font().color(&INK))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 1e-6 || i < 0.0 || !month_tick(months, i as usize) {
                    return String::new();
                }
                let m = &months[i as usize];
                if n > 30 {
                    m.get(..4).unwrap_or(m).to_string()
                } else {
                    m.clone()
                }
            })
            .y_label_formatter(&|y| {
                if y.fract().abs() < 1e-9 {
                    format!("{y:.0}")
                } else {
                    String::new()
                }
            })
            .y_desc("deals")
            .draw()
            .map_err(chart_err)?;
        let half = if n > 60 { 0.45 } else { 0.38 };
        let bars = t.counts.iter().enumerate().flat_map(|(i, row)| {
            let x = i as f64;
            let mut y0 = 0.0;
            row.iter()
                .enumerate()
                .filter(|(_, v)| **v > 0)
                .map(move |(k, v)| {
                    let y1 = y0 + *v as f64;
                    let r =
                        Rectangle::new([(x - half, y0), (x + half, y1)], type_color(k).filled());
                    y0 = y1;
                    r
                })
                .collect::<Vec<_>>()
        });
        chart.draw_series(bars).map_err(chart_err)?;
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// Patents sold per year (known counts), each bar labelled with its number of sales.
pub fn patents(years: &[PatentYear]) -> Result<String, ReportError> {
    let (width, height) = (560, 300);
    let first = years.first().and_then(|y| y.year.parse::<i32>().ok());
    let last = years.last().and_then(|y| y.year.parse::<i32>().ok());
    let (Some(first), Some(last)) = (first, last) else {
        return empty(width, 120, "No patent sale in this dataset");
    };
    let span: Vec<i32> = (first..=last).collect();
    let max = years.iter().map(|y| y.patents).max().unwrap_or(0);
    let n = span.len();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_top(18)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d(
                -0.5f64..(n as f64 - 0.5),
                0f64..(max as f64 * 1.15).max(1.0),
            )
            .map_err(chart_err)?;
        let step = n.div_ceil(12).max(1);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .axis_style(GRID)
            .x_labels(n)
            .y_labels(6)
            .label_style((FONT, 12).into_font().color(&INK))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 1e-6 || i < 0.0 || (i as usize) % step != 0 {
                    return String::new();
                }
                span.get(i as usize)
                    .map(|y| y.to_string())
                    .unwrap_or_default()
            })
            .y_label_formatter(&|y| {
                if y.fract().abs() < 1e-9 {
                    format!("{y:.0}")
                } else {
                    String::new()
                }
            })
            .y_desc("patents (known counts)")
            .draw()
            .map_err(chart_err)?;
        let color = type_color(2);
        for y in years {
            let Some(i) = y
                .year
                .parse::<i32>()
                .ok()
                .and_then(|v| span.iter().position(|s| *s == v))
            else {
                continue;
            };
            let x = i as f64;
            let top = y.patents as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.38, 0.0), (x + 0.38, top)],
                    color.filled(),
                )))
                .map_err(chart_err)?;
            let label = if y.deals == 1 {
                "1 sale".to_string()
            } else {
                format!("{} sales", y.deals)
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (x, top),
                    (FONT, 11)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))
                .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

/// The order of the nodes around the circle: each next node is the unplaced one most tied to
/// the nodes placed last, so that partners sit close and edges cross less than in rank order.
fn circle_order(net: &Network) -> Vec<usize> {
    let n = net.nodes.len();
    let mut weight = vec![vec![0usize; n]; n];
    for e in &net.edges {
        if e.a < n && e.b < n {
            weight[e.a][e.b] += e.count;
            weight[e.b][e.a] += e.count;
        }
    }
    let mut placed: Vec<usize> = Vec::with_capacity(n);
    let mut free: Vec<bool> = vec![true; n];
    while placed.len() < n {
        let recent = &placed[placed.len().saturating_sub(2)..];
        let next = (0..n).filter(|&i| free[i]).max_by(|&i, &j| {
            let score = |k: usize| recent.iter().map(|&p| weight[p][k]).sum::<usize>();
            // Ties go to the higher-ranked node (the lower index).
            score(i).cmp(&score(j)).then(j.cmp(&i))
        });
        let Some(next) = next else { break };
        free[next] = false;
        placed.push(next);
    }
    placed
}

/// Who deals with whom: the most connected organisations on a circle, an edge per pair and
/// type of deal, as wide as the pair's number of such deals.
pub fn network(net: &Network) -> Result<String, ReportError> {
    let (width, height) = (600, 545);
    if net.nodes.len() < 2 {
        return empty(width, height, "No deal with two named parties");
    }
    let order = circle_order(net);
    let n = order.len();
    let mut pos = vec![(0.0f64, 0.0f64); net.nodes.len()];
    for (slot, &node) in order.iter().enumerate() {
        let angle = PI / 2.0 - 2.0 * PI * slot as f64 / n as f64;
        pos[node] = (angle.cos(), angle.sin());
    }
    let max_deals = net.nodes.iter().map(|n| n.deals).max().unwrap_or(1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(4)
            .build_cartesian_2d(-1.6f64..1.6, -1.45f64..1.45)
            .map_err(chart_err)?;
        // Parallel edges of one pair (several types) are drawn side by side.
        let mut seen_pairs: std::collections::HashMap<(usize, usize), usize> =
            std::collections::HashMap::new();
        for e in &net.edges {
            let k = seen_pairs.entry((e.a, e.b)).or_default();
            let shift = 0.025 * *k as f64;
            *k += 1;
            let (a, b) = (pos[e.a], pos[e.b]);
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let (ox, oy) = (-dy / len * shift, dx / len * shift);
            let width = 2 + (2.0 * (e.count as f64).log2()).round() as u32;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(a.0 + ox, a.1 + oy), (b.0 + ox, b.1 + oy)],
                    type_color(e.kind).mix(0.85).stroke_width(width.min(10)),
                )))
                .map_err(chart_err)?;
        }
        for (i, node) in net.nodes.iter().enumerate() {
            let (x, y) = pos[i];
            let r = 3 + (9.0 * (node.deals as f64 / max_deals as f64).sqrt()).round() as i32;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, y),
                    r,
                    RGBColor(55, 65, 81).filled(),
                )))
                .map_err(chart_err)?;
            let right = x >= -1e-9;
            let anchor = if x.abs() < 0.2 {
                HPos::Center
            } else if right {
                HPos::Left
            } else {
                HPos::Right
            };
            let v = if x.abs() < 0.2 && y > 0.0 {
                VPos::Bottom
            } else if x.abs() < 0.2 {
                VPos::Top
            } else {
                VPos::Center
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{} ({})", shorten(&node.name, 20), node.deals),
                    (x * 1.08, y * 1.08),
                    (FONT, 13).into_font().color(&INK).pos(Pos::new(anchor, v)),
                )))
                .map_err(chart_err)?;
        }
        root.present().map_err(chart_err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::DEAL_TYPES;
    use crate::report::aggregate::{NetEdge, NetNode};

    #[test]
    fn names_are_escaped_in_the_svg() {
        let net = Network {
            nodes: vec![
                NetNode {
                    name: "</script><b>x".into(),
                    deals: 2,
                },
                NetNode {
                    name: "A&B".into(),
                    deals: 1,
                },
            ],
            edges: vec![NetEdge {
                a: 0,
                b: 1,
                kind: 0,
                count: 1,
            }],
        };
        let svg = network(&net).expect("drawn");
        assert!(!svg.contains("</script>") && !svg.contains("<b>"), "{svg}");
        assert!(svg.contains("&lt;/script&gt;&lt;b&gt;x") && svg.contains("A&amp;B"));
    }

    #[test]
    fn circle_order_puts_partners_side_by_side() {
        let node = |name: &str| NetNode {
            name: name.into(),
            deals: 1,
        };
        let edge = |a, b| NetEdge {
            a,
            b,
            kind: 9,
            count: 1,
        };
        // 0–2 and 1–3 are pairs; rank order would alternate them.
        let net = Network {
            nodes: vec![node("a"), node("b"), node("c"), node("d")],
            edges: vec![edge(0, 2), edge(1, 3)],
        };
        assert_eq!(circle_order(&net), vec![0, 2, 1, 3]);
    }

    #[test]
    fn every_type_has_a_colour() {
        assert_eq!(TYPE_COLORS.len(), DEAL_TYPES.len());
    }
}
