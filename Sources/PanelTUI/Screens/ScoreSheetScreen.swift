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
    public var editing: String?
    /// The comment being edited.
    public var comment: String?

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
    var items: [Indicator] { rubric.items }

    var bindings: [Binding] {
        if comment != nil {
            return [Binding([.enter], "换行"), Binding([.tab], "保存意见"), Binding([.escape], "放弃修改")]
        }
        return [
            Binding([.up, .character("k"), .down, .character("j")], "移动"),
            Binding([.character("0"), .character(".")], "输入分数"),
            Binding([.enter], "保存"),
            Binding([.escape], "取消输入", inBar: false),
            Binding([.tab, .backTab], "下/上一项", inBar: false),
            Binding([.character("s")], "提交"),
            Binding([.character("c")], "评审意见"),
            Binding([.character("g"), .character("G")], "首/末项", inBar: false),
            Binding([.character("q")], "返回"),
        ]
    }

    mutating func update(_ msg: Msg, app: inout AppState) -> [Effect] {
        if let text = comment { return updateComment(msg, text: text, app: &app) }
        switch msg {
        case .key(.character(let c)) where c.isNumber || c == ".":
            guard !readOnly else { app.say("已提交：只读（如需修改请联系组长）", error: true); return [] }
            if (editing ?? "").count < 6 { editing = (editing ?? "") + String(c) }
        case .key(.backspace) where editing != nil:
            editing = String(editing!.dropLast())
        case .key(.escape):
            editing = nil
        case .key(.enter) where editing != nil:
            return accept(app: &app)
        case .key(.enter):
            guard !readOnly else { app.say("已提交：只读（如需修改请联系组长）", error: true); return [] }
            editing = ""
        case .key(.down), .key(.character("j")), .key(.tab): move(1)
        case .key(.up), .key(.character("k")), .key(.backTab): move(-1)
        case .key(.character("g")), .key(.home): move(-items.count)
        case .key(.character("G")), .key(.end): move(items.count)
        case .key(.character("s")) where editing == nil:
            return submit(app: &app)
        case .key(.character("c")) where editing == nil:
            guard !readOnly else { app.say("已提交：只读", error: true); return [] }
            comment = savedComment
        case .key(.character("q")) where editing == nil:
            app.screen = .list(app.list)
            return [.reload]
        case .saved(let savedKey, let item, let points) where savedKey == key:
            scores[item] = points
            if status == nil { status = .draft }
            app.say("已保存 \(item) = \(points)　合计 \(scores.values.sum())")
        case .saveRefused(let savedKey, let item, let previous, let reason) where savedKey == key:
            scores[item] = previous
            app.say(reason, error: true)
        case .submitted(let submittedKey) where submittedKey == key:
            status = .submitted
            app.say("已提交 \(candidate.id) \(key.stage.chineseName)评分：合计 \(scores.values.sum())")
        case .commentSaved(let savedKey, let text) where savedKey == key:
            savedComment = text
            app.say("评审意见已保存")
        default:
            break
        }
        return []
    }

    private mutating func move(_ delta: Int) {
        editing = nil
        selected = min(max(0, selected + delta), items.count - 1)
    }

    /// A typed value is checked on the spot; a refused one leaves the previous value in place.
    private mutating func accept(app: inout AppState) -> [Effect] {
        let item = items[selected], text = editing ?? ""
        editing = nil
        guard !text.isEmpty else { return [] }
        guard let points = Points(parsing: text) else {
            app.say("“\(text)” 不是分数：最多两位小数", error: true)
            return []
        }
        if let refusal = item.refusal(of: points) {
            app.say(refusal, error: true)
            return []
        }
        let previous = scores[item.id]
        scores[item.id] = points
        if selected < items.count - 1 { selected += 1 }
        return [.saveScore(key, item: item.id, points, previous: previous)]
    }

    private mutating func submit(app: inout AppState) -> [Effect] {
        guard !readOnly else { app.say("已经提交过了", error: true); return [] }
        if let empty = items.firstIndex(where: { scores[$0.id] == nil }) {
            selected = empty
            app.say("还不能提交：\(items[empty].id) \(items[empty].name) 尚未打分", error: true)
            return []
        }
        return [.submit(key)]
    }

    private mutating func updateComment(_ msg: Msg, text: String, app: inout AppState) -> [Effect] {
        switch msg {
        case .key(.enter): comment = text + "\n"
        case .key(.backspace): comment = String(text.dropLast())
        case .key(.character(let c)): comment = text + String(c)
        case .key(.escape): comment = nil; app.say("评审意见未修改")
        case .key(.tab):
            comment = nil
            return [.saveComment(key, text)]
        default: break
        }
        return []
    }

    func render(into buffer: inout Buffer, app: AppState) {
        let total = scores.values.sum()
        let state = status == .submitted ? "已提交" : (status == .draft ? "草稿" : "未评")
        buffer.put(" \(candidate.id) \(candidate.name) · \(key.stage.chineseName)评审 · \(rubric.title)", row: 0, column: 0, style: .title)
        let right = "\(state)  合计 \(total)/\(rubric.total) "
        buffer.put(right, row: 0, column: max(0, app.width - DisplayWidth.of(right)), style: .title)
        buffer.paint(row: 0, style: .title)

        // The tree: group headers and their items; the detail pane below takes seven rows.
        var rows: [(text: String, value: String, style: Style, item: Int?)] = []
        var index = 0
        for group in rubric.groups {
            let subtotal = group.items.compactMap { scores[$0.id] }.sum()
            rows.append(("\(group.id) \(group.name)", "\(subtotal) / \(group.points)", .header, nil))
            for item in group.items {
                let value: String
                if index == selected, let editing { value = "[\(editing)_] / \(item.points)" }
                else { value = "\(scores[item.id]?.description ?? "-") / \(item.points)" }
                rows.append(("  \(item.id) \(item.name)", value, index == selected ? .selected : (scores[item.id] == nil ? .normal : .submitted), index))
                index += 1
            }
        }
        let treeHeight = app.height - 11
        let selectedRow = rows.firstIndex { $0.item == selected } ?? 0
        let first = min(max(0, selectedRow - treeHeight / 2), max(0, rows.count - treeHeight))
        let valueColumn = app.width - 18
        for (offset, row) in rows.dropFirst(first).prefix(treeHeight).enumerated() {
            buffer.put(row.text, row: 1 + offset, column: 1, style: row.style, limit: valueColumn - 2)
            buffer.put(row.value, row: 1 + offset, column: valueColumn, style: row.style)
            if row.style == .selected { buffer.paint(row: 1 + offset, column: 1, width: app.width - 2, style: .selected) }
        }

        let paneTop = 1 + treeHeight
        buffer.put(String(repeating: "-", count: app.width - 2), row: paneTop, column: 1, style: .dim)
        var detail: [String]
        if let comment {
            detail = ["评审意见 (Enter 换行, Tab 保存, Esc 放弃):"] + DisplayWidth.wrap(comment + "_", width: app.width - 4)
        } else {
            let item = items[selected]
            let levels = item.levels.map { "\($0.name) \($0.range.lowerBound)-\($0.range.upperBound)" }.joined(separator: "  ")
            detail = DisplayWidth.wrap("\(item.id) \(item.name)（满分 \(item.points)，步长 \(item.step)）：\(item.guide)", width: app.width - 4)
            if !levels.isEmpty { detail.append("参考档次: " + levels) }
            if !savedComment.isEmpty { detail.append("评审意见: " + savedComment.replacingOccurrences(of: "\n", with: " ")) }
        }
        for (offset, line) in detail.suffix(comment == nil ? 99 : 7).prefix(7).enumerated() {
            buffer.put(line, row: paneTop + 1 + offset, column: 2, style: offset == 0 && comment != nil ? .header : .normal)
        }
    }
}
