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
        ScoringInput(round: round, candidates: try candidates(db), sheets: try sheets(db), decisions: try decisions(db),
                     finalized: try isFinalized(db))
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
