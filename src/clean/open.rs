//! The rules for open elements — void elements, implied ends, which element an end tag
//! closes — in one place, because two stages must follow them to the letter: the tree
//! builder (`dom`), and the prepass, which tracks the same stack to know where an element
//! that is always furniture really ends before cutting its content (see `prepass`). If the
//! two disagreed, a cut could take text that the tree would have placed outside it.

/// A stack of open elements, as the rules see it.
pub(super) trait Open {
    fn depth(&self) -> usize;
    /// Lower-case name of the element at stack position `i` (0 is the outermost).
    fn name_at(&self, i: usize) -> &str;
    /// How many open elements are named `TRACKED[k]`.
    fn open_count(&self, k: usize) -> u32;
    /// Closes the open elements from stack position `i` up.
    fn pop_to(&mut self, i: usize);
}

/// Elements whose open count the stacks keep, to skip stack walks for implied ends.
pub(super) const TRACKED: &[&str] = &[
    "a", "dd", "dt", "head", "li", "optgroup", "option", "p", "td", "th",
];

pub(super) fn tracked(name: &str) -> Option<usize> {
    TRACKED.iter().position(|t| *t == name)
}

/// Elements whose content the builder never reads as markup (the prepass cuts them; the
/// builder skips what is left of them).
pub(super) fn is_raw(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "noembed"
            | "noframes"
            | "xmp"
            | "textarea"
            | "plaintext"
            | "svg"
            | "math"
            | "template"
            | "select"
    )
}

fn is_void_name(name: &str) -> bool {
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

/// Whether a start tag makes an element with no content (it is never pushed).
pub(super) fn is_void(name: &str, self_closing: bool) -> bool {
    is_void_name(name) || (self_closing && !closes_p(name) && name != "a")
}

/// Start tags that end an open `<p>`.
pub(super) fn closes_p(name: &str) -> bool {
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

pub(super) fn is_heading(name: &str) -> bool {
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

/// A start tag of `<html>`, `<head>` or `<body>` while one is open adds nothing.
pub(super) fn is_repeated_root<S: Open + ?Sized>(s: &S, name: &str) -> bool {
    matches!(name, "html" | "head" | "body") && (0..s.depth()).any(|i| s.name_at(i) == name)
}

fn current<S: Open + ?Sized>(s: &S) -> &str {
    match s.depth() {
        0 => "",
        d => s.name_at(d - 1),
    }
}

/// Pops up to and including the nearest open element named in `targets`, if one is open
/// below a scope boundary for which `stop` holds. Every start tag of a block asks whether a
/// `<p>` is to be closed; the counts of open elements answer "none open" without walking
/// the stack.
fn close_implied<S: Open + ?Sized>(s: &mut S, targets: &[&str], stop: impl Fn(&str) -> bool) {
    let none_open = targets
        .iter()
        .all(|t| tracked(t).is_some_and(|k| s.open_count(k) == 0));
    if none_open {
        return;
    }
    for i in (0..s.depth()).rev() {
        let name = s.name_at(i);
        if targets.contains(&name) {
            s.pop_to(i);
            return;
        }
        if stop(name) || is_scope_boundary(name) {
            return;
        }
    }
}

/// The ends a start tag implies, applied before its element is made. The caller has set
/// aside raw elements and repeated roots.
pub(super) fn start_implied<S: Open + ?Sized>(s: &mut S, name: &str) {
    if name == "body" {
        // `<body>` ends a `<head>` left open.
        close_implied(s, &["head"], |_| false);
    }
    if closes_p(name) {
        close_implied(s, &["p"], |_| false);
    }
    match name {
        "li" => close_implied(s, &["li"], |n| matches!(n, "ul" | "ol")),
        "dd" | "dt" => close_implied(s, &["dd", "dt"], |n| n == "dl"),
        "tr" => {
            close_implied(s, &["td", "th"], |n| matches!(n, "tr" | "table"));
            if current(s) == "tr" {
                s.pop_to(s.depth() - 1);
            }
        }
        "td" | "th" => close_implied(s, &["td", "th"], |n| matches!(n, "tr" | "table")),
        "a" => close_implied(s, &["a"], |_| false),
        "option" | "optgroup" => close_implied(s, &["option", "optgroup"], |_| false),
        n if is_heading(n) && is_heading(current(s)) => s.pop_to(s.depth() - 1),
        _ => {}
    }
}

/// What an end tag does, once `</html>`, `</body>`, `</br>` and raw names are set aside.
pub(super) fn end_target<S: Open + ?Sized>(s: &S, name: &str) -> Option<usize> {
    for i in (0..s.depth()).rev() {
        let open = s.name_at(i);
        if open == name || (is_heading(open) && is_heading(name)) {
            return Some(i);
        }
        // An end tag does not reach out of a table cell it was not opened in.
        if matches!(open, "td" | "th" | "table")
            && !matches!(name, "tr" | "tbody" | "thead" | "tfoot" | "table")
        {
            return None;
        }
    }
    None
}
