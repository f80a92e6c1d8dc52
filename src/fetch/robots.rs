//! robots.txt, as RFC 9309 describes it: groups of `User-agent` lines followed by `Allow` and
//! `Disallow` rules; the most specific matching rule wins and a tie goes to `Allow`; `*` and
//! `$` are wildcards. `Crawl-delay` is not in the RFC but is widely used, so it is honoured
//! when larger than our own delay. Parsing never fails: a line we do not understand is skipped.

/// The rules that apply to one user agent on one host.
#[derive(Debug, Clone, Default)]
pub struct Robots {
    /// `(allow, pattern)` pairs of the group that applies to us.
    rules: Vec<(bool, String)>,
    /// Seconds, if the group asks for a delay.
    pub crawl_delay: Option<f64>,
    /// `Sitemap:` lines, which apply to every agent.
    pub sitemaps: Vec<String>,
}

/// The product token of a User-Agent ("dealwire/0.1 (+url)" → "dealwire"): the name robots.txt
/// groups are matched against.
pub fn product_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .unwrap_or("")
        .to_string()
}

/// The largest robots.txt read; RFC 9309 asks crawlers to read at least 500 KiB.
pub const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

impl Robots {
    /// Everything allowed: what a 4xx robots.txt means.
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Parses `text` and keeps the group for `agent` (the product token of our User-Agent,
    /// e.g. `dealwire`), falling back to the `*` group.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        // Groups: the agents named, then the rules and crawl delay that follow them.
        struct Group {
            agents: Vec<String>,
            rules: Vec<(bool, String)>,
            delay: Option<f64>,
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut sitemaps = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push(Group {
                            agents: Vec::new(),
                            rules: Vec::new(),
                            delay: None,
                        });
                        in_agents = true;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.agents.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(g) = groups.last_mut() {
                        // An empty Disallow allows everything: it adds no rule.
                        if !value.is_empty() {
                            g.rules.push((key == "allow", value.to_string()));
                        }
                    }
                }
                "crawl-delay" => {
                    in_agents = false;
                    if let Some(g) = groups.last_mut() {
                        g.delay = value
                            .parse::<f64>()
                            .ok()
                            .filter(|d| d.is_finite() && *d >= 0.0);
                    }
                }
                "sitemap" => sitemaps.push(value.to_string()),
                _ => {}
            }
        }
        // The group naming our agent wins over `*`; several groups for one agent are merged.
        let ours = |g: &&Group| {
            g.agents
                .iter()
                .any(|a| a != "*" && agent.starts_with(a.as_str()))
        };
        let star = |g: &&Group| g.agents.iter().any(|a| a == "*");
        let chosen: Vec<&Group> = if groups.iter().any(|g| ours(&g)) {
            groups.iter().filter(ours).collect()
        } else {
            groups.iter().filter(star).collect()
        };
        Robots {
            rules: chosen
                .iter()
                .flat_map(|g| g.rules.iter().cloned())
                .collect(),
            crawl_delay: chosen.iter().find_map(|g| g.delay),
            sitemaps,
        }
    }

    /// Whether `path` (path plus query, starting with `/`) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Matches a robots pattern against a path: `*` is any run of characters, a final `$`
/// anchors the end, and everything else is a prefix match.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
            continue;
        }
        let last = i == parts.len() - 1;
        if last && anchored {
            return path.len() >= pos + part.len() && path.ends_with(part);
        }
        match path[pos..].find(part) {
            Some(at) => pos += at + part.len(),
            None => return false,
        }
    }
    !anchored || pos == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "\
# comment
User-agent: *
Disallow: /private/
Allow: /private/ok
Disallow: /*.pdf$
Crawl-delay: 2

User-agent: dealwire
User-agent: other
Disallow: /no-dealwire
Crawl-delay: 0.5

Sitemap: https://x.test/sitemap.xml
";

    #[test]
    fn groups_and_rules() {
        let star = Robots::parse(TXT, "somebot");
        assert!(!star.allowed("/private/x"));
        assert!(star.allowed("/private/ok/1"));
        assert!(!star.allowed("/a/b.pdf"));
        assert!(star.allowed("/a/b.pdf?x=1"));
        assert!(star.allowed("/no-dealwire"));
        assert_eq!(star.crawl_delay, Some(2.0));
        assert_eq!(star.sitemaps, vec!["https://x.test/sitemap.xml"]);

        let ours = Robots::parse(TXT, "dealwire");
        assert!(ours.allowed("/private/x"));
        assert!(!ours.allowed("/no-dealwire/a"));
        assert_eq!(ours.crawl_delay, Some(0.5));
    }

    #[test]
    fn patterns() {
        assert!(matches("/", "/anything"));
        assert!(matches("/a*c", "/abbbc/d"));
        assert!(!matches("/a*c$", "/abbbc/d"));
        assert!(matches("/a*c$", "/abbbc"));
        assert!(matches("*", "/"));
        assert!(!matches("/x", "/"));
        assert!(matches("/p$", "/p"));
        assert!(!matches("/p$", "/pq"));
    }

    #[test]
    fn empty_and_junk() {
        let r = Robots::parse("User-agent: *\nDisallow:\n\x00garbage\n", "dealwire");
        assert!(r.allowed("/"));
        let r = Robots::parse("Disallow: /orphan\n", "dealwire");
        assert!(r.allowed("/orphan"));
        let r = Robots::parse("User-agent: *\nDisallow: /\n", "dealwire");
        assert!(!r.allowed("/"));
    }
}
