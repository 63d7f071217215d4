import ArgumentParser
import Foundation
import PanelBench
import PanelRuntime
import PanelStore
#if canImport(Glibc)
import Glibc
#endif

@main
struct Panel: ParsableCommand {
    static func main() {
        // Everything panel creates (the database, its WAL, exports) is readable by its owner only.
        umask(0o077)
        do {
            // `panel` alone opens the front end when there is a database to open.
            let defaultDatabase = ProcessInfo.processInfo.environment["PANEL_DB"] ?? "panel.sqlite"
            if CommandLine.arguments.count == 1, FileManager.default.fileExists(atPath: defaultDatabase) {
                try FrontEnd.run(databasePath: defaultDatabase, expert: nil)
                return
            }
            var command = try parseAsRoot()
            try command.run()
        } catch let error as StoreError {
            // The store words its refusals for the person at the terminal: said here, once.
            exit(withError: fail(error.commandLineWording))
        } catch let error as Failure {
            exit(withError: fail(error.description))
        } catch {
            // A full disk, an I/O error, a read-only file: said as what happened and what to do.
            if let words = PanelDatabase.storageFailure(error, path: DatabaseOptions.pathInArguments()) {
                exit(withError: fail(words))
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "panel",
        abstract: "The expert review panel of the 网络学习空间应用普及活动 (online learning space award), in a terminal.",
        discussion: """
            Experts score regions (区域) and schools (学校) against the indicator sheets in \
            scoring-rubrics/; the engine ranks them down to the quota; the chair finalizes and \
            exports the winner list.
            """,
        groupedSubcommands: [
            CommandGroup(name: "Experts", subcommands: [TUICommand.self, DemoCommand.self, ScoreCommand.self]),
            CommandGroup(
                name: "The chair",
                subcommands: [
                    RankCommand.self, ExplainCommand.self, StatsCommand.self, OutlierCommand.self,
                    ShortlistCommand.self, StageCommand.self,
                    SpotCheckCommand.self, OverrideCommand.self, DefenseCommand.self, ResolveCommand.self,
                    ReopenCommand.self, RecusalCommand.self, ReassignCommand.self, FinalizeCommand.self,
                ]),
            CommandGroup(
                name: "The secretariat",
                subcommands: [
                    RubricCommand.self, InitCommand.self, ImportCommand.self, CandidatesCommand.self,
                    ExpertCommand.self, AssignCommand.self,
                    AssignmentsCommand.self, MaterialsCommand.self,
                ]),
            CommandGroup(
                name: "Reports",
                subcommands: [ExportCommand.self, AuditCommand.self, BackupCommand.self, VerifyCommand.self]),
            CommandGroup(name: "Tools", subcommands: [BenchCommand.self]),
        ]
    )
}

extension StoreError {
    /// The store's refusal in the command line's terms: the store does not know a value came from
    /// `--note` or that a database is made with `panel init`; the command line says so here.
    var commandLineWording: String {
        switch cause {
        case .missing(let field)?:
            let flag =
                switch field {
                case .note: "--note"
                case .reason: "--reason"
                case .perCandidate: "--per-candidate"
                case .replaceSubmitted: "--replace-submitted"
                case .replace: "--replace"
                }
            return "\(flag): \(description)"
        case .noDatabase(let path)?: return "\(description) — create one with `panel init --db \(path)`"
        case .databaseExists?: return "\(description) — pass --force to replace it"
        case .notAPanel(let path)?: return "\(description) — create one with `panel init --db \(path)`"
        case .holdsWork?:
            return
                "\(description): --force alone does not discard it — add --discard to replace it (a copy is kept "
                + "beside it)"
        case nil: return description
        }
    }
}
