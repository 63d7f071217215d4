import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

/// `--db PATH`, else $PANEL_DB, else panel.sqlite.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The panel database file (default: $PANEL_DB or panel.sqlite).", valueName: "path"))
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["PANEL_DB"] ?? "panel.sqlite" }

    /// The database; a read-only one never writes to the file until a write is due.
    func open(readOnly: Bool = false) throws -> PanelDatabase { try Self.open(path, readOnly: readOnly) }

    /// The panel at `path` (a backup named on the command line, as well as `--db`).
    static func open(_ path: String, readOnly: Bool = false) throws -> PanelDatabase {
        let database = try PanelDatabase.open(at: path, readOnly: readOnly)
        if database.isImmutable {
            printError("note: \(path) is on read-only media: read as it is there; nothing can be changed")
        }
        return database
    }

    /// The path a command was given, for a failure caught where the parsed command is not at hand.
    static func pathInArguments(_ arguments: [String] = CommandLine.arguments) -> String {
        for (index, argument) in arguments.enumerated() {
            if argument == "--db", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--db=") { return String(argument.dropFirst(5)) }
        }
        return ProcessInfo.processInfo.environment["PANEL_DB"] ?? "panel.sqlite"
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// The audit chain's head, on standard error after an export (standard output stays the file):
/// kept with the exported file, it lets `panel audit verify --head` show later that the chain was
/// not cut short, which nothing inside the database file alone can show.
func reportAuditHead(_ store: PanelDatabase) throws {
    if let (seq, hash) = try store.auditHead() { printError("audit head: entry #\(seq) sha256 \(hash)") }
}

/// Fails the command with a message and exit status 1, without a stack of Swift noise.
func fail(_ message: String) -> ExitCode {
    printError(message)
    return ExitCode.failure
}
extension CandidateKind: ExpressibleByArgument {}

/// Pretty, key-sorted JSON on standard output (the stable contract of `--format json`).
/// The bytes go out as written: no String is made of them (for a large list, checking them as
/// UTF-8 again cost a few percent of the command).
func printJSON<T: Encodable>(_ value: T) throws {
    var bytes = try PrettyJSON.bytes(value)
    bytes.append(0x0A)
    fflush(nil)  // whatever say() has buffered goes first
    FileHandle.standardOutput.write(Data(bytes))
}
