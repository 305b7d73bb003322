//! `playbook score man FILE.csv` never loses a user's data (issue 9): every cell and byte
//! kept, the user's own columns never overwritten, the file's mode, BOM and links kept,
//! an atomic write beside it, located errors that leave it untouched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use playbook::score::man_file;
use playbook_kit::csv;
use playbook_kit::man::Thresholds;
use playbook_kit::Lang;
use proptest::prelude::*;

use crate::helpers::Run;

/// A folder holding one list.
struct List {
    dir: tempfile::TempDir,
}

impl List {
    fn new(text: impl AsRef<[u8]>) -> List {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("list.csv"), text).unwrap();
        List { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self) -> PathBuf {
        self.path("list.csv")
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(self.file()).unwrap()
    }

    fn text(&self) -> String {
        String::from_utf8(self.bytes()).unwrap()
    }

    /// `playbook score man ARGS` in the folder.
    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["score", "man"];
        all.extend_from_slice(args);
        let r: Run = Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(all)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
            .into();
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        r
    }

    /// The names in the folder, sorted.
    fn listing(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

const HEAD: &str = "combination,verdict,action,revisit_days,score";
const PREFIXED: &str =
    "playbook_combination,playbook_verdict,playbook_action,playbook_revisit_days,playbook_score";
const YES: &str = "M+A+N,prospect,Ideal target: pursue now.,20,100";
const NO: &str = "m+a+n,not-a-customer,Stop contact.,,0";

#[test]
fn scores_in_place_and_a_second_run_changes_nothing() {
    let l = List::new(
        "name,money,authority,need,owner\n张总,yes,yes,yes,王\n\"Li, Ltd\",no,80%,no,陈\n",
    );
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "Scored 2 contacts → list.csv\n");
    let out = l.text();
    assert_eq!(
        out,
        format!("name,money,authority,need,owner,{HEAD}\n张总,yes,yes,yes,王,{YES}\n\"Li, Ltd\",no,80%,no,陈,m+A+n,approachable,Observe and nurture long-term.,80,33\n")
    );
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Scored 2 contacts → list.csv (already up to date)\n"
    );
    assert_eq!(l.text(), out);
}

#[test]
fn cells_beyond_the_header_stay_in_their_columns() {
    let l = List::new("name,money,authority,need\nA,yes,yes,yes,call Monday,x\nB,no,no,no\n");
    assert_eq!(l.run(&["list.csv"]).code, 0);
    let out = l.text();
    assert_eq!(
        out,
        format!("name,money,authority,need,,,{HEAD}\nA,yes,yes,yes,call Monday,x,{YES}\nB,no,no,no,,,{NO}\n")
    );
    assert_eq!(l.run(&["list.csv"]).code, 0);
    assert_eq!(l.text(), out);
}

#[test]
fn the_users_own_score_and_action_columns_are_never_overwritten() {
    let l = List::new("name,Score,money,authority,need, action \nA,42,yes,yes,yes,call her\n");
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("note: `Score` is one of your columns"),
        "{}",
        r.stderr
    );
    let out = l.text();
    assert_eq!(
        out,
        format!("name,Score,money,authority,need, action ,{PREFIXED}\nA,42,yes,yes,yes,call her,{YES}\n")
    );
    // Idempotent: Playbook's own columns are refreshed, not added again.
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert_eq!(l.text(), out);
}

#[test]
fn a_header_with_both_forms_of_a_result_name_is_refused() {
    let text = "name,money,authority,need,score,playbook_verdict\nA,yes,yes,yes,1,2\n";
    let l = List::new(text);
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("list.csv:1:33: error: the header already has a column `score` and a column `playbook_verdict`"),
        "{}",
        r.stderr
    );
    assert_eq!(l.text(), text);
}

#[test]
fn the_browsers_export_is_refreshed_not_extended() {
    let l = List::new(format!(
        "rank,name,money,authority,need,{HEAD}\n1,A,yes,yes,yes,x,x,x,x,x\n"
    ));
    assert_eq!(l.run(&["list.csv"]).code, 0);
    assert_eq!(
        l.text(),
        format!("rank,name,money,authority,need,{HEAD}\n1,A,yes,yes,yes,{YES}\n")
    );
}

#[test]
fn bom_crlf_blank_lines_and_quoted_cells_are_kept_byte_for_byte() {
    let text = "\u{feff}name,money,authority,need,note\r\n\r\n\"A\",yes,yes,yes,\"say \"\"hi\"\",\r\nthen, go\"\r\n  \r\nB,no,no,no,  padded  \r\n";
    let l = List::new(text);
    assert_eq!(l.run(&["list.csv"]).code, 0);
    assert_eq!(
        l.text(),
        format!("\u{feff}name,money,authority,need,note,{HEAD}\r\n\r\n\"A\",yes,yes,yes,\"say \"\"hi\"\",\r\nthen, go\",{YES}\r\n  \r\nB,no,no,no,  padded  ,{NO}\r\n")
    );
}

#[test]
fn a_last_line_without_line_end_stays_without() {
    let l = List::new("name,money,authority,need\nA,yes,yes,yes");
    assert_eq!(l.run(&["list.csv"]).code, 0);
    assert_eq!(
        l.text(),
        format!("name,money,authority,need,{HEAD}\nA,yes,yes,yes,{YES}")
    );
}

#[cfg(unix)]
#[test]
fn the_files_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let l = List::new("name,money,authority,need\nA,yes,yes,yes\n");
    fs::set_permissions(l.file(), fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(l.run(&["list.csv"]).code, 0);
    assert!(l.text().contains(YES));
    let mode = fs::metadata(l.file()).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o640);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_a_link_and_its_target_is_scored() {
    let l = List::new("name,money,authority,need\nA,yes,yes,yes\n");
    fs::create_dir(l.path("real")).unwrap();
    fs::rename(l.file(), l.path("real/list.csv")).unwrap();
    std::os::unix::fs::symlink("real/list.csv", l.file()).unwrap();
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(fs::symlink_metadata(l.file())
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_link(l.file()).unwrap(), Path::new("real/list.csv"));
    assert!(fs::read_to_string(l.path("real/list.csv"))
        .unwrap()
        .contains(YES));
    assert_eq!(l.listing(), ["list.csv", "real"]);
}

#[cfg(unix)]
#[test]
fn hard_links_stay_shared() {
    use std::os::unix::fs::MetadataExt;
    // Stale results longer than the new ones: the rewrite must also cut the file.
    let stale = "x".repeat(300);
    let l = List::new(format!(
        "name,money,authority,need,{HEAD}\nA,yes,yes,yes,{stale},,,,\n"
    ));
    fs::hard_link(l.file(), l.path("other.csv")).unwrap();
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = format!("name,money,authority,need,{HEAD}\nA,yes,yes,yes,{YES}\n");
    assert_eq!(l.text(), expected);
    assert_eq!(fs::read_to_string(l.path("other.csv")).unwrap(), expected);
    let (a, b) = (
        fs::metadata(l.file()).unwrap(),
        fs::metadata(l.path("other.csv")).unwrap(),
    );
    assert_eq!((a.ino(), a.nlink()), (b.ino(), 2));
    assert_eq!(l.listing(), ["list.csv", "other.csv"]);
}

#[test]
fn an_existing_tmp_file_is_untouched_and_no_temporary_file_is_left() {
    let l = List::new("name,money,authority,need\nA,yes,yes,yes\n");
    fs::write(l.path("list.csv.tmp"), "mine").unwrap();
    assert_eq!(l.run(&["list.csv"]).code, 0);
    assert_eq!(fs::read_to_string(l.path("list.csv.tmp")).unwrap(), "mine");
    assert_eq!(l.listing(), ["list.csv", "list.csv.tmp"]);
    assert!(l.text().contains(YES));
}

#[test]
fn empty_bom_only_and_blank_files_are_errors_and_stay_as_they_were() {
    for (bytes, what) in [
        (&b""[..], "the file is empty"),
        (
            b"\xEF\xBB\xBF",
            "the file holds only a byte-order mark (BOM)",
        ),
        (b"\n\r\n  \t\n", "the file has only blank lines"),
    ] {
        let l = List::new(bytes);
        let r = l.run(&["list.csv"]);
        assert_eq!(r.code, 1, "{what}");
        assert!(
            r.stderr.starts_with(&format!("list.csv:1:1: error: {what}; a prospect list starts with a header line such as `name,money,authority,need`\n")),
            "{}",
            r.stderr
        );
        assert!(r.stderr.ends_with("error: `list.csv` was left as it was\n"));
        assert_eq!(l.bytes(), bytes);
    }
}

#[test]
fn a_header_without_contacts_is_a_warning_and_leaves_the_file() {
    let l = List::new("name,money,authority,need\n\n");
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "warning: `list.csv` has a header but no contacts: nothing to score, the file was left as it was\n"
    );
    assert_eq!(l.text(), "name,money,authority,need\n\n");
}

#[test]
fn errors_count_blank_lines_and_quoted_line_breaks_and_leave_the_file() {
    let text =
        "name,money,authority,need\n\n\nA,maybe,yes,yes\n\"B\nC\",yes,no,nope\n,yes,yes,yes\n";
    let l = List::new(text);
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "list.csv:4:3: error: money: Use yes, no or unknown, or a confidence from 0 to 100 (e.g. 75%).",
            "list.csv:6:11: error: need: Use yes, no or unknown, or a confidence from 0 to 100 (e.g. 75%).",
            "list.csv:7:1: error: the name is empty",
            "error: `list.csv` was left as it was",
        ]
    );
    assert_eq!(l.text(), text);
}

#[test]
fn an_unclosed_quote_and_invalid_utf8_are_located() {
    let l = List::new("name,money,authority,need\n\nA,\"yes,yes,yes\n");
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("list.csv:3:3: error: a quote opened here is never closed\n"),
        "{}",
        r.stderr
    );
    let l = List::new(b"name,money,authority,need\r\nA,yes,\xFF,yes\r\n");
    let r = l.run(&["list.csv"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("list.csv:2:7: error: the file is not valid UTF-8"),
        "{}",
        r.stderr
    );
    assert_eq!(
        l.bytes(),
        b"name,money,authority,need\r\nA,yes,\xFF,yes\r\n"
    );
}

#[test]
fn output_writes_elsewhere_and_leaves_the_input_byte_identical() {
    let text = "\u{feff}name,money,authority,need\r\nA,yes,yes,yes\r\n";
    let l = List::new(text);
    let r = l.run(&["list.csv", "--output", "scored.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "Scored 1 contact → scored.csv\n");
    assert_eq!(l.text(), text);
    let scored = fs::read_to_string(l.path("scored.csv")).unwrap();
    assert_eq!(
        scored,
        format!("\u{feff}name,money,authority,need,{HEAD}\r\nA,yes,yes,yes,{YES}\r\n")
    );
    let r = l.run(&["list.csv", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, scored);
    assert_eq!(r.stderr, "Scored 1 contact\n");
    assert_eq!(l.text(), text);
    // --output needs a FILE to read.
    assert_eq!(l.run(&["--output", "x.csv"]).code, 2);
}

/// A valid answer cell.
fn answer() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["yes", "no", "unknown", "", "75%", " 20 "]).prop_map(String::from)
}

/// Text dense in the characters that matter to a CSV reader.
fn csvish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "\"", ",", "\r", "\n", "\r\n", " ", "\t", "\u{feff}", "a", "甲", "\"\"",
        ]),
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// The writer quotes so that the reader gives back exactly the cells it was given.
    #[test]
    fn csv_round_trips_any_cells(
        rows in prop::collection::vec(prop::collection::vec(any::<String>(), 1..5), 0..6),
        crlf: bool,
        bom: bool,
        last_end: bool,
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let lines: Vec<String> = rows
            .iter()
            .map(|r| csv::line(&r.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        let mut text = format!("{}{}", if bom { "\u{feff}" } else { "" }, lines.join(eol));
        if last_end && !rows.is_empty() {
            text.push_str(eol);
        }
        prop_assert_eq!(csv::parse(&text).unwrap(), rows);
    }

    /// No input panics the reader or the scorer, and every span it reports is in the text.
    #[test]
    fn no_text_panics_the_reader_or_the_scorer(text in prop_oneof![csvish(), any::<String>()]) {
        if let Ok(records) = csv::records(&text) {
            for r in &records {
                prop_assert!(text.get(r.span.clone()).is_some());
                for f in &r.fields {
                    prop_assert!(text.get(f.span.clone()).is_some());
                }
            }
        }
        let _ = man_file(Path::new("x.csv"), &text, &Thresholds::default(), Lang::En);
        let _ = man_file(
            Path::new("x.csv"),
            &format!("name,money,authority,need\n{text}"),
            &Thresholds::default(),
            Lang::En,
        );
    }

    /// Scoring keeps every cell where it was, and scoring again changes nothing.
    #[test]
    fn scoring_never_loses_a_cell(
        extra_head in prop::collection::vec("[a-z ]{0,6}", 0..3),
        rows in prop::collection::vec(
            ("[a-zA-Z王]{1,3}.{0,4}", answer(), answer(), answer(),
             prop::collection::vec(any::<String>(), 0..4)),
            1..5,
        ),
        crlf: bool,
        bom: bool,
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut head = vec!["name".to_string(), "money".into(), "authority".into(), "need".into()];
        head.extend(extra_head);
        let mut table = vec![head];
        for (name, m, a, n, extra) in rows {
            let mut row = vec![name, m, a, n];
            row.extend(extra);
            table.push(row);
        }
        let lines: Vec<String> = table
            .iter()
            .map(|r| csv::line(&r.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        let text = format!("{}{}{eol}", if bom { "\u{feff}" } else { "" }, lines.join(eol));
        let th = Thresholds::default();
        let scored = man_file(Path::new("x.csv"), &text, &th, Lang::En).unwrap();
        prop_assert_eq!(scored.text.starts_with('\u{feff}'), bom);
        let out = csv::parse(&scored.text).unwrap();
        prop_assert_eq!(out.len(), table.len());
        for (before, after) in table.iter().zip(&out) {
            prop_assert_eq!(&after[..before.len()], &before[..]);
            prop_assert_eq!(after.len(), out[0].len());
        }
        let again = man_file(Path::new("x.csv"), &scored.text, &th, Lang::En).unwrap();
        prop_assert_eq!(again.text, scored.text);
    }
}
