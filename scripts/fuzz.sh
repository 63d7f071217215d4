#!/usr/bin/env bash
# libFuzzer on each parser that reads what people send in.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # default 600 s each; targets: nominations experts scores toml output xlsx
# (xlsx: both workbook readers, .xlsx and, through libfreexl, .xls)
# Builds Sources/PanelFuzz with -sanitize=fuzzer (release, lld), seeds a corpus per target under
# .build/fuzz-corpus/ (kept between runs, not committed), and runs each target for SECONDS.
# A crash or hang leaves its input in .build/fuzz-crashes/TARGET/; replay it with
#   PANEL_FUZZ_TARGET=TARGET .build/fuzz/release/panel-fuzz FILE
# and commit it under Tests/PanelCoreTests/FuzzRegressions/TARGET/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(nominations experts scores toml output xlsx)
swift build -c release --product panel-fuzz --scratch-path .build/fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld -Xcc -DNDEBUG -Xcxx -DNDEBUG >/dev/null
fuzzer=.build/fuzz/release/panel-fuzz
export PANEL_RUBRICS="$PWD/scoring-rubrics"
# libFuzzer, not the Swift runtime, must catch a crash: it is what saves the input.
export SWIFT_BACKTRACE=enable=no

seed() {  # the corpus a target starts from: small valid files
  local dir=.build/fuzz-corpus/$1
  mkdir -p "$dir"
  case $1 in
    nominations) printf '编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域,推荐排序,往年获评\nR1,区域,杭州市上城区,浙江,杭州市,,之江汇,是,,1,\nS1,学校,"实验小学,东校区",浙江,杭州市,基础教育,之江汇,是,R1,２,2017\n' > "$dir/seed.csv" ;;
    experts) printf '编号,姓名,省份,单位,角色,PIN\nE1,王芳,北京,浙江大学,专家,1234\nC1,孙组长,北京,,组长,\n' > "$dir/seed.csv" ;;
    scores) printf '专家编号,候选编号,阶段,指标,分数\nE1,R1,材料,A1,4.5\nE1,R1,material,A2,３\nE1,S1,答辩,A1,28\n' > "$dir/seed.csv" ;;
    xlsx) python3 - "$dir/seed.xlsx" <<'PY'
import sys, zipfile
parts = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": '<workbook><sheets><sheet name="汇总表" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/sharedStrings.xml": '<sst><si><t>编号</t></si><si><t>类别</t></si><si><r><t>R-</t></r><r><t>1</t></r></si></sst>',
    "xl/worksheets/sheet1.xml": '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>13900001100</v></c><c r="C2" t="inlineStr"><is><t>区域</t></is></c></row></sheetData></worksheet>',
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as book:
    for name, text in parts.items():
        book.writestr(name, text)
PY
      # A table as Excel 97 .xls (read by libfreexl), written by LibreOffice when it is here.
      if command -v soffice >/dev/null; then
        printf '编号,类别,名称,联系电话,申报日期\nR-1,区域,杭州市上城区,13900001100,2020-12-28\n' > "$dir/xls-seed.csv"
        soffice -env:UserInstallation="file://$PWD/.build/fuzz-lo" --headless --infilter=CSV:44,34,76,1 \
          --convert-to xls --outdir "$dir" "$dir/xls-seed.csv" >/dev/null 2>&1 || true
        rm -f "$dir/xls-seed.csv"
      fi ;;
    output) printf '名称\033]0;title\007\302\233\342\200\256|<script>\r\n' > "$dir/seed.txt" ;;
    toml) for n in 0 1 2 3; do file=$(echo region school defense rules | cut -d' ' -f$((n + 1)))
            { printf "\\x$(printf %02x $n)"; cat "scoring-rubrics/$file.toml"; } > "$dir/$file.seed"; done ;;
  esac
}

status=0
for target in "${targets[@]}"; do
  # TOMLKit 0.6.0 never frees a parsed table (TOMLTable has no deinit): about 130 KB a run, which
  # panel, parsing its four files once per process, never feels. The whole-process limit is
  # raised for that target; one allocation over 2 GB is still caught.
  rss=4096
  [ "$target" = toml ] && rss=16384
  seed "$target"
  mkdir -p ".build/fuzz-crashes/$target"
  echo "== $target: $seconds s"
  if ! PANEL_FUZZ_TARGET=$target "$fuzzer" ".build/fuzz-corpus/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
       -rss_limit_mb=$rss -malloc_limit_mb=2048 -artifact_prefix=".build/fuzz-crashes/$target/" -print_final_stats=1 2> ".build/fuzz-$target.log"; then
    status=1
    echo "   FOUND: see .build/fuzz-$target.log and .build/fuzz-crashes/$target/"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov: " ".build/fuzz-$target.log" | tail -3 | sed 's/^/   /'
done
exit $status
