import ArgumentParser
import Foundation
import PanelCore
import PanelViews
import PanelBench
import PanelRuntime

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a realistic national demo panel (once) and open the front end on it.",
        discussion:
            """
            All 32 units, about 96 regions and 456 schools (a few breaking each eligibility rule), experts\
             E01–E25 and the chair C01 (every PIN 0000), 7 experts per candidate and about 70% of material\
             sheets submitted. The same seed gives the same panel; an existing database is reused, never\
             overwritten.
            """
    )

    @Option(help: ArgumentHelp("The demo database.", valueName: "path")) var db = "demo-panel.sqlite"
    @Option(help: "The seed for assignments and scores.") var seed: UInt64 = 2020
    @Option(help: ArgumentHelp("The folder with the four round files.", valueName: "dir")) var rubrics =
        "scoring-rubrics"
    @Flag(help: "Build the database and print the logins, without opening the front end.") var noTui = false

    func run() throws {
        if FileManager.default.fileExists(atPath: db) {
            say("reusing \(db) (delete it for a fresh demo)")
        } else {
            try DemoDatabase(path: db, seed: seed, rubrics: rubrics).build()
        }
        say("logins: experts E01…E25 and the chair \(DemoPanel.chair), every PIN \(DemoPanel.pin)")
        if !noTui { try FrontEnd.run(databasePath: db, expert: nil) }
    }
}
