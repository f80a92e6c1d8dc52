//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (CI has it there), or `DEALWIRE_SHARED`. None, with a
/// note on stderr, when it is missing: tests that need it then skip.
#[allow(dead_code)]
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("DEALWIRE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared not found (set DEALWIRE_SHARED to run this test)");
        None
    }
}

/// The `dealwire` binary with a scrubbed environment.
pub fn dealwire() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("dealwire").unwrap_or_else(|e| panic!("{e}"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(root());
    cmd
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    p
}

/// Parses JSON lines.
pub fn json_lines(s: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(s)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

/// Serves `app` on 127.0.0.1 (a free port) from its own thread and runtime, for as long as
/// the test process lives, and returns the address.
pub fn serve_app(app: axum::Router) -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    addr
}
