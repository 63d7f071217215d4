#!/usr/bin/env bash
# Makes the dossier fixtures in Tests/Fixtures/dossier once, with the tools a secretariat's files
# come from (pandoc and LibreOffice for Word and PDF, reportlab for a PDF whose Chinese font is not
# embedded, ImageMagick for a scan, qpdf for an encrypted PDF, ffmpeg for a video). The files are
# committed: the tests read them with the extractors panel runs, and never need these makers.
# Needs: pandoc libreoffice-writer-nogui fonts-noto-cjk poppler-utils img2pdf qpdf ffmpeg, pip reportlab.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/Tests/Fixtures/dossier"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"

# A three-page report: each page has one sentence the tests look for.
cat > report.md <<'MD'
# 上城区网络学习空间建设与应用报告

第一页：上城区于二〇一八年启动网络学习空间人人通建设，覆盖全区四十六所学校。

```{=openxml}
<w:p><w:r><w:br w:type="page"/></w:r></w:p>
```

## 深化应用

第二页：全区教师空间开通率达到百分之九十八，学生空间开通率达到百分之九十五。

```{=openxml}
<w:p><w:r><w:br w:type="page"/></w:r></w:p>
```

## 特色与成效

第三页：依托空间开展跨校教研，形成区域教研共同体。
MD
pandoc report.md -o report.docx
soffice --headless --convert-to pdf report.docx >/dev/null
cp report.pdf "$out/report-embedded.pdf"

# A case with a table, as pandoc writes DOCX.
cat > case.md <<'MD'
# 典型案例：空间支持下的项目式学习

| 学段 | 班级数 | 空间开通数 |
|------|--------|------------|
| 小学 | 24     | 1080       |
| 初中 | 12     | 540        |

案例句子：学生在空间中提交作品并互评，教师据此调整教学。
MD
pandoc case.md -o "$out/case-table.docx"

# The province's recommendation form as many offices still send it: Word 97.
cat > form.md <<'MD'
# 推荐表

推荐意见：该区空间应用普及程度高，同意推荐为优秀区域。
MD
pandoc form.md -o form.docx
soffice --headless --convert-to doc form.docx >/dev/null
cp form.doc "$out/recommendation.doc"

# Figures typed into Notepad on a Chinese Windows: GB18030.
printf '空间开通情况统计\r\n机构空间开通数：四十六个，文本文件中的句子。\r\n' | iconv -f UTF-8 -t GB18030 > "$out/figures-gb18030.txt"

# A stamped scan: one page that is only an image (rendered from a PDF page, as a scanner would).
cat > scan.md <<'MD'
# 推荐盖章页

扫描页面文字识别测试
MD
pandoc scan.md -o scan.docx
soffice --headless --convert-to pdf scan.docx >/dev/null
pdftoppm -r 150 -f 1 -l 1 -png scan.pdf scanpage
img2pdf --imgsize 150dpi scanpage-1.png -o "$out/scan-image-only.pdf"

# Encrypted: it opens only with its password.
qpdf --encrypt secret owner 256 -- report.pdf "$out/encrypted.pdf"

# A PDF whose Chinese font is referred to, not embedded (STSong-Light, Adobe-GB1): poppler needs
# poppler-data's CMaps to read it, and without them drops the Chinese with only a warning.
python3 - "$out/nonembedded-font.pdf" <<'PY'
import sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
c = canvas.Canvas(sys.argv[1])
c.setFont("STSong-Light", 14)
c.drawString(72, 760, "未嵌入字体的句子：区域教研共同体覆盖全部学校。")
c.showPage()
c.save()
PY

# A twenty-page report for `panel bench dossiers`: about 600 characters of Chinese on each page.
python3 - "$out/report-20-pages.pdf" <<'PY'
import sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
style = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=18, wordWrap="CJK")
sections = ["基本情况", "组织领导", "经费保障", "平台建设", "空间开通", "教学应用", "学习应用", "管理应用",
            "教师研修", "家校共育", "资源共享", "数据服务", "安全运维", "停课不停学", "典型案例一", "典型案例二",
            "特色做法", "应用成效", "存在问题", "下一步计划"]
story = []
for page, title in enumerate(sections, start=1):
    story.append(Paragraph(f"第{page}部分 {title}", style))
    for n in range(4):
        story.append(Paragraph(
            f"在{title}方面，本区域坚持以应用为导向，推动网络学习空间与课堂教学深度融合。第{page}部分第{n + 1}段："
            "教师空间开通率持续提高，学生空间使用频次稳步增长，机构空间覆盖全部学校；"
            "依托空间开展跨校教研、在线答疑、作业提交与学情分析，形成可复制可推广的经验，"
            "并将空间应用情况纳入学校年度考核与教师评优评先。", style))
    story.append(PageBreak())
SimpleDocTemplate(sys.argv[1], pagesize=A4).build(story[:-1])
PY

# A video among the materials: kept and listed, no text.
ffmpeg -loglevel error -f lavfi -i testsrc=size=64x48:rate=5 -t 1 -pix_fmt yuv420p "$out/lesson.mp4"

ls -l "$out"
