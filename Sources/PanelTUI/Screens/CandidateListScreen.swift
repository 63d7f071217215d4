import PanelCore
import TerminalKit

/// 我的评审对象: the candidates assigned to this expert, one tab per kind.
public struct ListState: Sendable, Equatable {
    public enum Sort: String, CaseIterable, Sendable { case order = "序号", name = "名称", province = "省份", status = "状态", score = "材料" }

    public var work: [WorkItem] = []
    public var kind: CandidateKind = .region
    public var selected = 0
    public var top = 0
    public var sort: Sort = .order
    public var unfinishedOnly = false
    /// The search being typed (`nil` when not searching); `query` is the last one applied.
    public var searching: String?
    public var query = ""

    public init(work: [WorkItem] = []) {
        self.work = work
        if !work.contains(where: { $0.candidate.kind == .region }) && work.contains(where: { $0.candidate.kind == .school }) { kind = .school }
    }

    static let bindings = [
        Binding([.up, .character("k"), .down, .character("j")], "移动"),
        Binding([.enter], "评分"),
        Binding([.character("d")], "答辩评分"),
        Binding([.tab], "区域/学校"),
        Binding([.character("/")], "搜索"),
        Binding([.character("n"), .character("N")], "下/上一个", inBar: false),
        Binding([.character("f")], "只看未完成"),
        Binding([.character("o")], "排序"),
        Binding([.pageUp, .pageDown, .control("u"), .control("d")], "翻页", inBar: false),
        Binding([.character("g"), .character("G")], "首/末行", inBar: false),
        Binding([.character("q")], "退出"),
    ]

    /// The rows shown: this tab's candidates, filtered and sorted.
    public var rows: [WorkItem] {
        var rows = work.filter { $0.candidate.kind == kind }
        if unfinishedOnly { rows = rows.filter { $0.material?.status != .submitted || ($0.defenseOpen && $0.defense?.status != .submitted) } }
        switch sort {
        case .order: rows.sort { $0.candidate.importOrder < $1.candidate.importOrder }
        case .name: rows.sort { $0.candidate.name < $1.candidate.name }
        case .province: rows.sort { ($0.candidate.province, $0.candidate.importOrder) < ($1.candidate.province, $1.candidate.importOrder) }
        case .status: rows.sort { (Self.progress($0.material), $0.candidate.importOrder) < (Self.progress($1.material), $1.candidate.importOrder) }
        case .score: rows.sort { ($1.material?.total ?? .zero, $0.candidate.importOrder) < ($0.material?.total ?? .zero, $1.candidate.importOrder) }
        }
        return rows
    }

    static func progress(_ sheet: ScoreSheet?) -> Int {
        switch sheet?.status { case nil: 0; case .draft: 1; case .submitted: 2 }
    }

    static func statusText(_ sheet: ScoreSheet?) -> String {
        switch sheet?.status { case nil: "未评"; case .draft: "草稿"; case .submitted: "已提交" }
    }

    mutating func update(_ msg: Msg, app: inout AppState) -> [Effect] {
        let pageSize = max(1, app.height - 6)
        if let typed = searching {
            switch msg {
            case .key(.enter): searching = nil; query = typed; jump(forward: true, includingCurrent: true, app: &app)
            case .key(.escape): searching = nil
            case .key(.backspace): searching = String(typed.dropLast())
            case .key(.character(let c)): searching = typed + String(c)
            default: break
            }
            return []
        }
        switch msg {
        case .key(.down), .key(.character("j")): move(1)
        case .key(.up), .key(.character("k")): move(-1)
        case .key(.pageDown), .key(.control("d")): move(pageSize)
        case .key(.pageUp), .key(.control("u")): move(-pageSize)
        case .key(.character("g")), .key(.home): selected = 0
        case .key(.character("G")), .key(.end): selected = max(0, rows.count - 1)
        case .key(.tab), .key(.backTab):
            kind = kind == .region ? .school : .region
            selected = 0
        case .key(.character("f")):
            unfinishedOnly.toggle()
            selected = 0
            app.say(unfinishedOnly ? "只显示未完成" : "显示全部")
        case .key(.character("o")):
            sort = Sort.allCases[(Sort.allCases.firstIndex(of: sort)! + 1) % Sort.allCases.count]
            app.say("按\(sort.rawValue)排序")
        case .key(.character("/")): searching = ""
        case .key(.character("n")): jump(forward: true, includingCurrent: false, app: &app)
        case .key(.character("N")): jump(forward: false, includingCurrent: false, app: &app)
        case .key(.enter): return open(.material, app: &app)
        case .key(.character("d")): return open(.defense, app: &app)
        case .key(.character("q")): return [.quit]
        case .workLoaded(let items):
            let current = rows.indices.contains(selected) ? rows[selected].candidate.id : nil
            work = items
            if let current, let index = rows.firstIndex(where: { $0.candidate.id == current }) { selected = index }
        default: break
        }
        selected = min(max(0, selected), max(0, rows.count - 1))
        keepVisible(pageSize)
        app.list = self
        return []
    }

    private mutating func move(_ delta: Int) {
        selected = min(max(0, selected + delta), max(0, rows.count - 1))
    }

    private mutating func keepVisible(_ pageSize: Int) {
        if selected < top { top = selected }
        if selected >= top + pageSize { top = selected - pageSize + 1 }
    }

    private mutating func jump(forward: Bool, includingCurrent: Bool, app: inout AppState) {
        guard !query.isEmpty else { return }
        let list = rows
        guard !list.isEmpty else { return }
        for step in (includingCurrent ? 0 : 1)...list.count {
            let index = ((selected + (forward ? step : -step)) % list.count + list.count) % list.count
            let candidate = list[index].candidate
            if candidate.name.contains(query) || candidate.province.contains(query) || candidate.id.contains(query) {
                selected = index
                app.say("“\(query)”: \(candidate.name)")
                return
            }
        }
        app.say("没有找到“\(query)”", error: true)
    }

    private mutating func open(_ stage: Stage, app: inout AppState) -> [Effect] {
        let list = rows
        guard list.indices.contains(selected) else { return [] }
        let item = list[selected]
        if stage == .defense && !item.defenseOpen {
            app.say("\(item.candidate.id) 的答辩评分尚未开放（入围且组长开放答辩后才能评）", error: true)
            return []
        }
        app.list = self
        app.screen = .sheet(SheetState(item: item, stage: stage, round: app.round, expert: app.expert?.id ?? ""))
        app.say(item.sheet(stage)?.status == .submitted ? "已提交：只读（如需修改请联系组长）" : "输入数字打分，Enter 保存，s 提交")
        return []
    }

    func render(into buffer: inout Buffer, app: AppState) {
        let mine = work.filter { $0.candidate.kind == kind }
        let done = mine.filter { $0.material?.status == .submitted }.count
        let who = app.expert.map { "\($0.name) (\($0.id))" } ?? ""
        buffer.put(" \(app.round.rules.round.name)", row: 0, column: 0, style: .title)
        let progress = "\(who)  已提交 \(done)/\(mine.count) "
        buffer.put(progress, row: 0, column: max(0, app.width - DisplayWidth.of(progress)), style: .title)
        buffer.paint(row: 0, style: .title)
        var x = 1
        for tab in CandidateKind.allCases {
            let count = work.filter { $0.candidate.kind == tab }.count
            x += buffer.put(" \(tab.chineseName) \(count) ", row: 1, column: x, style: tab == kind ? .selected : .dim) + 1
        }
        let filters = (unfinishedOnly ? "只看未完成  " : "") + "排序: \(sort.rawValue)" + (searching.map { "  搜索: \($0)_" } ?? (query.isEmpty ? "" : "  搜索: \(query)"))
        buffer.put(filters, row: 1, column: x + 2, style: .dim)

        let columns = Self.columns(width: app.width)
        buffer.putRow(["序号", "编号", "名称", "省份", "学段", "材料", "答辩", "状态"], columns, row: 2, style: .header)
        let list = rows, pageSize = max(1, app.height - 6)
        for (offset, item) in list.dropFirst(top).prefix(pageSize).enumerated() {
            let index = top + offset, candidate = item.candidate
            let cells = [String(index + 1), candidate.id, candidate.name, Province.named(candidate.province)?.short ?? candidate.province,
                         candidate.level?.rawValue ?? "", item.material.map { $0.total.description } ?? "",
                         item.defenseOpen ? (item.defense.map { $0.total.description } ?? "未评") : "",
                         Self.statusText(item.material)]
            let style: Style = index == selected ? .selected : (item.material?.status == .submitted ? .submitted : .normal)
            buffer.putRow(cells, columns, row: 3 + offset, style: style)
        }
        if list.isEmpty {
            buffer.put(unfinishedOnly ? "没有未完成的评审对象（f 显示全部）" : "没有分配给您的\(kind.chineseName)", row: 4, column: 2, style: .dim)
        }
    }

    /// Column starts and widths; the name column takes what is left.
    static func columns(width: Int) -> TableColumns {
        let fixed = [4, 9, 0, 8, 8, 6, 6, 6]
        let nameWidth = max(10, width - 2 - fixed.reduce(0, +) - fixed.count)
        return Buffer.columns(widths: fixed.map { $0 == 0 ? nameWidth : $0 })
    }
}
