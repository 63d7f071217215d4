import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// The stored final ranking, once the round is finalized.
    public struct Finalization: Sendable, Equatable {
        public var chair: String
        public var snapshot: String
        public var sha256: String
    }

    /// Locks the round: refused while a tie at the cut is unresolved or a shortlisted candidate has
    /// no defence result; then stores the ranking as a snapshot with its hash. Every later write
    /// is refused (`refuseIfFinalized`).
    @discardableResult
    public func finalize(chair: ExpertEntry) throws -> Finalization {
        try recordingRefusal(actor: chair.id, action: "finalize") {
            guard chair.role == .chair else {
                throw StoreError("\(chair.id) is a review expert; only the chair (组长) may finalize the round")
            }
            let database = try writable()
            let round = try database.round()
            return try database.pool.write { db in
                try Self.refuseIfFinalized(db)
                let input = try Self.scoringInput(db, round: round)
                let rankings = ScoringEngine.rank(input, kinds: CandidateKind.allCases)
                let entries = rankings.flatMap(\.entries)
                let tied = entries.filter { $0.status == .tieAtCut }.map(\.candidate.id)
                let waiting = entries.filter {
                    $0.status == .noDefense && input.decisions.absent[$0.candidate.id] == nil
                }.map(\.candidate.id)
                var reasons: [String] = []
                if !tied.isEmpty {
                    reasons.append(
                        "tied at the cut line, to be resolved (panel resolve): \(tied.joined(separator: " "))")
                }
                if !waiting.isEmpty {
                    reasons.append(
                        "shortlisted without a defence result (score it, or mark it absent): \(waiting.joined(separator: " "))"
                    )
                }
                let recusals = try Self.openRecusals(db)
                if !recusals.isEmpty {
                    reasons.append(
                        "experts asked to leave a candidate, the chair to decide (panel recusal list): "
                            + "\(recusals.joined(separator: ", "))"
                    )
                }
                guard reasons.isEmpty else {
                    throw StoreError("the round cannot be finalized yet:\n  " + reasons.joined(separator: "\n  "))
                }
                let snapshot = RankingSnapshot.text(rankings)
                let hash = SHA256.hex(snapshot)
                for (key, value) in [("finalized", chair.id), ("snapshot", snapshot), ("snapshot_sha256", hash)] {
                    try db.execute(sql: "INSERT INTO round_state (key, value) VALUES (?, ?)", arguments: [key, value])
                }
                let winners = rankings.map { "\($0.kind.rawValue) \($0.winners.count)/\($0.quota)" }.joined(
                    separator: ", ")
                try AuditLog.append(
                    db, actor: chair.id, action: "finalize", subject: "round", before: nil,
                    after: "snapshot sha256 \(hash); winners \(winners)")
                return Finalization(chair: chair.id, snapshot: snapshot, sha256: hash)
            }
        }
    }

    public func finalization() throws -> Finalization? {
        try pool.read { db in
            let values = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM round_state").map {
                    ($0["key"] as String, $0["value"] as String)
                })
            guard let chair = values["finalized"], let snapshot = values["snapshot"],
                let hash = values["snapshot_sha256"]
            else { return nil }
            return Finalization(chair: chair, snapshot: snapshot, sha256: hash)
        }
    }
}
