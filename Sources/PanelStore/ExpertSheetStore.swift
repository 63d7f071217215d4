import Foundation
import GRDB
import PanelCore

/// What an expert does in the front end: every accepted value is saved at once, in its own
/// transaction, audited; an expert touches only their own sheets of candidates assigned to them.
extension PanelDatabase {
    /// The candidates assigned to `expert`, with the expert's own sheets.
    public func work(for expert: String) throws -> [WorkItem] {
        let round = try self.round()
        return try pool.read { db in
            var assigned = try String.fetchAll(
                db, sql: "SELECT candidate_id FROM assignment WHERE expert_id = ?", arguments: [expert])
            let materialAssigned = Set(assigned)
            // With defence groups: the defences of the expert's group heard so far, assigned or not.
            let grouped = try Self.defenseGroupsFormed(db)
            let heard = Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT d.candidate_id FROM defense_slot d JOIN defense_member m
                        ON m.group_number = d.group_number AND m.expert_id = ? WHERE d.state IN ('running', 'done')
                        """, arguments: [expert]))
            assigned += heard.subtracting(materialAssigned).sorted()
            // Only this expert's sheets: the list reloads each time the expert leaves a sheet.
            let sheets = try Self.sheets(db, expert: expert)
            let defenseOpen = grouped ? heard : try Self.defenseIsOpen(db) ? try shortlisted(db, round: round) : []
            var own: [SheetKey: ScoreSheet] = [:]
            for sheet in sheets { own[sheet.key] = sheet }
            let asked = Set(
                try String.fetchAll(
                    db, sql: "SELECT candidate_id FROM recusal WHERE expert_id = ? AND state = 'open'",
                    arguments: [expert]))
            let rejected = Dictionary(
                try Row.fetchAll(
                    db, sql: "SELECT candidate_id, decision FROM recusal WHERE expert_id = ? AND state = 'rejected'",
                    arguments: [expert]
                ).map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { first, _ in first })
            return try Self.candidates(db, ids: assigned).map { candidate in
                var item = WorkItem(
                    candidate: candidate,
                    material: own[SheetKey(expert: expert, candidate: candidate.id, stage: .material)],
                    defense: own[SheetKey(expert: expert, candidate: candidate.id, stage: .defense)],
                    defenseOpen: defenseOpen.contains(candidate.id), recusalOpen: asked.contains(candidate.id))
                item.recusalRejected = rejected[candidate.id]
                item.materialAssigned = materialAssigned.contains(candidate.id)
                return item
            }
        }
    }

    /// The candidates with a defence to score: shortlisted, whether or not it is scored yet.
    /// Ranked again only after a change.
    func shortlisted(_ db: Database, round: RoundDefinition) throws -> Set<String> {
        let counter = try Self.changeCounter(db)
        if let cached = shortlistCache.value, cached.counter == counter { return cached.ids }
        let input = try Self.scoringInput(db, round: round)
        let ids = ScoringEngine.rank(input, kinds: CandidateKind.allCases).shortlistedIDs
        shortlistCache.value = (counter, ids)
        return ids
    }

    /// Saves one item's score on the expert's sheet (a draft until submitted).
    public func saveScore(expert: String, key: SheetKey, item: String, points: Points) throws {
        try recordingRefusal(actor: expert, action: "score \(key.auditSubject) \(item)") {
            let round = try self.round()
            try pool.write { db in
                let (rubric, stored) = try Self.writableSheet(db, round: round, expert: expert, key: key)
                guard let indicator = rubric.items.first(where: { $0.id == item }) else {
                    throw StoreError("\(item) is not an item of \(rubric.title)")
                }
                if let refusal = indicator.refusal(of: points) { throw StoreError(refusal) }
                let hash = round.sources.first { $0.name == rubric.kind.rawValue }!.sha256
                try db.execute(
                    sql: """
                        INSERT INTO sheet (expert_id, candidate_id, stage, status, rubric_sha256) VALUES (?, ?, ?, 'draft', ?)
                        ON CONFLICT (expert_id, candidate_id, stage) DO NOTHING
                        """, arguments: [key.expert, key.candidate, key.stage.rawValue, hash])
                try db.execute(
                    sql: """
                        INSERT INTO score (expert_id, candidate_id, stage, item_id, hundredths) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (expert_id, candidate_id, stage, item_id) DO UPDATE SET hundredths = excluded.hundredths
                        """, arguments: [key.expert, key.candidate, key.stage.rawValue, item, points.hundredths])
                var scores = stored?.scores ?? [:]
                scores[item] = points
                try Self.storeTotals(
                    db,
                    SheetTotal(ScoreSheet(key: key, status: .draft, rubricSHA256: hash, scores: scores), rubric: rubric)
                )
                try AuditLog.append(
                    db, actor: expert, action: "score", subject: key.auditSubject,
                    before: stored?.scores[item].map { "\(item)=\($0)" }, after: "\(item)=\(points)")
            }
        }
    }

    /// Submits the sheet: refused while an item is empty, and read-only for the expert afterwards.
    /// `shown`: the values the expert sees; a sheet whose stored values differ (saved from another
    /// terminal) is not submitted, and the refusal carries what is stored.
    public func submitSheet(expert: String, key: SheetKey, shown: [String: Points]? = nil) throws {
        try recordingRefusal(actor: expert, action: "submit \(key.auditSubject)") {
            let round = try self.round()
            try pool.write { db in
                let (rubric, stored) = try Self.writableSheet(db, round: round, expert: expert, key: key)
                let scores = stored?.scores ?? [:]
                if let shown, shown != scores {
                    throw SheetChangedElsewhere(key: key, shown: shown, stored: scores, rubric: rubric)
                }
                if let empty = rubric.items.first(where: { scores[$0.id] == nil }) {
                    throw StoreError("\(empty.id) \(empty.name) 尚未打分，不能提交")
                }
                try db.execute(
                    sql: "UPDATE sheet SET status = 'submitted' WHERE expert_id = ? AND candidate_id = ? AND stage = ?",
                    arguments: [key.expert, key.candidate, key.stage.rawValue])
                try AuditLog.append(
                    db, actor: expert, action: "submit", subject: key.auditSubject, before: "draft",
                    after: "submitted: \(ScoreSheet.describe(scores, in: rubric)) total \(scores.values.sum())")
            }
        }
    }

    public func saveComment(expert: String, key: SheetKey, comment: String) throws {
        try recordingRefusal(actor: expert, action: "comment \(key.auditSubject)") {
            let round = try self.round()
            try pool.write { db in
                let (rubric, stored) = try Self.writableSheet(db, round: round, expert: expert, key: key)
                let hash = round.sources.first { $0.name == rubric.kind.rawValue }!.sha256
                try db.execute(
                    sql: """
                        INSERT INTO sheet (expert_id, candidate_id, stage, status, rubric_sha256, comment) VALUES (?, ?, ?, 'draft', ?, ?)
                        ON CONFLICT (expert_id, candidate_id, stage) DO UPDATE SET comment = excluded.comment
                        """, arguments: [key.expert, key.candidate, key.stage.rawValue, hash, comment])
                try AuditLog.append(
                    db, actor: expert, action: "comment", subject: key.auditSubject, before: stored?.comment,
                    after: comment)
            }
        }
    }

    /// The chair opens (or closes) the defence stage: shortlisted candidates' defence sheets.
    public func setDefenseStage(chair: ExpertEntry, open isOpen: Bool) throws {
        try recordingRefusal(actor: chair.id, action: isOpen ? "open defense" : "close defense") {
            guard chair.role == .chair else {
                throw StoreError("\(chair.id) is a review expert; only the chair (组长) may open the defence stage")
            }
            try writable().pool.write { db in
                try Self.refuseIfFinalized(db)
                let was = try Self.defenseIsOpen(db)
                if isOpen {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO round_state (key, value) VALUES ('defense_open', ?)",
                        arguments: [chair.id])
                } else {
                    try db.execute(sql: "DELETE FROM round_state WHERE key = 'defense_open'")
                }
                try AuditLog.append(
                    db, actor: chair.id, action: isOpen ? "open defense" : "close defense", subject: "stage defense",
                    before: was ? "open" : "closed", after: isOpen ? "open" : "closed")
            }
        }
    }

    static func defenseIsOpen(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'defense_open'") != nil
    }

    /// The sheet an expert may write: their own, of a candidate assigned to them, not submitted,
    /// in an open stage, in a round not finalized.
    static func writableSheet(_ db: Database, round: RoundDefinition, expert: String, key: SheetKey) throws -> (
        Rubric, ScoreSheet?
    ) {
        try refuseIfFinalized(db)
        guard key.expert == expert else { throw StoreError("an expert writes only their own sheets") }
        // With defence groups, a defence sheet belongs to the candidate's group, not to the
        // material assignment.
        let grouped = try key.stage == .defense && defenseGroupsFormed(db)
        if grouped {
            try refuseOutsideGroup(db, expert: expert, candidate: key.candidate)
        } else if try Int.fetchOne(
            db, sql: "SELECT 1 FROM assignment WHERE expert_id = ? AND candidate_id = ?",
            arguments: [expert, key.candidate]) == nil
        {
            throw StoreError("\(key.candidate) is not assigned to \(expert)")
        }
        guard let kind = try candidateKind(db, key.candidate) else {
            throw StoreError("no candidate '\(key.candidate)'")
        }
        if key.stage == .defense, !grouped, try !defenseIsOpen(db) {
            throw StoreError("the defence stage is not open yet")
        }
        if try recusalState(db, expert: expert, candidate: key.candidate) == .open {
            throw StoreError("已申请回避 \(key.candidate)，待组长决定；在此之前不能评分")
        }
        let stored = try storedSheet(db, key)
        if stored?.status == .submitted {
            throw StoreError(
                """
                \(key.candidate) \(key.stage.chineseName)评分已提交，只读（如需修改请联系组长）
                """)
        }
        return (round.sheet(key.stage.sheet(for: kind)), stored)
    }
}

extension PanelDatabase {
    static func defenseGroupsFormed(_ db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT 1 FROM defense_slot LIMIT 1") != nil
    }

    /// An expert scores the defences of their own group only, once each has started.
    static func refuseOutsideGroup(_ db: Database, expert: String, candidate: String) throws {
        guard
            let slot = try Row.fetchOne(
                db, sql: "SELECT group_number, position, state FROM defense_slot WHERE candidate_id = ?",
                arguments: [candidate])
        else { throw StoreError("\(candidate) 没有安排答辩：不能评答辩分") }
        let group: Int = slot[0], position: Int? = slot[1], state: String = slot[2]
        let mine = try Int.fetchOne(
            db, sql: "SELECT group_number FROM defense_member WHERE expert_id = ?", arguments: [expert])
        guard mine == group else {
            throw StoreError(
                "\(candidate) 由第 \(group) 组答辩，"
                    + (mine.map { "您在第 \($0) 组" } ?? "您不在任何答辩组") + "：只评本组的答辩")
        }
        switch state {
        case "waiting":
            throw StoreError(
                "\(candidate) 的答辩尚未开始（第 \(group) 组 第 \(position ?? 0) 场），"
                    + "开始后才能评分")
        case "absent": throw StoreError("\(candidate) 答辩缺席：没有答辩可评")
        default: break
        }
    }
}

/// A submit refused because the sheet on screen is not the stored one: another terminal of the
/// same expert saved into it.
public struct SheetChangedElsewhere: Error, CustomStringConvertible, Sendable {
    public var key: SheetKey
    public var stored: [String: Points]
    public var description: String

    init(key: SheetKey, shown: [String: Points], stored: [String: Points], rubric: Rubric) {
        self.key = key
        self.stored = stored
        let differing = rubric.items.map(\.id).filter { shown[$0] != stored[$0] }.map { item in
            "\(item) 屏幕上 \(shown[item].map { "\($0)" } ?? "空") 而已保存 \(stored[item].map { "\($0)" } ?? "空")"
        }
        description =
            "未提交：这张评分表已在另一处修改（\(differing.joined(separator: "，"))），"
            + "现显示已保存的分数，请核对后再提交"
    }
}
