import Foundation
import GRDB
import PanelCore
import PanelStore
import Testing

@Suite struct FinalizeStoreTests {
    let panel = SmallPanel()
    let store: PanelDatabase
    let chair = ExpertEntry(id: "C1", name: "孙组长", province: "北京市", org: "", role: .chair, pin: nil)

    /// R1 and R2 with full material sheets from E1, E2 and E4; only R1 has its defence scored.
    init() throws {
        store = try panel.create()
        let round = try store.round()
        var rows: [String] = []
        for expert in ["E1", "E2", "E4"] {
            for region in ["R1", "R2"] {
                rows += SmallPanel.rows(expert, region, kind: .region, stage: .material, tenths: 8, round: round)
            }
            rows += SmallPanel.rows(expert, "R1", kind: .region, stage: .defense, tenths: 9, round: round)
        }
        _ = try panel.importScores(rows)
    }

    @Test func finalizeWaitsForEveryDefenceResultThenLocksEveryWrite() throws {
        defer { panel.panel.remove() }
        #expect { try store.finalize(chair: chair) } throws: {
            ($0 as? StoreError)?.description
                == """
                the round cannot be finalized yet:\n  shortlisted without a defence result (score it, or mark it\
                 absent): R2
                """
        }
        let expert = ExpertEntry(id: "E1", name: "王芳", province: "北京市", org: "", role: .expert, pin: nil)
        #expect(throws: StoreError.self) { try store.finalize(chair: expert) }
        try store.recordAbsence(chair: chair, candidate: "R2", absent: true, note: "未到场")
        let done = try store.finalize(chair: chair)
        #expect(done.sha256 == SHA256.hex(done.snapshot))
        #expect(done.snapshot.contains("region\t1\tR1\t浙江省\t浙江省杭州市上城区\twinner\t"))
        #expect(try store.finalization() == done)
        #expect(try store.scoringInput().finalized)

        let writes: [(String, () throws -> Void)] = [
            ("import scores", { _ = try panel.importScores(["E1,S1,材料,A1,4"]) }),
            ("assign", { _ = try store.assign(perCandidate: 2, seed: 0) }),
            (
                "spot check",
                {
                    try store.recordSpotCheck(
                        chair: chair, candidate: "R1", passed: false, note: "x")
                }
            ),
            (
                "front-end save",
                {
                    try store.saveScore(
                        expert: "E1", key: SheetKey(expert: "E1", candidate: "R1", stage: .material), item: "A1",
                        points: Points(1))
                }
            ),
            ("finalize again", { try store.finalize(chair: chair) }),
        ]
        for (name, write) in writes {
            #expect(Comment(rawValue: name)) { try write() } throws: { error in
                (error as? StoreError)?.description == "the round is finalized: nothing can be changed any more"
            }
        }
        // Each refusal is on the record after the finalization, and nothing else is.
        let log = try store.auditEntries()
        #expect(
            log.suffix(writes.count + 1).map(\.action) == ["finalize"]
                + Array(repeating: "refused", count: writes.count))
        #expect(
            log.suffix(writes.count).map(\.actor) == [Actor.secretariat, Actor.secretariat, chair.id, "E1", chair.id])
    }

    @Test func anOpenTieAtTheCutBlocksFinalizing() throws {
        defer { panel.panel.remove() }
        let (other, _) = try SmallPanel.tiedAtTheCut()
        defer { other.panel.remove() }
        #expect { try PanelDatabase.open(at: other.path).finalize(chair: chair) } throws: {
            ($0 as? StoreError)?.description
                == "the round cannot be finalized yet:\n  tied at the cut line, to be resolved (panel resolve): R1 R2"
        }
        try PanelDatabase.open(at: other.path).resolveTie(
            chair: chair, kind: .region, winners: ["R1"],
            reason: """
                答辩更好
                """)
        #expect(
            try PanelDatabase.open(at: other.path).finalize(chair: chair).snapshot.contains(
                "\tR2\t江苏省\t江苏省南京市鼓楼区\toutside_quota\t"))
    }
}
