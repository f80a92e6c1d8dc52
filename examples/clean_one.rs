//! Cleans one page (plain or gzip) and prints the cleaned JSON, for inspecting a single page.
//! `cargo run --example clean_one -- PAGE.html[.gz] [URL]`
use std::io::Read;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        anyhow::bail!("usage: clean_one PAGE [URL]");
    };
    let mut bytes = std::fs::read(path)?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        bytes = out;
    }
    let c = dealwire::clean::clean_html(
        &bytes,
        None,
        args.get(1).map(String::as_str),
        &Default::default(),
    );
    println!("{:#?}\n{:?}\n---\n{}", c.meta, c.status, c.text);
    Ok(())
}
