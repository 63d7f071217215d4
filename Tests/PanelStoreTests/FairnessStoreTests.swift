import Foundation
import GRDB
import PanelCore
@testable import PanelStore
import Testing

/// Outlier reviews against a real database: E4 gave R2 40 % of each item where E1, E2 and E3 gave
/// 80 % (E1 is then 13.33 from the others' 66.67: inside the corridor).
@Suite struct FairnessStoreTests {
    let panel = SmallPanel()
    let store: PanelDatabase
    let chair = ExpertEntry(id: "C1", name: "孙组长", province: "北京市", org: "", role: .chair, pin: nil)
    let key = SheetKey(expert: "E4", candidate: "R2", stage: .material)

    init() throws {
        store = try panel.create()
        try score(e4: 4)
    }

    func score(e4 tenths: Int) throws {
        let round = try store.round()
        let rows =
            ["E1", "E2", "E3"].flatMap {
                SmallPanel.rows($0, "R2", kind: .region, stage: .material, tenths: 8, round: round)
            }
            + SmallPanel.rows("E4", "R2", kind: .region, stage: .material, tenths: tenths, round: round)
        _ = try panel.importScores(rows, replacingSubmitted: "E4 corrected the sheet")
    }

    func reviews() throws -> [AuditEntry] {
        try store.auditEntries().filter { $0.action == "review outlier" }
    }

    @Test func theChairMarksAnOutlierReviewedOnTheRecord() throws {
        defer { panel.panel.remove() }
        let before = try store.fairnessReport(stability: false)
        let outlier = try #require(before.outliers.first)
        #expect(before.outliers.count == 1 && outlier.key == key && outlier.review == nil)
        #expect(outlier.difference.points < -15)
        try store.reviewOutlier(chair: chair, key: key, note: "  已与专家核实：材料缺页  ")
        let after = try #require(try store.fairnessReport(stability: false).outliers.first)
        #expect(after.review == OutlierReview(total: outlier.total, note: "已与专家核实：材料缺页", chair: "C1"))
        let entry = try #require(try reviews().last)
        #expect(entry.actor == "C1" && entry.subject == "sheet E4 R2 material" && entry.before == nil)
        #expect(entry.after == "reviewed at total \(outlier.total) (others \(outlier.others)): 已与专家核实：材料缺页")
        // A second note replaces the first, and the record keeps both.
        try store.reviewOutlier(chair: chair, key: key, note: "复核无误")
        #expect(try reviews().map(\.before) == [nil, "reviewed: 已与专家核实：材料缺页"])
    }

    @Test func aReviewLapsesWhenTheExpertChangesTheSheet() throws {
        defer { panel.panel.remove() }
        try store.reviewOutlier(chair: chair, key: key, note: "已核实")
        try score(e4: 3)
        let outlier = try #require(try store.fairnessReport(stability: false).outliers.first)
        #expect(outlier.key == key && outlier.review == nil)
    }

    @Test func onlyAnOutlierCanBeMarkedAndOnlyByTheChair() throws {
        defer { panel.panel.remove() }
        let ordinary = SheetKey(expert: "E1", candidate: "R2", stage: .material)
        #expect {
            try store.reviewOutlier(chair: chair, key: ordinary, note: "看过")
        } throws: {
            ($0 as? StoreError)?.description.hasPrefix("E1's material sheet for R2 is not an outlier") == true
        }
        let expert = try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "1111")
        #expect { try store.reviewOutlier(chair: expert, key: key, note: "看过") } throws: {
            ($0 as? StoreError)?.description == "E1 is a review expert; only the chair (组长) may review an outlier sheet"
        }
        #expect(throws: StoreError.self) {
            try store.reviewOutlier(chair: chair, key: key, note: " ")
        }
        #expect(try reviews().isEmpty)
        #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outlier_review") } == 0)
    }
}
