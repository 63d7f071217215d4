import ArgumentParser
import PanelStore

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
            print("database integrity: ok")
            switch try store.verifyAudit() {
            case .intact(let count):
                print("audit chain intact: \(count) entries")
            case .broken(let seq, let reason):
                throw fail("audit chain broken at entry \(seq): \(reason)")
            }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log", abstract: "Show the audit log, oldest first.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only entries by or about this expert.") var expert: String?
        @Option(help: "Only entries about this candidate.") var candidate: String?

        func run() throws {
            let store = try database.open(readOnly: true)
            for entry in try store.auditEntries(expert: expert, candidate: candidate) {
                print("#\(entry.seq) \(entry.at) \(entry.actor) \(entry.action) \(entry.subject)")
                if let before = entry.before {
                    print("    before: \(before.replacingOccurrences(of: "\n", with: " | ").prefix(200))")
                }
                if let after = entry.after {
                    print("    after:  \(after.replacingOccurrences(of: "\n", with: " | ").prefix(200))")
                }
            }
        }
    }
}
