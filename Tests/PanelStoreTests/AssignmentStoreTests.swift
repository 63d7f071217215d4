import Foundation
import GRDB
import PanelCore
import PanelStore
import Testing

@Suite struct AssignmentStoreTests {
    @Test func assignsEligibleCandidatesOnlyAndKeepsStartedSheetsWhenRunAgain() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        let first = try PanelDatabase.open(at: panel.path).assign(perCandidate: 2, seed: 1)
        // S3 is not connected to the national platform: ineligible, never assigned.
        #expect(Set(first.plan.assignments.map(\.candidate)) == ["R1", "S1", "R2", "S2"])
        #expect(first.plan.assignments.count == 8 && first.added == 8 && first.kept == 0)
        #expect(!first.plan.assignments.contains { $0.expert == "E3" && ["R1", "S1"].contains($0.candidate) })
        #expect((first.plan.minLoad, first.plan.maxLoad) == (2, 2))

        // An expert starts a sheet for a candidate; then a new seed replans everything else.
        let started = try #require(first.plan.assignments.first { $0.candidate == "R2" })
        _ = try panel.importScores(["\(started.expert),R2,材料,A1,4"])
        let second = try PanelDatabase.open(at: panel.path).assign(perCandidate: 2, seed: 99)
        #expect(second.kept == 1)
        #expect(second.plan.assignments.contains(started))
        #expect(Set(try store.assignments()) == Set(second.plan.assignments))
        let audit = try store.auditEntries().filter { $0.action == "assign" }
        #expect(audit.count == 2)
        #expect(audit[0].after?.components(separatedBy: "\n").count == 8)
    }

    @Test func aShortfallIsRefusedAndChangesNothing() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        _ = try PanelDatabase.open(at: panel.path).assign(perCandidate: 2, seed: 1)
        // Four experts, one of them from 浙江省: R1 and S1 have only three.
        #expect { try PanelDatabase.open(at: panel.path).assign(perCandidate: 4, seed: 1) } throws: { error in
            let text = (error as? StoreError)?.description ?? ""
            return text.contains("R1 浙江省杭州市上城区 (浙江省): only 3 available; 1 recused (same_province)")
                && text.contains("S1 ") && !text.contains("R2 ")
        }
        #expect(try store.assignments().count == 8)
    }
}
