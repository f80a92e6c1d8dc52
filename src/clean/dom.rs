//! A light document tree built straight from html5ever's tokenizer.
//!
//! html5ever's tokenizer reads the markup (character references, attribute quoting, raw-text
//! elements, malformed tags) exactly as browsers do; this module is its [`TokenSink`].
//! A full HTML5 tree builder (what `scraper` runs) spends most of its time on bookkeeping the
//! cleaner never needs, and html5ever's builder is quadratic on deeply nested markup. This
//! builder keeps only the rules that shape article text: void elements, implied ends of `<p>`,
//! `<li>`, `<dt>`/`<dd>`, table rows and cells, and end tags that close whatever is left open
//! inside them. Depth and element count are capped *while building*, so a page of 100,000
//! nested `<div>`s costs a linear scan. Nodes live in one arena in document order, which lets
//! later passes compute subtree figures in a single reverse sweep.

use html5ever::tendril::StrTendril;
use html5ever::{local_name, LocalName};

use super::boilerplate::words_of;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// How the content of an element just opened is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Markup,
    /// Text with character references, up to the matching end tag (`<title>`).
    Rcdata,
    /// Dropped up to the matching end tag (`<script>`, `<style>`, `<svg>` …): the tokenizer
    /// reads it as raw text, so no tag inside is ever built.
    Skip,
}

/// Marks "no node" in the arena links.
pub const NONE: u32 = u32::MAX;

#[derive(Debug)]
pub struct Node {
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub next_sibling: u32,
    pub data: NodeData,
}

#[derive(Debug)]
pub enum NodeData {
    Element(Element),
    /// Where the text sits in [`Dom::text`]: all text of a page shares one buffer instead of
    /// a string per node, which saves an allocation and a free for every text node.
    Text(TextRange),
}

/// A byte range of [`Dom::text`].
#[derive(Debug, Clone, Copy)]
pub struct TextRange {
    start: u32,
    end: u32,
}

#[derive(Debug)]
pub struct Element {
    /// Lower-case tag name, as html5ever interned it: known HTML names are static atoms, so
    /// building an element allocates nothing for its name.
    pub name: LocalName,
    /// Only the attributes some rule reads (see [`KEPT_ATTRS`]); values are cut to 2 KiB.
    pub attrs: Vec<(&'static str, String)>,
    /// Word masks of the class and id values ([`super::boilerplate::words_of`]), computed once.
    pub class_words: u32,
    pub id_words: u32,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn is(&self, name: &str) -> bool {
        &*self.name == name
    }
}

/// Attributes the cleaner reads; everything else is dropped at tokenizing time. html5ever
/// hands attribute names over as atoms, so each check is an integer comparison.
pub(super) const KEPT_ATTRS: &[(LocalName, &str)] = &[
    (local_name!("aria-hidden"), "aria-hidden"),
    (local_name!("class"), "class"),
    (local_name!("content"), "content"),
    (local_name!("datetime"), "datetime"),
    (local_name!("hidden"), "hidden"),
    (local_name!("href"), "href"),
    (local_name!("http-equiv"), "http-equiv"),
    (local_name!("id"), "id"),
    (local_name!("itemprop"), "itemprop"),
    (local_name!("itemtype"), "itemtype"),
    (local_name!("lang"), "lang"),
    (local_name!("name"), "name"),
    (local_name!("property"), "property"),
    (local_name!("rel"), "rel"),
    (local_name!("role"), "role"),
    (local_name!("style"), "style"),
];

/// Limits on what the builder keeps.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    pub max_elements: usize,
}

/// What the builder had to leave out, for diagnostics.
#[derive(Debug, Default, Clone, Copy)]
pub struct Dropped {
    pub too_deep: usize,
    pub too_many: usize,
}

pub struct Dom {
    pub nodes: Vec<Node>,
    /// The text of all text nodes, in document order.
    text: String,
    pub dropped: Dropped,
}

impl Dom {
    pub fn text(&self, r: TextRange) -> &str {
        self.text
            .get(r.start as usize..r.end as usize)
            .unwrap_or_default()
    }

    pub fn element(&self, id: u32) -> Option<&Element> {
        match &self.nodes.get(id as usize)?.data {
            NodeData::Element(e) => Some(e),
            NodeData::Text(_) => None,
        }
    }

    /// Child ids of `id` in order.
    pub fn children(&self, id: u32) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes.get(id as usize).map_or(NONE, |n| n.first_child),
        }
    }

    /// All text under `id`, white space collapsed.
    pub fn text_of(&self, id: u32) -> String {
        let mut out = String::new();
        let end = self.subtree_end(id);
        for n in &self.nodes[(id as usize).min(self.nodes.len())..end] {
            match &n.data {
                NodeData::Text(t) => out.push_str(self.text(*t)),
                NodeData::Element(e) if e.is("br") => out.push(' '),
                NodeData::Element(_) => {}
            }
        }
        super::normalize_ws(&out)
    }

    /// One past the last arena index inside the subtree of `id` (document order makes every
    /// subtree a contiguous range).
    pub fn subtree_end(&self, id: u32) -> usize {
        let mut cur = id;
        loop {
            let Some(n) = self.nodes.get(cur as usize) else {
                return self.nodes.len();
            };
            if n.next_sibling != NONE {
                return n.next_sibling as usize;
            }
            if n.parent == NONE {
                return self.nodes.len();
            }
            cur = n.parent;
        }
    }
}

pub struct Children<'a> {
    dom: &'a Dom,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let id = self.next;
        let n = self.dom.nodes.get(id as usize)?;
        self.next = n.next_sibling;
        Some(id)
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}

/// Start tags that end an open `<p>`.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements an implied end never looks past.
fn is_scope_boundary(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "body"
            | "table"
            | "td"
            | "th"
            | "caption"
            | "button"
            | "object"
            | "marquee"
            | "applet"
            | "template"
    )
}

struct Builder {
    nodes: Vec<Node>,
    stack: Vec<u32>,
    limits: Limits,
    dropped: Dropped,
    /// Start tags not pushed because of a limit; the same number of end tags is ignored.
    overflow: usize,
    elements: usize,
    /// The last top-level node, so that top-level nodes are linked as siblings.
    last_root: u32,
    /// Inside an element whose content is dropped (see [`Content::Skip`]).
    skipping: bool,
    /// How many elements of each [`TRACKED`] name are open.
    open: [u32; TRACKED.len()],
    /// The text buffer of the [`Dom`].
    text: String,
}

impl Builder {
    fn current(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    fn name_of(&self, id: u32) -> &str {
        match self.nodes.get(id as usize).map(|n| &n.data) {
            Some(NodeData::Element(e)) => &e.name,
            _ => "",
        }
    }

    fn append(&mut self, data: NodeData) -> u32 {
        let id = self.nodes.len() as u32;
        let parent = self.current();
        self.nodes.push(Node {
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data,
        });
        if parent == NONE {
            if let Some(prev) = self.nodes.get_mut(self.last_root as usize) {
                prev.next_sibling = id;
            }
            self.last_root = id;
        } else if let Some(p) = self.nodes.get_mut(parent as usize) {
            let prev = p.last_child;
            p.last_child = id;
            if prev == NONE {
                p.first_child = id;
            } else if let Some(pn) = self.nodes.get_mut(prev as usize) {
                pn.next_sibling = id;
            }
        }
        id
    }

    fn add_text(&mut self, t: &str) {
        let cur = self.current();
        let last = if cur == NONE {
            self.last_root
        } else {
            self.nodes.get(cur as usize).map_or(NONE, |n| n.last_child)
        };
        let len = |s: &String| u32::try_from(s.len()).unwrap_or(u32::MAX);
        if let Some(Node {
            data: NodeData::Text(r),
            ..
        }) = self.nodes.get_mut(last as usize)
        {
            if r.end != len(&self.text) {
                // Not the latest text (appends go in document order, so this does not
                // happen): move it to the end of the buffer to extend it there.
                let old = self.text.get(r.start as usize..r.end as usize);
                let old = old.unwrap_or_default().to_string();
                r.start = len(&self.text);
                self.text.push_str(&old);
            }
            self.text.push_str(t);
            r.end = len(&self.text);
            return;
        }
        let start = len(&self.text);
        self.text.push_str(t);
        let end = len(&self.text);
        self.append(NodeData::Text(TextRange { start, end }));
    }

    /// Pops up to and including the nearest open element named in `targets`, if one is open
    /// below a scope boundary for which `stop` holds. Every start tag of a block asks whether
    /// a `<p>` is to be closed; the counts of open elements answer "none open" without
    /// walking the stack.
    fn close_implied(&mut self, targets: &[&str], stop: impl Fn(&str) -> bool) {
        let none_open = targets
            .iter()
            .all(|t| tracked(t).is_some_and(|k| self.open[k] == 0));
        if none_open {
            return;
        }
        for i in (0..self.stack.len()).rev() {
            let name = self.name_of(self.stack[i]);
            if targets.contains(&name) {
                self.pop_to(i);
                return;
            }
            if stop(name) || is_scope_boundary(name) {
                return;
            }
        }
    }

    fn push_open(&mut self, id: u32) {
        if let Some(k) = tracked(self.name_of(id)) {
            self.open[k] += 1;
        }
        self.stack.push(id);
    }

    /// Closes the open elements from stack position `i` up.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            let Some(id) = self.stack.pop() else { break };
            if let Some(k) = tracked(self.name_of(id)) {
                self.open[k] = self.open[k].saturating_sub(1);
            }
        }
    }

    fn start_tag(
        &mut self,
        tag: LocalName,
        attrs: Vec<(&'static str, String)>,
        self_closing: bool,
    ) -> Content {
        let name: &str = &tag;
        match name {
            // A repeated `<html>` or `<body>` adds nothing; the element exists once.
            "html" | "head" | "body" if self.stack.iter().any(|&id| self.name_of(id) == name) => {
                return Content::Markup;
            }
            "script" | "style" | "noscript" | "iframe" | "noembed" | "noframes" | "xmp"
            | "textarea" | "plaintext" | "svg" | "math" | "template" | "select" => {
                return if self_closing {
                    Content::Markup
                } else {
                    Content::Skip
                };
            }
            _ => {}
        }
        if name == "body" {
            // `<body>` ends a `<head>` left open.
            self.close_implied(&["head"], |_| false);
        }
        if closes_p(name) {
            self.close_implied(&["p"], |_| false);
        }
        match name {
            "li" => self.close_implied(&["li"], |n| matches!(n, "ul" | "ol")),
            "dd" | "dt" => self.close_implied(&["dd", "dt"], |n| n == "dl"),
            "tr" => {
                self.close_implied(&["td", "th"], |n| matches!(n, "tr" | "table"));
                if self.name_of(self.current()) == "tr" {
                    self.pop_to(self.stack.len() - 1);
                }
            }
            "td" | "th" => self.close_implied(&["td", "th"], |n| matches!(n, "tr" | "table")),
            "a" => self.close_implied(&["a"], |_| false),
            "option" | "optgroup" => self.close_implied(&["option", "optgroup"], |_| false),
            n if is_heading(n) && is_heading(self.name_of(self.current())) => {
                self.pop_to(self.stack.len() - 1);
            }
            _ => {}
        }
        let void = is_void(name) || (self_closing && !closes_p(name) && name != "a");
        if self.elements >= self.limits.max_elements {
            self.dropped.too_many += 1;
            if !void {
                self.overflow += 1;
            }
            return Content::Markup;
        }
        if !void && self.stack.len() >= self.limits.max_depth {
            self.dropped.too_deep += 1;
            self.overflow += 1;
            return Content::Markup;
        }
        let attrs: Vec<(&'static str, String)> = attrs
            .into_iter()
            .map(|(k, mut v)| {
                // Every rule matches these case-insensitively; lower-casing once here saves
                // an allocation per element and rule later.
                if matches!(k, "class" | "id" | "style" | "rel" | "role") {
                    v.make_ascii_lowercase();
                }
                if v.len() > 2048 {
                    let mut cut = 2048;
                    while !v.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    v.truncate(cut);
                }
                (k, v)
            })
            .collect();
        self.elements += 1;
        let words = |k: &str| {
            attrs
                .iter()
                .find(|(n, _)| *n == k)
                .map_or(0, |(_, v)| words_of(v))
        };
        let (class_words, id_words) = (words("class"), words("id"));
        let is_title = name == "title";
        let id = self.append(NodeData::Element(Element {
            name: tag,
            attrs,
            class_words,
            id_words,
        }));
        if !void {
            self.push_open(id);
        }
        if is_title {
            return Content::Rcdata;
        }
        Content::Markup
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "html" | "body" => return,
            "br" => {
                // `</br>` is read as `<br>`, as browsers do.
                let _ = self.start_tag(local_name!("br"), Vec::new(), true);
                return;
            }
            "script" | "style" | "noscript" | "iframe" | "noembed" | "noframes" | "xmp"
            | "textarea" | "plaintext" | "svg" | "math" | "template" | "select" => return,
            _ => {}
        }
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        for i in (0..self.stack.len()).rev() {
            let open = self.name_of(self.stack[i]);
            if open == name || (is_heading(open) && is_heading(name)) {
                self.pop_to(i);
                return;
            }
            // An end tag does not reach out of a table cell it was not opened in.
            if matches!(open, "td" | "th" | "table")
                && !matches!(name, "tr" | "tbody" | "thead" | "tfoot" | "table")
            {
                return;
            }
        }
    }
}

/// Keeps an attribute only if some rule reads it, under its static name.
fn wanted(attr: &LocalName) -> Option<&'static str> {
    KEPT_ATTRS
        .iter()
        .find(|(a, _)| a == attr)
        .map(|(_, name)| *name)
}

/// Elements whose open count the builder keeps, to skip stack walks for implied ends.
const TRACKED: &[&str] = &[
    "a", "dd", "dt", "head", "li", "optgroup", "option", "p", "td", "th",
];

fn tracked(name: &str) -> Option<usize> {
    TRACKED.iter().position(|t| *t == name)
}

impl TokenSink for Builder {
    type Handle = ();

    fn process_token(&mut self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(t) => {
                if !self.skipping {
                    self.add_text(&t);
                }
            }
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => {
                    let attrs = tag
                        .attrs
                        .into_iter()
                        .filter(|a| a.name.ns.is_empty())
                        .filter_map(|a| wanted(&a.name.local).map(|k| (k, String::from(a.value))))
                        .collect();
                    self.skipping = false;
                    match self.start_tag(tag.name, attrs, tag.self_closing) {
                        Content::Markup => {}
                        Content::Rcdata => return TokenSinkResult::RawData(RawKind::Rcdata),
                        Content::Skip => {
                            self.skipping = true;
                            return TokenSinkResult::RawData(RawKind::Rawtext);
                        }
                    }
                }
                TagKind::EndTag => {
                    self.skipping = false;
                    self.end_tag(&tag.name);
                }
            },
            // Comments, doctypes, NUL characters, parse errors and EOF carry no article text.
            Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::NullCharacterToken
            | Token::ParseError(_)
            | Token::EOFToken => {}
        }
        TokenSinkResult::Continue
    }
}

/// Builds the tree of `html`. Never fails: whatever the markup says is kept as best it can be.
// Kept out of line so that profiles show each stage on its own; it runs once per page.
#[inline(never)]
pub fn parse(html: &str, limits: Limits) -> Dom {
    let builder = Builder {
        nodes: Vec::with_capacity(html.len() / 40),
        stack: Vec::with_capacity(64),
        limits,
        dropped: Dropped::default(),
        overflow: 0,
        elements: 0,
        last_root: NONE,
        skipping: false,
        open: [0; TRACKED.len()],
        text: String::with_capacity(html.len() / 2),
    };
    let mut tokenizer = Tokenizer::new(builder, TokenizerOpts::default());
    let mut input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The sink never returns `Script`, so one feed reads the whole input.
    let _ = tokenizer.feed(&mut input);
    tokenizer.end();
    let builder = tokenizer.sink;
    Dom {
        nodes: builder.nodes,
        text: builder.text,
        dropped: builder.dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(html: &str) -> String {
        let dom = parse(
            html,
            Limits {
                max_depth: 64,
                max_elements: 1000,
            },
        );
        let mut out = String::new();
        fn walk(dom: &Dom, id: u32, out: &mut String) {
            match &dom.nodes[id as usize].data {
                NodeData::Text(t) => out.push_str(dom.text(*t)),
                NodeData::Element(e) => {
                    out.push_str(&format!("({}", e.name));
                    for c in dom.children(id) {
                        walk(dom, c, out);
                    }
                    out.push(')');
                }
            }
        }
        let roots: Vec<u32> = (0..dom.nodes.len() as u32)
            .filter(|&i| dom.nodes[i as usize].parent == NONE)
            .collect();
        assert!(roots
            .windows(2)
            .all(|w| dom.nodes[w[0] as usize].next_sibling == w[1]));
        for r in roots {
            walk(&dom, r, &mut out);
        }
        out
    }

    #[test]
    fn implied_ends() {
        assert_eq!(shape("<p>a<p>b<div>c</div>"), "(pa)(pb)(divc)");
        assert_eq!(shape("<ul><li>a<li>b</ul>x"), "(ul(lia)(lib))x");
        assert_eq!(shape("<div><span>a</div>b"), "(div(spana))b");
        assert_eq!(
            shape("<table><tr><td>a<td>b<tr><td>c</table>"),
            "(table(tr(tda)(tdb))(tr(tdc)))"
        );
        assert_eq!(shape("<p>a</span>b</p>c"), "(pab)c");
        assert_eq!(shape("a &amp; b<br>c"), "a & b(br)c");
        assert_eq!(shape("<title>a<b></title><p>x"), "(titlea<b>)(px)");
        assert_eq!(
            shape("<html><head><meta></head><body>x"),
            "(html(head(meta))(bodyx))"
        );
        assert_eq!(
            shape("<html><head><meta><body>x"),
            "(html(head(meta))(bodyx))"
        );
    }

    #[test]
    fn tables_sorted() {
        for (atom, name) in KEPT_ATTRS {
            assert_eq!(&**atom, *name);
        }
    }

    #[test]
    fn depth_cap() {
        let html = format!(
            "{}<p>deep</p>{}x",
            "<div>".repeat(100),
            "</div>".repeat(100)
        );
        let dom = parse(
            &html,
            Limits {
                max_depth: 10,
                max_elements: 1000,
            },
        );
        assert!(dom.dropped.too_deep > 0);
        assert!(dom.nodes.len() < 20);
        assert_eq!(dom.text_of(0), "deep");
    }
}
