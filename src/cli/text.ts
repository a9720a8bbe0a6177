/**
 * The command line's own words, in Japanese and English (the figures' names come from the app's
 * messages, see ./print.ts). Kept here rather than in the app's dictionaries: the page never
 * shows them.
 */
import type { Locale } from '../lib/i18n/format';
import { PAGE_IDS } from '../lib/pages/ids';

const en = {
  usage: `Usage: kizuna <command> [options] <file>…

Commands
  load       load the files and print the load and data-quality report
  overview   … and print the overview's headline figures
  snapshot   … and write the snapshot (share link) of one or more pages
  report     … and write the report file (HTML) of one or more pages (made by the built
             app in headless Chromium, as its share view makes it)

Files are orders, customers, survey or campaign files: CSV/TSV (any encoding the app reads,
also .gz) or Parquet. Columns get the roles the app proposes; --map changes them.

Options
  --map ROLE=COLUMN     give a column a role (repeatable), e.g. --map customer_id=CustomerID;
                        --map ignore=COLUMN leaves a column out
  --kind FILE=KIND      what a file holds: orders, customers, responses, campaigns, campaign_targets, redemptions
  --date-order ORDER    ymd, mdy or dmy for slash dates (when the sample cannot tell)
  --decimal-mark MARK   point (1,234.56) or comma (1.234,56) in numbers (when the sample cannot tell)
  --page ID             the page to snapshot or report (repeatable; default overview):
                        ${PAGE_IDS.join(', ')}
  --all                 every page
  --params QUERY        filters and page settings as in the app's URL, e.g. "from=2011-01-01&to=2011-06-30"
  -o, --output FILE     where to write the snapshot (default: standard output) or the report
                        (default: the app's file name, kizuna-report-<page>-<date>.html)
  --url URL             write a full link: the app's address, e.g. https://example.com/kizuna
  --json                print results as JSON
  --issues FILE         write the rejected and flagged rows (file, row, column, reason, value) as CSV
  --db DATABASE         a DuckDB database file (tables are kept there; without files its loaded
                        tables are analysed), or a hosted DuckDB connection string (md:…)
  --threads N, --memory-limit SIZE   DuckDB's settings (default: every core, 80 % of memory)
  --locale ja|en        language of the output and the snapshot (default ja)
  --currency CODE       currency of the amounts (default: as detected)
  --today YYYY-MM-DD    today, for the future-date check (default: today)
  -h, --help`,
  engine: 'DuckDB {version}, {threads} threads',
  reading: 'Reading {file}…',
  loading: 'Loading {file}…',
  computing: 'Computing {page}…',
  mapping: '{file}: {kind} ({encoding}, delimiter {delimiter})',
  column: '  {label} → {role}',
  ambiguous: '{file}: day/month order cannot be told from the sample; read as {order} (say --date-order)',
  ambiguousDecimal: '{file}: numbers such as 1.200 could be 1.2 or 1,200; read with a decimal point (say --decimal-mark)',
  wrote: 'Wrote {file} ({chars} characters)',
  refused: 'Not shareable (fewer than 5 customers): {pages}',
  nothing: 'Nothing to share: every page describes fewer than 5 customers',
  noData: 'No orders to analyse',
  notFound: '{file}: no such file',
  noFiles: 'No files given (and no --db with loaded tables)',
  existing: 'Analysing the tables already in {db}',
  noReport: 'The report file could not be made (it needs the app, built, and Chromium): {detail}'
};

type Key = keyof typeof en;

const ja: Record<Key, string> = {
  usage: `使い方: kizuna <コマンド> [オプション] <ファイル>…

コマンド
  load       ファイルを読み込み、読み込みとデータ品質のレポートを表示
  overview   … 概要の主要指標を表示
  snapshot   … ページのスナップショット(共有リンク)を書き出す
  report     … ページのレポートファイル(HTML)を書き出す(ビルドしたアプリをヘッドレス Chromium で開き、
             共有ビューと同じ方法で作る)

ファイル: 注文・顧客・アンケート・キャンペーンのファイル。CSV/TSV(アプリが読める文字コードすべて、.gz も)
または Parquet。列の役割はアプリの提案どおり。--map で変更できます。

オプション
  --map 役割=列名        列に役割を与える(複数可) 例: --map customer_id=CustomerID。--map ignore=列名 で読み込まない
  --kind ファイル=種類    ファイルの種類: orders, customers, responses, campaigns, campaign_targets, redemptions
  --date-order 順序      スラッシュ区切りの日付の順序 ymd, mdy, dmy
  --decimal-mark 記号    数値の小数点 point(1,234.56)または comma(1.234,56)
  --page ID             スナップショット・レポートにするページ(複数可、既定 overview):
                        ${PAGE_IDS.join(', ')}
  --all                 すべてのページ
  --params クエリ        アプリの URL と同じ絞り込みとページ設定 例: "from=2011-01-01&to=2011-06-30"
  -o, --output ファイル   スナップショットの書き出し先(既定: 標準出力)、レポートの書き出し先
                        (既定: アプリと同じファイル名 kizuna-report-<ページ>-<日付>.html)
  --url URL             アプリのアドレスを付けた完全なリンクにする 例: https://example.com/kizuna
  --json                結果を JSON で表示
  --issues ファイル       除外・警告のあった行(ファイル、行、列、理由、値)を CSV で書き出す
  --db データベース       DuckDB のデータベースファイル(表はそこに残る。ファイルを指定しなければ読み込み済みの表を分析)
                        またはホスト型 DuckDB の接続文字列(md:…)
  --threads N, --memory-limit サイズ   DuckDB の設定(既定: 全コア、メモリの 80 %)
  --locale ja|en        出力とスナップショットの言語(既定 ja)
  --currency コード      金額の通貨(既定: 自動判定)
  --today YYYY-MM-DD    未来日付の確認に使う今日の日付(既定: 今日)
  -h, --help`,
  engine: 'DuckDB {version}、{threads} スレッド',
  reading: '{file} を確認中…',
  loading: '{file} を読み込み中…',
  computing: '{page} を計算中…',
  mapping: '{file}: {kind}({encoding}、区切り {delimiter})',
  column: '  {label} → {role}',
  ambiguous: '{file}: 日付の日と月の順序がサンプルから判断できません。{order} として読みます(--date-order で指定)',
  ambiguousDecimal: '{file}: 1.200 のような数値が 1.2 か 1,200 か判断できません。小数点をピリオドとして読みます(--decimal-mark で指定)',
  wrote: '{file} に書き出しました({chars} 文字)',
  refused: '共有できないページ(顧客 5 人未満): {pages}',
  nothing: '共有できるページがありません(どのページも顧客 5 人未満)',
  noData: '分析する注文がありません',
  notFound: '{file}: ファイルがありません',
  noFiles: 'ファイルが指定されていません(読み込み済みの表がある --db もありません)',
  existing: '{db} の読み込み済みの表を分析します',
  noReport: 'レポートファイルを作れませんでした(ビルドしたアプリと Chromium が必要です): {detail}'
};

const DICTS: Record<Locale, Record<Key, string>> = { en, ja };

/** A message with its `{name}` placeholders filled. */
export function say(locale: Locale, key: Key, values: Record<string, string | number> = {}): string {
  return DICTS[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}
