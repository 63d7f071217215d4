import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// Everything the engine needs, read in one transaction so that it is one consistent state.
    public func scoringInput() throws -> ScoringInput {
        let round = try self.round()
        return try pool.read { db in try Self.scoringInput(db, round: round) }
    }

    public func ranking(_ kind: CandidateKind) throws -> Ranking {
        ScoringEngine.rank(try scoringInput(), kind: kind)
    }

    static func scoringInput(_ db: Database, round: RoundDefinition) throws -> ScoringInput {
        ScoringInput(round: round, candidates: try candidates(db), totals: try sheetTotals(db, round: round),
                     decisions: try decisions(db), finalized: try isFinalized(db))
    }

    /// Each sheet's total and group subtotals, as stored with the sheet (one row per sheet).
    static func sheetTotals(_ db: Database, round: RoundDefinition) throws -> [SheetTotal] {
        var totals: [SheetTotal] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT expert_id, candidate_id, stage, status, total, group_totals FROM sheet WHERE group_totals != '' ORDER BY expert_id, candidate_id, stage")
        while let row = try rows.next() {
            totals.append(SheetTotal(key: SheetKey(expert: row[0], candidate: row[1], stage: Stage(rawValue: row[2])!),
                                     status: ScoreSheet.Status(rawValue: row[3])!, total: Points(hundredths: row[4]),
                                     groups: groupTotals(row[5])))
        }
        return totals
    }

    /// Writes a sheet's total and group subtotals next to it.
    static func storeTotals(_ db: Database, _ total: SheetTotal) throws {
        try db.cachedStatement(sql: "UPDATE sheet SET total = ?, group_totals = ? WHERE expert_id = ? AND candidate_id = ? AND stage = ?")
            .execute(arguments: [total.total.hundredths, groupTotalsText(total), total.key.expert, total.key.candidate, total.key.stage.rawValue])
    }

    /// Reads `groupTotalsText` back, byte by byte: it is read for every sheet of every ranking.
    static func groupTotals(_ text: String) -> [String: Points] {
        var groups: [String: Points] = [:]
        var id: [UInt8] = [], value = 0, negative = false, inValue = false
        func end() {
            if inValue, !id.isEmpty { groups[String(decoding: id, as: UTF8.self)] = Points(hundredths: negative ? -value : value) }
            id.removeAll(keepingCapacity: true); value = 0; negative = false; inValue = false
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "): end()
            case UInt8(ascii: "=") where !inValue: inValue = true
            case UInt8(ascii: "-") where inValue: negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9") where inValue: value = value * 10 + Int(byte - UInt8(ascii: "0"))
            default: id.append(byte)
            }
        }
        end()
        return groups
    }

    /// `A=1550 B=2000 …`: the group subtotals as the sheet row keeps them.
    static func groupTotalsText(_ total: SheetTotal) -> String {
        total.groups.keys.sorted().map { "\($0)=\(total.groups[$0]!.hundredths)" }.joined(separator: " ")
    }

    /// Each sheet's total and group subtotals, folded from the score rows as they stream by: what
    /// the stored totals must equal (the v4 migration fills them with it; a test compares).
    static func foldedSheetTotals(_ db: Database, round: RoundDefinition) throws -> [SheetTotal] {
        var groupOf: [SheetKind: [String: String]] = [:]
        for kind in SheetKind.allCases {
            for group in round.sheet(kind).groups { for item in group.items { groupOf[kind, default: [:]][item.id] = group.id } }
        }
        let kinds = try candidateKinds(db)
        var totals: [SheetKey: SheetTotal] = [:]
        let sheets = try Row.fetchCursor(db, sql: "SELECT expert_id, candidate_id, stage, status FROM sheet ORDER BY expert_id, candidate_id, stage")
        var order: [SheetKey] = []
        while let row = try sheets.next() {
            let key = SheetKey(expert: row[0], candidate: row[1], stage: Stage(rawValue: row[2])!)
            totals[key] = SheetTotal(key: key, status: ScoreSheet.Status(rawValue: row[3])!, total: .zero, groups: [:])
            order.append(key)
        }
        let scores = try Row.fetchCursor(db, sql: "SELECT expert_id, candidate_id, stage, item_id, hundredths FROM score")
        while let row = try scores.next() {
            let stage = Stage(rawValue: row[2])!
            let key = SheetKey(expert: row[0], candidate: row[1], stage: stage)
            guard let kind = kinds[key.candidate], let group = groupOf[stage.sheet(for: kind)]?[row[3] as String] else { continue }
            guard totals[key] != nil else { continue }
            let points = Points(hundredths: row[4])
            // In place: copying a sheet out and back would copy its groups each row.
            totals[key]!.total += points
            totals[key]!.groups[group, default: .zero] += points
        }
        return order.compactMap { key in totals[key].flatMap { $0.total == .zero && $0.groups.isEmpty ? nil : $0 } }
    }

    static func isFinalized(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM round_state WHERE key = 'finalized'") != nil
    }

    static func decisions(_ db: Database) throws -> ChairDecisions {
        var decisions = ChairDecisions()
        for row in try Row.fetchAll(db, sql: "SELECT * FROM spot_check") {
            decisions.spotChecks[row["candidate_id"]] = .init(passed: row["passed"], note: row["note"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM override") {
            decisions.overrides[row["candidate_id"]] = .init(action: .init(rawValue: row["action"])!, reason: row["reason"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM defense_absence") {
            decisions.absent[row["candidate_id"]] = row["note"]
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM shortlist_freeze") {
            decisions.frozenShortlist[CandidateKind(rawValue: row["kind"])!] = words(row["candidate_ids"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM resolution") {
            decisions.resolutions[CandidateKind(rawValue: row["kind"])!] =
                .init(tieGroup: words(row["tie_group"]), winners: words(row["winners"]), reason: row["reason"])
        }
        return decisions
    }

    static func words(_ text: String) -> Set<String> { Set(text.split(separator: " ").map(String.init)) }
}
