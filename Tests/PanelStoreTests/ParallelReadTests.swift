import Foundation
import GRDB
import PanelCore
@testable import PanelStore
import Testing

/// A large panel's sheets are read in two halves at once; the halves must add up to one read.
@Suite struct ParallelReadTests {
    @Test func readingInHalvesGivesWhatOneReadGives() throws {
        let (panel, store) = try SmallPanel.tiedAtTheCut()
        defer { panel.panel.remove() }
        let whole = try store.pool.read { db in try PanelDatabase.scoringInput(db, round: try store.round()) }
        let halves = try store.scoringInput(halvesFrom: 2)
        #expect(whole.totals.count == 12)
        #expect(halves.totals.sorted { $0.key < $1.key } == whole.totals.sorted { $0.key < $1.key })
        #expect(halves.candidates == whole.candidates)
        #expect(
            ScoringEngine.rank(halves, kinds: CandidateKind.allCases)
                == ScoringEngine.rank(whole, kinds: CandidateKind.allCases))
    }

    /// A read-only database is one connection; its halves are read on a pool of their own.
    @Test func aReadOnlyDatabaseReadsItsHalvesOnAPoolOfTheirOwn() throws {
        let (panel, store) = try SmallPanel.tiedAtTheCut()
        defer { panel.panel.remove() }
        let whole = try store.scoringInput(halvesFrom: .max)
        let readOnly = try PanelDatabase.open(at: panel.panel.path, readOnly: true)
        #expect(readOnly.pool is DatabaseQueue)
        #expect(try readOnly.parallelReader() is DatabasePool)
        let halves = try readOnly.scoringInput(halvesFrom: 2)
        #expect(halves.totals.sorted { $0.key < $1.key } == whole.totals.sorted { $0.key < $1.key })
        #expect(halves.candidates == whole.candidates)
    }
}
