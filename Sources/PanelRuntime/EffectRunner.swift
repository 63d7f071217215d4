import Foundation
import PanelCore
import PanelStore
import PanelTUI
import PanelViews

/// Runs the front end's effects against the database and reports back as messages.
/// `nil` means quit.
public final class EffectRunner {
    let path: String
    /// Opened once: every save is one transaction on it, with no reopening or re-parsing.
    let store: PanelDatabase
    /// Who signed in: every write is made as this expert, whatever a message claims.
    private(set) var signedIn: ExpertEntry?
    var expert: String? { signedIn?.id }
    /// The chair's cut-line stability and statistics, computed in the background.
    let stability: BackgroundJob<[CutLineStability]>
    let statistics: BackgroundJob<FairnessReport>
    /// Dossiers in view, since when: the time read is written when one goes out of view.
    private var readingSince: [String: Date] = [:]
    let clock: @Sendable () -> Date
    /// The defence clock's seconds: `PANEL_TEST_NOW` stops it in the tmux tests.
    let defenseNow: @Sendable () -> Int

    public init(
        path: String, clock: @escaping @Sendable () -> Date = Date.init,
        defenseNow: @escaping @Sendable () -> Int = PanelClock.now
    ) throws {
        self.path = path
        self.clock = clock
        self.defenseNow = defenseNow
        store = try PanelDatabase.open(at: path)
        stability = .stability(path: path)
        statistics = .statistics(path: path)
    }

    /// The console's data, with the stability of that state asked for.
    private func consoleData() throws -> ConsoleData {
        let data = try store.consoleData()
        stability.request(data.changeCounter)
        return data
    }

    public func run(_ effect: Effect) -> [Msg]? {
        do {
            switch effect {
            case .quit:
                for candidate in Array(readingSince.keys) { try stopReading(candidate) }
                return nil
            case .dossierShown(let candidate):
                guard let expert, readingSince[candidate] == nil else { return [] }
                // Opened is on record at once, even if the process is killed while reading.
                try store.recordReading(expert: expert, candidate: candidate, seconds: 0, now: clock())
                readingSince[candidate] = clock()
                return []
            case .dossierHidden(let candidate):
                try stopReading(candidate)
                return []
            case .signIn(let id, let pin):
                do {
                    let expert = try store.signIn(id: id, pin: pin)
                    signedIn = expert
                    if expert.role == .chair { return [.signedInChair(expert, try consoleData())] }
                    return [.signedIn(expert, try store.work(for: expert.id))]
                } catch let error as StoreError {
                    return [.signInRefused(error.description)]
                }
            case .saveScore(let key, let item, let points, let previous):
                do {
                    try store.saveScore(expert: expert ?? "", key: key, item: item, points: points)
                    return [.saved(key, item: item, points)]
                } catch {
                    // Whatever failed (a refusal, a full disk, an I/O error), the screen gets the
                    // stored value back: a score shown must be a score saved.
                    let reason =
                        (error as? StoreError)?.description
                        ?? "未保存：" + (PanelDatabase.storageFailure(error, path: store.path) ?? "\(error)")
                    return [.saveRefused(key, item: item, previous: previous, reason: reason)]
                }
            case .submit(let key, let shown):
                do {
                    try store.submitSheet(expert: expert ?? "", key: key, shown: shown)
                } catch let changed as SheetChangedElsewhere {
                    return [.submitRefused(key, stored: changed.stored, reason: changed.description)]
                }
                return [.submitted(key)]
            case .requestRecusal(let candidate, let reason):
                guard let me = signedIn else { return [.failed("not signed in")] }
                try store.requestRecusal(expert: me, candidate: candidate, reason: reason)
                // `chairDone` is the status line's plain notice, whoever it is for.
                return [
                    .workLoaded(try store.work(for: me.id)),
                    .chairDone("已申请回避 \(candidate)：您的评分已撤回，待组长决定"),
                ]
            case .saveComment(let key, let text):
                try store.saveComment(expert: expert ?? "", key: key, comment: text)
                return [.commentSaved(key, text)]
            case .reload:
                guard let expert else { return [] }
                return [.workLoaded(try store.work(for: expert))]
            case .pollChanges(let since):
                let computed =
                    (stability.takeNew().map { [Msg.stabilityLoaded(changeCounter: $0.counter, $0.value)] } ?? [])
                    + (statistics.takeNew().map { [Msg.statsLoaded($0.value)] } ?? [])
                return computed + (try store.changeCounter() == since ? [] : [.consoleLoaded(try consoleData())])
            case .explain(let id):
                // Only a stability of the state shown: an older one could name the wrong places.
                let current = try store.changeCounter()
                let known = stability.newest.flatMap { $0.counter == current ? $0.value : nil } ?? []
                guard
                    let lines = try store.explanation(
                        of: id, stability: { ranking, _ in known.first { $0.kind == ranking.kind } })
                else { return [.failed("no candidate '\(id)'")] }
                return [.explained(id, lines)]
            case .loadStats:
                // At national size the statistics take tens of milliseconds and come at once; in a
                // large round the tab says 统计加载中 and they follow within a second of being ready.
                let counter = try store.changeCounter()
                statistics.request(counter)
                return statistics.value(at: counter, within: 0.5).map { [.statsLoaded($0)] } ?? []
            case .openDossier(let candidate):
                guard let reader = signedIn else { return [.failed("not signed in")] }
                // An expert reads the dossiers of their own candidates only; the chair reads any.
                guard try reader.role == .chair || store.isAssigned(candidate, to: reader.id) else {
                    return [
                        .dossierRefused(
                            candidate: candidate,
                            reason: """
                                \(candidate) 未分配给您：不能查看其申报材料
                                """)
                    ]
                }
                return [
                    .dossierLoaded(try store.dossier(of: candidate)),
                    .evidenceLoaded(candidate: candidate, try store.evidence(candidate: candidate, expert: reader.id)),
                ]
            case .searchDossiers(let query):
                guard signedIn?.role == .chair else { return [.failed("只有组长可以查找全部申报材料")] }
                return [.dossierHits(query, try store.searchDossiers(query))]
            case .cite(let key, let item, let citation):
                return [
                    .cited(
                        key, item: item, try store.toggleCitation(expert: expert ?? "", key: key, item: item, citation))
                ]
            case .pollDefense:
                guard let reader = signedIn else { return [] }
                return [.defenseLoaded(try store.defenseDay(now: defenseNow(), submissions: reader.role == .chair))]
            case .chair(let command):
                guard let chair = signedIn else { return [.failed("not signed in")] }
                let message = try runChair(command, as: chair)
                let board: [Msg] =
                    if case .defense = command { [.defenseLoaded(try store.defenseDay(now: defenseNow()))] } else { [] }
                return [.chairDone(message), .consoleLoaded(try consoleData())] + board
            }
        } catch let error as StoreError {
            return [.failed(error.description)]
        } catch {
            return [.failed(PanelDatabase.storageFailure(error, path: store.path) ?? "\(error)")]
        }
    }

    private func stopReading(_ candidate: String) throws {
        guard let expert, let since = readingSince.removeValue(forKey: candidate) else { return }
        try store.recordReading(
            expert: expert, candidate: candidate, seconds: Int(clock().timeIntervalSince(since).rounded()), now: clock()
        )
    }

    /// The chair's decisions go through the same store calls as the CLI: same checks, same audit.
    private func runChair(_ command: ChairCommand, as chair: ExpertEntry) throws -> String {
        switch command {
        case .spotCheck(let id, let passed, let note):
            try store.recordSpotCheck(chair: chair, candidate: id, passed: passed, note: note)
            return "已记录 \(id) 实地抽查\(passed ? "通过" : "不通过")"
        case .exclude(let id, let reason):
            try store.recordOverride(chair: chair, candidate: id, change: .exclude, reason: reason)
            return "已排除 \(id)"
        case .include(let id, let reason):
            try store.recordOverride(chair: chair, candidate: id, change: .include, reason: reason)
            return "已恢复 \(id) 的资格"
        case .absent(let id, let note):
            try store.recordAbsence(chair: chair, candidate: id, absent: true, note: note)
            return "已记录 \(id) 答辩缺席"
        case .resolve(let kind, let winners, let reason):
            try store.resolveTie(chair: chair, kind: kind, winners: winners, reason: reason)
            return "已裁定：\(winners.joined(separator: " ")) 获评"
        case .openDefense:
            try store.setDefenseStage(chair: chair, open: true)
            return "答辩阶段已开放"
        case .freezeShortlist(let kind):
            let ids = try store.freezeShortlist(chair: chair, kind: kind)
            return "\(kind.chineseName)入围名单已冻结：\(ids.count) 个"
        case .reopen(let key, let reason):
            try store.reopenSheet(chair: chair, key: key, reason: reason)
            return "已退回 \(key.expert) 对 \(key.candidate) 的评分表"
        case .reviewOutlier(let key, let note):
            try store.reviewOutlier(chair: chair, key: key, note: note)
            return "已记录：\(key.expert) 对 \(key.candidate) 的评分已复核"
        case .approveRecusal(let expert, let id, let to, let reason):
            let taker = try store.decideRecusal(
                chair: chair, expert: expert, candidate: id, approve: true, reason: reason, to: to)
            return "已批准 \(expert) 回避 \(id)，由 \(taker ?? "-") 接替"
        case .rejectRecusal(let expert, let id, let reason):
            try store.decideRecusal(chair: chair, expert: expert, candidate: id, approve: false, reason: reason)
            return "已驳回 \(expert) 对 \(id) 的回避申请，评分已退还"
        case .defense(let action):
            return try store.defenseSlot(action, chair: chair, now: defenseNow())
        case .finalize(let pin):
            let confirmed = try store.signIn(id: chair.id, pin: pin)
            let done = try store.finalize(chair: confirmed)
            return "已定稿：排名快照 sha256 \(done.sha256.prefix(16))…"
        }
    }
}
