//! Named kill points for the crash test.
//!
//! `DEALWIRE_FAILPOINT=NAME:N` makes the process send itself SIGKILL the N-th time it passes
//! the point NAME; `DEALWIRE_FAILPOINT=list` prints `failpoint NAME N` on stderr at every
//! pass, so that a test can count the points a clean run goes through. Unset, a point costs
//! one look at a cached value. A real SIGKILL (from the `kill` command, since this crate
//! forbids `unsafe`) and not `abort`: no destructor, no buffered write, no atexit hook runs,
//! which is what a crash or `kill -9` from cron's host does.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

enum Spec {
    List,
    Kill { name: String, n: u64 },
}

fn spec() -> Option<&'static Spec> {
    static SPEC: OnceLock<Option<Spec>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let v = std::env::var("DEALWIRE_FAILPOINT").ok()?;
        if v == "list" {
            return Some(Spec::List);
        }
        let (name, n) = v.rsplit_once(':')?;
        Some(Spec::Kill {
            name: name.to_string(),
            n: n.parse().ok()?,
        })
    })
    .as_ref()
}

/// Passes the point `name`.
pub fn hit(name: &'static str) {
    let Some(spec) = spec() else {
        return;
    };
    static COUNTS: OnceLock<Mutex<HashMap<&'static str, u64>>> = OnceLock::new();
    let n = match COUNTS.get_or_init(Default::default).lock() {
        Ok(mut c) => {
            let n = c.entry(name).or_insert(0);
            *n += 1;
            *n
        }
        Err(_) => return,
    };
    match spec {
        Spec::List => eprintln!("failpoint {name} {n}"),
        Spec::Kill { name: k, n: at } if k == name && *at == n => die(),
        Spec::Kill { .. } => {}
    }
}

fn die() -> ! {
    let pid = std::process::id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .is_ok_and(|s| s.success());
    if !sent {
        let _ = std::process::Command::new("sh")
            .args(["-c", &format!("kill -KILL {pid}")])
            .status();
    }
    // The signal is on its way; never go on past the point.
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}
