//! What the cleaner benchmarks share: the `ground-truth.json` + pages folder layout of the
//! article-extraction benchmark and WCXB (`<id>.html` or `<id>.html.gz`, gold keyed by id).

use std::io::Read;
use std::path::Path;

/// The gold file as its id → fields object.
pub fn read_truth(gt: &str) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let truth: serde_json::Value = serde_json::from_slice(&std::fs::read(gt)?)?;
    match truth {
        serde_json::Value::Object(m) => Ok(m),
        _ => anyhow::bail!("{gt}: not a JSON object"),
    }
}

/// A page's bytes, gunzipped when the folder holds it gzipped.
pub fn read_page(dir: &str, id: &str) -> anyhow::Result<Vec<u8>> {
    let gz = Path::new(dir).join(format!("{id}.html.gz"));
    if gz.exists() {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&gz)?).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(std::fs::read(Path::new(dir).join(format!("{id}.html")))?)
    }
}

/// The number after `--rounds`, or `default` when it is absent or not a number.
pub fn rounds(args: &[String], default: usize) -> usize {
    args.iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
