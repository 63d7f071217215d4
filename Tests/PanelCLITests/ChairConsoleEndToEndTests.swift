import Foundation
import PanelCore
import Testing

/// The chair in a real terminal: a quota of two regions, one clear winner and two regions scored
/// identically by ten experts, so they tie at the cut. The chair resolves it and finalizes.
@Suite struct ChairConsoleEndToEndTests {
    /// The demo panel as `make run` builds it: the chair finds its tie at the region cut line,
    /// resolves it, finalizes, and the winner list is final with 40 regions.
    @Test func onTheDemoPanelTheChairResolvesTheTieAndFinalizes() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = workspace.path("demo.sqlite")
        let built = try PanelProcess.run([
            "demo", "--no-tui", "--db", db, "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        try #require(built.status == 0, "\(built.stderr)")
        struct Ranking: Decodable { struct Entry: Decodable { var id, status: String }; var entries: [Entry] }
        let before = try JSONDecoder().decode(
            Ranking.self,
            from: Data(try PanelProcess.run(["rank", "--db", db, "--kind", "region", "--format", "json"]).stdout.utf8))
        let tied = before.entries.enumerated().filter { $0.element.status == "tie_at_cut" }
        try #require(tied.count == 2)

        // The demo's sheets were imported, never read in panel: each is submitted without its dossier opened.
        struct Stats: Decodable { var unread_dossiers: [String: Int] }
        let stats = try JSONDecoder().decode(
            Stats.self,
            from: Data(try PanelProcess.run(["stats", "--db", db, "--no-stability", "--format", "json"]).stdout.utf8))
        let unread = try #require(stats.unread_dossiers["E01"])
        #expect(unread > 0)

        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)", columns: 120, rows: 40)
        defer { tmux.kill() }
        try tmux.logIn("C01", pin: "0000")
        try tmux.waitFor("未查阅材料")
        // The heading can be on the screen a moment before the rows under it: wait for E01's row whole.
        var e01 = ""
        let deadline = Date().addingTimeInterval(20)
        while !e01.hasSuffix("! \(unread)") && Date() < deadline {
            e01 = try tmux.screen().split(separator: "\n").first { $0.contains(" E01 ") }.map(String.init) ?? ""
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(e01.hasSuffix("! \(unread)"), "\(e01)")
        try tmux.waitFor("组长控制台")
        try tmux.press("Tab")
        try tmux.waitFor("获评 39/40")  // the tie is further down, at the cut line
        try tmux.type(String(repeating: "j", count: tied[1].offset))
        try tmux.waitFor("名额线并列")
        try tmux.type("w")
        try tmux.waitFor("选定获评: \(tied[1].element.id)")
        try tmux.type("r")
        try tmux.type("实地抽查表现更好")
        try tmux.press("Enter")
        try tmux.waitFor("已裁定：\(tied[1].element.id) 获评")
        // The demo's defence day is under way: those not heard yet are recorded absent before the round closes.
        let waiting = try ["region", "school"].flatMap { kind in
            try JSONDecoder().decode(
                Ranking.self,
                from: Data(try PanelProcess.run(["rank", "--db", db, "--kind", kind, "--format", "json"]).stdout.utf8)
            ).entries.filter { $0.status == "no_defense" }
        }
        #expect(waiting.count == 5)  // five waiting; the one under way has five sheets already
        for entry in waiting {
            let absent = try PanelProcess.run(
                ["defense", "absent", entry.id, "--db", db, "--as", "C01", "--note", "未到场"],
                environment: ["PANEL_PIN": "0000"])
            #expect(absent.status == 0, "\(absent.stderr)")
        }
        try tmux.type("F")
        try tmux.type("0000")
        try tmux.press("Enter")
        try tmux.waitFor("已定稿：排名快照 sha256")
        try tmux.type("Q")
        try tmux.waitForExit()

        struct List: Decodable {
            struct Table: Decodable { var kind: String; var rows: [[String]] }; var draft: Bool; var tables: [Table]
        }
        let list = try JSONDecoder().decode(
            List.self,
            from: Data(try PanelProcess.run(["export", "winners", "--db", db, "--format", "json"]).stdout.utf8))
        #expect(!list.draft)
        #expect(list.tables.first { $0.kind == "region" }?.rows.count == 40)
        let after = try JSONDecoder().decode(
            Ranking.self,
            from: Data(try PanelProcess.run(["rank", "--db", db, "--kind", "region", "--format", "json"]).stdout.utf8))
        #expect(after.entries.first { $0.id == tied[1].element.id }?.status == "winner")
        #expect(after.entries.first { $0.id == tied[0].element.id }?.status == "outside_quota")
    }

    @Test func theChairResolvesTheTieAtTheCutAndFinalizesInTheConsole() throws {
        let panel = try NationalPanel(rules: [("region = 40", "region = 2")])
        defer { panel.workspace.remove() }
        let regions = Array(panel.candidates.filter { $0.kind == .region }.prefix(4))
        // Steps below the maximum on every item: 0 for the winner, 1 for the tied pair, 2 for the last.
        let below = [regions[0].id: 0, regions[1].id: 1, regions[2].id: 1, regions[3].id: 2]
        var rows: [String] = []
        for expert in NationalPanel.experts[10..<20] {
            for region in regions {
                for stage in Stage.allCases {
                    for item in panel.round.sheet(stage.sheet(for: .region)).items {
                        let score = Points(
                            hundredths: item.points.hundredths - below[region.id]! * item.step.hundredths)
                        rows.append("\(expert.id),\(region.id),\(stage.chineseName),\(item.id),\(score)")
                    }
                }
            }
        }
        let imported = try PanelProcess.run([
            "import", "scores", "--db", panel.db, try panel.scoresFile("tie.csv", rows),
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let tied = [regions[1].id, regions[2].id].sorted()
        try #require(try PanelProcess.run(["assign", "--db", panel.db]).status == 0)

        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(panel.db)", columns: 120, rows: 40)
        defer { tmux.kill() }
        try tmux.logIn("C01", pin: "9999")
        try tmux.waitFor("组长控制台")
        try tmux.press("Tab")
        let ranking = try tmux.waitFor("名额线并列")
        #expect(ranking.contains("---- 名额线 quota 2"))
        try tmux.type("j")
        try tmux.type("w")
        try tmux.waitFor("选定获评: \(tied[0])")
        try tmux.type("r")
        try tmux.type("答辩现场演示更充分")
        try tmux.press("Enter")
        try tmux.waitFor("已裁定：\(tied[0]) 获评")
        try tmux.type("F")
        try tmux.waitFor("定稿：再次输入组长 PIN")
        try tmux.type("9999")
        try tmux.press("Enter")
        try tmux.waitFor("已定稿：排名快照 sha256")
        try tmux.type("Q")
        try tmux.waitForExit()

        struct List: Decodable {
            struct Table: Decodable { var kind: String; var rows: [[String]] }
            var draft: Bool
            var snapshot_sha256: String?
            var tables: [Table]
        }
        let export = try PanelProcess.run([
            "export", "winners", "--db", panel.db, "--format", "json", "--kind", "region",
        ])
        let list = try JSONDecoder().decode(List.self, from: Data(export.stdout.utf8))
        #expect(!list.draft && list.snapshot_sha256 != nil)
        let winners = try #require(list.tables.first?.rows).map { $0[2] }
        let nominations = NationalNominations.csv()
        func name(_ id: String) -> String {
            let line = nominations.split(separator: "\r\n").first { $0.hasPrefix("\(id),") }!
            return String(line.split(separator: ",")[2])
        }
        #expect(Set(winners) == [name(regions[0].id), name(tied[0])])
        let log = try PanelProcess.run(["audit", "log", "--db", panel.db, "--expert", "C01"]).stdout
        #expect(log.contains("C01 resolve tie") && log.contains("C01 finalize round"))

        // After finalizing, an expert's value is refused in the front end too, with the reason.
        let expert = try Tmux(
            command: "\(PanelProcess.binary.path) tui --db \(panel.db) --expert E01", columns: 120, rows: 40)
        defer { expert.kill() }
        try expert.waitFor("专家登录")
        try expert.type("1001")
        try expert.press("Enter")
        try expert.waitFor("(E01)  已提交")  // E01's list
        try expert.press("Tab")  // schools: none of them is scored yet
        try expert.press("Enter")
        try expert.waitFor("材料评审")
        try expert.type("3")
        try expert.press("Enter")
        try expert.waitFor("the round is finalized: nothing can be changed any more")
    }
}
