import Foundation
import Testing

/// The real binary in a real terminal (tmux): an expert logs in, scores and submits; and a
/// score survives the process being killed the moment after it was accepted.
@Suite(.serialized) struct FrontEndTests {
    let workspace = try! Workspace()
    let db: String

    init() throws {
        db = workspace.path("demo.sqlite")
        let built = try PanelProcess.run([
            "demo", "--no-tui", "--db", db, "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        try #require(built.status == 0, "\(built.stderr)")
    }

    /// Regions assigned to E01 whose material sheet is not started, from E01's own listing.
    func unstartedRegions() throws -> [String] {
        let listing = try PanelProcess.run(
            ["assignments", "--db", db, "--as", "E01"], environment: ["PANEL_PIN": "0000"])
        return listing.stdout.split(separator: "\n").filter { $0.contains(" 区域 ") && $0.contains("未开始  ") }
            .map { String($0.split(separator: " ")[0]) }
    }

    struct Sheet: Decodable {
        var expert_id, candidate_id, stage, status: String; var total: Decimal; var scores: [String: Decimal]
    }

    func sheets() throws -> [Sheet] {
        let export = try PanelProcess.run(["export", "scores", "--db", db, "--format", "json"])
        return try JSONDecoder().decode([Sheet].self, from: Data(export.stdout.utf8))
    }

    func logIn(_ tmux: Tmux) throws {
        try tmux.logIn("E01", pin: "0000")
        try tmux.waitFor("王建华 (E01)")
    }

    func open(_ candidate: String, _ tmux: Tmux) throws {
        try tmux.type("/\(candidate)")
        try tmux.press("Enter")
        try tmux.waitFor("“\(candidate)”")
        try tmux.press("Enter")
        try tmux.waitFor(" \(candidate) ")
    }

    @Test func anExpertLogsInScoresEveryItemSubmitsAndTheDatabaseHasIt() throws {
        defer { workspace.remove() }
        let target = try #require(try unstartedRegions().first)
        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)")
        defer { tmux.kill() }
        try logIn(tmux)
        try open(target, tmux)
        for item in ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "C5", "C6", "D1", "D2"] {
            try tmux.type("3")
            try tmux.press("Enter")
            try tmux.waitFor("已保存 \(item) = 3")
        }
        try tmux.type("s")
        try tmux.waitFor("已提交 \(target) 材料评分：合计 48")
        try tmux.type("q")
        try tmux.waitFor("序号")
        try tmux.type("Q")
        try tmux.waitForExit()
        let sheet = try #require(
            try sheets().first { $0.expert_id == "E01" && $0.candidate_id == target && $0.stage == "material" })
        #expect(
            sheet.status == "submitted" && sheet.stage == "material" && sheet.total == 48 && sheet.scores.count == 16)
        let log = try PanelProcess.run(["audit", "log", "--db", db, "--candidate", target]).stdout
        #expect(log.contains("E01 submit sheet E01 \(target) material"))
    }

    @Test func aScoreAcceptedJustBeforeSIGKILLIsInTheDatabase() throws {
        defer { workspace.remove() }
        let target = try #require(try unstartedRegions().last)
        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)")
        defer { tmux.kill() }
        try logIn(tmux)
        try open(target, tmux)
        try tmux.type("4.5")
        try tmux.press("Enter")
        try tmux.waitFor("已保存 A1 = 4.5")
        try tmux.killProgram("panel")
        let sheet = try #require(
            try sheets().first { $0.expert_id == "E01" && $0.candidate_id == target && $0.stage == "material" })
        #expect(sheet.status == "draft" && sheet.scores == ["A1": Decimal(string: "4.5")!])
    }

    /// Issue 8, 4: on every screen an expert reaches, no other expert's id (so none of their
    /// sheets) and nothing of the ranking, even on a candidate several experts scored.
    @Test func anExpertSeesNoOtherExpertAndNoRankingOnAnyScreen() throws {
        defer { workspace.remove() }
        let all = try sheets()
        func othersOn(_ candidate: String) -> Set<String> {
            Set(all.filter { $0.candidate_id == candidate && $0.expert_id != "E01" }.map(\.expert_id))
        }
        let shared = try #require(
            all.first { mine in
                mine.expert_id == "E01" && mine.stage == "material" && mine.status == "submitted"
                    && othersOn(mine.candidate_id).count >= 3
            })
        let others = othersOn(shared.candidate_id)
        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)")
        defer { tmux.kill() }
        try logIn(tmux)
        // Each screen is read only once it shows the key's effect: a frame read straight after a
        // key may be the one before it, and would make the absence checks below vacuous.
        var screens = [try tmux.screen()]
        for key in ["Tab", "BTab"] {
            try tmux.press(key)
            screens.append(try tmux.waitForChange(from: screens.last!))
        }
        // F5 is bound to nothing on the list; the sort key after it shows it was read and ignored.
        try tmux.press("F5")
        try tmux.type("o")
        screens.append(try tmux.waitForChange(from: screens.last!))
        try open(shared.candidate_id, tmux)
        screens.append(try tmux.waitFor("已提交"))
        try tmux.type("?")
        screens.append(try tmux.waitFor("帮助 (任意键关闭)"))
        for screen in screens {
            #expect(!screen.contains("排名") && !screen.contains("名额线"), "\(screen)")
            for other in others { #expect(!screen.contains(other), "\(other) on E01's screen:\n\(screen)") }
        }
    }
}
