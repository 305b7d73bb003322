//! The functions the browser calls, as plain Rust taking and returning strings, so that they
//! are tested natively; `crate::bindings` only exposes them to JavaScript.

use crate::i18n::Lang;
use crate::json;
use crate::loyalty::{self, Snapshot};
use crate::man::{self, Answer, Assessment, Prospect, Thresholds};
use crate::markup;

fn answer(s: &str) -> Answer {
    match s {
        "yes" => Answer::Yes,
        "no" => Answer::No,
        _ => Answer::Unknown,
    }
}

/// An answer as sent by the page: empty while the question is not answered yet.
fn given(m: &str, a: &str, n: &str) -> markup::man::Given {
    [m, a, n].map(|x| (!x.is_empty()).then(|| answer(x)))
}

fn assessment(m: &str, a: &str, n: &str) -> Assessment {
    Assessment {
        money: answer(m),
        authority: answer(a),
        need: answer(n),
    }
}

fn stored_list(csv: &str) -> Vec<Prospect> {
    man::parse_list(csv, &Thresholds::default(), Lang::En).unwrap_or_default()
}

/// The verdict panel; an empty answer is a question not answered yet (neutral panel).
pub fn man_result(m: &str, a: &str, n: &str, lang: &str) -> String {
    markup::man::result_of(&given(m, a, n), Lang::from_code(lang))
}

/// The MAN table with the current row marked (none until all three are answered).
pub fn man_table(m: &str, a: &str, n: &str, lang: &str) -> String {
    let current = markup::man::complete(&given(m, a, n)).map(|a| a.combination());
    markup::man::table(&current.unwrap_or_default(), Lang::from_code(lang))
}

/// The ranked list from the stored CSV.
pub fn man_list_html(csv: &str, lang: &str) -> String {
    markup::man::list(&stored_list(csv), Lang::from_code(lang))
}

/// Adds a prospect (or updates the one with the same name) and returns the stored CSV.
pub fn man_list_add(csv: &str, name: &str, m: &str, a: &str, n: &str) -> String {
    let mut list = stored_list(csv);
    let name = name.trim().to_string();
    let assessment = assessment(m, a, n);
    match list.iter_mut().find(|p| p.name == name) {
        Some(p) => p.assessment = assessment,
        None => list.push(Prospect { name, assessment }),
    }
    man::write_list(&list)
}

/// Removes a prospect by name.
pub fn man_list_remove(csv: &str, name: &str) -> String {
    let list: Vec<Prospect> = stored_list(csv)
        .into_iter()
        .filter(|p| p.name != name)
        .collect();
    man::write_list(&list)
}

/// Merges an imported CSV into the stored list. Returns JSON
/// `{"ok":bool,"csv":"...","message":"..."}`; on error the stored list is unchanged.
pub fn man_list_import(
    csv: &str,
    imported: &str,
    present_at: f64,
    absent_at: f64,
    lang: &str,
) -> String {
    let lang = Lang::from_code(lang);
    let th = Thresholds::new(present_at, absent_at).unwrap_or_default();
    match man::parse_list(imported, &th, lang) {
        Ok(new) => {
            let mut list = stored_list(csv);
            let count = new.len();
            for p in new {
                match list.iter_mut().find(|q| q.name == p.name) {
                    Some(q) => q.assessment = p.assessment,
                    None => list.push(p),
                }
            }
            let msg = match lang {
                Lang::Zh => format!("已导入 {count} 条记录。"),
                Lang::En => format!("Imported {count} rows."),
            };
            json::object(&[
                ("ok", "true".into()),
                ("csv", json::string(&man::write_list(&list))),
                ("message", json::string(&msg)),
            ])
        }
        Err(errs) => {
            let lines: Vec<String> = errs
                .iter()
                .take(5)
                .map(|e| match lang {
                    Lang::Zh => format!("第 {} 行：{}", e.line, e.message),
                    Lang::En => format!("line {}: {}", e.line, e.message),
                })
                .collect();
            let msg = format!(
                "{}{}",
                lang.pick("没有导入：", "Nothing imported: "),
                lines.join("; ")
            );
            json::object(&[
                ("ok", "false".into()),
                ("csv", json::string(csv)),
                ("message", json::string(&msg)),
            ])
        }
    }
}

/// The ranked export CSV.
pub fn man_export(csv: &str, lang: &str) -> String {
    man::export_list(&stored_list(csv), Lang::from_code(lang))
}

/// Evaluates a value-calculator section from `key=value` lines. Returns JSON
/// `{"errors":{"field":"message",...},"html":"..."}`.
pub fn value_eval(section: &str, params: &str, lang: &str) -> String {
    let p = markup::parse_params(params);
    let (errs, html) = markup::value::eval(section, &p, Lang::from_code(lang));
    let fields: Vec<(&str, String)> = errs
        .iter()
        .map(|e| (e.field.as_str(), json::string(&e.message)))
        .collect();
    json::object(&[
        ("errors", json::object(&fields)),
        ("html", json::string(&html)),
    ])
}

/// Grades one question from its key (see [`crate::quiz::key`]) and the chosen option
/// indices, comma-separated. Returns `fraction;earned;possible`, or an empty string for a
/// malformed key.
pub fn quiz_grade(key: &str, selected: &str) -> String {
    let sel: Vec<usize> = selected
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect();
    match crate::quiz::grade_key(key, &sel) {
        Some((f, e, p)) => format!(
            "{};{};{}",
            json::number(f),
            json::number(e),
            json::number(p)
        ),
        None => String::new(),
    }
}

/// The questions the attempt with `seed` draws from a pool of `m` (see
/// [`crate::quiz::draw::draw`]): `n` source-order indices, ascending, comma-separated.
pub fn quiz_draw(seed: u32, m: u32, n: u32) -> String {
    numbers(&crate::quiz::draw::draw(seed, m as usize, n as usize))
}

/// Plays a scenario: `graph` is its graph text (see [`crate::scenario::encode`]), `path`
/// the choice indices made so far, comma-separated. Returns JSON: `{"ok":true,"step":…,
/// "ending":…,"score":…,"pct":…,"rating":…,"offered":[…],"visited":[…],"hash":…}`, or
/// `{"ok":false,"at":n,"hash":…}` when the `n`-th choice is not offered where it is made
/// (a stored run of another version of the scenario) or the graph is not one.
pub fn scenario_play(graph: &str, path: &str) -> String {
    let hash = json::string(&crate::scenario::graph_hash(graph));
    let nums = |v: &[usize]| json::array(&v.iter().map(|n| n.to_string()).collect::<Vec<_>>());
    let steps: Result<Vec<usize>, usize> = path
        .split(',')
        .filter(|x| !x.trim().is_empty())
        .enumerate()
        .map(|(n, x)| x.trim().parse().map_err(|_| n))
        .collect();
    let run = crate::scenario::decode(graph)
        .ok_or(0)
        .and_then(|(s, best)| steps.and_then(|p| crate::scenario::play(&s, best, &p)));
    match run {
        Ok(r) => json::object(&[
            ("ok", "true".into()),
            ("step", r.step.to_string()),
            ("ending", r.ending.to_string()),
            ("score", r.score.to_string()),
            ("pct", r.pct.to_string()),
            ("rating", json::string(r.rating)),
            ("offered", nums(&r.offered)),
            ("visited", nums(&r.visited)),
            ("hash", hash),
        ]),
        Err(at) => json::object(&[
            ("ok", "false".into()),
            ("at", at.to_string()),
            ("hash", hash),
        ]),
    }
}

/// Reads a learner's responses to one question against its key (see
/// [`crate::quiz::resolve_key`]; values joined by U+001F). Returns the answer-space
/// indices, comma-separated (for [`quiz_grade`] and the stored record); `!` and the
/// numbers of the groups that cannot be read (a numeric answer that is not a number); or
/// `?` for a malformed key.
pub fn quiz_answer(key: &str, responses: &str) -> String {
    let join = |v: Vec<usize>| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
    match crate::quiz::resolve_key(key, responses) {
        Some(Ok(sel)) => join(sel),
        Some(Err(bad)) => format!("!{}", join(bad)),
        None => "?".into(),
    }
}

std::thread_local! {
    static SEARCH: std::cell::RefCell<crate::search::Index> = std::cell::RefCell::new(crate::search::Index::default());
}

fn numbers(list: &[impl ToString]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn code(r: Result<(), crate::search::LoadError>) -> String {
    r.err().map_or(String::new(), |e| e.code().to_string())
}

/// Opens a search index from its manifest (`search/manifest.txt`), dropping any loaded
/// before; returns "" or why it was refused (`corrupt`, `format`).
pub fn search_open(manifest: &str) -> String {
    code(crate::search::Index::open(manifest).map(|i| SEARCH.with(|s| *s.borrow_mut() = i)))
}

/// The version of the open index.
pub fn search_version() -> String {
    SEARCH.with(|s| s.borrow().version().to_string())
}

/// The shards a query needs that are not loaded yet, comma-separated.
pub fn search_shards(query: &str) -> String {
    SEARCH.with(|s| numbers(&s.borrow().shards_for(query)))
}

/// Loads shard `n`; returns "" or why it was refused (`stale`, `corrupt`).
pub fn search_add_shard(n: u32, text: &str) -> String {
    SEARCH.with(|s| code(s.borrow_mut().add_shard(n as usize, text)))
}

/// The pages among the first `pages` results whose chunks are not loaded, comma-separated.
pub fn search_missing(query: &str, pages: u32) -> String {
    SEARCH.with(|s| numbers(&s.borrow().missing_pages(query, pages.max(1) as usize)))
}

/// Loads page `n`'s chunk; returns "" or why it was refused (`stale`, `corrupt`).
pub fn search_add_page(n: u32, text: &str) -> String {
    SEARCH.with(|s| code(s.borrow_mut().add_page(n, text)))
}

/// Results of a query against what is loaded, as HTML, grouped by page: the first `pages`
/// pages (a "more results" button when there are more); links start with `root`; pages in
/// `failed` (comma-separated) say they could not be loaded.
pub fn search_html(query: &str, root: &str, lang: &str, pages: u32, failed: &str) -> String {
    let failed: Vec<u32> = failed.split(',').filter_map(|x| x.parse().ok()).collect();
    SEARCH.with(|s| {
        crate::search::results_html(
            &s.borrow(),
            query,
            root,
            Lang::from_code(lang) == Lang::Zh,
            pages.max(1) as usize,
            &failed,
        )
    })
}

fn ids(s: &str) -> Vec<&str> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// The loyalty result for comma-separated checked ids.
pub fn loyalty_result(checked: &str, lang: &str) -> String {
    markup::loyalty::result(&ids(checked), Lang::from_code(lang))
}

/// The history of one customer from lines `date<TAB>ids`.
pub fn loyalty_history(customer: &str, lines: &str, lang: &str) -> String {
    let snaps: Vec<(String, Vec<String>)> = lines
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(d, i)| {
            (
                d.to_string(),
                ids(i).into_iter().map(String::from).collect(),
            )
        })
        .collect();
    markup::loyalty::history(customer, &snaps, Lang::from_code(lang))
}

/// CSV of every snapshot from lines `customer<TAB>date<TAB>ids`.
pub fn loyalty_export(lines: &str) -> String {
    let snaps: Vec<Snapshot> = lines
        .lines()
        .filter_map(|l| {
            let mut it = l.splitn(3, '\t');
            Some(Snapshot {
                customer: it.next()?.to_string(),
                date: it.next()?.to_string(),
                checked: ids(it.next().unwrap_or(""))
                    .into_iter()
                    .map(String::from)
                    .collect(),
            })
        })
        .collect();
    loyalty::export_csv(&snaps)
}

/// Packs quiz records (a JSON array of the values kept under `playbook:quiz:<id>`)
/// against a catalog in its text form (see [`crate::progress::Catalog`]). Returns the
/// packed text, or an empty string when the catalog or the records cannot be read.
pub fn progress_pack(catalog: &str, records: &str) -> String {
    crate::progress::Catalog::parse(catalog)
        .and_then(|c| crate::progress::pack(&c, records))
        .unwrap_or_default()
}

/// Reads packed progress back. Returns JSON `{"ok":true,"records":[...],"changed":[...],
/// "unknown":[...]}` (records of unchanged quizzes; `lang:id` of the quizzes that changed or
/// are no longer in the course) or `{"ok":false,"error":"..."}`.
pub fn progress_unpack(catalog: &str, packed: &str) -> String {
    let names = |v: &[String]| json::array(&v.iter().map(|s| json::string(s)).collect::<Vec<_>>());
    match crate::progress::Catalog::parse(catalog).and_then(|c| crate::progress::unpack(&c, packed))
    {
        Ok(u) => json::object(&[
            ("ok", "true".into()),
            ("records", u.records),
            ("changed", names(&u.changed)),
            ("unknown", names(&u.unknown)),
        ]),
        Err(e) => json::object(&[("ok", "false".into()), ("error", json::string(&e.message))]),
    }
}

/// Makes a hand-in code from quiz records (a JSON array) against a language's catalog
/// (text form); `now_ms` is `Date.now()`, `offset_min` the UTC offset in minutes (minus
/// `getTimezoneOffset()`). Returns JSON `{"ok":true,"code":"PB2-...","svg":"<svg...>"}`
/// (`svg` empty when the code is too long for a QR code) or `{"ok":false,"error":"..."}`.
pub fn handin_make(
    catalog: &str,
    records: &str,
    name: &str,
    class: &str,
    now_ms: f64,
    offset_min: f64,
    lang: &str,
) -> String {
    let minutes = if now_ms.is_finite() && now_ms > 0.0 {
        (now_ms / 60_000.0) as u64
    } else {
        0
    };
    let offset = if offset_min.is_finite() {
        offset_min.clamp(-16.0 * 60.0, 16.0 * 60.0) as i32
    } else {
        0
    };
    let made = crate::progress::Catalog::parse(catalog)
        .and_then(|c| crate::handin::make(&c, records, name, class, minutes, offset));
    match made {
        Ok(code) => {
            let zh = Lang::from_code(lang) == Lang::Zh;
            let label = if zh {
                format!("{} 的交卷码（二维码）", name.trim())
            } else {
                format!("Hand-in code of {} (QR code)", name.trim())
            };
            let svg = crate::qr::svg(&code, &label).unwrap_or_default();
            json::object(&[
                ("ok", "true".into()),
                ("code", json::string(&code)),
                ("svg", json::string(&svg)),
            ])
        }
        Err(e) => json::object(&[("ok", "false".into()), ("error", json::string(&e.message))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_list_lifecycle() {
        let csv = man_list_add("", "甲", "yes", "yes", "yes");
        let csv = man_list_add(&csv, "乙", "no", "unknown", "yes");
        let csv = man_list_add(&csv, "甲", "yes", "no", "yes");
        assert_eq!(
            csv,
            "name,money,authority,need\n甲,yes,no,yes\n乙,no,unknown,yes\n"
        );
        assert!(man_list_html(&csv, "zh").contains("M+a+N"));
        let csv = man_list_remove(&csv, "甲");
        assert_eq!(csv, "name,money,authority,need\n乙,no,unknown,yes\n");
        let r = man_list_import(
            &csv,
            "name,money,authority,need\n丙,80%,yes,yes\n",
            60.0,
            40.0,
            "en",
        );
        assert!(r.starts_with("{\"ok\":true"), "{r}");
        assert!(r.contains("丙,yes,yes,yes"));
        let r = man_list_import(&csv, "name,money\n", 60.0, 40.0, "en");
        assert!(r.starts_with("{\"ok\":false"));
        assert!(r.contains("missing columns"));
        assert!(man_export(&csv, "en").starts_with("rank,name"));
    }

    #[test]
    fn value_eval_reports_fields() {
        let r = value_eval(
            "lifetime",
            "margin=x\nretention=80\ndiscount=10\nyears=\nacquisition-cost=",
            "en",
        );
        assert!(
            r.starts_with("{\"errors\":{\"margin\":\"This is not a number"),
            "{r}"
        );
        assert!(r.ends_with("\"html\":\"\"}"));
        let r = value_eval(
            "lifetime",
            "margin=100\nretention=80\ndiscount=10\nyears=\nacquisition-cost=",
            "en",
        );
        assert!(r.contains("266.67"));
    }

    #[test]
    fn scenario_play_through_the_graph_text() {
        let s = crate::scenario::parse(crate::scenario::tests::SAMPLE).unwrap();
        let g = crate::scenario::encode(&s, 5);
        let h = crate::scenario::graph_hash(&g);
        assert_eq!(
            scenario_play(&g, "0,0"),
            format!("{{\"ok\":true,\"step\":3,\"ending\":true,\"score\":5,\"pct\":100,\"rating\":\"excellent\",\"offered\":[],\"visited\":[0,1,3],\"hash\":\"{h}\"}}")
        );
        assert_eq!(
            scenario_play(&g, ""),
            format!("{{\"ok\":true,\"step\":0,\"ending\":false,\"score\":0,\"pct\":0,\"rating\":\"poor\",\"offered\":[0,1],\"visited\":[0],\"hash\":\"{h}\"}}")
        );
        assert_eq!(
            scenario_play(&g, "0,9"),
            format!("{{\"ok\":false,\"at\":1,\"hash\":\"{h}\"}}")
        );
        assert_eq!(
            scenario_play(&g, "0,x"),
            format!("{{\"ok\":false,\"at\":1,\"hash\":\"{h}\"}}")
        );
        assert!(scenario_play("nonsense", "").starts_with("{\"ok\":false,\"at\":0"));
    }

    #[test]
    fn quiz_draw_lists_the_drawn_questions() {
        assert_eq!(quiz_draw(1, 8, 1), "5");
        assert_eq!(quiz_draw(9, 3, 3), "0,1,2");
        assert_eq!(quiz_draw(9, 10, 4).split(',').count(), 4);
    }

    #[test]
    fn quiz_answers_through_keys() {
        let key = "numeric;1;100,50,0;n~%E5%85%83~850:850~800:900";
        assert_eq!(quiz_answer(key, "８５０元"), "0");
        assert_eq!(quiz_answer(key, "820"), "1");
        assert_eq!(quiz_answer(key, "1"), "2");
        assert_eq!(quiz_answer(key, "八百"), "!0");
        assert_eq!(quiz_answer(key, ""), "");
        assert_eq!(quiz_answer("ordering;1;50,0,0,50;i2|i2", "1\u{1f}0"), "1,2");
        assert_eq!(quiz_answer("bogus", "1"), "?");
        assert_eq!(quiz_grade("ordering;1;50,0,0,50;i2|i2", "0,3"), "1;1;1");
    }

    #[test]
    fn quiz_grading_through_keys() {
        assert_eq!(quiz_grade("multiple;2;50,50,-50,-50", "0"), "0.5;1;2");
        assert_eq!(quiz_grade("multiple;2;50,50,-50,-50", "0,1"), "1;2;2");
        assert_eq!(quiz_grade("single;1;100,0", ""), "0;0;1");
        assert_eq!(quiz_grade("nonsense", "0"), "");
    }

    #[test]
    fn loyalty_round_trip() {
        assert!(loyalty_result("b1,b2", "en").contains("data-score=\"16\""));
        assert!(
            loyalty_history("甲", "2026-11-01\tb1\n2026-11-20\tb1,b2\n", "zh")
                .contains("2026-11-20")
        );
        let csv = loyalty_export("甲\t2026-11-20\tb1,b2\n");
        assert!(csv
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("甲,2026-11-20,16,at-risk,1,1,0"));
    }

    #[test]
    fn progress_pack_and_unpack_through_strings() {
        let quiz = crate::quiz::parse("? q\n- [x] a\n- [ ] b\n").unwrap();
        let spec = crate::progress::QuizSpec::new("en", "intro", &quiz).unwrap();
        let catalog = crate::progress::Catalog {
            quizzes: vec![spec],
            ..Default::default()
        }
        .to_text();
        let packed = progress_pack(
            &catalog,
            r#"[{"id":"intro","lang":"en","last":100,"best":100,"attempts":2,"date":"2026-11-30","answers":{"q1":[0]}}]"#,
        );
        assert_eq!(
            progress_unpack(&catalog, &packed),
            r#"{"ok":true,"records":[{"id":"intro","lang":"en","last":100,"best":100,"attempts":2,"date":"2026-11-30","answers":{"q1":[0]}}],"changed":[],"unknown":[]}"#
        );
        assert_eq!(progress_pack("bogus", "[]"), "");
        assert_eq!(
            progress_unpack(&catalog, &packed[..packed.len() - 2]),
            r#"{"ok":false,"error":"checksum mismatch (the code was changed or cut)"}"#
        );
    }

    #[test]
    fn handin_make_gives_a_code_and_its_qr() {
        let quiz = crate::quiz::parse("? q\n- [x] a\n- [ ] b\n").unwrap();
        let catalog = crate::progress::Catalog {
            quizzes: vec![crate::progress::QuizSpec::new("en", "intro", &quiz).unwrap()],
            ..Default::default()
        }
        .to_text();
        let recs = r#"[{"id":"intro","lang":"en","last":100,"best":100,"attempts":1,"date":"2026-11-30","answers":{"q1":[0]}}]"#;
        let out = handin_make(&catalog, recs, "Ann", "", 1.7e12, 60.0, "en");
        let v = json::parse(&out).unwrap();
        let code = v.get("code").and_then(json::Value::as_str).unwrap();
        let h = crate::handin::decode(code).unwrap();
        assert_eq!((h.name.as_str(), h.offset), ("Ann", 60));
        let svg = v.get("svg").and_then(json::Value::as_str).unwrap();
        assert!(svg.contains("<title id=\"qr-title\">Hand-in code of Ann (QR code)</title>"));
        assert_eq!(
            handin_make(&catalog, recs, " ", "", 1.7e12, 0.0, "zh"),
            r#"{"ok":false,"error":"enter a name"}"#
        );
    }
}
