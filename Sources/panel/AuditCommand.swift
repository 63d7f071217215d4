import ArgumentParser
import PanelCore
import PanelStore
import PanelRuntime

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The hash-chained record of every change.",
        subcommands: [Verify.self, Log.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract:
                """
                Check the database file (SQLite's integrity check) and that no audit entry was edited, removed or\
                 reordered.
                """
        )
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try database.open(readOnly: true)
            let integrity = try store.integrityCheck()
            guard integrity == ["ok"] else {
                throw fail(
                    "the database file is damaged (PRAGMA integrity_check):\n" + integrity.joined(separator: "\n"))
            }
            say("database integrity: ok")
            switch try store.verifyAudit() {
            case .intact(let count):
                say("audit chain intact: \(count) entries")
            case .broken(let seq, let reason):
                throw fail("audit chain broken at entry \(seq): \(reason)")
            }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log", abstract: "Show the audit log, oldest first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only entries by or about this expert.", transform: Identifier.normalized) var expert: String?
        @Option(help: "Only entries about this candidate.", transform: Identifier.normalized) var candidate: String?

        func run() throws {
            let store = try database.open(readOnly: true)
            for entry in try store.auditEntries(expert: expert, candidate: candidate) {
                say("#\(entry.seq) \(entry.at) \(entry.actor) \(entry.action) \(entry.subject)")
                if let before = entry.before {
                    say("    before: \(before.replacingOccurrences(of: "\n", with: " | ").prefix(200))")
                }
                if let after = entry.after {
                    say("    after:  \(after.replacingOccurrences(of: "\n", with: " | ").prefix(200))")
                }
            }
        }
    }
}
