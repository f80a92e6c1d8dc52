//! A byte-level pass that cuts what the cleaner never reads before the tokenizer sees it.
//!
//! Scripts, styles, SVG, MathML, templates, `<noscript>` fallbacks, form widgets and comments
//! are often half of a news page's bytes, and of what is left, most bytes are attributes no
//! rule reads (`src`, `srcset`, `data-*`, tracking payloads, the `href` of every link). The
//! tokenizer walks all of it one character at a time and builds a string for every attribute;
//! finding the ends of tags and elements here with `memchr` costs a fraction of that.
//!
//! The pass only *removes*: whole elements, comments, doctypes, and attributes not listed in
//! [`KEPT`]. Everything it keeps is copied byte for byte, so character references, case,
//! quoting and malformed markup are still read by html5ever. To know where a tag ends it
//! follows the tag states of the HTML tokenizer (a `>` inside a quoted value does not end the
//! tag), and it leaves the text of `<title>` alone, which browsers read as text even if it looks
//! like markup. JSON-LD scripts are the exception to cutting: their text is kept aside for the
//! metadata.

use memchr::{memchr, memmem};

use super::open::{
    end_target, is_raw, is_repeated_root, is_void, start_implied, tracked, Open, TRACKED,
};

/// Elements whose whole content is dropped, tag included. Each is either raw text (its content
/// is never markup) or a subtree the tree builder would skip anyway.
const CUT: &[&str] = &[
    "iframe", "math", "noembed", "noframes", "noscript", "script", "select", "style", "svg",
    "template", "textarea", "xmp",
];

/// Attributes some rule of the cleaner reads, and the one tag they are read on when only one.
/// Every other attribute is removed here; `dom` keeps the same names (a test checks that).
pub const KEPT: &[(&str, Option<&str>)] = &[
    ("aria-hidden", None),
    ("class", None),
    ("content", None),
    ("datetime", None),
    ("hidden", None),
    // The `href` of links is never read; a `<link rel=canonical>` gives the canonical URL.
    ("href", Some("link")),
    ("http-equiv", Some("meta")),
    ("id", None),
    ("itemprop", None),
    ("lang", Some("html")),
    ("name", Some("meta")),
    ("property", Some("meta")),
    ("rel", None),
    ("role", None),
    ("style", None),
];

/// The page with the cut elements and attributes removed, and the JSON-LD texts found on the
/// way.
pub struct Prepassed {
    pub html: String,
    pub json_ld: Vec<String>,
    /// How many furniture elements had their content cut.
    pub cuts: usize,
}

/// Where a tag ends and what is in it, as byte offsets into the page.
struct Tag {
    /// The tag name, as written (not lower-cased).
    name: (usize, usize),
    /// Each attribute from the start of its name to the end of its value.
    attrs: Vec<Attr>,
    self_closing: bool,
    /// One past the closing `>`.
    end: usize,
}

#[derive(Clone, Copy)]
struct Attr {
    name: (usize, usize),
    end: usize,
}

/// Byte classes for the tag scanner, one table lookup per byte.
const SPACE: u8 = 1;
/// Ends a tag name: space, `/`, `>`.
const NAME_END: u8 = 2;
/// Ends an attribute name: space, `/`, `>`, `=`.
const ATTR_END: u8 = 4;
/// Ends an unquoted value: space, `>`.
const VALUE_END: u8 = 8;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let spaces = [b' ', b'\t', b'\n', b'\r', b'\x0c'];
    let mut i = 0;
    while i < spaces.len() {
        t[spaces[i] as usize] = SPACE | NAME_END | ATTR_END | VALUE_END;
        i += 1;
    }
    t[b'/' as usize] = NAME_END | ATTR_END;
    t[b'>' as usize] = NAME_END | ATTR_END | VALUE_END;
    t[b'=' as usize] = ATTR_END;
    t
};

fn is(c: u8, class: u8) -> bool {
    CLASS[c as usize] & class != 0
}

fn is_space(c: u8) -> bool {
    is(c, SPACE)
}

/// The first position at or after `i` whose byte is of `class`, or the end.
fn until(b: &[u8], mut i: usize, class: u8) -> usize {
    while i < b.len() && !is(b[i], class) {
        i += 1;
    }
    i
}

/// Reads the tag whose name starts at `at` (just after `<` or `</`), following the HTML
/// tokenizer's tag, attribute name and attribute value states. `None` when the page ends
/// inside the tag (the tokenizer then drops it; the caller leaves the rest to the tokenizer).
fn read_tag(b: &[u8], at: usize, attrs: &mut Vec<Attr>) -> Option<Tag> {
    attrs.clear();
    let mut i = until(b, at, NAME_END);
    let name = (at, i);
    let mut self_closing = false;
    // The "before attribute name" state; every arm either ends the tag or reads one attribute.
    loop {
        let c = *b.get(i)?;
        if is_space(c) {
            i += 1;
            continue;
        }
        if c == b'>' {
            return Some(Tag {
                name,
                attrs: std::mem::take(attrs),
                self_closing,
                end: i + 1,
            });
        }
        if c == b'/' {
            // Self-closing only when `>` follows at once; otherwise the `/` is dropped.
            self_closing = b.get(i + 1) == Some(&b'>');
            i += 1;
            continue;
        }
        self_closing = false;
        // Attribute name: the first character is taken whatever it is (even `=`).
        let start = i;
        i = until(b, i + 1, ATTR_END);
        let name_end = i;
        // After the name: spaces, then maybe `=` and a value.
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            attrs.push(Attr {
                name: (start, name_end),
                end: name_end,
            });
            i = j;
            continue;
        }
        j += 1;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let end = match *b.get(j)? {
            q @ (b'"' | b'\'') => j + 1 + memchr(q, &b[j + 1..])? + 1,
            // A missing value: the `>` ends the tag.
            b'>' => j,
            _ => until(b, j, VALUE_END),
        };
        attrs.push(Attr {
            name: (start, name_end),
            end,
        });
        i = end;
    }
}

/// `name` lower-cased into `buf` when it fits, for comparing with the tables.
fn lower<'a>(name: &[u8], buf: &'a mut [u8; 16]) -> Option<&'a [u8]> {
    let out = buf.get_mut(..name.len())?;
    for (o, c) in out.iter_mut().zip(name) {
        *o = c.to_ascii_lowercase();
    }
    Some(out)
}

/// Whether a (lower-case) name is in a table; length and first byte rule out most entries
/// before any string is compared.
fn listed<'t, T>(table: &'t [T], name: &[u8], key: impl Fn(&T) -> &str) -> Option<&'t T> {
    let first = *name.first()?;
    table.iter().find(|e| {
        let k = key(e).as_bytes();
        k.len() == name.len() && k[0] == first && k == name
    })
}

fn kept(b: &[u8], tag: &[u8], attr: (usize, usize)) -> bool {
    let mut buf = [0; 16];
    let Some(attr) = b.get(attr.0..attr.1).and_then(|a| lower(a, &mut buf)) else {
        return false;
    };
    listed(KEPT, attr, |(a, _)| a)
        .is_some_and(|(_, on)| on.is_none_or(|t| t.as_bytes().eq_ignore_ascii_case(tag)))
}

/// The end of the comment that starts at `lt` (`<!--`), as the tokenizer reads it: `<!-->`
/// and `<!--->` are whole comments, and `--!>` ends one too. An unclosed comment runs to the
/// end of the page.
fn comment_end(b: &[u8], lt: usize) -> usize {
    let from = lt + 4;
    let rest = b.get(from..).unwrap_or_default();
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut at = from;
    while let Some(off) = memmem::find(&b[at..], b"--") {
        let q = at + off;
        match b.get(q + 2) {
            Some(b'>') => return q + 3,
            Some(b'!') if b.get(q + 3) == Some(&b'>') => return q + 4,
            _ => at = q + 1,
        }
    }
    b.len()
}

/// One past the next `>` at or after `from`, or the end of the page.
fn after_gt(b: &[u8], from: usize) -> usize {
    let from = from.min(b.len());
    memchr(b'>', &b[from..]).map_or(b.len(), |e| from + e + 1)
}

// Kept out of line so that profiles show each stage on its own; it runs once per page.
#[inline(never)]
pub fn strip(src: &str, cut: Option<Limits>) -> Prepassed {
    let mut sim = cut.map(Sim::new);
    let b = src.as_bytes();
    let mut html = String::with_capacity(src.len() / 2);
    let mut json_ld = Vec::new();
    let mut attrs = Vec::new();
    // `src[last..]` has not been copied yet; cuts copy up to where they start.
    let mut last = 0;
    let mut i = 0;
    // Where the text since the last markup starts.
    let mut seg = 0;
    // Every position handed to `push` is that of an ASCII byte or the end, so a char boundary.
    let push = |html: &mut String, from: usize, to: usize| {
        html.push_str(src.get(from..to).unwrap_or_default());
    };
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let Some(&next) = b.get(lt + 1) else { break };
        let markup = match next {
            b'!' | b'?' => true,
            b'/' => lt + 2 < b.len(),
            c => c.is_ascii_alphabetic(),
        };
        if !markup {
            // A `<` in text.
            i = lt + 1;
            continue;
        }
        // White space alone between two tags becomes one space: pages indent their markup,
        // and every line break is a slow step for the tokenizer. Nothing reads such text but
        // as a word break (blocks and text are compared with white space collapsed).
        if lt >= seg + 2 && b[seg..lt].iter().all(|&c| is_space(c)) {
            push(&mut html, last, seg);
            html.push(' ');
            last = lt;
        } else if let Some(sim) = sim.as_mut() {
            sim.text(src.get(seg..lt).unwrap_or_default());
        }
        // Markup that carries no text: comments, doctypes, processing instructions, `</>`
        // and malformed end tags, which the tokenizer reads as bogus comments.
        let cut_to = match next {
            b'!' if b[lt + 2..].starts_with(b"--") => Some(comment_end(b, lt)),
            b'!' | b'?' => Some(after_gt(b, lt + 2)),
            b'/' => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    // An end tag stays as it is; reading it only finds where it ends.
                    match read_tag(b, lt + 2, &mut attrs) {
                        Some(t) => {
                            if let Some(sim) = sim.as_mut() {
                                let name = b.get(t.name.0..t.name.1).unwrap_or_default();
                                if !sim.end_tag(name) {
                                    return strip(src, None);
                                }
                                sim.finish_cut(&mut html, &mut last, lt);
                            }
                            attrs = t.attrs;
                            i = t.end;
                            seg = i;
                            continue;
                        }
                        None => break,
                    }
                }
                Some(_) => Some(after_gt(b, lt + 2)),
                None => break,
            },
            _ => None,
        };
        if let Some(end) = cut_to {
            push(&mut html, last, lt);
            last = end;
            i = end;
            seg = i;
            continue;
        }
        let Some(tag) = read_tag(b, lt + 1, &mut attrs) else {
            break;
        };
        let name = b.get(tag.name.0..tag.name.1).unwrap_or_default();
        let mut buf = [0; 16];
        let lname = lower(name, &mut buf).unwrap_or_default();
        if listed(CUT, lname, |c| c).is_some() {
            let (close_start, close_end) = find_close(b, tag.end, name);
            if lname == b"script" {
                let open = &b[lt..tag.end];
                let ld = open.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"));
                if ld {
                    if let Some(text) = src.get(tag.end..close_start) {
                        json_ld.push(text.to_string());
                    }
                }
            }
            push(&mut html, last, lt);
            last = close_end;
            i = close_end;
            seg = i;
            attrs = tag.attrs;
            continue;
        }
        let mut candidate = false;
        if let Some(sim) = sim.as_mut() {
            match sim.start_tag(b, &tag) {
                Started::Overflow => return strip(src, None),
                Started::Plain => {}
                Started::Candidate => candidate = true,
            }
            // A cut ends where the element is closed, before the tag that closes it.
            sim.finish_cut(&mut html, &mut last, lt);
        }
        if !tag.attrs.iter().all(|a| kept(b, name, a.name)) {
            push(&mut html, last, lt);
            html.push('<');
            push(&mut html, tag.name.0, tag.name.1);
            for a in tag.attrs.iter().filter(|a| kept(b, name, a.name)) {
                html.push(' ');
                push(&mut html, a.name.0, a.end);
            }
            // The space keeps a last unquoted value from swallowing the `/`.
            html.push_str(if tag.self_closing { " />" } else { ">" });
            last = tag.end;
        }
        if let (true, Some(sim)) = (candidate, sim.as_mut()) {
            // The candidate's start tag is written out now, so that a cut can truncate the
            // output right after it.
            if last < tag.end {
                push(&mut html, last, tag.end);
                last = tag.end;
            }
            sim.begin_cut(html.len());
        }
        i = tag.end;
        if lname == b"title" {
            // The title is text up to its end tag, whatever it contains.
            i = find_close(b, tag.end, name).0;
        } else if lname == b"plaintext" {
            // Everything after `<plaintext>` is text.
            break;
        }
        seg = i;
        attrs = tag.attrs;
    }
    push(&mut html, last, b.len());
    let cuts = sim.map_or(0, |s| s.cuts);
    Prepassed {
        html,
        json_ld,
        cuts,
    }
}

/// Elements that are page furniture wherever they stand (each is in
/// [`super::boilerplate::DROP_TAGS`]), so that their content never reaches the article.
/// Menus, footers, asides and figure credits are a third of a news page's markup; cutting
/// their content here saves the tokenizer and the tree builder from reading it.
pub const FURNITURE: &[&str] = &[
    "aside",
    "audio",
    "button",
    "canvas",
    "details",
    "dialog",
    "figcaption",
    "figure",
    "footer",
    "label",
    "menu",
    "nav",
    "object",
    "picture",
    "video",
];

/// Start tags whose element some metadata rule reads: a candidate holding one keeps its
/// content.
const READ_TAGS: &[&str] = &[
    "body", "h1", "head", "html", "link", "meta", "time", "title",
];

/// What the tree keeps of a furniture element whose content was cut: the attribute that
/// carries its figures. `data` is never a kept attribute, so a page cannot forge it.
pub const HIDDEN_ATTR: &str = "data";

/// Limits of the tree the builder will make; a page that may reach them is not cut, so that
/// the limits bite at the same elements either way.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    pub max_elements: usize,
}

/// How much of an element's text some rule reads (`text_of` in `metadata` and `body`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reads {
    Nothing,
    /// Datelines: the text is read only when it is shorter than [`SHORT_TEXT`] bytes.
    Short,
    /// The first `<h1>`, a `<p>` next to the story, bylines: the whole text.
    All,
}

/// The length below which `metadata` reads a dateline's text.
pub const SHORT_TEXT: u32 = 200;

/// An element the simulation holds open.
struct Entry {
    /// Where its lower-case name sits in [`Sim::names`].
    name: (u32, u32),
    /// Where its class value sits in the page, if it has one.
    class: (u32, u32),
    /// What rules read of it; `None` until asked.
    reads: Option<Reads>,
    /// Its `rel` or `itemprop` names an author.
    author_attr: bool,
    /// Inside a candidate: non-space characters of its content, of its own text, and the
    /// paragraph-like elements in it, counted as `body` counts them.
    chars: u32,
    own: u32,
    paras: u32,
}

/// A furniture element whose content may be cut.
struct Candidate {
    /// Its position in the stack.
    depth: usize,
    /// Where its content starts in the output.
    out_start: usize,
    /// Nothing in it so far stops the cut.
    ok: bool,
    /// The cut is made only if the content has at least this many non-space characters
    /// (inside a dateline, so that its text stays too long to be read either way).
    min_chars: u32,
}

/// The result of a start tag for the simulation.
pub(super) enum Started {
    Plain,
    /// A furniture element whose content may be cut.
    Candidate,
    /// The page may reach the tree's limits: no cuts on it.
    Overflow,
}

/// Follows the tree builder's stack of open elements (through the shared rules in
/// [`super::open`]) so that the prepass knows where a furniture element ends — the same
/// place the builder will close it — and cuts its content only when nothing outside the
/// element can tell. What the body rules read of such an element (its non-space
/// characters and paragraph count) travels in [`HIDDEN_ATTR`]; what the metadata rules read
/// makes a candidate keep its content: `<meta>`, `<time>`, `<h1>` or a byline inside, or
/// the candidate sitting inside an element whose whole text they read. Text with a
/// character reference it cannot count exactly keeps the content too.
struct Sim {
    stack: Vec<Entry>,
    names: String,
    open: [u32; TRACKED.len()],
    cand: Option<Candidate>,
    /// Figures of the candidate just closed and where its content started in the output.
    done: Option<(usize, [u32; 3])>,
    elements: usize,
    limits: Limits,
    cuts: usize,
}

impl Open for Sim {
    fn depth(&self) -> usize {
        self.stack.len()
    }
    fn name_at(&self, i: usize) -> &str {
        self.stack.get(i).map_or("", |e| {
            self.names
                .get(e.name.0 as usize..e.name.1 as usize)
                .unwrap_or_default()
        })
    }
    fn open_count(&self, k: usize) -> u32 {
        self.open.get(k).copied().unwrap_or(0)
    }
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i {
            let Some(e) = self.stack.pop() else { break };
            let name = self
                .names
                .get(e.name.0 as usize..e.name.1 as usize)
                .unwrap_or_default();
            if let Some(k) = tracked(name) {
                self.open[k] = self.open[k].saturating_sub(1);
            }
            let is_p = name == "p";
            self.names.truncate(e.name.0 as usize);
            let Some(c) = &self.cand else { continue };
            if self.stack.len() > c.depth {
                // As `body`'s first sweep counts paragraphs.
                let para = e.own >= 100 || (is_p && e.chars >= 100);
                if let Some(parent) = self.stack.last_mut() {
                    parent.chars = parent.chars.saturating_add(e.chars);
                    parent.paras = parent.paras.saturating_add(e.paras + u32::from(para));
                }
            } else {
                if c.ok && e.chars >= c.min_chars {
                    self.done = Some((c.out_start, [e.chars, e.own, e.paras]));
                }
                self.cand = None;
            }
        }
    }
}

/// A tag name lower-cased as the tokenizer does it (ASCII only), in `buf` when it fits.
/// `None` for a NUL, which the tokenizer replaces.
fn lower_name<'a>(raw: &[u8], buf: &'a mut [u8; 32], long: &'a mut String) -> Option<&'a str> {
    if raw.contains(&0) {
        return None;
    }
    if let Some(out) = buf.get_mut(..raw.len()) {
        for (o, c) in out.iter_mut().zip(raw) {
            *o = c.to_ascii_lowercase();
        }
        return std::str::from_utf8(out).ok();
    }
    *long = std::str::from_utf8(raw).ok()?.to_ascii_lowercase();
    Some(long)
}

impl Sim {
    fn new(limits: Limits) -> Sim {
        Sim {
            stack: Vec::with_capacity(64),
            names: String::with_capacity(512),
            open: [0; TRACKED.len()],
            cand: None,
            done: None,
            elements: 0,
            limits,
            cuts: 0,
        }
    }

    /// Text between two tags.
    fn text(&mut self, t: &str) {
        let Some(c) = &mut self.cand else { return };
        if !c.ok {
            return;
        }
        match count_text(t) {
            Some(n) => {
                if let Some(top) = self.stack.last_mut() {
                    top.own = top.own.saturating_add(n);
                    top.chars = top.chars.saturating_add(n);
                }
            }
            None => c.ok = false,
        }
    }

    /// An end tag; `false` when the page is not to be cut.
    fn end_tag(&mut self, raw: &[u8]) -> bool {
        let (mut buf, mut long) = ([0; 32], String::new());
        let Some(name) = lower_name(raw, &mut buf, &mut long) else {
            return false;
        };
        match name {
            "html" | "body" => {}
            // `</br>` is read as `<br>`.
            "br" => return self.count_element(),
            n if is_raw(n) => {}
            n => {
                if let Some(i) = end_target(self, n) {
                    self.pop_to(i);
                }
            }
        }
        true
    }

    fn count_element(&mut self) -> bool {
        self.elements += 1;
        self.elements < self.limits.max_elements
    }

    fn start_tag(&mut self, b: &[u8], tag: &Tag) -> Started {
        let (mut buf, mut long) = ([0; 32], String::new());
        let raw = b.get(tag.name.0..tag.name.1).unwrap_or_default();
        let Some(name) = lower_name(raw, &mut buf, &mut long) else {
            return Started::Overflow;
        };
        if is_raw(name) || is_repeated_root(self, name) {
            return Started::Plain;
        }
        start_implied(self, name);
        if !self.count_element() {
            return Started::Overflow;
        }
        let mut class = (0, 0);
        let mut author_attr = false;
        let mut date_attr = false;
        for a in &tag.attrs {
            let key = b.get(a.name.0..a.name.1).unwrap_or_default();
            let is_rel = key.eq_ignore_ascii_case(b"rel");
            let is_itemprop = key.eq_ignore_ascii_case(b"itemprop");
            let is_class = key.eq_ignore_ascii_case(b"class");
            if !(is_rel || is_itemprop || is_class) {
                continue;
            }
            let (vs, ve) = attr_value(b, a);
            if is_class {
                class = (vs as u32, ve as u32);
                continue;
            }
            let v = b.get(vs..ve).unwrap_or_default();
            // `rel="author"` (lower-cased) and `itemprop="author"` mark bylines;
            // `itemprop="datePublished"` and the like mark dates.
            let coded = v.contains(&b'&');
            author_attr |= coded
                || if is_rel {
                    v.eq_ignore_ascii_case(b"author")
                } else {
                    v == b"author"
                };
            date_attr |=
                is_itemprop && (coded || v.windows(4).any(|w| w.eq_ignore_ascii_case(b"date")));
        }
        if let Some(c) = &mut self.cand {
            // Inside a candidate: an element some metadata rule reads keeps the content.
            if c.ok
                && (READ_TAGS.contains(&name)
                    || author_attr
                    || date_attr
                    || class_reads(b, class) != Reads::Nothing)
            {
                c.ok = false;
            }
        }
        if is_void(name, tag.self_closing) {
            return Started::Plain;
        }
        if self.stack.len() >= self.limits.max_depth {
            return Started::Overflow;
        }
        let furniture = self.cand.is_none() && FURNITURE.binary_search(&name).is_ok();
        // Names live in one buffer in stack order; pops truncate it.
        let start = self.names.len();
        self.names.push_str(name);
        if let Some(k) = tracked(name) {
            self.open[k] += 1;
        }
        self.stack.push(Entry {
            name: (start as u32, self.names.len() as u32),
            class,
            reads: None,
            author_attr,
            chars: 0,
            own: 0,
            paras: 0,
        });
        if !furniture {
            return Started::Plain;
        }
        let reads = (0..self.stack.len())
            .map(|i| self.reads(b, i))
            .max()
            .unwrap_or(Reads::Nothing);
        match reads {
            Reads::All => Started::Plain,
            Reads::Short | Reads::Nothing => {
                self.cand = Some(Candidate {
                    depth: self.stack.len() - 1,
                    out_start: 0,
                    ok: true,
                    min_chars: if reads == Reads::Short { SHORT_TEXT } else { 0 },
                });
                Started::Candidate
            }
        }
    }

    /// What rules read of the open element at `i`.
    fn reads(&mut self, b: &[u8], i: usize) -> Reads {
        let by_name = matches!(self.name_at(i), "h1" | "p");
        let Some(e) = self.stack.get_mut(i) else {
            return Reads::Nothing;
        };
        if let Some(r) = e.reads {
            return r;
        }
        let r = if by_name || e.author_attr {
            Reads::All
        } else {
            class_reads(b, e.class)
        };
        e.reads = Some(r);
        r
    }

    /// The candidate's content starts at `out` in the output.
    fn begin_cut(&mut self, out: usize) {
        if let Some(c) = &mut self.cand {
            c.out_start = out;
        }
    }

    /// If the candidate was just closed by the tag at `lt`, removes its content from the
    /// output and writes its figures into its start tag.
    fn finish_cut(&mut self, html: &mut String, last: &mut usize, lt: usize) {
        let Some((out_start, [chars, own, paras])) = self.done.take() else {
            return;
        };
        let pending = lt.saturating_sub(*last) + html.len().saturating_sub(out_start);
        // A very short content costs the tokenizer less than the figures would.
        if pending < 24 || !html.ends_with('>') || out_start > html.len() {
            return;
        }
        html.truncate(out_start);
        *last = lt;
        html.pop();
        html.push_str(&format!(" {HIDDEN_ATTR}=\"{chars} {own} {paras}\">"));
        self.cuts += 1;
    }
}

/// The value of an attribute as byte offsets (quotes excluded); empty without a value.
fn attr_value(b: &[u8], a: &Attr) -> (usize, usize) {
    let mut j = a.name.1;
    while j < a.end && b.get(j).is_some_and(|&c| c != b'=') {
        j += 1;
    }
    j += 1;
    while j < a.end && b.get(j).copied().is_some_and(is_space) {
        j += 1;
    }
    let mut end = a.end;
    if j < end && matches!(b.get(j), Some(b'"' | b'\'')) {
        j += 1;
        end -= 1;
    }
    (j.min(end), end)
}

/// What `metadata` reads of an element with this class value, judged a little wider than
/// its rules (a value it could only read after decoding counts as read whole).
fn class_reads(b: &[u8], class: (u32, u32)) -> Reads {
    let v = b
        .get(class.0 as usize..class.1 as usize)
        .unwrap_or_default();
    if v.is_empty() {
        return Reads::Nothing;
    }
    if v.len() > 2048 || v.iter().any(|&c| c == b'&' || c >= 0x80) {
        return Reads::All;
    }
    let low = v;
    let mut reads = Reads::Nothing;
    // One pass; a word is compared only where its first letter stands.
    for (i, &c) in low.iter().enumerate() {
        let rest = &low[i..];
        let starts = |w: &[u8]| {
            rest.get(..w.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(w))
        };
        match c.to_ascii_lowercase() {
            b'a' if starts(b"author") => {
                // Bylines: `author__name`, or a class `author` or `…author-name`.
                if starts(b"author__name") {
                    return Reads::All;
                }
                let token_end = rest
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .unwrap_or(rest.len());
                let token_start = low[..i]
                    .iter()
                    .rposition(u8::is_ascii_whitespace)
                    .map_or(0, |k| k + 1);
                let token = &low[token_start..i + token_end];
                let tail = token.len().saturating_sub(11);
                if token.eq_ignore_ascii_case(b"author")
                    || token[tail..].eq_ignore_ascii_case(b"author-name")
                {
                    return Reads::All;
                }
            }
            b'b' if starts(b"byline") => return Reads::All,
            b'd' if starts(b"date") => reads = Reads::Short,
            b't' if starts(b"time") => reads = Reads::Short,
            b'p' if starts(b"publish") => reads = Reads::Short,
            _ => {}
        }
    }
    reads
}

/// Non-space characters of a text as the tree will hold it, with its character references
/// decoded; `None` for a reference this count does not know exactly, or a NUL.
fn count_text(t: &str) -> Option<u32> {
    let mut n = 0u32;
    let mut rest = t;
    while let Some(amp) = rest.find(['&', '\0']) {
        n += rest[..amp].chars().filter(|c| !c.is_whitespace()).count() as u32;
        let tail = &rest[amp..];
        if tail.starts_with('\0') {
            return None;
        }
        let after = tail.as_bytes().get(1).copied();
        match after {
            // Not a reference: a literal `&`.
            None | Some(b'\t' | b'\n' | b'\x0c' | b' ' | b'<' | b'&') => {
                n += 1;
                rest = &tail[1..];
            }
            _ => {
                let semi = tail.find(';').filter(|&k| k <= 10)?;
                let body = &tail[1..semi];
                let visible = reference_is_visible(body)?;
                n += u32::from(visible);
                rest = &tail[semi + 1..];
            }
        }
    }
    n += rest.chars().filter(|c| !c.is_whitespace()).count() as u32;
    Some(n)
}

/// Whether the reference `&body;` stands for a non-space character, for the references
/// pages use in menus and footers; `None` for any other.
fn reference_is_visible(body: &str) -> Option<bool> {
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // Controls and the C1 range are remapped by the tokenizer; leave them to it.
        if code < 0x20 || (0x7f..=0x9f).contains(&code) {
            return None;
        }
        return char::from_u32(code).map(|c| !c.is_whitespace());
    }
    match body {
        "nbsp" | "ensp" | "emsp" | "thinsp" => Some(false),
        "amp" | "lt" | "gt" | "quot" | "apos" | "copy" | "reg" | "trade" | "hellip" | "mdash"
        | "ndash" | "rsquo" | "lsquo" | "rdquo" | "ldquo" | "laquo" | "raquo" | "middot"
        | "bull" | "times" | "euro" | "pound" => Some(true),
        _ => None,
    }
}

/// Start and end of `</name…>` at or after `from`, or the end of input when it never closes
/// (browsers too run an unclosed script to the end of the page).
fn find_close(b: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let finder = memmem::Finder::new(b"</");
    let mut at = from.min(b.len());
    while let Some(off) = finder.find(&b[at..]) {
        let start = at + off;
        let tail = &b[start + 2..];
        if tail.len() >= name.len()
            && tail[..name.len()].eq_ignore_ascii_case(name)
            && !tail
                .get(name.len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return (start, after_gt(b, start));
        }
        at = start + 2;
    }
    (b.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_scripts_keeps_json_ld() {
        let p = strip(
            "<p>a<!-- <script> -->b<SCRIPT>if(a<b)x='</p>'</Script>c\
             <script type=\"application/ld+json\">{\"x\":1}</script><svg><text>no</text></svg>d\
             <scripts>e</scripts>",
            None,
        );
        assert_eq!(p.html, "<p>abcd<scripts>e</scripts>");
        assert_eq!(p.json_ld, vec!["{\"x\":1}"]);
        assert_eq!(strip("<style>never closed", None).html, "");
        assert_eq!(strip("<p>x<", None).html, "<p>x<");
    }

    #[test]
    fn drops_unread_attributes() {
        assert_eq!(
            strip("<DIV Class=\"a>b\" data-x='<script>' id=c>x</div>", None).html,
            "<DIV Class=\"a>b\" id=c>x</div>"
        );
        assert_eq!(
            strip(
                "<a href=/x class=y/>t</a><link rel=canonical href=/c />",
                None
            )
            .html,
            "<a class=y/>t</a><link rel=canonical href=/c />"
        );
        assert_eq!(strip("<img src=x alt=y/>", None).html, "<img>");
        assert_eq!(strip("<img src=x alt=y />", None).html, "<img />");
        assert_eq!(
            strip("<meta name=a content=b><p name=a hidden>", None).html,
            "<meta name=a content=b><p hidden>"
        );
        // Unclosed tags and quotes are left to the tokenizer.
        assert_eq!(strip("<p>a<b src=\"x>y", None).html, "<p>a<b src=\"x>y");
    }

    #[test]
    fn white_space_between_tags() {
        assert_eq!(
            strip(
                "<ul>\n  <li>a \n b</li>\n\t<li> c</li> <!-- x -->\n</ul>\n",
                None
            )
            .html,
            "<ul> <li>a \n b</li> <li> c</li> \n</ul>\n"
        );
        assert_eq!(strip("a \n < b\n\n<p>", None).html, "a \n < b\n\n<p>");
    }

    #[test]
    fn comments_doctypes_and_title() {
        assert_eq!(
            strip("<!DOCTYPE html><!-->a<!--->b<!-- c --!>d", None).html,
            "abd"
        );
        assert_eq!(strip("a<?xml x?>b</ 3>c</>d", None).html, "abcd");
        assert_eq!(
            strip("<title>a <b onclick=x> <!-- c --></title><p x=1>", None).html,
            "<title>a <b onclick=x> <!-- c --></title><p>"
        );
        assert_eq!(strip("</p class='>'>x", None).html, "</p class='>'>x");
    }

    #[test]
    fn kept_attributes_are_built() {
        for (a, _) in KEPT {
            assert!(
                super::super::dom::KEPT_ATTRS.iter().any(|(_, n)| n == a),
                "{a}"
            );
        }
    }
}
