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
                Check the database file (SQLite's integrity check), that no audit entry was edited, removed or\
                 reordered, and that the sheets and decisions are what the entries say.
                """
        )
        @OptionGroup var database: DatabaseOptions
        @Option(
            help: ArgumentHelp(
                "The head hash recorded earlier (printed by finalize and every export): the chain must still hold it.",
                valueName: "sha256"))
        var head: String?

        func run() throws {
            try verifyPanel(try database.open(readOnly: true), head: head)
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

/// `panel audit verify` and `panel verify`: the file's integrity, the audit chain (and a head
/// recorded earlier), and the tables against the chain.
func verifyPanel(_ store: PanelDatabase, head: String?) throws {
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
    if let head {
        let recorded = head.lowercased()
        guard let seq = try store.auditEntry(hash: recorded) else {
            throw fail(
                """
                the chain does not hold the head \(recorded) recorded earlier: entries were removed from \
                its end or it was rewritten — restore the file from a backup
                """)
        }
        say("the recorded head is entry #\(seq); the chain goes on from it")
    }
    let differences = try store.auditStateDifferences()
    guard differences.isEmpty else {
        let shown = differences.prefix(20).map { "  " + $0 }.joined(separator: "\n")
        let more = differences.count > 20 ? "\n  … and \(differences.count - 20) more" : ""
        throw fail(
            """
            the stored scores and decisions differ from what the audit log recorded \
            (\(differences.count) difference\(differences.count == 1 ? "" : "s")) — the file was changed \
            behind panel's back; restore it from a backup:
            \(shown)\(more)
            """)
    }
    say("sheets, scores, totals and the chair's decisions match the audit log")
    if let (seq, hash) = try store.auditHead() {
        say("head: entry #\(seq) sha256 \(hash)")
    }
}
