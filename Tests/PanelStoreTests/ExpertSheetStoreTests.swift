import Foundation
import GRDB
import PanelCore
import PanelStore
import Testing

/// What an expert does in the front end, against the real database.
@Suite struct ExpertSheetStoreTests {
    let panel = SmallPanel()
    let store: PanelDatabase

    init() throws {
        store = try panel.create()
        _ = try store.assign(perCandidate: 2, seed: 1)
    }

    func assigned(_ expert: String) throws -> [String] {
        try store.assignments().filter { $0.expert == expert }.map(\.candidate)
    }

    @Test func eachValueIsSavedAtOnceAsADraftAndAuditedAsTheExpert() throws {
        defer { panel.panel.remove() }
        let candidate = try #require(try assigned("E1").first)
        let key = SheetKey(expert: "E1", candidate: candidate, stage: .material)
        try store.saveScore(expert: "E1", key: key, item: "A1", points: Points(4))
        try store.saveScore(expert: "E1", key: key, item: "A1", points: Points(hundredths: 450))
        let sheet = try #require(try store.sheets().first)
        #expect(sheet.status == .draft && sheet.scores == ["A1": Points(hundredths: 450)])
        let entries = try store.auditEntries(candidate: candidate).filter { $0.action == "score" }
        #expect(entries.map(\.actor) == ["E1", "E1"])
        #expect(entries.map(\.before) == [nil, "A1=4"] && entries.map(\.after) == ["A1=4", "A1=4.5"])
        #expect(
            try store.work(for: "E1").first { $0.candidate.id == candidate }?.material?.scores["A1"]
                == Points(hundredths: 450))
    }

    @Test func anExpertWritesOnlyTheirOwnSheetsOfTheirOwnCandidates() throws {
        defer { panel.panel.remove() }
        let theirs = try #require(try assigned("E2").first { !(try assigned("E1")).contains($0) })
        #expect {
            try store.saveScore(
                expert: "E1", key: SheetKey(expert: "E1", candidate: theirs, stage: .material), item: "A1",
                points: Points(3))
        } throws: {
            ($0 as? StoreError)?.description == "\(theirs) is not assigned to E1"
        }
        let mine = try #require(try assigned("E1").first)
        #expect {
            try store.saveScore(
                expert: "E1", key: SheetKey(expert: "E2", candidate: mine, stage: .material), item: "A1",
                points: Points(3))
        } throws: {
            ($0 as? StoreError)?.description == "an expert writes only their own sheets"
        }
        #expect {
            try store.saveScore(
                expert: "E1", key: SheetKey(expert: "E1", candidate: mine, stage: .material), item: "A1",
                points: Points(6))
        } throws: {
            ($0 as? StoreError)?.description == "A1 最高 5 分 (maximum 5)"
        }
        #expect(try store.sheets().isEmpty)
    }

    @Test func submitNeedsEveryItemAndMakesTheSheetReadOnly() throws {
        defer { panel.panel.remove() }
        let candidate = try #require(try assigned("E1").first)
        let key = SheetKey(expert: "E1", candidate: candidate, stage: .material)
        let rubric = try store.round().sheet(
            Stage.material.sheet(for: try store.candidates().first { $0.id == candidate }!.kind))
        try store.saveScore(expert: "E1", key: key, item: rubric.items[0].id, points: Points(1))
        #expect { try store.submitSheet(expert: "E1", key: key) } throws: {
            ($0 as? StoreError)?.description == "\(rubric.items[1].id) \(rubric.items[1].name) 尚未打分，不能提交"
        }
        for item in rubric.items.dropFirst() {
            try store.saveScore(expert: "E1", key: key, item: item.id, points: Points(1))
        }
        try store.submitSheet(expert: "E1", key: key)
        #expect(try store.sheets().first?.status == .submitted)
        #expect { try store.saveScore(expert: "E1", key: key, item: "A1", points: Points(2)) } throws: {
            ($0 as? StoreError)?.description.contains("已提交，只读") == true
        }
    }

    @Test func defenceSheetsWaitForTheChairToOpenTheStage() throws {
        defer { panel.panel.remove() }
        let candidate = try #require(try assigned("E1").first)
        let key = SheetKey(expert: "E1", candidate: candidate, stage: .defense)
        #expect { try store.saveScore(expert: "E1", key: key, item: "A1", points: Points(20)) } throws: {
            ($0 as? StoreError)?.description == "the defence stage is not open yet"
        }
        let chair = try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "C1", pin: "9999")
        try store.setDefenseStage(chair: chair, open: true)
        try store.saveScore(expert: "E1", key: key, item: "A1", points: Points(20))
        #expect(try store.sheets().map(\.key) == [key])
    }

    @Test func threeWrongPINsInARowLockTheIdForAMinute() throws {
        defer { panel.panel.remove() }
        let now = Date()
        for _ in 0..<2 {
            #expect(throws: StoreError.self) {
                try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "0000", now: now)
            }
        }
        #expect {
            try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "0000", now: now)
        } throws: {
            ($0 as? StoreError)?.description == "wrong id or PIN; 3 in a row lock an id for 60 s (recorded)"
        }
        #expect {
            try PanelDatabase.open(at: panel.path, readOnly: true).signIn(
                id: "E1", pin: "1111", now: now.addingTimeInterval(30))
        } throws: {
            ($0 as? StoreError)?.description == "E1 is locked after 3 wrong PINs; try again in 30 s"
        }
        // The attempt made while locked is counted and recorded too (issue 21, finding 11).
        #expect(try store.failedPins(of: "E1") == 4)
        #expect(try store.auditEntries(expert: "E1").last?.after == "locked for 30 s more")
        #expect(
            try PanelDatabase.open(at: panel.path, readOnly: true).signIn(
                id: "E1", pin: "1111", now: now.addingTimeInterval(61)
            ).id == "E1")
        #expect(try store.auditEntries(expert: "E1").map(\.action).contains("sign-in locked"))
        // A success in between resets the count: two wrong, one right, two wrong again do not lock.
        let later = now.addingTimeInterval(120)
        for pin in ["0", "0", "1111", "0", "0"] {
            _ = try? PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: pin, now: later)
        }
        #expect(
            try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "1111", now: later).id == "E1")
    }
}
