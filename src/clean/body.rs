//! Finding the story on the page and cutting it into blocks.
//!
//! Three linear sweeps over the arena (which is in document order, so a reverse sweep sees
//! every child before its parent): raw text sizes bottom-up, boilerplate top-down, then text,
//! link text and paragraph scores bottom-up over what is left. The container is chosen the
//! way readability does — paragraphs vote for their parent and, more weakly, for ancestors —
//! with `<article>`, `<main>` and `articleBody` counted as evidence through the class weight,
//! never trusted on their own. Siblings of the winner that score well join it, because many
//! CMSs break a story into several boxes around ads. Link density is then judged per block.

use super::boilerplate::{class_weight, is_boilerplate};
use super::dom::{Dom, NodeData, NONE};

#[derive(Clone, Copy, Default)]
struct Stat {
    /// Non-space characters in the subtree (boilerplate excluded after sweep 2).
    chars: u32,
    link_chars: u32,
    commas: u32,
    /// Non-space characters of text nodes that are direct children.
    own_chars: u32,
    /// Paragraph-like elements (a `<p>` or loose text of 100+ characters) in the subtree,
    /// counted before boilerplate removal.
    paras: u32,
    boiler: bool,
    /// Characters of the subtree that sit in voting paragraphs.
    para_chars: u32,
    /// Characters of the subtree that sit in headings (`<h1>`–`<h6>`).
    heading_chars: u32,
    score: f32,
    scored: bool,
}

fn count_chars(s: &str) -> (u32, u32) {
    let mut n = 0u32;
    let mut commas = 0u32;
    for c in s.chars() {
        // Zero-width characters show nothing: newsletters pad their hidden preview line with
        // hundreds of them (`&zwnj;&nbsp;`), which must not weigh like a paragraph.
        if !c.is_whitespace()
            && !matches!(
                c,
                '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
            )
        {
            n += 1;
            if c == ',' || c == '，' || c == '、' {
                commas += 1;
            }
        }
    }
    (n, commas)
}

/// Tags that end a text block.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "blockquote"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "pre"
            | "section"
            | "article"
            | "dd"
            | "dt"
            | "dl"
            | "header"
            | "footer"
            | "figure"
            | "main"
            | "aside"
            | "form"
            | "hr"
            | "caption"
            | "center"
            | "address"
            | "tbody"
            | "thead"
            | "details"
            | "summary"
    )
}

/// Short lines that are widget labels wherever they appear.
const JUNK_LINES: &[&str] = &[
    "ad",
    "advert",
    "advertisement",
    "advertising",
    "anzeige",
    "comments",
    "continue reading",
    "publicidad",
    "publicidade",
    "publicité",
    "read more",
    "share",
    "share this",
    "share this article",
    "share this story",
    "sponsored",
    "story continues below",
    "trending",
    "tweet",
];

/// Bytes of the longest line of [`JUNK_LINES`].
const JUNK_MAX_LEN: usize = 21;

/// Short lines that announce what closes a story box: links to other stories, the author's
/// bio, the list of sources. When one comes in the second half of the body, it and everything
/// after it are dropped.
const RELATED_MARKERS: &[&str] = &[
    "about the author",
    "about the authors",
    "also read",
    "article sources",
    "contributing writer",
    "more articles you might enjoy",
    "more from",
    "more on this story",
    "more stories",
    "read also",
    "read next",
    "read this next",
    "recommended",
    "recommended for you",
    "related",
    "related articles",
    "related articles that may interest you",
    "related content",
    "related news",
    "related posts",
    "related stories",
    "what to read next",
    "you may also like",
    "you might also like",
    "artigos relacionados",
    "leia também",
    "mehr zum thema",
    "noticias relacionadas",
    "você pode gostar",
    "à lire aussi",
];

/// Phrases of the notices that close a story box but are not story: copyright lines and
/// calls to subscribe or follow (lower case).
const TAIL_PHRASES: &[&str] = &[
    "all rights reserved",
    "copyright",
    "follow @",
    "follow her",
    "follow him",
    "follow us",
    "newsletter",
    "sign up for",
    "subscribe to",
    "©",
];

/// The longest block [`TAIL_PHRASES`] can mark, and how many blocks at the end it looks at.
const TAIL_MAX_LEN: usize = 300;
const TAIL_MAX_BLOCKS: usize = 3;

pub struct Body {
    pub blocks: Vec<String>,
    /// Visible text of the whole page (boilerplate included), for wall detection; only filled
    /// when the article came out short.
    pub page_text: Option<String>,
}

// Kept out of line so that profiles show each stage on its own; it runs once per page.
#[inline(never)]
pub fn extract(dom: &Dom, title: Option<&str>) -> Body {
    let n = dom.nodes.len();
    let mut st = vec![Stat::default(); n];
    // Sweep 1: raw sizes.
    for i in (0..n).rev() {
        let node = &dom.nodes[i];
        match &node.data {
            NodeData::Text(t) => {
                let (c, commas) = count_chars(dom.text(*t));
                st[i].chars = c;
                st[i].commas = commas;
                if let Some(p) = st.get_mut(node.parent as usize) {
                    p.own_chars += c;
                }
            }
            NodeData::Element(e) => {
                if st[i].own_chars >= 100 || (e.is("p") && st[i].chars >= 100) {
                    st[i].paras += 1;
                }
            }
        }
        let (c, paras) = (st[i].chars, st[i].paras);
        if let Some(p) = st.get_mut(node.parent as usize) {
            p.chars += c;
            p.paras += paras;
        }
    }
    let total = (0..n)
        .filter(|&i| dom.nodes[i].parent == NONE)
        .map(|i| st[i].chars)
        .sum::<u32>()
        .max(1);
    // Sweep 2: boilerplate, inherited downwards.
    for i in 0..n {
        let node = &dom.nodes[i];
        let inherited = st.get(node.parent as usize).is_some_and(|p| p.boiler);
        st[i].boiler = inherited
            || match &node.data {
                NodeData::Element(e) => is_boilerplate(
                    e,
                    st[i].chars * 2 < total && st[i].paras < 2,
                    st[i].chars as u64 * 2 >= total as u64,
                    st[i].chars as u64 * 10 > total as u64 * 9,
                    st[i].paras,
                ),
                NodeData::Text(_) => false,
            };
    }
    // Sweep 3: clean sizes, link text, commas.
    for (s, node) in st.iter_mut().zip(&dom.nodes) {
        // Text nodes keep their counts from sweep 1.
        if matches!(node.data, NodeData::Element(_)) {
            s.chars = 0;
            s.commas = 0;
        }
        s.own_chars = 0;
    }
    for i in (0..n).rev() {
        let node = &dom.nodes[i];
        if st[i].boiler {
            continue;
        }
        match &node.data {
            NodeData::Text(_) => {
                let c = st[i].chars;
                if let Some(p) = st.get_mut(node.parent as usize) {
                    p.own_chars += c;
                }
            }
            NodeData::Element(e) => {
                if e.is("a") {
                    st[i].link_chars = st[i].chars;
                }
                if block_tag(&e.name).starts_with('h') {
                    st[i].heading_chars = st[i].chars;
                }
            }
        }
        let s = st[i];
        if let Some(p) = st.get_mut(node.parent as usize) {
            p.chars += s.chars;
            p.link_chars += s.link_chars;
            p.commas += s.commas;
            p.heading_chars += s.heading_chars;
        }
    }
    // Paragraph votes.
    for i in 0..n {
        if st[i].boiler {
            continue;
        }
        let Some(e) = dom.element(i as u32) else {
            continue;
        };
        let para = matches!(&*e.name, "p" | "pre" | "td" | "blockquote")
            || (st[i].own_chars >= 25
                && !matches!(
                    &*e.name,
                    "a" | "span"
                        | "b"
                        | "i"
                        | "em"
                        | "strong"
                        | "li"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                ));
        if !para || st[i].chars < 25 {
            continue;
        }
        // Only long paragraphs count towards climbing: teaser headlines are 25–80 characters.
        let pc = if e.is("p") || e.is("pre") {
            st[i].chars
        } else {
            st[i].own_chars
        };
        st[i].para_chars = if pc >= 80 { pc } else { 0 };
        let s = &st[i];
        let vote = 1.0 + s.commas as f32 + (s.chars as f32 / 100.0).min(3.0);
        let mut anc = dom.nodes[i].parent;
        for level in 0..5 {
            let Some(a) = dom.element(anc) else { break };
            if !st[anc as usize].scored {
                st[anc as usize].scored = true;
                st[anc as usize].score = tag_weight(&a.name) + class_weight(a) as f32;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => (l * 3) as f32,
            };
            st[anc as usize].score += vote / div;
            anc = dom.nodes[anc as usize].parent;
        }
    }
    for i in (0..n).rev() {
        let pc = st[i].para_chars;
        if let Some(p) = st.get_mut(dom.nodes[i].parent as usize) {
            p.para_chars += pc;
        }
    }
    let final_score = |i: usize| {
        let s = &st[i];
        let ld = if s.chars == 0 {
            0.0
        } else {
            s.link_chars as f32 / s.chars as f32
        };
        s.score * (1.0 - ld)
    };
    let best = (0..n)
        .filter(|&i| st[i].scored && !st[i].boiler)
        .max_by(|&a, &b| final_score(a).total_cmp(&final_score(b)));
    let page_paras = (0..n)
        .filter(|&i| dom.nodes[i].parent == NONE)
        .map(|i| st[i].para_chars)
        .sum::<u32>();
    let best = best
        .map(|b| climb(dom, &st, b))
        .map(|b| gather_spread(dom, &st, b, page_paras));
    let mut roots = Vec::new();
    match best {
        Some(b) => {
            let bs = final_score(b);
            let threshold = (bs * 0.2).max(10.0);
            let parent = dom.nodes[b].parent;
            if parent == NONE {
                roots.push(b as u32);
            } else {
                for s in dom.children(parent) {
                    let su = s as usize;
                    if st[su].boiler {
                        continue;
                    }
                    let take = su == b
                        || (st[su].scored && final_score(su) >= threshold)
                        || same_class(dom, s, b as u32, &st[su])
                        || sibling_paragraph(dom, s, &st[su]);
                    if take {
                        roots.push(s);
                    }
                }
            }
        }
        None => roots.extend((0..n as u32).filter(|&i| dom.nodes[i as usize].parent == NONE)),
    }
    let mut out = Blocks::default();
    for r in roots {
        walk(dom, r, &st, &mut out);
    }
    out.flush();
    drop_teasers(&mut out);
    let mut blocks = out.blocks;
    drop_title(&mut blocks, title);
    drop_bylines_and_related(&mut blocks);
    let chars: usize = blocks.iter().map(|b| b.len()).sum();
    let page_text = (chars < 1500).then(|| {
        let roots = (0..n as u32).filter(|&i| dom.nodes[i as usize].parent == NONE);
        roots.map(|r| dom.text_of(r)).collect::<Vec<_>>().join(" ")
    });
    Body { blocks, page_text }
}

/// How many steps up that add something the climb may take (pure wrappers are free).
const CLIMB_STEPS: usize = 4;
/// A parent whose paragraph text is at least this many times the winner's holds most of
/// the story, not a sidebar: the winner was one section of it.
const CLIMB_MOST_PARAS: u32 = 2;
/// ... provided that the parent is not mostly links (a page of teasers is also many
/// paragraphs).
const CLIMB_MAX_LINK_DENSITY: f32 = 0.3;

/// The parent a walk up from a story box may take: none when it is boilerplate or the page
/// itself (`<body>`, `<html>`), which are never the story.
fn story_parent(dom: &Dom, st: &[Stat], cur: usize) -> Option<usize> {
    let parent = dom.nodes[cur].parent;
    let p = st.get(parent as usize)?;
    let root = dom
        .element(parent)
        .is_some_and(|e| e.is("body") || e.is("html"));
    (!p.boiler && !root).then_some(parent as usize)
}

/// Moves from the winner to its ancestors while what an ancestor adds is mostly paragraph text
/// with few links: stories split into several boxes (one per chunk between ads, or one per
/// section under its own heading) are then taken whole, while a parent that adds menus,
/// teasers or link lists stops the climb. Wrappers that add nothing, or only headings (the
/// section titles of a story cut into sections), do not count as steps; a parent holding
/// most of the page's paragraph text with few links is taken even when it adds lists and
/// tables too. `<body>` and `<html>` are never the story.
fn climb(dom: &Dom, st: &[Stat], best: usize) -> usize {
    let mut cur = best;
    let mut steps = 0;
    // Bounded by the tree's depth anyway; the cap keeps the walk short on degenerate pages.
    for _ in 0..64 {
        let Some(parent) = story_parent(dom, st, cur) else {
            break;
        };
        let p = &st[parent];
        let c = &st[cur];
        let extra = p.chars.saturating_sub(c.chars) as f32;
        let extra_para = p.para_chars.saturating_sub(c.para_chars) as f32;
        let extra_link = p.link_chars.saturating_sub(c.link_chars) as f32;
        let extra_heading = p.heading_chars.saturating_sub(c.heading_chars) as f32;
        if extra_para < 0.15 * c.para_chars as f32 {
            // Nothing worth having up there, unless it is only wrappers and headings.
            if extra > extra_heading || extra_link * 2.0 > extra {
                break;
            }
        } else {
            let density = p.link_chars as f32 / p.chars.max(1) as f32;
            let most = p.para_chars >= CLIMB_MOST_PARAS.saturating_mul(c.para_chars)
                && density < CLIMB_MAX_LINK_DENSITY;
            if (extra_para < 0.7 * extra || extra_link > 0.25 * extra) && !most {
                break;
            }
        }
        if extra > 0.0 {
            steps += 1;
            if steps > CLIMB_STEPS {
                break;
            }
        }
        cur = parent;
    }
    cur
}

/// A winner holding less than this share of the page's paragraph text is one box of a story
/// spread over many ([`gather_spread`]).
const SPREAD_WINNER_MAX: f32 = 0.4;
/// The share of the page's paragraph text an ancestor must hold to be that story.
const SPREAD_ANCESTOR_MIN: f32 = 0.6;
/// How far above the winner that ancestor may be.
const SPREAD_LEVELS: usize = 10;

/// Listicles, product round-ups and page-builder layouts put each section of the story in its
/// own box (one per item, each with a name, a rating or a button besides its paragraphs), so
/// the best-scoring box is one item and the climb stops at the first parent that adds a
/// label. When the winner holds little of the page's paragraph text and a near ancestor holds
/// most of it with few links, that ancestor is the story.
fn gather_spread(dom: &Dom, st: &[Stat], best: usize, page_paras: u32) -> usize {
    let share = |i: usize| st[i].para_chars as f32 / page_paras.max(1) as f32;
    if share(best) >= SPREAD_WINNER_MAX {
        return best;
    }
    let mut cur = best;
    for _ in 0..SPREAD_LEVELS {
        let Some(parent) = story_parent(dom, st, cur) else {
            break;
        };
        let p = &st[parent];
        cur = parent;
        let density = p.link_chars as f32 / p.chars.max(1) as f32;
        if share(cur) >= SPREAD_ANCESTOR_MIN && density < CLIMB_MAX_LINK_DENSITY {
            return cur;
        }
    }
    best
}

fn tag_weight(name: &str) -> f32 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// A sibling built like the winner (same tag and class, as CMSs that put every paragraph in
/// its own card do) joins it unless it is mostly links.
fn same_class(dom: &Dom, id: u32, best: u32, s: &Stat) -> bool {
    let (Some(a), Some(b)) = (dom.element(id), dom.element(best)) else {
        return false;
    };
    let class = a.attr("class").unwrap_or("");
    a.name == b.name
        && !class.trim().is_empty()
        && b.attr("class") == Some(class)
        && s.chars > 0
        && s.link_chars * 2 < s.chars
}

/// A `<p>` next to the winner that reads like story text joins it.
fn sibling_paragraph(dom: &Dom, id: u32, s: &Stat) -> bool {
    let Some(e) = dom.element(id) else {
        // Loose text between the boxes.
        return s.chars > 80;
    };
    if !e.is("p") {
        return false;
    }
    let ld = if s.chars == 0 {
        1.0
    } else {
        s.link_chars as f32 / s.chars as f32
    };
    if s.chars > 80 {
        return ld < 0.25;
    }
    ld == 0.0 && s.chars > 0 && dom.text_of(id).contains(". ")
}

/// What became of a block.
#[derive(Clone, Copy)]
enum Flushed {
    /// Dropped as mostly links: a headline, as in a teaser card.
    Link,
    /// Dropped as mostly links: a bare address, as in a list of sources.
    Address,
    /// Kept, at this index.
    Text(usize),
    /// Kept, a heading.
    Heading,
}

#[derive(Default)]
struct Blocks {
    blocks: Vec<String>,
    /// The parent element of each kept block's element (of a loose text, its element).
    parents: Vec<Option<u32>>,
    /// Every block in order, so that teaser grids can be told by their rhythm.
    order: Vec<Flushed>,
    cur: String,
    link: usize,
    tag: &'static str,
    /// The parent of the element the current block started at, if known yet.
    parent: Option<u32>,
}

impl Blocks {
    fn flush(&mut self) {
        let text = super::normalize_ws(&self.cur);
        let len = text.len();
        let key = text.trim_end_matches(':');
        // Lower-casing shrinks a character to a third of its bytes at most (`K` → `k`), so
        // longer lines are never junk labels and need not be lower-cased.
        let junk = key.len() <= 3 * JUNK_MAX_LEN
            && JUNK_LINES
                .binary_search(&key.to_lowercase().as_str())
                .is_ok();
        let linky = self.link * 2 > len && self.tag != "blockquote";
        if len > 0 && linky {
            let address = text.contains("://") || text.starts_with("www.");
            self.order.push(if address {
                Flushed::Address
            } else {
                Flushed::Link
            });
        }
        if len > 0 && !junk && !linky {
            let i = self.blocks.len();
            self.order.push(if self.tag.starts_with('h') {
                Flushed::Heading
            } else {
                Flushed::Text(i)
            });
            if self.tag == "h1" {
                self.blocks.push(format!("\u{1}{text}"));
            } else {
                self.blocks.push(text);
            }
            self.parents.push(self.parent);
        }
        self.cur.clear();
        self.link = 0;
        self.tag = "";
        self.parent = None;
    }
}

fn block_tag(name: &str) -> &'static str {
    match name {
        "h1" => "h1",
        "h2" | "h3" | "h4" | "h5" | "h6" => "h",
        "blockquote" => "blockquote",
        _ => "",
    }
}

/// Emits the text under `root` as blocks, skipping boilerplate. Iterative: depth is bounded
/// by the builder, but the walk should not depend on that.
fn walk(dom: &Dom, root: u32, st: &[Stat], out: &mut Blocks) {
    let mut link_depth = 0usize;
    let mut id = root;
    'outer: loop {
        let node = &dom.nodes[id as usize];
        let mut descend = false;
        if !st[id as usize].boiler {
            match &node.data {
                NodeData::Text(t) => {
                    let t = dom.text(*t);
                    if out.parent.is_none() {
                        out.parent = Some(node.parent);
                    }
                    out.cur.push_str(t);
                    if link_depth > 0 {
                        out.link += t.trim().len();
                    }
                }
                NodeData::Element(e) => {
                    let name: &str = &e.name;
                    if is_block(name) {
                        out.flush();
                        out.tag = block_tag(name);
                        out.parent = Some(node.parent);
                    } else if name == "br" || name == "img" {
                        out.cur.push(' ');
                    }
                    if name == "a" {
                        link_depth += 1;
                    }
                    descend = node.first_child != NONE;
                }
            }
        }
        if descend {
            id = node.first_child;
            continue;
        }
        // Leave `id` and every finished ancestor.
        let mut cur = id;
        loop {
            if let Some(e) = dom.element(cur) {
                if !st[cur as usize].boiler {
                    if is_block(&e.name) {
                        out.flush();
                    }
                    if e.is("a") {
                        link_depth = link_depth.saturating_sub(1);
                    }
                }
            }
            if cur == root {
                break 'outer;
            }
            let n = &dom.nodes[cur as usize];
            if n.next_sibling != NONE {
                id = n.next_sibling;
                continue 'outer;
            }
            if n.parent == NONE {
                break 'outer;
            }
            cur = n.parent;
        }
    }
}

/// The longest text a teaser card carries under its headline.
const TEASER_MAX_LEN: usize = 300;

/// How many cards in a row make a teaser grid.
const TEASER_MIN_RUN: usize = 3;

/// Teaser grids ("recent articles", "more stories") repeat one card: a headline that is a
/// link, then a line or two of excerpt that is not. The headlines are dropped as links; the
/// excerpts would stay and read like short paragraphs. A run of at least
/// [`TEASER_MIN_RUN`] short blocks, each right after a dropped link block, is such a grid.
///
/// A grid's cards are boxes of their own; a story that names each of its items with a link
/// ("10 projects", each a linked name and a paragraph) writes the paragraphs into the same
/// element as its own lead. A run whose blocks all share their parent with a paragraph that
/// follows no link is that story, and stays.
fn drop_teasers(out: &mut Blocks) {
    let mut drop = vec![false; out.blocks.len()];
    // Parents of the blocks that follow no link: the story's own paragraphs.
    let mut lead_parents: Vec<u32> = Vec::new();
    let mut prev_link = false;
    for entry in &out.order {
        match *entry {
            Flushed::Link => prev_link = true,
            Flushed::Text(i) => {
                if let (false, Some(Some(p))) = (prev_link, out.parents.get(i)) {
                    lead_parents.push(*p);
                }
                prev_link = false;
            }
            Flushed::Heading | Flushed::Address => prev_link = false,
        }
    }
    let parents = &out.parents;
    let in_story = |run: &[usize]| {
        let first = run.first().and_then(|&i| parents.get(i).copied().flatten());
        first.is_some_and(|p| {
            run.iter()
                .all(|&i| parents.get(i).copied().flatten() == Some(p))
                && lead_parents.contains(&p)
        })
    };
    let mut run: Vec<usize> = Vec::new();
    let mut prev_link = false;
    let end_run = |run: &mut Vec<usize>, drop: &mut Vec<bool>| {
        if run.len() >= TEASER_MIN_RUN && !in_story(run) {
            for &i in run.iter() {
                if let Some(d) = drop.get_mut(i) {
                    *d = true;
                }
            }
        }
        run.clear();
    };
    for entry in &out.order {
        match *entry {
            Flushed::Link => prev_link = true,
            Flushed::Text(i) => {
                let short = out.blocks.get(i).is_some_and(|b| b.len() <= TEASER_MAX_LEN);
                if prev_link && short {
                    run.push(i);
                } else {
                    end_run(&mut run, &mut drop);
                }
                prev_link = false;
            }
            // A heading between links is a section title, and a bare address a source.
            Flushed::Heading | Flushed::Address => {
                end_run(&mut run, &mut drop);
                prev_link = false;
            }
        }
    }
    end_run(&mut run, &mut drop);
    if drop.iter().any(|&d| d) {
        let mut i = 0;
        out.blocks.retain(|_| {
            let keep = !drop[i];
            i += 1;
            keep
        });
    }
}

/// Lower case, without trailing punctuation and ellipses, for matching against the tables.
fn line_key(b: &str) -> String {
    b.trim_end_matches(|c: char| c == ':' || c == '.' || c == '…' || c == '!' || c.is_whitespace())
        .to_lowercase()
}

/// Datelines (`Monday, 22 January 2018 at 0:13`) and bylines (`By Ann Lee - 11/18/19`) that
/// sit in the story box but are not story text, and the tail that follows a "related stories"
/// heading in the second half of the body.
fn drop_bylines_and_related(blocks: &mut Vec<String>) {
    let total: usize = blocks.iter().map(String::len).sum();
    let mut seen = 0usize;
    let mut cut = None;
    for (i, b) in blocks.iter().enumerate() {
        if seen * 2 >= total && b.len() < 40 {
            let key = line_key(b);
            if is_related_marker(&key) {
                cut = Some(i);
                break;
            }
        }
        seen += b.len();
    }
    if let Some(i) = cut {
        blocks.truncate(i);
    }
    // Notices at the very end: copyright lines, "subscribe to our newsletter".
    for _ in 0..TAIL_MAX_BLOCKS {
        let notice = blocks.last().is_some_and(|b| {
            b.len() < TAIL_MAX_LEN && {
                let b = b.to_lowercase();
                TAIL_PHRASES.iter().any(|p| b.contains(p))
            }
        });
        if !notice || blocks.len() < 2 {
            break;
        }
        blocks.pop();
    }
    blocks.retain(|b| {
        if b.len() >= 80 {
            return true;
        }
        let byline = (b.starts_with("By ") || b.starts_with("by ")) && !b.contains(". ");
        // Mostly date words and numbers with a year, not a sentence or a tweet credit that
        // mentions a date.
        let dateline = b.len() < 60
            && b.split_whitespace().count() <= 8
            && b.chars().any(char::is_alphabetic)
            && !b.contains(['@', '—', '(', '.'])
            && has_year(b)
            && super::dates::parse_any_date(b).is_some();
        !(byline || dateline)
    });
}

/// How many words a site's name may take after a marker ("More from The Daily Planet").
const MARKER_NAME_WORDS: usize = 3;

/// A [`RELATED_MARKERS`] line, alone or naming the site whose stories follow: "Related
/// articles on Example.org", "More from Example". Only "from" and "on" introduce the name, so
/// that "More on the tariffs" (a section of the story) is no marker.
fn is_related_marker(key: &str) -> bool {
    RELATED_MARKERS.iter().any(|m| {
        let Some(rest) = key.strip_prefix(m).and_then(|r| r.strip_prefix(' ')) else {
            return key == *m;
        };
        let name = if m.ends_with(" from") {
            Some(rest)
        } else {
            rest.strip_prefix("from ")
                .or_else(|| rest.strip_prefix("on "))
        };
        name.is_some_and(|n| (1..=MARKER_NAME_WORDS).contains(&n.split_whitespace().count()))
    })
}

fn has_year(s: &str) -> bool {
    s.as_bytes()
        .windows(4)
        .any(|w| (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit))
}

/// The title is not part of the body: `<h1>` blocks that repeat it, or come before any
/// paragraph, are dropped; other `<h1>`s are kept as headings.
fn drop_title(blocks: &mut Vec<String>, title: Option<&str>) {
    let title = title.map(|t| t.to_lowercase());
    let mut seen_text = false;
    blocks.retain_mut(|b| {
        if let Some(h) = b.strip_prefix('\u{1}') {
            let same = title.as_deref().is_some_and(|t| {
                let h = h.to_lowercase();
                h == t || t.contains(&h) || h.contains(t)
            });
            if same || !seen_text {
                return false;
            }
            *b = h.to_string();
            return true;
        }
        seen_text = true;
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_sorted() {
        assert!(JUNK_LINES.windows(2).all(|w| w[0] < w[1]));
        assert!(TAIL_PHRASES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(JUNK_LINES.iter().map(|l| l.len()).max(), Some(JUNK_MAX_LEN));
    }

    fn teasers_dropped(order: &[(&str, bool)]) -> Vec<String> {
        let mut out = Blocks::default();
        for (text, link) in order {
            out.cur.push_str(text);
            if *link {
                out.link = text.len();
            }
            out.flush();
        }
        drop_teasers(&mut out);
        out.blocks
    }

    #[test]
    fn a_story_spread_over_item_boxes_is_taken_whole() {
        let item = |name: &str, topic: &str| {
            format!(
                r#"<div class="item"><div class="card-head"><h3>{name}</h3>
                <span>Rating 4.{}</span><a href="/buy">Check price</a></div>
                <div class="card-text"><p>The {name} is a sturdy pick for {topic}, with a long
                warranty, parts that are easy to find, and a maker that answers its mail within
                a day, which is more than most of its rivals can say about themselves.</p></div>
                </div>"#,
                name.len() % 10
            )
        };
        let items: String = [
            ("Alder", "small kitchens"),
            ("Birch", "large families"),
            ("Cedar", "camping trips"),
            ("Dogwood", "first-time buyers"),
        ]
        .iter()
        .map(|(n, t)| item(n, t))
        .collect();
        let html = format!(
            r#"<html><body><nav><a href="/">Home</a><a href="/about">About</a></nav>
            <div class="page"><h1>Best stoves of the year</h1>{items}</div>
            <footer><p>Copyright the stove review site, all rights reserved.</p></footer>
            </body></html>"#
        );
        let c = crate::clean::clean_html(html.as_bytes(), None, None, &Default::default());
        for name in ["Alder", "Birch", "Cedar", "Dogwood"] {
            assert!(
                c.text.contains(&format!("The {name} is a sturdy pick")),
                "{name}: {}",
                c.text
            );
        }
        assert!(!c.text.contains("Copyright"), "{}", c.text);
    }

    #[test]
    fn linked_items_in_the_story_flow_are_not_teasers() {
        let lead = "The weekend is long enough for a small build, and these are the projects we \
            would start with if we had a free Saturday, a few boards and a sharp saw. ";
        let items: String = ["Spice rack", "Step stool", "Bread box", "Key hook"]
            .iter()
            .map(|n| {
                format!(
                    r#"<ul><li><a href="/projects/{n}">{n}</a></li></ul>
                    <p>The {n} takes an afternoon: cut the parts, glue them up and finish with
                    oil the next morning.</p>"#
                )
            })
            .collect();
        let cards: String = ["Tool news", "Shop tour", "Glue tests"]
            .iter()
            .map(|n| {
                format!(
                    r#"<div class="card"><h3><a href="/{n}">{n} this week</a></h3>
                    <p>Short excerpt of {n}.</p></div>"#
                )
            })
            .collect();
        let html = format!(
            r#"<html><body><nav><a href="/">Home</a></nav><article><h1>Projects</h1>
            <div class="content"><p>{lead}</p><p>{lead}</p>{items}</div>
            <div class="more">{cards}</div></article></body></html>"#
        );
        let c = crate::clean::clean_html(html.as_bytes(), None, None, &Default::default());
        for n in ["Spice rack", "Step stool", "Bread box", "Key hook"] {
            assert!(
                c.text.contains(&format!("The {n} takes an afternoon")),
                "{n}: {}",
                c.text
            );
        }
        assert!(!c.text.contains("Short excerpt"), "{}", c.text);
    }

    #[test]
    fn teaser_grids() {
        let card = |h: &'static str, x: &'static str| [(h, true), (x, false)];
        let mut page = vec![("A story paragraph that runs long enough.", false)];
        page.extend(card(
            "Crane maker opens a plant",
            "Gantry cranes for inland ports",
        ));
        page.extend(card(
            "Port tests driverless trucks",
            "A six-month trial starts",
        ));
        assert_eq!(teasers_dropped(&page).len(), 3, "two cards are not a grid");
        page.extend(card(
            "Lidar prices keep falling",
            "Sensor costs to halve again",
        ));
        assert_eq!(
            teasers_dropped(&page),
            vec!["A story paragraph that runs long enough."]
        );
        // Sources given as bare addresses between paragraphs are no cards.
        let sources = [
            ("Sources", false),
            ("https://example.test/a", true),
            ("One paragraph.", false),
            ("https://example.test/b", true),
            ("Two paragraphs.", false),
            ("https://example.test/c", true),
            ("Three paragraphs.", false),
        ];
        assert_eq!(teasers_dropped(&sources).len(), 4);
    }

    #[test]
    fn bylines_datelines_and_related_tails() {
        let mut blocks: Vec<String> = [
            "segunda-feira, 22 de janeiro de 2018 às 0:13",
            "By Justine Coleman - 11/18/19 11:04 PM EST",
            "A long first paragraph of the story that goes on for a while and says something.",
            "— Rep. Someone (@someone) November 19, 2019",
            "A second paragraph, also long enough to count as story text for the reader here.",
            "Related stories:",
            "Another story's teaser",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        drop_bylines_and_related(&mut blocks);
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        assert!(blocks[1].starts_with('—'));
        let mut blocks: Vec<String> = [
            "A long first paragraph of the story that goes on for a while and says something.",
            "Follow us on Twitter and sign up for our newsletter.",
            "Copyright © 2019 Example News. All rights reserved.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        drop_bylines_and_related(&mut blocks);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        // The author's bio and the source list close the story too.
        for marker in ["About the Author:", "Article Sources"] {
            let mut blocks: Vec<String> = [
                "A long first paragraph of the story that goes on for a while and says something.",
                "A second paragraph, also long enough to count as story text for the reader here.",
                marker,
                "Ann Lee writes about kitchens and has tested stoves for ten years.",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            drop_bylines_and_related(&mut blocks);
            assert_eq!(blocks.len(), 2, "{blocks:?}");
        }
    }

    #[test]
    fn related_markers_that_name_the_site() {
        for marker in ["Related articles on Example.org", "More from Example News:"] {
            let mut blocks: Vec<String> = [
                "A long first paragraph of the story that goes on for a while and says something.",
                "A second paragraph, also long enough to count as story text for the reader here.",
                marker,
                "Ten stoves we tested this winter, and the one we would buy again for the cabin.",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            drop_bylines_and_related(&mut blocks);
            assert_eq!(blocks.len(), 2, "{blocks:?}");
        }
        assert!(is_related_marker("more from"));
        assert!(!is_related_marker("more on the tariffs"));
        assert!(!is_related_marker("related articles about stoves"));
        assert!(!is_related_marker("more from the interview with the mayor"));
    }

    #[test]
    fn quotes_and_tables_in_figures_are_story() {
        let story =
            "The stove heats the room evenly and burns less wood than the older model. ".repeat(4);
        let html = format!(
            r#"<html><body><article><h1>Stoves</h1><p>{story}</p><p>{story}</p>
            <figure class="quote"><blockquote><p>We have heated the whole farmhouse with it for
            three long winters and never once had to call anyone out to look at it, not even
            for the chimney, which we sweep ourselves each autumn.</p></blockquote>
            <figcaption>A reader from the north, photographed at home by our staff.</figcaption>
            </figure>
            <figure class="wp-block-table"><table><tr><td>Heat output, measured in kilowatts
            on our test bench over a full hour with dry oak logs, then again with birch and
            with pressed briquettes for comparison</td><td>8 kW</td></tr></table>
            </figure>
            <figure class="wp-block-embed"><blockquote><p>Look at this stove I bought today,
            it is the best purchase I have made all year and you should all get one now!</p>
            </blockquote></figure>
            <p>{story}</p></article></body></html>"#
        );
        let c = crate::clean::clean_html(html.as_bytes(), None, None, &Default::default());
        assert!(
            c.text.contains("We have heated the whole farmhouse"),
            "{}",
            c.text
        );
        assert!(c.text.contains("Heat output, measured"), "{}", c.text);
        assert!(!c.text.contains("photographed at home"), "{}", c.text);
        assert!(!c.text.contains("Look at this stove"), "{}", c.text);
    }

    #[test]
    fn faq_answers_and_accordion_panels_are_story() {
        let story =
            "The stove heats the room evenly and burns less wood than the older model. ".repeat(4);
        let html = format!(
            r#"<html><body><nav><a href="/">Home</a></nav><article><h1>Stoves</h1>
            <p>{story}</p><p>{story}</p>
            <h2>FAQ</h2>
            <details><summary>How long does it last?</summary><p>Owners report twenty years
            of daily use before the firebox needs any repair beyond a new gasket and a fresh
            coat of stove paint on the door.</p></details>
            <h2>Fitting</h2><a role="button" aria-controls="p1">Open</a>
            <div id="p1" role="region" style="display: none"><p>Fitting takes an afternoon,
            with a flue kit, a level, and two people to lift the heavy cast body onto the stone
            hearth.</p></div>
            <div class="popup" style="display:none"><p>Sign up to win a free stove for your
            home by giving us your email address and your phone number today.</p></div>
            </article></body></html>"#
        );
        let c = crate::clean::clean_html(html.as_bytes(), None, None, &Default::default());
        assert!(c.text.contains("Owners report twenty years"), "{}", c.text);
        assert!(c.text.contains("Fitting takes an afternoon"), "{}", c.text);
        assert!(!c.text.contains("Sign up to win"), "{}", c.text);
    }
}
