import PanelCore
import TerminalKit

/// 评分表: one sheet of the rubric as a tree of groups and items, with the selected item's guide.
public struct SheetState: Sendable, Equatable {
    public var key: SheetKey
    public var candidate: Candidate
    public var rubric: Rubric
    public var scores: [String: Points]
    public var status: ScoreSheet.Status?
    public var savedComment: String
    /// Index into `rubric.items`.
    public var selected = 0
    /// The score being typed for the selected item.
    public var editing: TextField?
    /// The comment being edited.
    public var comment: TextField?
    /// The candidate's dossier, once loaded; `reading`: it has the keys (and, below 160 columns, the screen).
    var dossier: DossierReader?
    var reading = false
    /// 评分依据: the pages cited for each item of this sheet.
    var evidence: [String: [Citation]] = [:]
    /// The defence day, for the clock of this candidate's defence on a defence sheet.
    var day: DefenseDay?

    public init(item: WorkItem, stage: Stage, round: RoundDefinition, expert: String) {
        key = SheetKey(expert: expert, candidate: item.candidate.id, stage: stage)
        candidate = item.candidate
        rubric = round.sheet(stage.sheet(for: item.candidate.kind))
        let sheet = item.sheet(stage)
        scores = sheet?.scores ?? [:]
        status = sheet?.status
        savedComment = sheet?.comment ?? ""
        selected = rubric.items.firstIndex { scores[$0.id] == nil } ?? 0
    }

    var readOnly: Bool { status == .submitted }

    /// On a defence sheet while its defence runs: `剩余 03:12`, `答问 剩余 01:00`, `超时 00:45`.
    var defenseClock: String? {
        guard key.stage == .defense, let day, let slot = day.slot(candidate.id), slot.state == .running else {
            return nil
        }
        return slot.phase(at: day.now, rules: day.rules).short + (slot.pausedAt != nil ? " 暂停" : "")
    }
    var items: [Indicator] { rubric.items }

    enum Action: Sendable, Equatable {
        case move(Motion), type, startEditing, save, cancel, edit, submit, editComment, back
        case newline, saveComment, dropComment
        case toggleDossier, dossier(DossierReader.Action), cite, keywords
    }

    var isTyping: Bool { editing != nil || comment != nil || (reading && dossier?.isTyping == true) }

    /// `m` and `q` while the dossier has the keys: back to the sheet.
    static let leaveDossier = [
        Binding(keys: [.character("e")], help: "作为评分依据", action: Action.cite),
        Binding(keys: [.character("K")], help: "评分项关键词", action: Action.keywords),
        Binding(keys: [.character("m")], help: "评分表", action: Action.toggleDossier),
        Binding(keys: [.character("q")], help: "返回评分表", action: Action.toggleDossier, inBar: false),
    ]

    /// The keys that type a score: digits (full-width ones too, as a Chinese input method sends them) and the point.
    static let scoreKeys: [Key] = (Array("0123456789.") + Array("０１２３４５６７８９．")).map { .character($0) }

    var keymap: Keymap<Action> {
        if reading, let dossier {
            let keys = dossier.keymap.map(Action.dossier)
            return dossier.isTyping || dossier.files != nil ? keys : keys.adding(Self.leaveDossier)
        }
        if comment != nil {
            return Keymap(
                [
                    Binding(keys: [.enter], help: "换行", action: .newline),
                    Binding(keys: [.tab], help: "保存意见", action: .saveComment),
                    Binding(keys: [.escape], help: "放弃修改", action: .dropComment),
                    Binding(
                        keys: [.backspace, .delete, .left, .right, .home, .end],
                        help: """
                            编辑
                            """, action: .edit, inBar: false
                    ),
                ], typing: .edit, typingHelp: HelpEntry(label: "文字", help: "评审意见", inBar: false))
        }
        let moves =
            Binding.lines(Action.move)
            + [
                Binding(keys: [.tab], help: "下/上一项", action: .move(.down), inBar: false),
                Binding(keys: [.backTab], help: "下/上一项", action: .move(.up), inBar: false),
            ]
        let ends = [
            Binding(keys: [.character("g"), .home], help: "首/末项", action: Action.move(.first), inBar: false),
            Binding(keys: [.character("G"), .end], help: "首/末项", action: .move(.last), inBar: false),
        ]
        let typeScore = Binding(keys: Self.scoreKeys, help: "输入分数", action: Action.type, keyLabel: "0-9/.")
        if editing != nil {
            return Keymap(
                moves + [
                    typeScore,
                    Binding(keys: [.enter], help: "保存", action: .save),
                    Binding(keys: [.escape], help: "取消输入", action: .cancel),
                    Binding(keys: [.backspace, .delete, .left, .right], help: "编辑", action: .edit, inBar: false),
                ] + ends)
        }
        return Keymap(
            Binding.lines(Action.move) + [
                typeScore,
                Binding(keys: [.enter], help: "保存", action: .startEditing),
            ] + moves.dropFirst(2) + [
                Binding(keys: [.character("m")], help: "申报材料", action: .toggleDossier),
                Binding(keys: [.character("K")], help: "材料中本项关键词", action: .keywords, inBar: false),
                Binding(keys: [.character("s")], help: "提交", action: .submit),
                Binding(keys: [.character("c")], help: "评审意见", action: .editComment),
            ] + ends + [
                Binding(keys: [.character("q")], help: "返回", action: .back)
            ])
    }

    mutating func update(_ msg: Msg, _ context: ScreenContext, _ status: inout StatusLine) -> Step {
        if var reader = dossier {
            let pane = Self.dossierPane(context.layout)
            reader.fit(width: pane.width - 1, rows: pane.height - 1)
            dossier = reader
        }
        switch msg {
        case .key(let key):
            guard let action = keymap.action(for: key) else { return Step() }
            return perform(action, pressed: key, context, &status)
        case .dossierLoaded(let loaded) where loaded.candidate == candidate.id:
            var reader = DossierReader(loaded)
            let pane = Self.dossierPane(context.layout)
            reader.fit(width: pane.width - 1, rows: pane.height - 1)
            dossier = reader
            // Beside the sheet on a wide terminal, the dossier is in view from the start.
            if context.layout.width >= Self.sideBySideWidth { return Step([.dossierShown(candidate.id)]) }
        case .dossierRefused(let refused, let reason) where refused == candidate.id:
            status.say(reason, error: true)
        case .evidenceLoaded(let loaded, let records) where loaded == candidate.id:
            evidence = Dictionary(grouping: records.filter { $0.key == key }, by: \.item).mapValues {
                $0.map(\.citation)
            }
        case .cited(let citedKey, let item, let citations) where citedKey == key:
            evidence[item] = citations.isEmpty ? nil : citations
        case .saved(let savedKey, let item, let points) where savedKey == key:
            scores[item] = points
            if self.status == nil { self.status = .draft }
            status.say("已保存 \(item) = \(points)　合计 \(scores.values.sum())")
        case .saveRefused(let savedKey, let item, let previous, let reason) where savedKey == key:
            scores[item] = previous
            status.say(reason, error: true)
        case .submitRefused(let refusedKey, let stored, let reason) where refusedKey == key:
            scores = stored
            status.say(reason, error: true)
        case .submitted(let submittedKey) where submittedKey == key:
            self.status = .submitted
            status.say("已提交 \(candidate.id) \(key.stage.chineseName)评分：合计 \(scores.values.sum())")
        case .commentSaved(let savedKey, let text) where savedKey == key:
            savedComment = text
            status.say("评审意见已保存")
        case .defenseLoaded(let loaded):
            day = loaded
        default:
            break
        }
        return Step()
    }

    private mutating func perform(
        _ action: Action, pressed key: Key, _ context: ScreenContext, _ status: inout StatusLine
    ) -> Step {
        switch action {
        case .move(let motion): move(motion)
        case .type:
            guard !readOnly else { status.say("已提交：只读（如需修改请联系组长）", error: true); return Step() }
            if editing == nil { editing = Self.scoreField() }
            editing?.apply(key)
        case .edit:
            if comment != nil { comment?.apply(key) } else { editing?.apply(key) }
        case .startEditing:
            guard !readOnly else { status.say("已提交：只读（如需修改请联系组长）", error: true); return Step() }
            editing = Self.scoreField()
        case .save: return Step(accept(&status))
        case .cancel: editing = nil
        case .submit: return Step(submit(&status))
        case .editComment:
            guard !readOnly else { status.say("已提交：只读", error: true); return Step() }
            comment = TextField(savedComment)
        case .back:
            // Leaving the sheet ends the reading of a dossier in view.
            let inView = dossier != nil && (reading || context.layout.width >= Self.sideBySideWidth)
            return Step((inView ? [.dossierHidden(candidate.id)] : []) + [.reload], go: .back)
        case .newline: comment?.insert("\n")
        case .saveComment:
            let text = comment?.text ?? ""
            comment = nil
            return Step([.saveComment(self.key, text)])
        case .dropComment:
            comment = nil
            status.say("评审意见未修改")
        case .toggleDossier:
            guard dossier != nil else {
                status.say("申报材料还在读取中", error: true)
                return Step()
            }
            reading.toggle()
            status.say(
                reading
                    ? """
                    申报材料：空格翻屏，< > 翻页，[ ] 换文件，/ 查找，e 作为\
                     \(items[selected].id) 的评分依据，m 回到评分表
                    """
                    : "评分表")
            // Side by side the dossier stays in view either way; alone it comes and goes with `m`.
            if context.layout.width < Self.sideBySideWidth {
                return Step([reading ? .dossierShown(candidate.id) : .dossierHidden(candidate.id)])
            }
        case .dossier(let inner):
            dossier?.perform(inner, pressed: key, &status)
        case .keywords:
            guard dossier != nil else {
                status.say("申报材料还在读取中", error: true)
                return Step()
            }
            let item = items[selected]
            dossier?.nextPage(mentioning: item.keywords, for: item.id, &status)
            // From the sheet on a narrow terminal, the dossier comes into view at that page.
            if !reading, context.layout.width < Self.sideBySideWidth {
                reading = true
                return Step([.dossierShown(candidate.id)])
            }
        case .cite:
            guard !readOnly else {
                status.say(
                    """
                    已提交：只读（如需修改请联系组长）
                    """, error: true);
                return Step()
            }
            guard let citation = dossier?.citation else {
                status.say("这里没有可引用的页面", error: true)
                return Step()
            }
            let item = items[selected]
            let taken = evidence[item.id]?.contains { $0.sha256 == citation.sha256 && $0.page == citation.page } == true
            status.say(
                taken
                    ? "已取消 \(item.id) 的评分依据：\(citation.label)"
                    : "已将 \(citation.label) 作为 \(item.id) \(item.name) 的评分依据")
            return Step([.cite(self.key, item: item.id, citation)])
        }
        return Step()
    }

    /// Side by side from this width: the sheet on the left at 80 columns, the dossier beside it.
    static let sideBySideWidth = 160

    /// Where the dossier is drawn: beside the sheet on a wide terminal, else over the sheet's body.
    static func dossierPane(_ layout: ScreenLayout) -> Rect {
        if layout.width >= sideBySideWidth {
            return Rect(x: 81, y: 0, width: layout.width - 81, height: layout.status.y)
        }
        return layout.body
    }

    static func scoreField() -> TextField { TextField(accepts: .number, maxLength: 6) }

    private mutating func move(_ motion: Motion) {
        editing = nil
        switch motion {
        case .up, .pageUp: selected = max(0, selected - 1)
        case .down, .pageDown: selected = min(items.count - 1, selected + 1)
        case .first: selected = 0
        case .last: selected = items.count - 1
        }
    }

    /// A typed value is checked on the spot; a refused one leaves the previous value in place.
    private mutating func accept(_ status: inout StatusLine) -> [Effect] {
        let item = items[selected], text = editing?.text ?? ""
        editing = nil
        guard !text.isEmpty else { return [] }
        guard let points = Points(parsing: text) else {
            status.say("“\(text)” 不是分数：最多两位小数", error: true)
            return []
        }
        if let refusal = item.refusal(of: points) {
            status.say(refusal, error: true)
            return []
        }
        let previous = scores[item.id]
        scores[item.id] = points
        if selected < items.count - 1 { selected += 1 }
        return [.saveScore(key, item: item.id, points, previous: previous)]
    }

    private mutating func submit(_ status: inout StatusLine) -> [Effect] {
        guard !readOnly else { status.say("已经提交过了", error: true); return [] }
        if let empty = items.firstIndex(where: { scores[$0.id] == nil }) {
            selected = empty
            status.say("还不能提交：\(items[empty].id) \(items[empty].name) 尚未打分", error: true)
            return []
        }
        return [.submit(key, shown: scores)]
    }

    func render(into buffer: inout Buffer, _ context: ScreenContext) {
        let wide = context.layout.width >= Self.sideBySideWidth
        if let dossier, reading || wide {
            // A reader laid out for another size (the terminal was resized) is laid out again here.
            var reader = dossier
            let pane = Self.dossierPane(context.layout)
            reader.fit(width: pane.width - 1, rows: pane.height - 1)
            if !wide {
                renderTitle(into: &buffer, context.layout)
                reader.render(into: &buffer, pane, focused: true)
                return
            }
            reader.render(into: &buffer, pane, focused: reading)
            for row in 0..<pane.height { buffer.put("│", row: row, column: 80, style: .dim) }
        }
        var narrow = context
        if wide { narrow.layout = ScreenLayout(width: 80, height: context.layout.height) }
        renderSheet(into: &buffer, narrow)
    }

    private func renderTitle(into buffer: inout Buffer, _ layout: ScreenLayout) {
        let total = scores.values.sum()
        let state = status == .submitted ? "已提交" : (status == .draft ? "草稿" : "未评")
        buffer.putTitle(
            " \(candidate.id) \(candidate.name) · \(key.stage.chineseName)评审 · \(rubric.title)",
            right: (defenseClock.map { "\($0)  " } ?? "") + "\(state)  合计 \(total)/\(rubric.total) ",
            in: layout.title)
    }

    private func renderSheet(into buffer: inout Buffer, _ context: ScreenContext) {
        let layout = context.layout
        renderTitle(into: &buffer, layout)

        // The tree of group headers and items above, the selected item's guide below.
        let (tree, pane) = layout.body.splitBottom(8)
        var rows: [(text: String, value: String, style: Style, item: Int?)] = []
        var index = 0
        // Where in the selected item's value the cursor of the score being typed is, if inside it.
        var cursor: Int?
        for group in rubric.groups {
            let subtotal = group.items.compactMap { scores[$0.id] }.sum()
            rows.append(("\(group.id) \(group.name)", "\(subtotal) / \(group.points)", .header, nil))
            for item in group.items {
                let value: String
                if index == selected, let editing {
                    value = "[\(editing.shown(focused: true).text)] / \(item.points)";
                    cursor = editing.shown(focused: true).cursorColumn.map { $0 + 1 }
                } else {
                    value = "\(scores[item.id]?.description ?? "-") / \(item.points)"
                }
                let cited = evidence[item.id]?.count ?? 0
                rows.append(
                    (
                        "  \(item.id) \(item.name)" + (cited > 0 ? " （依据 \(cited)）" : ""), value,
                        index == selected ? .selected : (scores[item.id] == nil ? .normal : .submitted), index
                    ))
                index += 1
            }
        }
        // The selected item stays in the middle of the tree where it can.
        let selectedRow = rows.firstIndex { $0.item == selected } ?? 0
        let first = min(max(0, selectedRow - tree.height / 2), max(0, rows.count - tree.height))
        let valueColumn = layout.width - 18
        for (offset, row) in rows.dropFirst(first).prefix(tree.height).enumerated() {
            buffer.put(
                DisplayWidth.clipped(row.text, to: valueColumn - 2), row: tree.y + offset, column: 1, style: row.style)
            buffer.put(row.value, row: tree.y + offset, column: valueColumn, style: row.style)
            if row.style == .selected {
                buffer.paint(row: tree.y + offset, column: 1, width: layout.width - 2, style: .selected)
                if let cursor {
                    buffer.paint(row: tree.y + offset, column: valueColumn + cursor, width: 1, style: .cursor)
                }
            }
        }

        buffer.put(String(repeating: "-", count: layout.width - 2), row: pane.y, column: 1, style: .dim)
        let detailRows = pane.height - 1, detailWidth = layout.width - 4
        var detail: [StyledLine]
        if let comment {
            // The lines around the cursor, under the heading; the cursor's cell marked.
            let (lines, row, column) = comment.wrapped(width: detailWidth)
            let first = max(0, min(row - (detailRows - 2), lines.count - (detailRows - 1)))
            buffer.put("评审意见 (Enter 换行, Tab 保存, Esc 放弃):", row: pane.y + 1, column: 2, style: .header)
            for (offset, line) in lines.dropFirst(first).prefix(detailRows - 1).enumerated() {
                buffer.put(line, row: pane.y + 2 + offset, column: 2)
            }
            if comment.cursor < comment.text.count {
                buffer.paint(row: pane.y + 2 + row - first, column: 2 + column, width: 1, style: .cursor)
            }
            return
        } else {
            let item = items[selected]
            let levels = item.levels.map { "\($0.name) \($0.range.lowerBound)-\($0.range.upperBound)" }.joined(
                separator: "  ")
            var lines = DisplayWidth.wrap(
                """
                \(item.id) \(item.name)（满分 \(item.points)，步长 \(item.step)）：\(item.guide)
                """, width: detailWidth)
            if !levels.isEmpty { lines.append("参考档次: " + levels) }
            for citation in evidence[item.id] ?? [] { lines.append("评分依据: " + citation.label) }
            if !savedComment.isEmpty { lines.append("评审意见: " + savedComment.replacingOccurrences(of: "\n", with: " ")) }
            detail = lines.map { [Span($0)] }
        }
        for (offset, line) in detail.prefix(detailRows).enumerated() {
            buffer.put(line, row: pane.y + 1 + offset, column: 2)
        }
    }
}
