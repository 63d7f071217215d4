import PanelCore
import TerminalKit

/// A decision the chair takes from the console; the loop runs it through the store (audited).
public enum ChairCommand: Equatable, Sendable {
    case spotCheck(String, passed: Bool, note: String)
    case exclude(String, reason: String)
    case include(String, reason: String)
    case absent(String, note: String)
    case resolve(CandidateKind, winners: [String], reason: String)
    case openDefense
    case freezeShortlist(CandidateKind)
    case reopen(SheetKey, reason: String)
    case reviewOutlier(SheetKey, note: String)
    case finalize(pin: String)
}

/// 组长控制台: progress, the two rankings with the cut line, the fairness statistics and the
/// outlier sheets (ConsoleStatisticsScreen.swift), a candidate's page, and the actions.
public struct ConsoleState: Sendable, Equatable {
    public enum View: Equatable, Sendable { case progress, ranking(CandidateKind), statistics, outliers, page(String) }

    /// The tabs, in the order Tab walks them.
    static let tabs: [(label: String, view: View)] = [("进度", .progress), ("区域排名", .ranking(.region)), ("学校排名", .ranking(.school)),
                                                        ("统计", .statistics), ("离群", .outliers)]

    /// A question on the prompt line, and what the answer is for.
    public struct Prompt: Equatable, Sendable {
        public enum Purpose: Equatable, Sendable {
            case spotCheck(String, passed: Bool), exclude(String), include(String), absent(String)
            case resolve(CandidateKind, [String]), reopenExpert(String), reopenReason(SheetKey), finalizePIN
            case reviewOutlier(SheetKey)
        }
        public var label: String
        public var text = ""
        public var masked = false
        public var purpose: Purpose
    }

    public var data: ConsoleData
    public var view: View = .progress
    public var previous: View = .progress
    public var selected = 0
    public var top = 0
    /// Tie-at-cut candidates the chair has marked as winners, before `r` resolves.
    public var chosen: Set<String> = []
    public var prompt: Prompt?
    public var page: [String] = []
    /// The statistics tab's report (no resampling), loaded when a statistics tab opens.
    public var stats: FairnessReport?
    /// Each kind's cut-line stability, and the change counter of the state it was computed on.
    public var stability: [CutLineStability] = []
    public var stabilityCounter: Int?

    public init(data: ConsoleData) { self.data = data }

    var bindings: [Binding] {
        if prompt != nil { return [Binding([.enter], "确定"), Binding([.escape], "取消")] }
        switch view {
        case .progress:
            return [Binding([.tab], "进度/区域/学校"), Binding([.up, .down], "移动"), Binding([.character("o")], "开放答辩"), Binding([.character("F")], "定稿"), Binding([.character("q")], "退出")]
        case .ranking:
            return [Binding([.tab], "切换"), Binding([.enter], "详情"), Binding([.character("p"), .character("f")], "抽查通过/不通过"),
                    Binding([.character("x"), .character("i")], "排除/恢复"), Binding([.character("a")], "答辩缺席"),
                    Binding([.character("w")], "选定并列获评"), Binding([.character("r")], "裁定并列"), Binding([.character("z")], "冻结入围名单"),
                    Binding([.character("o")], "开放答辩", inBar: false), Binding([.character("F")], "定稿", inBar: false), Binding([.character("q")], "退出")]
        case .page:
            return [Binding([.up, .down], "滚动"), Binding([.character("u")], "退回专家评分表"), Binding([.character("q")], "返回")]
        case .statistics:
            return [Binding([.tab], "切换"), Binding([.up, .down], "滚动"), Binding([.character("q")], "退出")]
        case .outliers:
            return [Binding([.tab], "切换"), Binding([.up, .down], "移动"), Binding([.character("v")], "标记已复核"), Binding([.character("u")], "退回专家"),
                    Binding([.enter], "候选详情"), Binding([.character("q")], "退出")]
        }
    }

    var rankingRows: [RankEntry] {
        guard case .ranking(let kind) = view else { return [] }
        return data.ranking(kind)?.entries ?? []
    }

    var progressRows: [ExpertProgress] {
        data.progress.sorted { ($0.done, $0.expert.id) < ($1.done, $1.expert.id) }
    }

    mutating func update(_ msg: Msg, app: inout AppState) -> [Effect] {
        if prompt != nil { return updatePrompt(msg, app: &app) }
        let count: Int
        switch view {
        case .progress: count = progressRows.count
        case .ranking: count = rankingRows.count
        case .page: count = page.count
        case .statistics: count = statisticsLines(width: app.width).count
        case .outliers: count = stats?.outliers.count ?? 0
        }
        let pageSize = max(1, app.height - 6)
        switch msg {
        case .consoleLoaded(let fresh):
            data = fresh
            chosen = chosen.filter { id in fresh.rankings.flatMap(\.entries).contains { $0.candidate.id == id && $0.status == .tieAtCut } }
            if view == .statistics || view == .outliers { return [.loadStats] }
        case .statsLoaded(let report):
            stats = report
            selected = min(selected, max(0, (view == .outliers ? report.outliers.count : statisticsLines(width: app.width).count) - 1))
        case .stabilityLoaded(let counter, let computed):
            stability = computed
            stabilityCounter = counter
        case .explained(let id, let lines) where view == .page(id):
            page = lines
        case .key(.tab), .key(.backTab):
            let order = Self.tabs.map(\.view)
            let index = order.firstIndex(of: view) ?? 0
            view = order[(index + (msg == .key(.tab) ? 1 : order.count - 1)) % order.count]
            selected = 0
            top = 0
            if view == .statistics || view == .outliers { return [.loadStats] }
        case .key(.down), .key(.character("j")): selected = min(selected + 1, max(0, count - 1))
        case .key(.up), .key(.character("k")): selected = max(0, selected - 1)
        case .key(.pageDown), .key(.control("d")): selected = min(selected + pageSize, max(0, count - 1))
        case .key(.pageUp), .key(.control("u")): selected = max(0, selected - pageSize)
        case .key(.character("g")), .key(.home): selected = 0
        case .key(.character("G")), .key(.end): selected = max(0, count - 1)
        case .key(.character("q")):
            if case .page = view { view = previous; selected = 0; return [] }
            return [.quit]
        case .key(.character("o")): return [.chair(.openDefense)]
        case .key(.character("F")): prompt = Prompt(label: "定稿：再次输入组长 PIN", masked: true, purpose: .finalizePIN)
        default:
            return rankingOrPageAction(msg, app: &app)
        }
        if selected < top { top = selected }
        if selected >= top + pageSize { top = selected - pageSize + 1 }
        return []
    }

    private mutating func rankingOrPageAction(_ msg: Msg, app: inout AppState) -> [Effect] {
        if view == .outliers { return outlierAction(msg, app: &app) }
        if case .page(let id) = view, msg == .key(.character("u")) {
            prompt = Prompt(label: "退回哪位专家的材料评分表（专家编号）", purpose: .reopenExpert(id))
            return []
        }
        guard case .ranking(let kind) = view, rankingRows.indices.contains(selected) else { return [] }
        let entry = rankingRows[selected], id = entry.candidate.id
        switch msg {
        case .key(.enter):
            previous = view
            view = .page(id)
            page = []
            selected = 0
            return [.explain(id)]
        case .key(.character("p")): prompt = Prompt(label: "\(id) 实地抽查通过，记录", purpose: .spotCheck(id, passed: true))
        case .key(.character("f")): prompt = Prompt(label: "\(id) 实地抽查不通过，记录", purpose: .spotCheck(id, passed: false))
        case .key(.character("x")): prompt = Prompt(label: "排除 \(id) 的理由", purpose: .exclude(id))
        case .key(.character("i")): prompt = Prompt(label: "恢复 \(id) 资格的理由", purpose: .include(id))
        case .key(.character("a")): prompt = Prompt(label: "\(id) 答辩缺席说明", purpose: .absent(id))
        case .key(.character("z")): return [.chair(.freezeShortlist(kind))]
        case .key(.character("w")), .key(.character(" ")):
            guard entry.status == .tieAtCut else { app.say("\(id) 不在名额线并列组中", error: true); return [] }
            if chosen.contains(id) { chosen.remove(id) } else { chosen.insert(id) }
            app.say("选定获评: \(chosen.sorted().joined(separator: " "))（r 裁定）")
        case .key(.character("r")):
            let tied = rankingRows.filter { $0.status == .tieAtCut }.map(\.candidate.id)
            guard !tied.isEmpty else { app.say("没有名额线并列需要裁定", error: true); return [] }
            guard !chosen.isEmpty else { app.say("先用 w 选定获评的候选", error: true); return [] }
            prompt = Prompt(label: "裁定 \(chosen.sorted().joined(separator: " ")) 获评的理由", purpose: .resolve(kind, chosen.sorted()))
        default: break
        }
        return []
    }

    private mutating func updatePrompt(_ msg: Msg, app: inout AppState) -> [Effect] {
        guard var current = prompt else { return [] }
        switch msg {
        case .key(.escape): prompt = nil; app.say("已取消")
        case .key(.backspace): current.text = String(current.text.dropLast()); prompt = current
        case .key(.character(let c)): current.text.append(c); prompt = current
        case .key(.enter):
            prompt = nil
            let text = current.text.trimmingWhitespaceForPrompt()
            guard !text.isEmpty else { app.say("需要填写，已取消", error: true); return [] }
            switch current.purpose {
            case .spotCheck(let id, let passed): return [.chair(.spotCheck(id, passed: passed, note: text))]
            case .exclude(let id): return [.chair(.exclude(id, reason: text))]
            case .include(let id): return [.chair(.include(id, reason: text))]
            case .absent(let id): return [.chair(.absent(id, note: text))]
            case .resolve(let kind, let winners):
                chosen = []
                return [.chair(.resolve(kind, winners: winners, reason: text))]
            case .reopenExpert(let id):
                prompt = Prompt(label: "退回 \(text) 对 \(id) 的评分表的理由", purpose: .reopenReason(SheetKey(expert: text, candidate: id, stage: .material)))
            case .reopenReason(let key): return [.chair(.reopen(key, reason: text))]
            case .finalizePIN: return [.chair(.finalize(pin: text))]
            case .reviewOutlier(let key): return [.chair(.reviewOutlier(key, note: text))]
            }
        default: break
        }
        return []
    }

    func render(into buffer: inout Buffer, app: AppState) {
        let state = data.finalized ? "已定稿" : (data.defenseOpen ? "答辩阶段" : "材料评审阶段")
        buffer.put(" \(app.round.rules.round.name) · 组长控制台", row: 0, column: 0, style: .title)
        let right = "\(app.expert?.name ?? "") (\(app.expert?.id ?? ""))  \(state) "
        buffer.put(right, row: 0, column: max(0, app.width - DisplayWidth.of(right)), style: .title)
        buffer.paint(row: 0, style: .title)
        var x = 1
        for (label, tab) in Self.tabs {
            let current = view == tab || (tab == previous && { if case .page = view { return true }; return false }())
            x += buffer.put(" \(label) ", row: 1, column: x, style: current ? .selected : .dim) + 1
        }
        let pageSize = max(1, app.height - 6)
        switch view {
        case .progress: renderProgress(into: &buffer, pageSize: pageSize)
        case .ranking(let kind): renderRanking(kind, into: &buffer, app: app, pageSize: pageSize)
        case .page:
            for (offset, line) in page.dropFirst(selected).prefix(app.height - 5).enumerated() {
                buffer.put(line, row: 3 + offset, column: 1, style: offset == 0 && selected == 0 ? .header : .normal)
            }
        case .statistics: renderStatistics(into: &buffer, app: app)
        case .outliers: renderOutliers(into: &buffer, app: app, pageSize: pageSize)
        }
        if let prompt {
            let shown = prompt.masked ? String(repeating: "*", count: prompt.text.count) : prompt.text
            buffer.put("\(prompt.label): \(shown)_", row: app.height - 3, column: 1, style: .selected)
            buffer.paint(row: app.height - 3, column: 1, width: app.width - 2, style: .selected)
        }
    }

    private func renderProgress(into buffer: inout Buffer, pageSize: Int) {
        let rows = progressRows
        let done = rows.reduce(0) { $0 + $1.materialSubmitted }, assigned = rows.reduce(0) { $0 + $1.assigned }
        buffer.put("材料已提交 \(done)/\(assigned)，慢者在前", row: 1, column: Self.infoColumn, style: .dim)
        let columns = Buffer.columns(widths: [6, 10, 16, 16, 16, 8])
        buffer.putRow(["编号", "姓名", "省份", "材料 提交/分配", "答辩 提交/分配", "完成"], columns, row: 2, style: .header)
        for (offset, progress) in rows.dropFirst(top).prefix(pageSize).enumerated() {
            let index = top + offset
            buffer.putRow([progress.expert.id, progress.expert.name, progress.expert.province, "\(progress.materialSubmitted)/\(progress.assigned)",
                           data.defenseOpen ? "\(progress.defenseSubmitted)/\(progress.defenseAssigned)" : "-", "\(Int((progress.done * 100).rounded()))%"],
                          columns, row: 3 + offset, style: index == selected ? .selected : (progress.done < 0.5 ? .invalid : .normal))
        }
    }

    private func renderRanking(_ kind: CandidateKind, into buffer: inout Buffer, app: AppState, pageSize: Int) {
        guard let ranking = data.ranking(kind) else { return }
        // While the round is being scored the last figures stay up until newer ones are ready.
        let stable = stability.first { $0.kind == kind }
        let note = stable == nil ? "  稳定性计算中" : (stabilityCounter == data.changeCounter ? "" : "  稳定性更新中")
        buffer.put("获评 \(ranking.winners.count)/\(ranking.quota)" + note
                   + (chosen.isEmpty ? "" : "  选定: \(chosen.sorted().joined(separator: " "))"), row: 1, column: Self.infoColumn, style: .dim)
        // The province gives way to the stability column below 100 columns.
        let withProvince = app.width >= 100
        let fixed = [5, 9, 7, 7, 7, 4, 10, 7].reduce(0, +) + (withProvince ? 7 : 0)
        let count = withProvince ? 10 : 9
        let widths = [5, 9, max(10, app.width - 2 - fixed - (count - 1))] + (withProvince ? [7] : []) + [7, 7, 7, 4, 10, 7]
        let columns = Buffer.columns(widths: widths)
        buffer.putRow(["名次", "编号", "名称"] + (withProvince ? ["省份"] : []) + ["材料", "答辩", "最终", "专家", "状态", "稳定性"], columns, row: 2, style: .header)
        var row = 3
        for (index, entry) in ranking.entries.enumerated().dropFirst(top) {
            guard row < 3 + pageSize else { break }
            let mark = chosen.contains(entry.candidate.id) ? "*" : ""
            let province = Province.named(entry.candidate.province)?.short ?? entry.candidate.province
            let cells = [mark + (entry.rank.map(String.init) ?? "-"), entry.candidate.id, entry.candidate.name] + (withProvince ? [province] : [])
                + [entry.material.map { $0.value.rounded.description } ?? "", entry.defense.map { $0.value.rounded.description } ?? "",
                   entry.final.map { $0.rounded.description } ?? "", String(entry.experts), entry.status.chineseName,
                   stable?.place(of: entry.candidate.id)?.summary ?? ""]
            let style: Style = index == selected ? .selected : (entry.status == .tieAtCut ? .invalid : (entry.status == .winner ? .submitted : .normal))
            buffer.putRow(cells, columns, row: row, style: style)
            row += 1
            if index + 1 == ranking.insideQuota && row < 3 + pageSize {
                let label = "---- 名额线 quota \(ranking.quota) "
                buffer.put(label + String(repeating: "-", count: max(0, app.width - 2 - DisplayWidth.of(label))), row: row, column: 1, style: .cutLine)
                row += 1
            }
        }
    }

    /// Where the line under the title says how things stand: after the tabs.
    static let infoColumn = 1 + tabs.reduce(0) { $0 + DisplayWidth.of($1.label) + 3 } + 1
}

extension String {
    func trimmingWhitespaceForPrompt() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
