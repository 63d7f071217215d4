import Foundation
import GRDB
import PanelCore
@testable import PanelStore
import Testing

@Suite struct SignInTests {
    @Test func theRightPINSignsInWithoutTouchingTheFile() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        try store.pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        let before = try panel.bytes()
        let chair = try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "C1", pin: "9999")
        #expect(chair.role == .chair && chair.name == "孙组长")
        #expect(try panel.bytes() == before)
    }

    @Test func aWrongPINOrAnUnknownIdIsRefusedCountedAndAudited() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        for _ in 0..<2 {
            #expect { try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "1112") } throws: {
                ($0 as? StoreError)?.description == "wrong id or PIN (the attempt is recorded)"
            }
        }
        #expect { try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E99", pin: "1111") } throws: {
            // The same words as a wrong PIN: a refusal does not tell which ids exist.
            ($0 as? StoreError)?.description == "wrong id or PIN (the attempt is recorded)"
        }
        #expect(try store.failedPins(of: "E1") == 2)
        let refused = try store.auditEntries(expert: "E1").filter { $0.action == "sign-in refused" }
        #expect(refused.count == 2 && refused.allSatisfy { $0.actor == "E1" && $0.after == "wrong PIN" })
        #expect(try store.auditEntries(expert: "E99").map(\.after) == ["no such expert"])
        // The right PIN still works afterwards.
        #expect(try PanelDatabase.open(at: panel.path, readOnly: true).signIn(id: "E1", pin: "1111").id == "E1")
    }

    @Test func addingAnExpertHashesThePINAndRefusesATakenId() throws {
        let panel = SmallPanel()
        defer { panel.panel.remove() }
        let store = try panel.create()
        try PanelDatabase.open(at: panel.path).addExpert(
            ExpertEntry(id: "E5", name: "吴", province: "四川省", org: "四川大学", role: .expert, pin: "246810")
        )
        #expect(
            try PanelDatabase.open(at: panel.path, readOnly: true).signIn(
                id: "E5",
                pin: """
                    246810
                    """
            ).org == "四川大学")
        #expect(try store.pinHash(of: "E5")?.hasPrefix("$y$") == true)
        #expect {
            try PanelDatabase.open(at: panel.path).addExpert(
                ExpertEntry(id: "E5", name: "吴", province: "四川省", org: "", role: .expert, pin: "1234"))
        } throws: {
            ($0 as? StoreError)?.description == "编号 'E5' is already in the database"
        }
        #expect(try store.auditEntries(expert: "E5").map(\.action) == ["add expert"])
    }
}
