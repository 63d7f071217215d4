import ArgumentParser
import Foundation
import PanelStore
import PanelRuntime

/// `panel backup` and `panel verify` (issue 18): copies taken while experts keep writing, and a
/// check of any copy before it is trusted.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the panel while experts keep writing: the database and its dossiers' files.",
        discussion: """
            SQLite's online backup: a snapshot of the panel at the moment it begins, whatever is written \
            meanwhile. The dossiers' files go to FILE.files, each checked against its sha256; a file an \
            earlier backup in the same folder already holds is hard-linked, not copied again. The backup \
            never replaces a file, and is whole or not there. To restore: copy FILE and FILE.files back as \
            panel.sqlite and panel.sqlite.files (or run panel with --db FILE), after `panel verify FILE`.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The backup to write (a new file).", valueName: "file")) var out: String

    func run() throws {
        let store = try database.open(readOnly: true)
        let report: PanelDatabase.BackupReport
        do {
            report = try store.backup(to: out)
        } catch let error as StoreError {
            throw fail(error.commandLineWording)
        }
        if let head = report.head {
            say("backup: \(out) (audit head: entry #\(head.seq) sha256 \(head.hash))")
        } else {
            say("backup: \(out)")
        }
        if report.files > 0 {
            let megabytes = String(format: "%.1f", Double(report.bytesCopied) / 1_048_576)
            say(
                "dossier files: \(report.files) (\(report.copied) copied, \(megabytes) MB; "
                    + "\(report.linked) linked from earlier backups)")
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a panel or a backup: integrity, the audit chain, the tables, the dossiers' files.",
        discussion: """
            What `panel audit verify` checks, and that every dossier file the database refers to is in \
            FILE.files and holds what its sha256 name says. Reads the file only.
            """)

    @Argument(help: "The panel or backup file.") var file: String
    @Option(help: ArgumentHelp("A head hash recorded earlier that the chain must still hold.", valueName: "sha256"))
    var head: String?

    func run() throws {
        let store = try DatabaseOptions.open(file, readOnly: true)
        try verifyPanel(store, head: head)
        let (checked, problems) = try store.dossierStoreProblems()
        guard problems.isEmpty else {
            throw fail(
                "the dossiers' files do not match the database (\(problems.count) of \(checked)):\n"
                    + problems.prefix(20).map { "  " + $0 }.joined(separator: "\n"))
        }
        say("dossier files: \(checked), each present and holding what its sha256 says")
    }
}
