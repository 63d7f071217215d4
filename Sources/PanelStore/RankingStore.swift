import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// Everything the engine needs, as one consistent state. The sheets are read in two halves at
    /// once, each in its own read transaction; every change appends to the audit log in the same
    /// transaction, so equal change counters mean both halves saw the same state. Otherwise (a
    /// write landed in between) it is read again in one transaction.
    /// Below `halvesFrom` sheets one read is quick enough (tests lower it to read small panels in halves).
    public func scoringInput() throws -> ScoringInput { try scoringInput(halvesFrom: 100_000) }

    func scoringInput(halvesFrom: Int64) throws -> ScoringInput {
        let round = try self.round()
        let last = try pool.read { try Int64.fetchOne($0, sql: "SELECT MAX(rowid) FROM sheet") } ?? 0
        guard last >= halvesFrom else { return try pool.read { db in try Self.scoringInput(db, round: round) } }
        let reader = try parallelReader()
        let (first, second) = both(
            {
                Result {
                    try reader.read { db in
                        (
                            try Self.changeCounter(db),
                            try Self.scoringInput(db, round: round, rowids: Int64.min...(last / 2))
                        )
                    }
                }
            },
            {
                Result {
                    try reader.read { db in
                        (
                            try Self.changeCounter(db),
                            try Self.sheetTotals(db, round: round, rowids: (last / 2 + 1)...Int64.max)
                        )
                    }
                }
            })
        let (counter, input) = try first.get(), (otherCounter, rest) = try second.get()
        guard counter == otherCounter else { return try pool.read { db in try Self.scoringInput(db, round: round) } }
        var whole = input
        whole.totals += rest
        return whole
    }

    public func ranking(_ kind: CandidateKind) throws -> Ranking {
        ScoringEngine.rank(try scoringInput(), kind: kind)
    }

    static func scoringInput(_ db: Database, round: RoundDefinition, rowids: ClosedRange<Int64> = Int64.min...Int64.max)
        throws -> ScoringInput
    {
        var input = ScoringInput(
            round: round, candidates: try candidates(db), totals: try sheetTotals(db, round: round, rowids: rowids),
            decisions: try decisions(db), finalized: try isFinalized(db))
        input.defenseGroups = try defenseGroups(db)
        return input
    }

    /// Each candidate's defence group, once the groups are formed.
    static func defenseGroups(_ db: Database) throws -> [String: Int] {
        Dictionary(
            try Row.fetchAll(db, sql: "SELECT candidate_id, group_number FROM defense_slot").map {
                ($0[0] as String, $0[1] as Int)
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Each sheet's total and group subtotals, as stored with the sheet (one row per sheet), in the
    /// table's own order: the engine does not depend on it, and following the key's order would
    /// look every row up through the index.
    static func sheetTotals(_ db: Database, round: RoundDefinition, rowids: ClosedRange<Int64> = Int64.min...Int64.max)
        throws -> [SheetTotal]
    {
        var totals: [SheetTotal] = []
        var previous = GroupTotals()
        let rows = try Row.fetchCursor(
            db,
            sql:
                "SELECT expert_id, candidate_id, stage, status, total, group_totals FROM sheet WHERE group_totals != ''"
                + " AND rowid BETWEEN ? AND ?", arguments: [rowids.lowerBound, rowids.upperBound])
        while let row = try rows.next() {
            // The text's bytes where SQLite has them: no String for each of 700,000 rows.
            previous = try row.withUnsafeData(atIndex: 5) { data in
                (data ?? Data()).withUnsafeBytes { groupTotals($0, previous: previous) }
            }
            totals.append(
                SheetTotal(
                    key: SheetKey(
                        expert: row[0], candidate: row[1],
                        stage: try Stored.decode(Stage.self, row[2], table: "sheet", row: row)),
                    status: try Stored.decode(ScoreSheet.Status.self, row[3], table: "sheet", row: row),
                    total: Points(hundredths: row[4]),  // text here reads as 0: `audit verify` names it
                    groups: previous))
        }
        return totals
    }

    /// Writes a sheet's total and group subtotals next to it.
    static func storeTotals(_ db: Database, _ total: SheetTotal) throws {
        try db.cachedStatement(
            sql: "UPDATE sheet SET total = ?, group_totals = ? WHERE expert_id = ? AND candidate_id = ? AND stage = ?"
        )
        .execute(arguments: [
            total.total.hundredths, groupTotalsText(total), total.key.expert, total.key.candidate,
            total.key.stage.rawValue,
        ])
    }

    /// Reads `groupTotalsText` back from its bytes: it is read for every sheet of every ranking.
    /// `previous` is the last sheet's, whose ids are shared when they are the same.
    static func groupTotals(_ text: UnsafeRawBufferPointer, previous: GroupTotals) -> GroupTotals {
        var values: [Points] = []
        values.reserveCapacity(previous.values.count)
        var differing: [String]? = nil
        var index = 0
        while index < text.count {
            let start = index
            while index < text.count, text[index] != UInt8(ascii: "=") { index += 1 }
            let id = UnsafeRawBufferPointer(rebasing: text[start..<index])
            index += 1
            let negative = index < text.count && text[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            var value = 0
            while index < text.count, text[index] != UInt8(ascii: " ") {
                value = value * 10 + Int(text[index] &- UInt8(ascii: "0"))
                index += 1
            }
            index += 1
            guard !id.isEmpty else { continue }
            let position = values.count
            values.append(Points(hundredths: negative ? -value : value))
            if differing == nil, position < previous.ids.count, previous.ids[position].utf8.elementsEqual(id) {
                continue
            }
            if differing == nil { differing = Array(previous.ids.prefix(position)) }
            differing!.append(String(decoding: id, as: UTF8.self))
        }
        if differing == nil, values.count < previous.ids.count { differing = Array(previous.ids.prefix(values.count)) }
        return GroupTotals(sortedIDs: differing ?? previous.ids, values: values)
    }

    /// `A=1550 B=2000 …`: the group subtotals as the sheet row keeps them (ids sorted).
    static func groupTotalsText(_ total: SheetTotal) -> String {
        zip(total.groups.ids, total.groups.values).map { "\($0)=\($1.hundredths)" }.joined(separator: " ")
    }

    /// Each sheet's total and group subtotals, folded from the score rows as they stream by: what
    /// the stored totals must equal (an older file is filled with it at its first open; MigrationTests compares).
    static func foldedSheetTotals(_ db: Database, round: RoundDefinition) throws -> [SheetTotal] {
        var groupOf: [SheetKind: [String: String]] = [:]
        for kind in SheetKind.allCases {
            for group in round.sheet(kind).groups {
                for item in group.items { groupOf[kind, default: [:]][item.id] = group.id }
            }
        }
        let kinds = try candidateKinds(db)
        var totals: [SheetKey: SheetTotal] = [:]
        let sheets = try Row.fetchCursor(
            db, sql: "SELECT expert_id, candidate_id, stage, status FROM sheet ORDER BY expert_id, candidate_id, stage")
        var order: [SheetKey] = []
        while let row = try sheets.next() {
            let key = SheetKey(
                expert: row[0], candidate: row[1],
                stage: try Stored.decode(Stage.self, row[2], table: "sheet", row: row))
            totals[key] = SheetTotal(
                key: key, status: try Stored.decode(ScoreSheet.Status.self, row[3], table: "sheet", row: row),
                total: .zero,
                groups: GroupTotals())
            order.append(key)
        }
        let scores = try Row.fetchCursor(
            db, sql: "SELECT expert_id, candidate_id, stage, item_id, hundredths FROM score")
        while let row = try scores.next() {
            let stage = try Stored.decode(Stage.self, row[2], table: "score", row: row)
            let key = SheetKey(expert: row[0], candidate: row[1], stage: stage)
            guard let kind = kinds[key.candidate], let group = groupOf[stage.sheet(for: kind)]?[row[3] as String] else {
                continue
            }
            guard totals[key] != nil else { continue }
            let points = Points(hundredths: row[4])
            // In place: copying a sheet out and back would copy its groups each row.
            totals[key]!.total += points
            totals[key]!.groups[group] = (totals[key]!.groups[group] ?? .zero) + points
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
            decisions.overrides[row["candidate_id"]] = .init(
                action: try Stored.decode(
                    ChairDecisions.Override.Action.self, row["action"], table: "override", row: row),
                reason: row["reason"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM defense_absence") {
            decisions.absent[row["candidate_id"]] = row["note"]
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM shortlist_freeze") {
            decisions.frozenShortlist[
                try Stored.decode(CandidateKind.self, row["kind"], table: "shortlist_freeze", row: row)] = words(
                    row["candidate_ids"])
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM resolution") {
            decisions.resolutions[try Stored.decode(CandidateKind.self, row["kind"], table: "resolution", row: row)] =
                .init(tieGroup: words(row["tie_group"]), winners: words(row["winners"]), reason: row["reason"])
        }
        return decisions
    }

    static func words(_ text: String) -> Set<String> { Set(text.split(separator: " ").map(String.init)) }
}
