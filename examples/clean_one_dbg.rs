use std::io::Read;
fn main() {
    let p = std::env::args().nth(1).unwrap_or_default();
    let mut b = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(&p).expect("open"))
        .read_to_end(&mut b)
        .expect("read");
    let c = dealwire::clean::clean_html(&b, None, None, &Default::default());
    println!("{}", c.text);
}
