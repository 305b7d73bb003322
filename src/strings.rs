//! UI strings of the default theme, per language, overridable in `playbook.toml`.
//!
//! Input: a language code and the overrides of the config. Output: the full table of
//! strings the templates use. Must not: accept an override for a key the theme does not
//! use (a typo would silently do nothing).

use std::collections::BTreeMap;

/// A resolved table of UI strings (key → text).
pub type UiStrings = BTreeMap<String, String>;

/// Every UI string key with its Chinese and English text.
const TABLE: &[(&str, &str, &str)] = &[
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("menu", "目录", "Menu"),
    ("contents", "课程目录", "Contents"),
    ("home", "首页", "Home"),
    ("previous", "上一章", "Previous"),
    ("next", "下一章", "Next"),
    ("search", "搜索", "Search"),
    ("search_placeholder", "搜索课程内容", "Search the course"),
    (
        "search_no_results",
        "没有找到匹配的内容。",
        "No matching pages.",
    ),
    (
        "search_needs_js",
        "搜索需要启用 JavaScript。",
        "Search needs JavaScript.",
    ),
    ("language", "语言", "Language"),
    (
        "no_translation",
        "本页暂无该语言版本",
        "This page has no translation",
    ),
    (
        "untranslated",
        "本页尚无中文版，以下是{lang}原文。",
        "This page has not been translated yet; showing the {lang} original.",
    ),
    (
        "stale_translation",
        "原文在本译文完成后已有改动。",
        "The original has changed since this translation was made.",
    ),
    ("read_original", "查看原文", "Read the original"),
    ("objectives", "学习目标", "Objectives"),
    ("duration", "学习时长", "Duration"),
    ("minutes", "分钟", "min"),
    // Punctuation around UI text: full width in Chinese.
    ("colon", "：", ": "),
    ("parens", "（{}）", "({})"),
    ("sources", "资料来源", "Sources"),
    (
        "chapter_sources",
        "本章依据的资料",
        "This chapter draws on",
    ),
    ("progress", "学习进度", "Progress"),
    ("answer_key", "答案", "Answer key"),
    ("print", "打印", "Print"),
    ("not_found_title", "页面不存在", "Page not found"),
    (
        "not_found_text",
        "你要找的页面不存在或已被移动。",
        "The page you are looking for does not exist or has moved.",
    ),
    ("breadcrumb", "当前位置", "Breadcrumb"),
    ("on_this_page", "本页内容", "On this page"),
    ("back_to_top", "回到顶部", "Back to top"),
    ("read_mark", "已读", "read"),
    (
        "continue_reading",
        "继续阅读",
        "Continue where you left off",
    ),
    ("chapters", "本部分章节", "Chapters in this part"),
    ("generated_by", "由 Playbook 生成", "Built with Playbook"),
    (
        "offline_save_part",
        "保存本部分，离线阅读",
        "Save this part for offline reading",
    ),
    (
        "offline_save_all",
        "保存整个课程，离线阅读",
        "Save the whole course for offline reading",
    ),
    ("offline_title", "本页未保存到本设备", "Not saved on this device"),
    (
        "offline_text",
        "现在没有网络，这一页也还没有保存到本设备。联网后打开它，或在首页保存整个课程供离线阅读。",
        "You are offline and this page has not been saved on this device. Open it while online, or save the whole course for offline reading from the home page.",
    ),
    // Titles of callouts (`::: note kind=…`, `> [!NOTE]`) and the video component.
    ("callout_note", "说明", "Note"),
    ("callout_tip", "提示", "Tip"),
    ("callout_important", "重要", "Important"),
    ("callout_warning", "注意", "Warning"),
    ("callout_caution", "当心", "Caution"),
    ("callout_danger", "危险", "Danger"),
    ("callout_example", "示例", "Example"),
    ("media_download", "下载", "Download"),
    // A question pool (`::: quiz draw=N`): on the quiz, its worksheet and its answer key.
    (
        "quiz_draw",
        "每次作答从这 {m} 道题中随机抽取 {n} 道。",
        "Each attempt draws {n} of these {m} questions.",
    ),
    // The visit simulator (scenario.js) and the scenario part of the progress page.
    ("scenario_excellent", "★★★ 优秀", "★★★ Excellent"),
    ("scenario_fair", "★★ 合格", "★★ Fair"),
    ("scenario_poor", "★ 需改进", "★ Needs work"),
    ("scenario_status", "第 {step} 步 · 得分 {score}", "Step {step} · score {score}"),
    ("scenario_you_said", "你说：", "You said: "),
    ("scenario_points", "（{points} 分）", " ({points} points)"),
    ("scenario_point", "（{points} 分）", " ({points} point)"),
    ("scenario_rating", "评价：{rating}（{score} 分，为最高分的 {pct}%）", "Rating: {rating} ({score} points, {pct}% of the best score)"),
    ("scenario_path", "你走过的路线", "The path you took"),
    ("scenario_back", "退回一步", "Back one step"),
    ("scenario_again", "再练一次", "Play again"),
    ("scenario_restart", "从头开始", "Start again"),
    ("scenario_ending", "结局：", "Ending: "),
    ("scenario_changed", "这个模拟在你上次练习之后改过了，上次没走完的路线已作废，请从头开始。", "This scenario has changed since you last practised: your unfinished run was discarded. Start again from the beginning."),
    ("scenario_stale", "保存的练习记录与当前版本不符，已作废，请从头开始。", "The stored run does not fit this version of the scenario and was discarded. Start again."),
    ("progress_scenarios", "拜访模拟", "Visit simulations"),
    ("progress_scenario", "模拟", "Simulation"),
    ("progress_best", "最好成绩", "Best score"),
    ("progress_date", "日期", "Date"),
    ("progress_runs", "完成次数", "Runs finished"),
    ("handin_scenarios", "其中包括 {n} 个拜访模拟的最近一次练习。",  " Visit simulations included (the last run of each): {n}."),
];

/// All known keys, for did-you-mean hints.
pub const KEYS: &[&str] = &[
    "skip_to_content",
    "menu",
    "contents",
    "home",
    "previous",
    "next",
    "search",
    "search_placeholder",
    "search_no_results",
    "search_needs_js",
    "language",
    "no_translation",
    "untranslated",
    "stale_translation",
    "read_original",
    "objectives",
    "duration",
    "minutes",
    "colon",
    "parens",
    "sources",
    "chapter_sources",
    "progress",
    "answer_key",
    "print",
    "not_found_title",
    "not_found_text",
    "breadcrumb",
    "on_this_page",
    "back_to_top",
    "read_mark",
    "continue_reading",
    "chapters",
    "generated_by",
    "offline_save_part",
    "offline_save_all",
    "offline_title",
    "offline_text",
    "callout_note",
    "callout_tip",
    "callout_important",
    "callout_warning",
    "callout_caution",
    "callout_danger",
    "callout_example",
    "media_download",
    "quiz_draw",
    "scenario_excellent",
    "scenario_fair",
    "scenario_poor",
    "scenario_status",
    "scenario_you_said",
    "scenario_points",
    "scenario_point",
    "scenario_rating",
    "scenario_path",
    "scenario_back",
    "scenario_again",
    "scenario_restart",
    "scenario_ending",
    "scenario_changed",
    "scenario_stale",
    "progress_scenarios",
    "progress_scenario",
    "progress_best",
    "progress_date",
    "progress_runs",
    "handin_scenarios",
];

/// The name of language `code` in the UI language `ui` (`en` in Chinese is 英文), for
/// the `{lang}` of the `untranslated` notice; the code itself for other languages.
pub fn language_name(code: &str, ui: &str) -> String {
    let zh = ui.starts_with("zh");
    let name = match code.split('-').next().unwrap_or(code) {
        "zh" => ["中文", "Chinese"],
        "en" => ["英文", "English"],
        "de" => ["德文", "German"],
        "fr" => ["法文", "French"],
        "ja" => ["日文", "Japanese"],
        "es" => ["西班牙文", "Spanish"],
        _ => return code.to_string(),
    };
    name[usize::from(!zh)].to_string()
}

/// The strings for `lang` (Chinese for `zh*`, English otherwise) with `overrides` applied.
/// Returns the first unknown override key as an error.
pub fn resolve(lang: &str, overrides: &BTreeMap<String, String>) -> Result<UiStrings, String> {
    let zh = lang.starts_with("zh");
    let mut out: UiStrings = TABLE
        .iter()
        .map(|(k, z, e)| (k.to_string(), if zh { z } else { e }.to_string()))
        .collect();
    for (k, v) in overrides {
        if !out.contains_key(k) {
            return Err(k.clone());
        }
        out.insert(k.clone(), v.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_list_matches_table() {
        let table: Vec<&str> = TABLE.iter().map(|t| t.0).collect();
        assert_eq!(table, KEYS);
    }

    #[test]
    fn overrides_apply_and_unknown_keys_fail() {
        let mut o = BTreeMap::new();
        o.insert("next".to_string(), "Weiter".to_string());
        assert_eq!(resolve("de", &o).unwrap()["next"], "Weiter");
        assert_eq!(resolve("zh", &BTreeMap::new()).unwrap()["next"], "下一章");
        o.insert("nxt".to_string(), "x".to_string());
        assert_eq!(resolve("en", &o).unwrap_err(), "nxt");
    }

    /// Issue 12: Chinese UI text uses full-width punctuation, never `,:;()?!` of ASCII.
    #[test]
    fn chinese_strings_use_full_width_punctuation() {
        for (key, zh, _) in TABLE {
            let ascii = zh
                .chars()
                .filter(|c| ",:;()?!".contains(*c))
                .collect::<String>();
            assert!(ascii.is_empty(), "{key}: `{zh}` has `{ascii}`");
        }
    }
}
