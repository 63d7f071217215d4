import Foundation
import GRDB
import PanelCore
import PanelStore
import Testing

/// The chair's decisions against a real database: R1 (浙江) and R2 (江苏) scored equally by
/// E1, E2 and E4, with a quota of one region so that they tie at the cut.
@Suite struct ChairStoreTests {
    let panel: SmallPanel
    let store: PanelDatabase
    let chair = ExpertEntry(id: "C1", name: "孙组长", province: "北京市", org: "", role: .chair, pin: nil)

    init() throws {
        (panel, store) = try SmallPanel.tiedAtTheCut()
    }

    func statuses() throws -> [String] {
        try store.ranking(.region).entries.map { "\($0.candidate.id):\($0.status.rawValue)" }
    }

    @Test func anExpertIsRefusedEveryChairDecision() throws {
        defer { panel.panel.remove() }
        let expert = try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "1111")
        #expect {
            try store.recordSpotCheck(
                chair: expert, candidate: "R1", passed: false, note: "x")
        } throws: {
            ($0 as? StoreError)?.description == "E1 is a review expert; only the chair (组长) may record spot checks"
        }
        #expect(throws: StoreError.self) {
            try store.freezeShortlist(chair: expert, kind: .region)
        }
        #expect(try store.auditEntries(candidate: "R1").allSatisfy { $0.actor == Actor.secretariat })
    }

    @Test func aTieAtTheCutIsResolvedByTheChairWithinTheFreePlaces() throws {
        defer { panel.panel.remove() }
        #expect(try statuses() == ["R1:tie_at_cut", "R2:tie_at_cut"])
        #expect {
            try store.resolveTie(
                chair: chair, kind: .region, winners: ["R1", "R2"], reason: "都好")
        } throws: {
            ($0 as? StoreError)?.description == "2 are tied for 1 place: name between 1 and 1 winner"
        }
        #expect {
            try store.resolveTie(chair: chair, kind: .region, winners: ["S1"], reason: "r")
        } throws: {
            ($0 as? StoreError)?.description == "S1 is not in the tie at the cut (R1 R2)"
        }
        // The store names what is missing; the command line or the console words it as it asked.
        #expect {
            try store.resolveTie(chair: chair, kind: .region, winners: ["R2"], reason: " ")
        } throws: {
            let refusal = $0 as? StoreError
            return refusal?.cause == .missing(.reason)
                && refusal?.description == "the decision needs its reason on record"
        }
        try store.resolveTie(
            chair: chair, kind: .region, winners: ["R2"], reason: "答辩现场演示更充分")
        #expect(try statuses() == ["R1:outside_quota", "R2:winner"])
        let entry = try #require(try store.auditEntries(candidate: "R2").last)
        #expect(entry.actor == "C1" && entry.action == "resolve tie")
        #expect(entry.after == "winners R2 of 1 place: 答辩现场演示更充分")
        #expect {
            try store.resolveTie(chair: chair, kind: .school, winners: ["S1"], reason: "r")
        } throws: {
            ($0 as? StoreError)?.description == "no schools are tied at the cut line: there is nothing to resolve"
        }
        // A second decision on the same tie (another chair at the same time) is refused unless it
        // says it replaces the first; then both are on the record (issue 21, finding 5).
        #expect {
            try store.resolveTie(chair: chair, kind: .region, winners: ["R1"], reason: "材料更完整")
        } throws: {
            let refusal = $0 as? StoreError
            return refusal?.cause == .missing(.replace)
                && refusal?.description == "this tie (R1 R2) is already resolved: winners R2 (答辩现场演示更充分)"
        }
        #expect(try statuses() == ["R1:outside_quota", "R2:winner"])
        try store.resolveTie(chair: chair, kind: .region, winners: ["R1"], reason: "材料更完整", replacing: true)
        #expect(try statuses() == ["R1:winner", "R2:outside_quota"])
        let replaced = try #require(try store.auditEntries(candidate: "R1").last)
        #expect(replaced.before == "winners R2: 答辩现场演示更充分")
        #expect(replaced.after == "winners R1 of 1 place: 材料更完整")
    }

    @Test func aFailedSpotCheckRemovesACandidateAndAPassRestoresIt() throws {
        defer { panel.panel.remove() }
        try store.recordSpotCheck(
            chair: chair, candidate: "R2", passed: false, note: "平台未实际使用")
        #expect(try statuses() == ["R1:winner", "R2:ineligible"])
        try store.recordSpotCheck(
            chair: chair, candidate: "R2", passed: true, note: "复核通过")
        #expect(try statuses() == ["R1:tie_at_cut", "R2:tie_at_cut"])
        let entries = try store.auditEntries(candidate: "R2").filter { $0.action == "spot check" }
        #expect(entries.map(\.before) == [nil, "fail: 平台未实际使用"])
        #expect(entries.map(\.after) == ["fail: 平台未实际使用", "pass: 复核通过"])
        #expect {
            try store.recordSpotCheck(
                chair: chair, candidate: "R9", passed: true, note: "x")
        } throws: {
            ($0 as? StoreError)?.description == "no candidate 'R9'"
        }
    }

    @Test func overridesAbsencesAndAFrozenShortlistAreStoredAndApplied() throws {
        defer { panel.panel.remove() }
        #expect {
            try store.recordOverride(
                chair: chair, candidate: "R1", change: .include, reason: "r")
        } throws: {
            ($0 as? StoreError)?.description == "R1 is not excluded by an eligibility rule: there is nothing to lift"
        }
        try store.recordOverride(
            chair: chair, candidate: "S3", change: .include, reason: "平台已于评审前接入")
        #expect(try store.ranking(.school).entries.first { $0.candidate.id == "S3" }?.status == .incomplete)
        try store.recordOverride(
            chair: chair, candidate: "R1", change: .exclude, reason: "材料造假")
        #expect(try statuses() == ["R2:winner", "R1:ineligible"])
        try store.recordOverride(
            chair: chair, candidate: "R1", change: .clear, reason: "误操作")
        try store.recordAbsence(chair: chair, candidate: "R2", absent: true, note: "未到场")
        #expect(try statuses() == ["R1:winner", "R2:no_defense"])
        try store.recordAbsence(chair: chair, candidate: "R2", absent: false, note: "")
        let frozen = try store.freezeShortlist(chair: chair, kind: .region)
        #expect(frozen == ["R1", "R2"])
        #expect(try store.scoringInput().decisions.frozenShortlist[.region] == ["R1", "R2"])
        let actions = try store.auditEntries().filter { $0.actor == "C1" }.map(\.action)
        #expect(
            actions == [
                "override include", "override exclude", "override clear", "defense absent", "defense present",
                "freeze shortlist",
            ])
        #expect(try store.verifyAudit() == .intact(entries: try store.auditEntries().count))
    }
}

extension ChairStoreTests {
    @Test func reopeningASubmittedSheetAndOpeningTheDefenceAreAudited() throws {
        defer { panel.panel.remove() }
        let key = SheetKey(expert: "E1", candidate: "R1", stage: .material)
        #expect(throws: StoreError.self) {
            try store.reopenSheet(chair: chair, key: key, reason: " ")
        }
        try store.reopenSheet(chair: chair, key: key, reason: "A3 录入有误")
        #expect(try store.sheets().first { $0.key == key }?.status == .draft)
        #expect {
            try store.reopenSheet(chair: chair, key: key, reason: "again")
        } throws: {
            ($0 as? StoreError)?.description == "E1 has no submitted 材料 sheet for R1"
        }
        try store.setDefenseStage(chair: chair, open: true)
        let entries = try store.auditEntries().filter { $0.actor == "C1" }
        #expect(entries.map(\.action) == ["reopen sheet", "open defense"])
        #expect(entries[0].subject == "sheet E1 R1 material" && entries[0].after == "draft: A3 录入有误")
        #expect(entries[1].before == "closed" && entries[1].after == "open")
        // A draft again: the ranking no longer counts it until it is submitted again.
        #expect(try store.ranking(.region).entries.first { $0.candidate.id == "R1" }?.experts == 2)
    }
}
