//! Traditional → simplified folding of the Chinese characters common in business text, so
//! that a query typed in traditional characters finds simplified text and the other way
//! round: the tokenizer folds both the index and the query. A compact table, not a full
//! conversion: 333 pairs, the traditional characters whose simplified form occurs ten
//! times or more in the default course (about 1.5 KB of the wasm module gzipped);
//! characters that are also simplified characters in their own right (乾, 著, 藉, 瞭,
//! 餘) are left alone.

/// Pairs of (traditional, simplified) characters, sorted by the first; every character is
/// three bytes in UTF-8 (checked by the tests).
const PAIRS: &str = concat!(
    "來来係系倉仓個个們们側侧備备傳传價价優优內内兩两別别則则剛刚創创劃划動动務务勢势",
    "匯汇區区協协參参員员問问單单嗎吗嚮向圍围圖图團团報报場场壓压壞坏夠够學学實实審审",
    "寫写寬宽將将專专對对導导層层屬属師师帶带幣币幫帮庫库廠厂張张強强彙汇後后從从復复",
    "徵征態态慣惯慮虑憑凭應应懷怀戰战戶户換换損损搶抢擇择擊击擔担據据擬拟擴扩敗败數数",
    "斷断於于時时暫暂曆历會会東东條条棄弃業业極极構构標标樣样機机檔档檢检檯台權权歷历",
    "歸归氣气決决沒没況况減减測测準准溝沟滿满潛潜潤润為为無无熱热營营爭争狀状獨独獲获",
    "獻献現现環环產产畫画異异當当發发盡尽監监盤盘確确碼码礎础禦御禮礼種种稱称積积穩稳",
    "競竞筆笔節节範范簡简簽签籤签約约純纯紙纸級级細细紹绍終终組组結结絕绝絡络給给統统",
    "經经維维網网緊紧線线縮缩總总績绩織织繞绕繼继續续義义習习聞闻聯联職职聽听臺台與与",
    "興兴華华萬万蓋盖薦荐藥药處处虛虚號号術术衛卫裏里補补裝装裡里製制複复見见規规視视",
    "親亲覺觉觀观訂订計计討讨訓训記记訪访設设許许訴诉評评詢询試试話话該该誌志認认誠诚",
    "誤误說说誰谁課课調调談谈請请論论諾诺謂谓講讲謝谢證证識识議议護护讀读變变讓让負负",
    "財财貢贡貨货責责貴贵買买費费資资賣卖質质賬账賴赖購购贏赢趙赵車车軟软較较輕轻輪轮",
    "輸输轉转辦办這这進进運运過过達达違违遞递遠远適适遲迟選选還还邊边醫医釋释針针銷销",
    "錄录錢钱錯错錶表鍵键鎖锁鏈链鐘钟長长門门開开間间闆板關关陣阵陳陈隊队階阶際际隨随",
    "險险隻只雙双離离難难電电韓韩響响頁页項项順顺須须預预領领頭头頻频題题額额類类顧顾",
    "顯显風风颱台養养馬马驗验體体髮发麵面麼么點点齣出龍龙",
);

/// [`PAIRS`] as code points, decoded at compile time: the module carries two bytes per
/// character rather than three (the text above stays readable in the source).
const TABLE: [u16; PAIRS.len() / 3] = decode(PAIRS);

/// Three-byte UTF-8 characters → their code points.
const fn decode<const N: usize>(s: &str) -> [u16; N] {
    let b = s.as_bytes();
    let mut out = [0u16; N];
    let mut i = 0;
    while i < N {
        let (x, y, z) = (b[i * 3] as u16, b[i * 3 + 1] as u16, b[i * 3 + 2] as u16);
        out[i] = ((x & 0x0F) << 12) | ((y & 0x3F) << 6) | (z & 0x3F);
        i += 1;
    }
    out
}

/// A filter of the traditional characters of [`TABLE`] by the low 12 bits of their code
/// points (512 bytes): most characters are not in the table, and this tells so for about
/// nine in ten of them without searching it (most of what indexing a Chinese page costs
/// was this search).
const FILTER: [u64; 64] = filter(&TABLE);

const fn filter(table: &[u16]) -> [u64; 64] {
    let mut out = [0u64; 64];
    let mut i = 0;
    while i < table.len() {
        let k = (table[i] & 0xFFF) as usize;
        out[k / 64] |= 1 << (k % 64);
        i += 2;
    }
    out
}

/// The simplified form of `c`, or `c`.
pub fn simplify(c: char) -> char {
    let Ok(key) = u16::try_from(c as u32) else {
        return c;
    };
    let k = (key & 0xFFF) as usize;
    if key < 0x4E00 || FILTER[k / 64] & (1 << (k % 64)) == 0 {
        return c;
    }
    let (mut lo, mut hi) = (0, TABLE.len() / 2);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match TABLE[mid * 2].cmp(&key) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => {
                return char::from_u32(TABLE[mid * 2 + 1] as u32).unwrap_or(c);
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_pairs_of_han_characters() {
        let chars: Vec<char> = PAIRS.chars().collect();
        assert_eq!(chars.len() % 2, 0);
        let decoded: Vec<u32> = TABLE.iter().map(|c| *c as u32).collect();
        assert_eq!(decoded, chars.iter().map(|c| *c as u32).collect::<Vec<_>>());
        assert_eq!(PAIRS.len(), chars.len() * 3);
        let keys: Vec<char> = chars.iter().step_by(2).copied().collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        for pair in chars.chunks(2) {
            assert_ne!(pair[0], pair[1]);
            // A simplified form is never itself folded again.
            assert_eq!(simplify(pair[1]), pair[1], "{}", pair[1]);
            assert_eq!(simplify(pair[0]), pair[1]);
        }
    }

    #[test]
    fn the_filter_lets_every_character_of_the_table_through_and_few_others() {
        let mut passed = 0;
        for cp in 0x4E00u32..=0x9FFF {
            let c = char::from_u32(cp).unwrap();
            let in_table = TABLE.chunks(2).any(|p| p[0] as u32 == cp);
            let k = (cp & 0xFFF) as usize;
            let through = FILTER[k / 64] & (1 << (k % 64)) != 0;
            assert!(through || !in_table, "{c}");
            passed += through as usize;
            let want = TABLE
                .chunks(2)
                .find(|p| p[0] as u32 == cp)
                .map_or(c, |p| char::from_u32(p[1] as u32).unwrap());
            assert_eq!(simplify(c), want, "{c}");
        }
        assert!(passed < 0x5200 / 5, "{passed} characters searched");
    }

    #[test]
    fn common_business_words_fold() {
        let fold = |s: &str| s.chars().map(simplify).collect::<String>();
        assert_eq!(fold("客戶檔案"), "客户档案");
        assert_eq!(fold("轉移成本"), "转移成本");
        assert_eq!(fold("終生價值"), "终生价值");
        assert_eq!(fold("關係層次"), "关系层次");
        assert_eq!(fold("銷售拜訪"), "销售拜访");
        // Simplified text and characters outside the table are unchanged.
        assert_eq!(fold("客户忠诚度 MAN"), "客户忠诚度 MAN");
        assert_eq!(fold("著名 乾坤"), "著名 乾坤");
    }
}
