//! Pages that keep their text but not their documents (moved, or renumbered by a page
//! before them) take their postings along, and the postings of pages that went are
//! dropped: term by term over the stretch of documents where pages changed.

use rustc_hash::FxHashMap;

use super::lines::{seek, seek_after};
use super::{IndexCache, PageState};

impl IndexCache {
    /// Moves the postings of the `moved` old pages to their new documents (`new_at`: each
    /// page's first document in the new order) and drops those of the `going` ones, term
    /// by term over the stretch of documents they span (old and new): within it a term's
    /// postings are renumbered and sorted again; outside it nothing changes (the pages
    /// there keep their documents). The changed postings are marked for encoding.
    pub(super) fn move_postings(
        &mut self,
        old: &[PageState],
        old_start: &[u32],
        new_at: &FxHashMap<u64, u32>,
        moved: &[bool],
        going: &[bool],
    ) {
        let (mut lo, mut hi) = (u32::MAX, 0u32);
        let mut pages = Vec::new();
        for (i, p) in old
            .iter()
            .enumerate()
            .filter(|(i, _)| moved[*i] || going[*i])
        {
            let n = p.lengths.len() as u32;
            if n == 0 {
                continue;
            }
            let from = old_start[i];
            lo = lo.min(from);
            hi = hi.max(from + n - 1);
            let to = moved[i].then(|| new_at[&p.sig]);
            if let Some(to) = to {
                lo = lo.min(to);
                hi = hi.max(to + n - 1);
            }
            pages.push((i, from, to));
        }
        if pages.is_empty() {
            return;
        }
        // Where each old document of the stretch goes (identity for pages that keep
        // theirs; `GONE` for those that go) and the terms that have a posting there.
        const GONE: u32 = u32::MAX;
        let mut to_doc: Vec<u32> = (lo..=hi).collect();
        let mut marked = vec![false; self.terms.len()];
        let mut touched = Vec::new();
        for &(i, from, to) in &pages {
            for (s, terms) in old[i].terms.iter().enumerate() {
                let s = s as u32;
                to_doc[(from + s - lo) as usize] = to.map_or(GONE, |t| t + s);
                for &(t, _) in terms {
                    if !std::mem::replace(&mut marked[t as usize], true) {
                        touched.push(t);
                    }
                }
            }
        }
        let mut stretch = Vec::new();
        for t in touched {
            let ts = &mut self.terms[t as usize];
            let a = seek(&ts.docs, lo);
            let b = seek_after(&ts.docs, a, hi + 1);
            stretch.clear();
            let (mut first, mut last) = (u32::MAX, 0u32);
            for &(d, n) in &ts.docs[a..b] {
                let to = to_doc[(d - lo) as usize];
                if to != d {
                    first = first.min(d);
                    last = last.max(d);
                }
                if to != GONE {
                    if to != d {
                        first = first.min(to);
                        last = last.max(to);
                    }
                    stretch.push((to, n));
                }
            }
            if first > last {
                continue;
            }
            stretch.sort_unstable_by_key(|d| d.0);
            ts.docs.splice(a..b, stretch.drain(..));
            ts.touch(first);
            ts.touch(last);
        }
    }
}
