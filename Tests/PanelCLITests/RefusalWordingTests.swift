import Foundation
import Testing

/// The store words a refusal without naming flags; the command line adds the flag or the command
/// that fixes it, so that a person at the shell knows what to type next.
@Suite struct RefusalWordingTests {
    @Test func aMissingDatabaseAnExistingOneAndAnEmptyNoteSayWhatToType() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let missing = workspace.path("none.sqlite")
        let rank = try PanelProcess.run(["rank", "--db", missing])
        #expect(rank.status == 1)
        #expect(rank.stderr == "no panel database at \(missing) — create one with `panel init --db \(missing)`\n")

        let db = try workspace.initDatabase("panel.sqlite")
        let again = try PanelProcess.run([
            "init", "--db", db, "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        #expect(again.status == 1)
        #expect(again.stderr == "\(db) already exists — pass --force to replace it\n")

        let experts = try workspace.write(
            "experts.csv",
            """
            编号,姓名,省份,单位,角色,PIN\nC01,组长,北京,,组长,9999\n
            """)
        try #require(try PanelProcess.run(["import", "experts", "--db", db, experts]).status == 0)
        let nominations = try workspace.write("nominations.csv", NationalNominations.csv())
        try #require(try PanelProcess.run(["import", "nominations", "--db", db, nominations]).status == 0)
        let spot = try PanelProcess.run(
            ["spotcheck", "--db", db, "--as", "C01", "R-11-1", "--pass", "--note", "  "],
            environment: ["PANEL_PIN": "9999"])
        #expect(spot.status == 1)
        #expect(spot.stderr == "--note: say what the spot check found\n")
        let assign = try PanelProcess.run(["assign", "--db", db, "--per-candidate", "0"])
        #expect(assign.stderr == "--per-candidate: must be at least 1\n")
    }
}
