import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelStore
import PanelViews

/// `panel expert key add|list|remove` (issue 18): each expert's ssh keys, and the panel account's
/// authorized_keys forcing every key into its own expert's front end.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Bind experts' ssh public keys to them, and write the account's authorized_keys.",
        discussion: """
            Each key gets one line in a block panel manages in authorized_keys (nothing outside the \
            block is touched): restrict,pty,command="PANEL tui --db DB --expert E01", with the absolute \
            paths of this binary and of the database. A key then opens only its expert's front end, which \
            asks for that expert's PIN; no shell, no forwarding, no file transfer.
            """,
        subcommands: [Add.self, List.self, Remove.self])

    struct Target: ParsableArguments {
        @Option(
            help: ArgumentHelp(
                "The authorized_keys to write (default: the running account's ~/.ssh/authorized_keys).",
                valueName: "file"))
        var authorizedKeys: String?
    }

    /// Writes the block from what the database holds.
    static func writeBlock(_ store: PanelDatabase, _ target: Target) throws -> String {
        let path = target.authorizedKeys ?? AuthorizedKeysFile.defaultPath
        let keys = try store.keys()
        try AuthorizedKeysFile.write(keys.map { ($0.expert, $0.key) }, database: store.path, to: path)
        return path
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Bind a public key (.pub) to an expert; audited.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var target: Target
        @Argument(help: "The expert's id.", transform: Identifier.normalized) var expert: String
        @Argument(help: "The expert's public key file (id_ed25519.pub).") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file), data.count < 64 << 10 else {
                throw fail("\(file): no such file, or larger than a public key can be")
            }
            let key: SSHPublicKey
            switch SSHPublicKey.parse(String(decoding: data, as: UTF8.self)) {
            case .success(let parsed): key = parsed
            case .failure(let why): throw fail("\(file) \(why); nothing was added")
            }
            let fingerprint: String
            switch try AuthorizedKeysFile.fingerprint(ofKeyAt: file) {
            case .success(let found): fingerprint = found
            case .failure(let why): throw fail("\(file) \(why); nothing was added")
            }
            let store = try database.open()
            do {
                try store.addKey(key, fingerprint: fingerprint, to: expert)
            } catch let error as StoreError {
                throw fail(error.commandLineWording)
            }
            let path = try KeyCommand.writeBlock(store, target)
            say("\(expert): key \(key.type) \(fingerprint) added; \(path) rewritten")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every expert's keys.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            var rows = [["编号", "type", "fingerprint", "comment", "added"]]
            for key in try database.open(readOnly: true).keys() {
                rows.append([key.expert, key.key.type, key.fingerprint, key.key.comment, key.addedAt])
            }
            for line in alignedColumns(rows) { say(line) }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Unbind an expert's key (or all of them); audited.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var target: Target
        @Argument(help: "The expert's id.", transform: Identifier.normalized) var expert: String
        @Argument(help: "The key's fingerprint (SHA256:…); without it, every key of the expert.") var fingerprint:
            String?

        func run() throws {
            let store = try database.open()
            let gone: [ExpertKey]
            do {
                gone = try store.removeKeys(of: expert, fingerprint: fingerprint)
            } catch let error as StoreError {
                throw fail(error.commandLineWording)
            }
            let path = try KeyCommand.writeBlock(store, target)
            for key in gone { say("\(expert): key \(key.fingerprint) removed") }
            say("\(path) rewritten")
        }
    }
}
