//! Deal extraction from a cleaned, split article.

use crate::doc::{Article, Diagnostic};
use crate::record::DealRecord;

pub fn extract(_article: &Article) -> (Vec<DealRecord>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}
