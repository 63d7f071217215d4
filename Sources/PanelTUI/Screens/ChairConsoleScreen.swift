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
    /// `to`: the replacement the console showed (nil: whoever panel proposes when it is decided).
    case approveRecusal(expert: String, candidate: String, to: String?, reason: String)
    case rejectRecusal(expert: String, candidate: String, reason: String)
    case finalize(pin: String)
    /// A key on the defence board.
    case defense(DefenseAction)
}

/// 组长控制台: progress, the two rankings with the cut line (ConsoleRankingView.swift), the
/// fairness statistics and the outlier sheets (ConsoleStatisticsScreen.swift), a candidate's
/// page, and the chair's decisions, each asked for on the prompt line.
public struct ConsoleState: Sendable, Equatable {
    public enum View: Equatable, Sendable {
        case progress, ranking(CandidateKind), statistics, outliers, recusals, defense, page(String)
        /// A candidate's dossier (from its page), and the pages of every dossier that hold a search.
        case dossier(String), materials(String)
    }

    /// The tabs, in the order Tab walks them.
    static let tabs: [(label: String, view: View)] = [
        ("进度", .progress), ("区域排名", .ranking(.region)), ("学校排名", .ranking(.school)),
        ("统计", .statistics), ("离群", .outliers), ("回避", .recusals), ("答辩", .defense),
    ]

    /// A question on the prompt line, and what the answer is for.
    public struct Prompt: Equatable, Sendable {
        public enum Purpose: Equatable, Sendable {
            case spotCheck(String, passed: Bool), exclude(String), include(String), absent(String)
            case resolve(CandidateKind, [String]), reopenExpert(String), reopenReason(SheetKey), finalizePIN
            case reviewOutlier(SheetKey), searchMaterials
            case approveRecusal(OpenRecusal), rejectRecusal(OpenRecusal)
            case defenseAbsent(String), defenseReopen(String)
        }
        public var label: String
        public var field: TextField
        public var purpose: Purpose

        public init(label: String, masked: Bool = false, purpose: Purpose) {
            self.label = label
            field = TextField(accepts: .text, maxLength: 500, masked: masked)
            self.purpose = purpose
        }
    }

    public var data: ConsoleData
    public var view: View = .progress
    public var previous: View = .progress
    /// The cursor of a table; on a page of text, the first line shown.
    public var list = ScrollList()
    /// Tie-at-cut candidates the chair has marked as winners, before `r` resolves.
    public var chosen: Set<String> = []
    public var prompt: Prompt?
    public var page: [String] = []
    /// The statistics tab's report (no resampling), loaded when a statistics tab opens.
    public var stats: FairnessReport?
    /// Each kind's cut-line stability, and the change counter of the state it was computed on.
    public var stability: [CutLineStability] = []
    public var stabilityCounter: Int?
    /// The dossier being read, where it was opened from, and the search it was opened for.
    var dossier: DossierReader?
    var dossierReturn: View = .progress
    var dossierQuery: String?
    /// The last search of every dossier.
    var hits: [DossierHit] = []
    /// The defence day, read every second while its tab shows.
    public var day: DefenseDay?

    public init(data: ConsoleData) { self.data = data }

    public var selected: Int { list.cursor }

    enum Action: Sendable, Equatable {
        case move(Motion), nextTab, previousTab, openDefense, finalize, quit, back
        case details, spotCheck(passed: Bool), exclude, include, absent, choose, resolve, freeze
        case reopen, reviewOutlier, approveRecusal, rejectRecusal
        case confirm, cancel, edit
        case readDossier, searchMaterials, openHit, leaveDossier, dossier(DossierReader.Action)
        case board(BoardKey)
    }

    /// The defence board's keys: on the group of the selected slot, or on the slot itself.
    enum BoardKey: Sendable, Equatable { case start, end, pause, absent, late, reopen, group }

    var isTyping: Bool { prompt != nil || (view.isDossier && dossier?.isTyping == true) }

    var keymap: Keymap<Action> {
        if prompt != nil {
            return Keymap(
                [
                    Binding(keys: [.enter], help: "确定", action: .confirm),
                    Binding(keys: [.escape], help: "取消", action: .cancel),
                    Binding(
                        keys: [.backspace, .delete, .left, .right, .home, .end],
                        help: """
                            编辑
                            """, action: .edit, inBar: false
                    ),
                ], typing: .edit, typingHelp: HelpEntry(label: "文字", help: "输入说明", inBar: false))
        }
        let tabs = [
            Binding(keys: [.tab], help: "切换", action: Action.nextTab),
            Binding(keys: [.backTab], help: "切换", action: .previousTab, inBar: false),
        ]
        let stage = [
            Binding(keys: [.character("o")], help: "开放答辩", action: Action.openDefense, inBar: false),
            Binding(keys: [.character("F")], help: "定稿", action: .finalize, inBar: false),
        ]
        let quit = Binding(keys: [.character("q")], help: "退出", action: Action.quit)
        let search = Binding(keys: [.character("M")], help: "查找申报材料", action: Action.searchMaterials)
        switch view {
        case .dossier: return dossierKeymap
        case .materials:
            return Keymap(
                Binding.lines(Action.move) + [
                    Binding(keys: [.enter], help: "打开材料", action: .openHit),
                    Binding(keys: [.character("q")], help: "返回", action: .back),
                ] + Binding.jumps(Action.move))
        case .progress:
            return Keymap(
                tabs + Binding.lines(Action.move) + Binding.jumps(Action.move)
                    + stage.map {
                        var shown = $0; shown.inBar = true; return shown
                    } + [quit])
        case .ranking:
            return Keymap(
                tabs + Binding.lines(Action.move) + [
                    Binding(keys: [.enter], help: "详情", action: .details),
                    Binding(keys: [.character("p")], help: "抽查通过/不通过", action: .spotCheck(passed: true)),
                    Binding(keys: [.character("f")], help: "抽查通过/不通过", action: .spotCheck(passed: false)),
                    Binding(keys: [.character("x")], help: "排除/恢复", action: .exclude),
                    Binding(keys: [.character("i")], help: "排除/恢复", action: .include),
                    Binding(keys: [.character("a")], help: "答辩缺席", action: .absent),
                    Binding(keys: [.character("w"), .character(" ")], help: "选定并列获评", action: .choose),
                    Binding(keys: [.character("r")], help: "裁定并列", action: .resolve),
                    Binding(keys: [.character("z")], help: "冻结入围名单", action: .freeze),
                    search,
                ] + Binding.jumps(Action.move) + stage + [quit])
        case .page:
            return Keymap(
                Binding.lines(Action.move, help: "滚动") + Binding.jumps(Action.move) + [
                    Binding(keys: [.character("m")], help: "申报材料", action: .readDossier),
                    Binding(keys: [.character("u")], help: "退回专家评分表", action: .reopen),
                    Binding(keys: [.character("q")], help: "返回", action: .back),
                ])
        case .statistics:
            return Keymap(tabs + Binding.lines(Action.move, help: "滚动") + Binding.jumps(Action.move) + stage + [quit])
        case .recusals:
            return Keymap(
                tabs + Binding.lines(Action.move) + [
                    Binding(keys: [.character("y")], help: "批准回避", action: .approveRecusal),
                    Binding(keys: [.character("n")], help: "驳回回避", action: .rejectRecusal),
                    Binding(keys: [.enter], help: "候选详情", action: .details),
                ] + Binding.jumps(Action.move) + stage + [quit])
        case .defense:
            return Keymap(
                tabs + Binding.lines(Action.move) + [
                    Binding(keys: [.character("s")], help: "开始下一场", action: .board(.start)),
                    Binding(keys: [.character("e")], help: "结束本场", action: .board(.end)),
                    Binding(keys: [.character("p")], help: "暂停/继续计时", action: .board(.pause)),
                    Binding(keys: [.character("a")], help: "缺席", action: .board(.absent)),
                    Binding(keys: [.character("l")], help: "迟到（移至组末）", action: .board(.late)),
                    Binding(keys: [.character("u")], help: "重开一场", action: .board(.reopen), inBar: false),
                    Binding(
                        keys: "123456789".map { .character($0) }, help: "到第 N 组正在答辩或下一场",
                        action: .board(.group), inBar: false),
                    Binding(keys: [.enter], help: "候选详情", action: .details, inBar: false),
                ] + Binding.jumps(Action.move) + [quit])
        case .outliers:
            return Keymap(
                tabs + Binding.lines(Action.move) + [
                    Binding(keys: [.character("v")], help: "标记已复核", action: .reviewOutlier),
                    Binding(keys: [.character("u")], help: "退回专家", action: .reopen),
                    Binding(keys: [.enter], help: "候选详情", action: .details),
                ] + Binding.jumps(Action.move) + stage + [quit])
        }
    }

    var rankingRows: [RankEntry] {
        guard case .ranking(let kind) = view else { return [] }
        return data.ranking(kind)?.entries ?? []
    }

    var progressRows: [ExpertProgress] {
        data.progress.sorted { ($0.done, $0.expert.id) < ($1.done, $1.expert.id) }
    }

    /// How many rows the view has, and how many of them a screen shows: a page of text scrolls by
    /// its first line, so it moves as a list of one visible row.
    func extent(_ layout: ScreenLayout) -> (count: Int, page: Int) {
        switch view {
        case .progress: (progressRows.count, layout.pageSize)
        case .ranking: (rankingRows.count, layout.pageSize)
        case .page: (page.count, 1)
        case .statistics: (statisticsLines(width: layout.width).count, 1)
        case .outliers: (stats?.outliers.count ?? 0, layout.pageSize)
        case .recusals: (data.recusals.count, layout.pageSize)
        case .defense: (day?.slots.count ?? 0, Self.boardRows(layout, day))
        case .dossier: (0, 1)
        case .materials: (hits.count, layout.pageSize)
        }
    }

    mutating func update(_ msg: Msg, _ context: ScreenContext, _ status: inout StatusLine) -> Step {
        var effects: [Effect] = []
        switch msg {
        case .key(let key):
            guard let action = keymap.action(for: key) else { return Step() }
            let extent = extent(context.layout)
            list.resize(count: extent.count, page: extent.page)
            effects = perform(action, key: key, &status)
        case .consoleLoaded(let fresh):
            data = fresh
            chosen = chosen.filter { id in
                fresh.rankings.flatMap(\.entries).contains { $0.candidate.id == id && $0.status == .tieAtCut }
            }
            if view == .statistics || view == .outliers { effects = [.loadStats] }
        case .statsLoaded(let report):
            stats = report
        case .defenseLoaded(let loaded):
            // The first time the board opens, its cursor is on the first defence under way.
            if day == nil, let live = loaded.slots.firstIndex(where: { $0.state == .running }) {
                list.resize(count: loaded.slots.count, page: Self.boardRows(context.layout, loaded))
                list.select(live)
            }
            day = loaded
        case .stabilityLoaded(let counter, let computed):
            stability = computed
            stabilityCounter = counter
        case .explained(let id, let lines) where view == .page(id):
            page = lines
        case .dossierLoaded(let loaded) where view == .dossier(loaded.candidate):
            loadDossier(loaded, context.layout, &status)
        case .dossierHits(let query, let found):
            showHits(query, found, &status)
        default:
            break
        }
        let extent = extent(context.layout)
        list.resize(count: extent.count, page: extent.page)
        return Step(effects)
    }

    private mutating func perform(_ action: Action, key: Key, _ status: inout StatusLine) -> [Effect] {
        switch action {
        case .move(let motion): list.move(motion)
        case .nextTab, .previousTab:
            let order = Self.tabs.map(\.view)
            let index = order.firstIndex(of: view) ?? 0
            view = order[(index + (action == .nextTab ? 1 : order.count - 1)) % order.count]
            list = ScrollList()
            if view == .statistics || view == .outliers { return [.loadStats] }
            if view == .defense { return [.pollDefense] }
        case .quit: return [.quit]
        case .back:
            view = previous
            list = ScrollList()
        case .openDefense: return [.chair(.openDefense)]
        case .finalize: prompt = Prompt(label: "定稿：再次输入组长 PIN", masked: true, purpose: .finalizePIN)
        case .confirm, .cancel, .edit: return answer(action, key: key, &status)
        case .readDossier, .searchMaterials, .openHit, .leaveDossier, .dossier:
            return dossierAction(action, key: key, &status)
        case .board(let board): return boardAction(board, pressed: key, &status)
        case .reopen, .reviewOutlier, .details, .spotCheck, .exclude, .include, .absent, .choose, .resolve, .freeze,
            .approveRecusal, .rejectRecusal:
            return decide(action, &status)
        }
        return []
    }

    /// A decision on the selected row: asks for its reason on the prompt line, or opens a page.
    private mutating func decide(_ action: Action, _ status: inout StatusLine) -> [Effect] {
        if case .page(let id) = view, action == .reopen {
            prompt = Prompt(label: "退回哪位专家的材料评分表（专家编号）", purpose: .reopenExpert(id))
            return []
        }
        if view == .outliers { return outlierAction(action) }
        if view == .recusals { return recusalAction(action, &status) }
        if view == .defense, action == .details, let slot = selectedSlot { return openPage(slot.candidate.id) }
        guard case .ranking(let kind) = view, rankingRows.indices.contains(selected) else { return [] }
        let entry = rankingRows[selected], id = entry.candidate.id
        switch action {
        case .details: return openPage(id)
        case .spotCheck(let passed):
            prompt = Prompt(label: "\(id) 实地抽查\(passed ? "通过" : "不通过")，记录", purpose: .spotCheck(id, passed: passed))
        case .exclude: prompt = Prompt(label: "排除 \(id) 的理由", purpose: .exclude(id))
        case .include: prompt = Prompt(label: "恢复 \(id) 资格的理由", purpose: .include(id))
        case .absent: prompt = Prompt(label: "\(id) 答辩缺席说明", purpose: .absent(id))
        case .freeze: return [.chair(.freezeShortlist(kind))]
        case .choose:
            guard entry.status == .tieAtCut else { status.say("\(id) 不在名额线并列组中", error: true); return [] }
            if chosen.contains(id) { chosen.remove(id) } else { chosen.insert(id) }
            status.say("选定获评: \(chosen.sorted().joined(separator: " "))（r 裁定）")
        case .resolve:
            let tied = rankingRows.filter { $0.status == .tieAtCut }.map(\.candidate.id)
            guard !tied.isEmpty else { status.say("没有名额线并列需要裁定", error: true); return [] }
            guard !chosen.isEmpty else { status.say("先用 w 选定获评的候选", error: true); return [] }
            prompt = Prompt(
                label: "裁定 \(chosen.sorted().joined(separator: " ")) 获评的理由", purpose: .resolve(kind, chosen.sorted()))
        default: break
        }
        return []
    }

    /// From a table to a candidate's page; `q` comes back.
    mutating func openPage(_ id: String) -> [Effect] {
        previous = view
        view = .page(id)
        page = []
        list = ScrollList()
        return [.explain(id)]
    }

    /// Typing on the prompt line, and what the answer does.
    private mutating func answer(_ action: Action, key: Key, _ status: inout StatusLine) -> [Effect] {
        guard let current = prompt else { return [] }
        switch action {
        case .edit: prompt?.field.apply(key)
        case .cancel:
            prompt = nil
            status.say("已取消")
        case .confirm:
            prompt = nil
            let text = current.field.text.trimmingWhitespaceForPrompt()
            guard !text.isEmpty else { status.say("需要填写，已取消", error: true); return [] }
            switch current.purpose {
            case .spotCheck(let id, let passed): return [.chair(.spotCheck(id, passed: passed, note: text))]
            case .exclude(let id): return [.chair(.exclude(id, reason: text))]
            case .include(let id): return [.chair(.include(id, reason: text))]
            case .absent(let id): return [.chair(.absent(id, note: text))]
            case .resolve(let kind, let winners):
                chosen = []
                return [.chair(.resolve(kind, winners: winners, reason: text))]
            case .reopenExpert(let id):
                prompt = Prompt(
                    label: "退回 \(text) 对 \(id) 的评分表的理由",
                    purpose: .reopenReason(SheetKey(expert: text, candidate: id, stage: .material)))
            case .reopenReason(let key): return [.chair(.reopen(key, reason: text))]
            case .finalizePIN: return [.chair(.finalize(pin: text))]
            case .reviewOutlier(let key): return [.chair(.reviewOutlier(key, note: text))]
            case .searchMaterials: return [.searchDossiers(text)]
            case .approveRecusal(let request):
                return [
                    .chair(
                        .approveRecusal(
                            expert: request.expert, candidate: request.candidate, to: request.proposed, reason: text))
                ]
            case .rejectRecusal(let request):
                return [.chair(.rejectRecusal(expert: request.expert, candidate: request.candidate, reason: text))]
            case .defenseAbsent(let id): return [.chair(.defense(.absent(id, note: text)))]
            case .defenseReopen(let id): return [.chair(.defense(.reopen(id, reason: text)))]
            }
        default: break
        }
        return []
    }

    func render(into buffer: inout Buffer, _ context: ScreenContext) {
        let layout = context.layout
        let state = data.finalized ? "已定稿" : (data.defenseOpen ? "答辩阶段" : "材料评审阶段")
        buffer.putTitle(
            " \(context.round.rules.round.name) · 组长控制台",
            right: "\(context.expert?.name ?? "") (\(context.expert?.id ?? ""))  \(state) ", in: layout.title)
        var x = layout.bar.x + 1
        for (label, tab) in Self.tabs {
            let current =
                view == tab
                || (tab == previous
                    && {
                        switch view {
                        case .page, .dossier, .materials: return true
                        default: return false
                        }
                    }())
            x += buffer.put(" \(label) ", row: layout.bar.y, column: x, style: current ? .selected : .dim) + 1
        }
        var list = list
        let extent = extent(layout)
        list.resize(count: extent.count, page: extent.page)
        switch view {
        case .progress: renderProgress(into: &buffer, layout, list)
        case .ranking(let kind): renderRanking(kind, into: &buffer, layout, list)
        case .page:
            for (offset, line) in page.dropFirst(list.cursor).prefix(layout.page.height).enumerated() {
                buffer.put(
                    line, row: layout.page.y + offset, column: 1,
                    style: offset == 0 && list.cursor == 0 ? .header : .normal)
            }
        case .statistics: renderStatistics(into: &buffer, layout, list)
        case .outliers: renderOutliers(into: &buffer, layout, list)
        case .recusals: renderRecusals(into: &buffer, layout, list)
        case .defense: renderBoard(into: &buffer, layout, list)
        case .dossier: dossier?.render(into: &buffer, layout.page, focused: true)
        case .materials: renderHits(into: &buffer, layout, list)
        }
        if let prompt { buffer.putPrompt(prompt.label, prompt.field, row: layout.prompt.y, width: layout.width) }
    }

    private func renderProgress(into buffer: inout Buffer, _ layout: ScreenLayout, _ list: ScrollList) {
        let rows = progressRows
        let done = rows.reduce(0) { $0 + $1.materialSubmitted }, assigned = rows.reduce(0) { $0 + $1.assigned }
        let asked = data.recusals.isEmpty ? "" : " · 申请回避 \(data.recusals.count) 件待决定"
        // The longest wording that fits after the tabs: at 80 columns the order's note gives way.
        let room = layout.width - 1 - Self.infoColumn
        let info =
            [
                "材料已提交 \(done)/\(assigned)，慢者在前\(asked)",
                "材料已提交 \(done)/\(assigned)\(asked)",
            ]
            .first { DisplayWidth.of($0) <= room } ?? "材料已提交 \(done)/\(assigned)"
        buffer.put(
            info, row: layout.bar.y, column: Self.infoColumn, style: data.recusals.isEmpty ? .dim : .invalid)
        let columns = Buffer.columns(widths: [6, 10, 10, 14, 14, 6, 10])
        buffer.putRow(
            [
                "编号", "姓名", "省份",
                """
                材料 提交/分配
                """, "答辩 提交/分配", "完成", "未查阅材料",
            ], columns, row: layout.tableHeader.y,
            style: .header)
        for (offset, index) in list.visible.enumerated() {
            let progress = rows[index]
            buffer.putRow(
                [
                    progress.expert.id, progress.expert.name, progress.expert.province,
                    "\(progress.materialSubmitted)/\(progress.assigned)",
                    data.defenseOpen ? "\(progress.defenseSubmitted)/\(progress.defenseAssigned)" : "-",
                    "\(Int((progress.done * 100).rounded()))%",
                    // Sheets submitted without the dossier ever opened: a flag, not a verdict.
                    progress.submittedUnread > 0 ? "! \(progress.submittedUnread)" : "",
                ],
                columns, row: layout.table.y + offset,
                style: index == list.cursor
                    ? .selected : (progress.done < 0.5 || progress.submittedUnread > 0 ? .invalid : .normal))
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
