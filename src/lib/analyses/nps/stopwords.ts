/**
 * Words that say nothing about what a customer liked or disliked, left out of the comment word
 * statistics (./words.ts). Entries are written as the tokenizer produces them: NFKC-normalised,
 * lowercased, and — for Japanese — as ICU's word breaker cuts the text, which splits inflected
 * verbs and adjectives into a stem and kana pieces (悪かった → 悪 | か | っ | た). Those pieces
 * are listed here; the stem (悪) stays and stands for the word.
 *
 * Kept on purpose: content words (配送 早い 丁寧 高い 対応), evaluative words (良い いい 便利
 * 不満 満足 面倒), and やすい / にくい (使いやすい, 分かりにくい: "easy to", "hard to").
 * Left out besides grammar: degree adverbs (とても すごく 少し, like English "very"), negation
 * (ない, like "not" in the English list), light verbs (する ある いる なる できる 思う), formal
 * nouns (こと もの ため 方), counters that follow numbers (回 個 円 点), honorifics (さん 様) and
 * politeness formulas (ありがとう よろしく お願い ください): thanks are frequent among promoters
 * and would crowd the lists without naming anything the shop could act on.
 */

const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/** Japanese function words, fragments of inflection, fillers and formulas (2+ characters, or 1 kanji). */
export const JA_STOPWORDS = words(`
  から まで より たより ながら ので のに けど けれど けれども でも だけ など なんか なんて ばかり しか ほど くらい ぐらい
  こそ さえ すら のみ とか って ってる という といった として について による によって に対して において
  では には とは へは にも とも での との への からの までの よりも かな かも かしら
  です でし でした ます まし ました ません ましょう ませ せん だっ だった だろう でしょう でしょ
  である であり であっ ある あり あっ あれ ありま あります ありました
  いる いた いて ってい てい てる てた でい でる いま います いました
  する した して しま します しまい しまし しまう しまっ しない しなかっ せず させ させて される され
  なる なっ なり なります なれ なら ならない なく なかっ なか なし ない ないで なかった
  れる られる られ られた られて
  たい たく たかっ たら たり ても てしまう ちゃう ちゃっ
  できる でき できた できて できない できれ できま
  くる くれ くれる くれた くれて いく いき いっ いける いけ
  もらう もらえ もらい もらっ もらえる いただく いただき いただけ いただい いただける 頂き 頂け 頂い
  ください 下さい くださ くださる 致し 致します いたし いたします
  思う 思い 思っ 思 思います 思いました 思いま 感じる 感じます
  こと もの ため とき ところ わけ はず よう そう みたい らしい 方 時 時に 事 物 為 上 等 他 際 場合
  これ それ あれ どれ この その あの どの ここ そこ あそこ どこ こちら そちら あちら どちら こっち そっち
  こんな そんな あんな どんな こう どう ああ なに なん 何 誰 いつ どうして なぜ
  私 僕 俺 自分 わたし あなた 皆 皆さん みんな 我々
  さん 様 さま くん ちゃん 殿 氏 御
  ありがとう ありがとうござい ございます ござい ございまし よろしく 宜しく お願い 願い お世話 世話
  とても とっても すごく ごく すご 非常 非常に 大変 かなり 結構 けっこう 本当 本当に ほんと ほんとう 本当は
  少し すこし ちょっと もう少し もうちょっと もっと もう まだ まあ やや 多少 一番 最も 特に 特 別に 割に
  また まず さらに 更に ぜひ 是非 ずっと よく ちゃんと きちんと しっかり ただ ただし 全て すべて 全部 全然 ぜんぜん
  今回 前回 今後 今 これから これまで 以上 以下 以外 次回 毎回
  えー えっと ええと あのー まぁ うーん はい いいえ
  年 月 日 時 分 秒 回 目 個 点 円 件 人 枚 度 週 名 歳 番 倍 割 位
  すぎる すぎ 過ぎ 過ぎる
`);

/**
 * Hiragana tokens of one or two characters are nearly all particles or pieces of inflection
 * (が は て した ます てい って); these few are words and are kept.
 */
export const JA_SHORT_KANA_KEEP = words(`いい よい すぐ だめ うま まめ`);

/** English: the usual function-word list, contractions as written with an apostrophe, and web noise. */
export const EN_STOPWORDS = words(`
  a about above after again against all am an and any are aren't as at be because been before being below
  between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
  few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
  him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
  mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't
  she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then
  there there's these they they'd they'll they're they've this those through to too under until up very was
  wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's
  whom why why's will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
  also just really much many get got go going went even still yet ever etc via per
  thanks thank thx please dear hello hi yes
  http https www com co jp html
`);
