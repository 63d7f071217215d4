import PanelCore
import TerminalKit

/// 我的评审对象: the candidates assigned to this expert, one tab per kind.
public struct ListState: Sendable, Equatable {
    public enum Sort: String, CaseIterable, Sendable {
        case order = "序号", name = "名称", province = "省份", status = "状态", score = "材料"
    }

    public var work: [WorkItem] = []
    public var kind: CandidateKind = .region
    public var list = ScrollList()
    public var sort: Sort = .order
    public var unfinishedOnly = false
    /// The search being typed (`nil` when not searching); `query` is the last one applied.
    public var searching: TextField?
    public var query = ""
    /// The reason being typed for leaving a candidate (申请回避), and which.
    public var recusing: Recusing?
    /// The defence day, read every second: the banner of the defence the expert's group hears.
    public var day: DefenseDay?

    public struct Recusing: Equatable, Sendable {
        public var candidate: String
        public var reason: TextField
    }

    public init(work: [WorkItem] = []) {
        self.work = work
        if !work.contains(where: { $0.candidate.kind == .region })
            && work.contains(where: { $0.candidate.kind == .school })
        {
            kind = .school
        }
    }

    public var selected: Int { list.cursor }

    enum Action: Sendable, Equatable {
        case move(Motion), open(Stage), openSelectedDefense, switchKind, search, next, previous, unfinished, sort, quit
        case confirmSearch, cancelSearch, edit
        case recuse, confirmRecusal, cancelRecusal, editRecusal
    }

    var isTyping: Bool { searching != nil || recusing != nil }

    var keymap: Keymap<Action> {
        if recusing != nil {
            return Keymap(
                [
                    Binding(keys: [.enter], help: "提交申请", action: .confirmRecusal),
                    Binding(keys: [.escape], help: "取消", action: .cancelRecusal),
                    Binding(
                        keys: [.backspace, .delete, .left, .right, .home, .end], help: "编辑", action: .editRecusal,
                        inBar: false),
                ], typing: .editRecusal, typingHelp: HelpEntry(label: "文字", help: "回避理由"))
        }
        if searching != nil {
            return Keymap(
                [
                    Binding(keys: [.enter], help: "查找", action: .confirmSearch),
                    Binding(keys: [.escape], help: "取消", action: .cancelSearch),
                    Binding(
                        keys: [.backspace, .delete, .left, .right, .home, .end],
                        help: """
                            编辑
                            """, action: .edit, inBar: false
                    ),
                ], typing: .edit, typingHelp: HelpEntry(label: "文字", help: "名称、省份或编号"))
        }
        return Keymap(
            Binding.lines(Action.move) + [
                Binding(keys: [.enter], help: "评分", action: .open(.material)),
                Binding(keys: [.character("d")], help: "答辩评分", action: .open(.defense)),
                Binding(
                    keys: [.character("D")], help: "选中候选的答辩评分（d：正在答辩者）",
                    action: .openSelectedDefense, inBar: false),
                Binding(keys: [.tab, .backTab], help: "区域/学校", action: .switchKind),
                Binding(keys: [.character("/")], help: "搜索", action: .search),
                Binding(keys: [.character("n")], help: "下/上一个", action: .next, inBar: false),
                Binding(keys: [.character("N")], help: "下/上一个", action: .previous, inBar: false),
                Binding(keys: [.character("f")], help: "只看未完成", action: .unfinished),
                Binding(keys: [.character("o")], help: "排序", action: .sort),
                Binding(keys: [.character("r")], help: "申请回避", action: .recuse, inBar: false),
            ] + Binding.jumps(Action.move) + [
                Binding(keys: [.character("q")], help: "退出", action: .quit)
            ])
    }

    /// The rows shown: this tab's candidates, filtered and sorted.
    public var rows: [WorkItem] {
        var rows = work.filter { $0.candidate.kind == kind }
        if unfinishedOnly {
            rows = rows.filter {
                ($0.materialAssigned && $0.material?.status != .submitted)
                    || ($0.defenseOpen && $0.defense?.status != .submitted)
            }
        }
        switch sort {
        case .order: rows.sort { $0.candidate.importOrder < $1.candidate.importOrder }
        case .name: rows.sort { $0.candidate.name < $1.candidate.name }
        case .province:
            rows.sort {
                ($0.candidate.province, $0.candidate.importOrder) < ($1.candidate.province, $1.candidate.importOrder)
            }
        case .status:
            rows.sort {
                (Self.progress($0.material), $0.candidate.importOrder) < (
                    Self.progress($1.material), $1.candidate.importOrder
                )
            }
        case .score:
            rows.sort {
                ($1.material?.total ?? .zero, $0.candidate.importOrder) < (
                    $0.material?.total ?? .zero, $1.candidate.importOrder
                )
            }
        }
        return rows
    }

    static func progress(_ sheet: ScoreSheet?) -> Int {
        switch sheet?.status {
        case nil: 0;
        case .draft: 1;
        case .submitted: 2
        }
    }

    static func statusText(_ sheet: ScoreSheet?) -> String {
        switch sheet?.status {
        case nil: "未评";
        case .draft: "草稿";
        case .submitted: "已提交"
        }
    }

    mutating func update(_ msg: Msg, _ context: ScreenContext, _ status: inout StatusLine) -> Step {
        var step = Step()
        switch msg {
        case .key(let key):
            guard let action = keymap.action(for: key) else { return step }
            step = perform(action, key: key, context, &status)
        case .workLoaded(let items):
            let current = rows.indices.contains(selected) ? rows[selected].candidate.id : nil
            work = items
            if let current, let index = rows.firstIndex(where: { $0.candidate.id == current }) { list.select(index) }
        case .defenseLoaded(let loaded):
            day = loaded
            // A defence of the expert's group started or ended: its sheet joins the list.
            if let expert = context.expert?.id, let group = loaded.group(of: expert)?.number {
                let heard = Set(
                    loaded.slots(of: group).filter { $0.state == .running || $0.state == .done }.map(\.candidate.id))
                let open = Set(work.filter(\.defenseOpen).map(\.candidate.id))
                if heard != open { step = Step([.reload]) }
            }
        default: break
        }
        list.resize(count: rows.count, page: context.layout.pageSize)
        return step
    }

    private mutating func perform(_ action: Action, key: Key, _ context: ScreenContext, _ status: inout StatusLine)
        -> Step
    {
        list.resize(count: rows.count, page: context.layout.pageSize)
        switch action {
        case .edit: searching?.apply(key)
        case .confirmSearch:
            query = searching?.text ?? ""
            searching = nil
            jump(forward: true, includingCurrent: true, &status)
        case .cancelSearch: searching = nil
        case .move(let motion): list.move(motion)
        case .switchKind:
            kind = kind == .region ? .school : .region
            list.resize(count: rows.count, page: context.layout.pageSize)
            list.reset()
        case .unfinished:
            unfinishedOnly.toggle()
            list.resize(count: rows.count, page: context.layout.pageSize)
            list.reset()
            status.say(unfinishedOnly ? "只显示未完成" : "显示全部")
        case .sort:
            sort = Sort.allCases[(Sort.allCases.firstIndex(of: sort)! + 1) % Sort.allCases.count]
            status.say("按\(sort.rawValue)排序")
        case .search: searching = TextField()
        case .next: jump(forward: true, includingCurrent: false, &status)
        case .previous: jump(forward: false, includingCurrent: false, &status)
        case .open(let stage): return open(stage, context, &status)
        case .openSelectedDefense: return open(.defense, context, &status, live: false)
        case .quit: return Step([.quit])
        case .recuse, .confirmRecusal, .cancelRecusal, .editRecusal: return recusal(action, key: key, &status)
        }
        return Step()
    }

    /// `r`: the reason is typed on the prompt line, Enter sends the request, Esc forgets it.
    private mutating func recusal(_ action: Action, key: Key, _ status: inout StatusLine) -> Step {
        switch action {
        case .recuse:
            guard rows.indices.contains(selected) else { return Step() }
            let item = rows[selected]
            if item.recusalOpen {
                status.say("已申请回避 \(item.candidate.id)，待组长决定", error: true)
                return Step()
            }
            recusing = Recusing(candidate: item.candidate.id, reason: TextField(accepts: .text, maxLength: 500))
            status.say("写明回避理由，Enter 提交；提交后您对 \(item.candidate.id) 的评分即撤回")
        case .editRecusal: recusing?.reason.apply(key)
        case .cancelRecusal:
            recusing = nil
            status.say("已取消")
        case .confirmRecusal:
            guard let candidate = recusing?.candidate, let field = recusing?.reason else { return Step() }
            let reason = field.text.trimmingWhitespaceForPrompt()
            guard !reason.isEmpty else {
                status.say("需要写明理由", error: true)
                return Step()
            }
            recusing = nil
            return Step([.requestRecusal(candidate, reason: reason)])
        default: break
        }
        return Step()
    }

    private mutating func jump(forward: Bool, includingCurrent: Bool, _ status: inout StatusLine) {
        guard !query.isEmpty else { return }
        let list = rows
        guard !list.isEmpty else { return }
        for step in (includingCurrent ? 0 : 1)...list.count {
            let index = ((selected + (forward ? step : -step)) % list.count + list.count) % list.count
            let candidate = list[index].candidate
            if candidate.name.contains(query) || candidate.province.contains(query) || candidate.id.contains(query) {
                self.list.select(index)
                status.say("“\(query)”: \(candidate.name)")
                return
            }
        }
        status.say("没有找到“\(query)”", error: true)
    }

    /// The defence the expert's group hears now, if any.
    func liveDefense(_ expert: String?) -> DefenseSlot? {
        guard let expert, let day, let group = day.group(of: expert) else { return nil }
        return day.current(group.number)
    }

    /// `live`: `d` during a defence of the expert's group opens that defence's sheet at once;
    /// `D` opens the selected row's, whatever is under way.
    private func open(_ stage: Stage, _ context: ScreenContext, _ status: inout StatusLine, live: Bool = true) -> Step {
        let list = rows
        if stage == .defense, live, let live = liveDefense(context.expert?.id) {
            guard let item = work.first(where: { $0.candidate.id == live.candidate.id }), item.defenseOpen else {
                status.say("\(live.candidate.id) 的答辩评分表正在加载，请稍候再按 d")
                return Step([.reload])
            }
            return openSheet(item, stage, context, &status)
        }
        guard list.indices.contains(selected) else { return Step() }
        let item = list[selected]
        if stage == .material && !item.materialAssigned {
            let why = "\(item.candidate.id) 只由您评答辩（d），材料评审不在您的分配中"
            status.say(why, error: true)
            return Step()
        }
        return openSheet(item, stage, context, &status)
    }

    private func openSheet(_ item: WorkItem, _ stage: Stage, _ context: ScreenContext, _ status: inout StatusLine)
        -> Step
    {
        if item.recusalOpen {
            status.say("已申请回避 \(item.candidate.id)，待组长决定；在此之前不能评分", error: true)
            return Step()
        }
        if stage == .defense && !item.defenseOpen {
            status.say(
                day.map { !$0.isEmpty } == true
                    ? "\(item.candidate.id) 的答辩尚未开始或不由您所在的组评审"
                    : "\(item.candidate.id) 的答辩评分尚未开放（入围且组长开放答辩后才能评）",
                error: true)
            return Step()
        }
        if let reason = item.recusalRejected {
            status.say("组长驳回了您对 \(item.candidate.id) 的回避申请：\(reason)")
        } else {
            status.say(
                item.sheet(stage)?.status == .submitted
                    ? "已提交：只读（如需修改请联系组长）；m 查看申报材料"
                    : """
                    输入数字打分，Enter 保存，s 提交，m 查看申报材料
                    """)
        }
        // The dossier is read while the expert looks at the sheet, so that `m` finds it there.
        var sheet = SheetState(item: item, stage: stage, round: context.round, expert: context.expert?.id ?? "")
        sheet.day = day
        return Step([.openDossier(item.candidate.id)], go: .sheet(sheet))
    }

    func render(into buffer: inout Buffer, _ context: ScreenContext) {
        let layout = context.layout
        // Progress is of the material sheets assigned; a defence heard by the group is not one of them.
        let mine = work.filter { $0.candidate.kind == kind && $0.materialAssigned }
        let done = mine.filter { $0.material?.status == .submitted }.count
        let who = context.expert.map { "\($0.name) (\($0.id))" } ?? ""
        buffer.putTitle(
            " \(context.round.rules.round.name)", right: "\(who)  已提交 \(done)/\(mine.count) ", in: layout.title)
        var x = layout.bar.x + 1
        for tab in CandidateKind.allCases {
            let count = work.filter { $0.candidate.kind == tab }.count
            x +=
                buffer.put(
                    " \(tab.chineseName) \(count) ", row: layout.bar.y, column: x, style: tab == kind ? .selected : .dim
                ) + 1
        }
        var filters = (unfinishedOnly ? "只看未完成  " : "") + "排序: \(sort.rawValue)"
        if searching != nil || !query.isEmpty { filters += "  搜索: " }
        if searching == nil { filters += query }
        x += 2 + buffer.put(filters, row: layout.bar.y, column: x + 2, style: .dim)
        if let searching {
            buffer.put(
                searching, row: layout.bar.y, column: x, width: max(1, layout.width - 1 - x), focused: true, style: .dim
            )
        }

        let columns = Self.columns(width: layout.width)
        buffer.putRow(
            [
                """
                序号
                """, "编号", "名称", "省份", "学段", "材料", "答辩", "状态",
            ], columns, row: layout.tableHeader.y, style: .header)
        let rows = rows
        var list = list
        list.resize(count: rows.count, page: layout.pageSize)
        for (offset, index) in list.visible.enumerated() {
            let item = rows[index], candidate = item.candidate
            let cells = [
                String(index + 1), candidate.id, candidate.name,
                Province.named(candidate.province)?.short ?? candidate.province,
                candidate.level?.rawValue ?? "", item.material.map { $0.total.description } ?? "",
                item.defenseOpen ? (item.defense.map { $0.total.description } ?? "未评") : "",
                item.recusalOpen ? "回避中" : item.materialAssigned ? Self.statusText(item.material) : "仅答辩",
            ]
            let style: Style =
                index == list.cursor ? .selected : (item.material?.status == .submitted ? .submitted : .normal)
            buffer.putRow(cells, columns, row: layout.table.y + offset, style: style)
        }
        if let recusing {
            buffer.putPrompt(
                "申请回避 \(recusing.candidate) 的理由", recusing.reason, row: layout.prompt.y, width: layout.width)
        } else if let banner = day?.banner(for: context.expert?.id ?? "") {
            let overtime = liveDefense(context.expert?.id).map { $0.phase(at: day!.now, rules: day!.rules).isOvertime }
            buffer.put(
                " \(banner)  d 答辩评分 ", row: layout.prompt.y, column: 0,
                style: overtime == true ? .invalid : .header)
        } else if let line = day?.groupLine(for: context.expert?.id ?? "") {
            buffer.put(" \(line)", row: layout.prompt.y, column: 0, style: .dim)
        }
        if rows.isEmpty {
            buffer.put(
                unfinishedOnly
                    ? "没有未完成的评审对象（f 显示全部）"
                    : """
                    没有分配给您的\(kind.chineseName)
                    """, row: layout.table.y + 1,
                column: 2, style: .dim)
        }
    }

    /// Column starts and widths; the name column takes what is left.
    static func columns(width: Int) -> TableColumns {
        let fixed = [4, 9, 0, 8, 8, 6, 6, 6]
        let nameWidth = max(10, width - 2 - fixed.reduce(0, +) - fixed.count)
        return Buffer.columns(widths: fixed.map { $0 == 0 ? nameWidth : $0 })
    }
}
