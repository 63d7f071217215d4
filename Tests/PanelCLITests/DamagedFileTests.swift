import Foundation
import Testing

/// A value panel never writes, put into the file with sqlite3 and its CHECK constraints switched
/// off, is a refusal naming the table and the row, not a crash (issue 21, finding 13): before,
/// each of these stopped `panel rank` and its siblings with SIGILL at a force-unwrap.
@Suite struct DamagedFileTests {
    static let cases: [(sql: String, table: String, says: String, commands: [[String]])] = [
        (
            "UPDATE sheet SET status = 'done' WHERE rowid = 1", "sheet", "'done' is not a Status",
            [
                ["rank"], ["export", "scores"], ["explain", "R-12-1"], ["stats", "--no-stability"],
                ["audit", "verify"],
            ]
        ),
        (
            "UPDATE sheet SET stage = 'oral' WHERE rowid = 1", "sheet", "'oral' is not a Stage",
            [["rank"], ["export", "scores"], ["audit", "verify"]]
        ),
        (
            "UPDATE candidate SET kind = 'city' WHERE id = 'R-11-1'", "candidate", "'city' is not a CandidateKind",
            [["rank"], ["candidates"], ["explain", "R-11-1"], ["audit", "verify"]]
        ),
        ("UPDATE expert SET role = 'boss' WHERE id = 'E01'", "expert", "'boss' is not a Role", [["expert", "list"]]),
        (
            "UPDATE sheet SET total = 'x' WHERE rowid = 1", "sheet", "total is not a Int",
            [["audit", "verify"]]
        ),
    ]

    @Test func aValuePanelNeverWritesIsARefusalNamingItsRow() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.demoDatabase("panel.sqlite")
        for (index, damage) in Self.cases.enumerated() {
            let copy = try AuditStateTests.tampered(
                db, "PRAGMA ignore_check_constraints = ON; " + damage.sql, as: "d\(index).sqlite", in: workspace)
            let running = try damage.commands.map {
                try PanelProcess.start($0 + ["--db", copy], environment: ["SWIFT_BACKTRACE": "enable=no"])
            }
            for (command, run) in zip(damage.commands, running) {
                let result = try run.wait()
                #expect(result.status == 1, "\(damage.sql): \(command) ended with \(result.status)")
                let refusal = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
                #expect(
                    refusal.hasPrefix("the panel file holds what panel never writes (table \(damage.table), row ["),
                    "\(damage.sql): \(command): \(result.stderr)")
                #expect(
                    refusal.hasSuffix(
                        "\(damage.says) — it was changed outside panel; run `panel audit verify`, and restore the "
                            + "file from a backup"
                    ), "\(damage.sql): \(command): \(result.stderr)")
            }
        }
    }
}
