import PanelCore
import TerminalKit

/// 申报材料: a candidate's dossier as one long text that pages run through, laid out for the
/// pane's width by the rules of Chinese line breaking, with a search that finds words across
/// pages and files. Pure: the sheet screen owns it and hands it keys and a rectangle.
public struct DossierReader: Sendable, Equatable {
    public let dossier: Dossier

    /// One line as drawn: a page's heading, part of its text, or a note about it.
    struct Line: Sendable, Equatable {
        enum Kind: Sendable, Equatable { case heading, text, note, summary, flagged }
        var kind: Kind
        var text: String
        var file: Int
        var page: Int
        /// Where the line's characters start in the page's text (text lines only).
        var offset = 0
    }

    /// A place where the query was found: a page and the characters it covers.
    struct Hit: Sendable, Equatable {
        var file: Int
        var page: Int
        var range: Range<Int>
        /// The line it starts on, in the current layout.
        var line: Int
    }

    private(set) var width = 0
    private(set) var lines: [Line] = []
    /// The first line in view.
    private(set) var top = 0
    /// Rows of text in view, set with the width.
    private(set) var rows = 1
    /// The search being typed; the last one searched, its hits and the one selected.
    var searchField: TextField?
    private(set) var query = ""
    private(set) var hits: [Hit] = []
    private(set) var hit: Int?
    /// The file list (`F`), when it is open.
    var files: ScrollList?
    /// The page `K` last went to and where that left the view: the next `K` goes on from there.
    private var lastMention: Mention?
    private struct Mention: Sendable, Equatable { var index: Int, top: Int }

    /// Each page's characters, split once: laying out and searching both walk them.
    let characters: [[[Character]]]

    public init(_ dossier: Dossier) {
        self.dossier = dossier
        characters = dossier.pages.map { $0.map { Array($0.text) } }
    }

    enum Action: Sendable, Equatable {
        case scroll(Motion), screenDown, page(Int), file(Int), search, type, confirmSearch, cancelSearch
        case nextHit(Int), showFiles, pickFile, closeFiles
    }

    var isTyping: Bool { searchField != nil }

    var keymap: Keymap<Action> {
        if searchField != nil {
            return Keymap(
                [
                    Binding(keys: [.enter], help: "查找", action: .confirmSearch),
                    Binding(keys: [.escape], help: "取消", action: .cancelSearch),
                    Binding(
                        keys: [.backspace, .delete, .left, .right, .home, .end], help: "编辑", action: .type,
                        inBar: false),
                ], typing: .type, typingHelp: HelpEntry(label: "文字", help: "要查找的词", inBar: false))
        }
        if files != nil {
            return Keymap(
                Binding.lines(Action.scroll) + [
                    Binding(keys: [.enter], help: "打开", action: .pickFile),
                    Binding(keys: [.escape, .character("F")], help: "关闭列表", action: .closeFiles),
                ])
        }
        return Keymap(
            Binding.lines(Action.scroll) + [
                Binding(keys: [.pageDown, .character(" "), .control("d")], help: "翻屏", action: .screenDown),
                Binding(keys: [.pageUp, .control("u")], help: "上一屏", action: .scroll(.pageUp), inBar: false),
                Binding(keys: [.character(">")], help: "下/上一页", action: .page(1), inBar: false),
                Binding(keys: [.character("<")], help: "下/上一页", action: .page(-1), inBar: false),
                Binding(keys: [.character("]")], help: "下/上一个文件", action: .file(1), inBar: false),
                Binding(keys: [.character("[")], help: "下/上一个文件", action: .file(-1), inBar: false),
                Binding(keys: [.character("/")], help: "查找", action: .search),
                Binding(keys: [.character("n")], help: "下/上一处", action: .nextHit(1)),
                Binding(keys: [.character("N")], help: "下/上一处", action: .nextHit(-1)),
                Binding(keys: [.character("F")], help: "文件列表", action: .showFiles),
                Binding(keys: [.character("g"), .home], help: "开头/末尾", action: .scroll(.first), inBar: false),
                Binding(keys: [.character("G"), .end], help: "开头/末尾", action: .scroll(.last), inBar: false),
            ])
    }

    // MARK: Layout

    /// Lays the dossier out for a pane of `width` columns and `rows` text rows, keeping the line
    /// that was at the top in view (by its page and offset, which a new width does not change).
    public mutating func fit(width: Int, rows: Int) {
        self.rows = max(1, rows)
        guard width != self.width else {
            top = clampedTop(top)
            return
        }
        let anchor = lines.indices.contains(top) ? lines[top] : nil
        self.width = width
        lines = Self.layout(dossier, characters, width: width)
        top = anchor.flatMap { line(at: $0.file, page: $0.page, offset: $0.offset) } ?? 0
        top = clampedTop(top)
        relocateHits()
    }

    static func layout(_ dossier: Dossier, _ characters: [[[Character]]], width: Int) -> [Line] {
        var lines: [Line] = []
        // The first page: the nomination's own fields and figures (file -1: no file).
        if !dossier.summary.isEmpty {
            lines.append(
                Line(
                    kind: .heading,
                    text: """
                        ── 基本信息（推荐表汇总）──
                        """, file: -1, page: 0))
            for entry in dossier.summary {
                lines += DisplayWidth.wrap(entry.text, width: width).map {
                    Line(kind: entry.flagged ? .flagged : .summary, text: $0, file: -1, page: 0)
                }
            }
        }
        if dossier.files.isEmpty {
            return lines + [
                Line(
                    kind: .note,
                    text: """
                        尚未导入申报材料（秘书处用 panel import materials 导入）
                        """, file: -1, page: 0)
            ]
        }
        for (index, file) in dossier.files.enumerated() {
            let name = DisplayName.escaped(file.name, limit: max(10, width - 16))
            let pages = dossier.pages[index]
            if pages.isEmpty {
                lines.append(Line(kind: .heading, text: "── \(name) ──", file: index, page: 0))
                let note = "\(file.status.chineseName)：\(file.message.isEmpty ? "没有可读的文字" : file.message)"
                lines += DisplayWidth.wrap(note, width: width).map { Line(kind: .note, text: $0, file: index, page: 0) }
                continue
            }
            for (pageIndex, page) in pages.enumerated() {
                lines.append(
                    Line(
                        kind: .heading, text: "── \(name) 第 \(page.number)/\(file.pages) 页 ──", file: index,
                        page: page.number))
                func note(_ text: String) {
                    lines += DisplayWidth.wrap(text, width: width).map {
                        Line(kind: .note, text: $0, file: index, page: page.number)
                    }
                }
                if page.image && !page.ocr {
                    note("此页是图像，没有文字（扫描件；以 --ocr 导入可识别）")
                    continue
                }
                if page.ocr { note("以下文字由 OCR 识别，可能有误") }
                let characters = characters[index][pageIndex]
                var start = 0
                while start <= characters.count {
                    var end = start
                    while end < characters.count, characters[end] != "\n" { end += 1 }
                    // pdftotext -layout pads with spaces; they would only push text off the pane.
                    var last = end
                    while last > start, characters[last - 1] == " " { last -= 1 }
                    let paragraph = Array(characters[start..<last])
                    for range in DisplayWidth.lineRanges(paragraph, width: width) {
                        lines.append(
                            Line(
                                kind: .text, text: String(paragraph[range]), file: index, page: page.number,
                                offset: start + range.lowerBound))
                    }
                    start = end + 1
                }
                while lines.last?.kind == .text, lines.last?.text.isEmpty == true { lines.removeLast() }
            }
        }
        return lines
    }

    private func clampedTop(_ value: Int) -> Int { max(0, min(value, lines.count - rows)) }

    /// The line holding `offset` of a page (its heading when the offset is 0 and none holds it).
    private func line(at file: Int, page: Int, offset: Int) -> Int? {
        let onPage = lines.indices.filter { lines[$0].file == file && lines[$0].page == page }
        return onPage.last { lines[$0].kind == .text && lines[$0].offset <= offset } ?? onPage.first
    }

    // MARK: Update

    mutating func perform(_ action: Action, pressed key: Key, _ status: inout StatusLine) {
        switch action {
        case .scroll(let motion) where files != nil: files?.move(motion)
        case .scroll(.up): top = clampedTop(top - 1)
        case .scroll(.down): top = clampedTop(top + 1)
        // A screen less two lines, so that the last lines read stay in view for context.
        case .scroll(.pageUp): top = clampedTop(top - max(1, rows - 2))
        case .scroll(.pageDown), .screenDown: top = clampedTop(top + max(1, rows - 2))
        case .scroll(.first): top = 0
        case .scroll(.last): top = clampedTop(lines.count)
        case .page(let step): jump(step) { $0.kind == .heading }
        case .file(let step): jump(step) { line in line.kind == .heading && (line.page <= 1) }
        case .search: searchField = TextField(maxLength: 40)
        case .type: searchField?.apply(key)
        case .cancelSearch: searchField = nil
        case .confirmSearch:
            let text = searchField?.text ?? ""
            searchField = nil
            search(text, &status)
        case .nextHit(let step): nextHit(step, &status)
        case .showFiles:
            var list = ScrollList(count: dossier.files.count, page: rows)
            list.select(lines.indices.contains(top) ? max(0, lines[top].file) : 0)
            files = list
        case .closeFiles: files = nil
        case .pickFile:
            guard let chosen = files?.cursor else { return }
            files = nil
            if let first = lines.firstIndex(where: { $0.file == chosen }) { top = clampedTop(first) }
        }
    }

    /// Moves to the next (or previous) line that `starts`, from the top line.
    private mutating func jump(_ step: Int, where starts: (Line) -> Bool) {
        if step > 0 {
            if let next = lines.indices.first(where: { $0 > top && starts(lines[$0]) }) { top = clampedTop(next) }
        } else if let previous = lines.indices.last(where: { $0 < top && starts(lines[$0]) }) {
            top = clampedTop(previous)
        }
    }

    private mutating func search(_ text: String, _ status: inout StatusLine) {
        query = text.trimmingCharacters(in: .whitespaces)
        hits = []
        hit = nil
        guard !query.isEmpty else { return }
        let needle = Array(query)
        for (fileIndex, pages) in dossier.pages.enumerated() {
            for (pageIndex, page) in pages.enumerated() {
                let characters = self.characters[fileIndex][pageIndex]
                guard characters.count >= needle.count else { continue }
                var start = 0
                while start + needle.count <= characters.count {
                    if characters[start] == needle[0], Array(characters[start..<start + needle.count]) == needle {
                        hits.append(
                            Hit(file: fileIndex, page: page.number, range: start..<start + needle.count, line: 0))
                        start += needle.count
                    } else {
                        start += 1
                    }
                }
            }
        }
        relocateHits()
        guard !hits.isEmpty else {
            status.say("材料中没有“\(query)”", error: true)
            return
        }
        // The first hit at or after what is in view.
        hit = hits.firstIndex { $0.line >= top } ?? 0
        show(&status)
    }

    /// Moves to the next page (after the one in view, round to the start) whose text holds any of
    /// `words`, with the first such line a third of the way down; says which word and where.
    mutating func nextPage(mentioning words: [String], for item: String, _ status: inout StatusLine) {
        guard !words.isEmpty else {
            status.say("\(item) 没有设置关键词（评分表的 keywords）", error: true)
            return
        }
        let pages = dossier.pages.enumerated().flatMap { file, pages in pages.map { (file: file, page: $0) } }
        let current = lines.indices.contains(top) ? lines[top] : nil
        let start =
            lastMention.flatMap { $0.top == top ? $0.index + 1 : nil }
            ?? pages.firstIndex { $0.file == current?.file && $0.page.number == current?.page }.map { $0 + 1 } ?? 0
        for step in 0..<pages.count {
            let index = (start + step) % pages.count
            let (file, page) = pages[index]
            guard let word = words.first(where: { page.text.contains($0) }),
                let offset = page.text.range(of: word).map({
                    page.text.distance(from: page.text.startIndex, to: $0.lowerBound)
                }),
                let line = line(at: file, page: page.number, offset: offset),
                let heading = lines.firstIndex(where: { $0.file == file && $0.page == page.number })
            else { continue }
            // The page from its heading when the word is in view from there, else the word's line near the top.
            top = clampedTop(line - heading < rows - 2 ? heading : line - 2)
            lastMention = Mention(index: index, top: top)
            status.say(
                """
                \(item) 关键词“\(word)”：\(DisplayName.escaped(dossier.files[file].name)) 第\
                 \(page.number) 页（K 找下一页）
                """)
            return
        }
        status.say("材料中没有 \(item) 的关键词（\(words.joined(separator: "、"))）", error: true)
    }

    private mutating func relocateHits() {
        for index in hits.indices {
            hits[index].line =
                line(at: hits[index].file, page: hits[index].page, offset: hits[index].range.lowerBound) ?? 0
        }
    }

    private mutating func nextHit(_ step: Int, _ status: inout StatusLine) {
        guard !hits.isEmpty else {
            status.say(query.isEmpty ? "先按 / 查找" : "材料中没有“\(query)”", error: true)
            return
        }
        hit = ((hit ?? -step) + step + hits.count) % hits.count
        show(&status)
    }

    /// Brings the selected hit into view, a third of the way down when it was out of view.
    private mutating func show(_ status: inout StatusLine) {
        guard let hit else { return }
        let line = hits[hit].line
        if line < top || line >= top + rows { top = clampedTop(line - rows / 3) }
        let file = dossier.files[hits[hit].file]
        status.say(
            """
            “\(query)” 第 \(hit + 1)/\(hits.count) 处：\(DisplayName.escaped(file.name)) 第 \(hits[hit].page)\
             页
            """)
    }

    // MARK: Position

    /// The page in view as a citation: the selected search hit's page when it is in view (with
    /// what was searched), else the page of the first text line in view (with its first words).
    var citation: Citation? {
        if let hit, hits.indices.contains(hit), (top..<(top + rows)).contains(hits[hit].line) {
            let found = hits[hit], file = dossier.files[found.file]
            return Citation(file: file.name, sha256: file.sha256, page: found.page, quote: query)
        }
        let inView = lines.indices.dropFirst(top).prefix(rows)
        guard
            let index = inView.first(where: { lines[$0].kind == .text && !lines[$0].text.isEmpty })
                ?? inView.first(where: { lines[$0].page > 0 })
        else { return nil }
        let line = lines[index]
        guard line.page > 0, dossier.files.indices.contains(line.file) else { return nil }
        let file = dossier.files[line.file]
        let quote = line.kind == .text ? String(line.text.trimmingCharacters(in: .whitespaces).prefix(16)) : ""
        return Citation(file: file.name, sha256: file.sha256, page: line.page, quote: quote)
    }

    /// Where the reader is: `推荐表.pdf 第 3/12 页`.
    var position: String {
        guard lines.indices.contains(top), !dossier.files.isEmpty else { return "" }
        // The page of the first text line in view, so that a heading at the top names its own page.
        let line = lines[top]
        guard dossier.files.indices.contains(line.file) else { return "基本信息" }
        let file = dossier.files[line.file]
        let name = DisplayName.escaped(file.name, limit: 40)
        return line.page == 0 ? "\(name)（\(file.status.chineseName)）" : "\(name) 第 \(line.page)/\(file.pages) 页"
    }
}
