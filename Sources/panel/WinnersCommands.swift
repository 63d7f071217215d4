import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct FinalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract:
            """
            Lock the round (chair): refused while a tie at the cut is open or a shortlisted candidate has no\
             defence result; then every write is refused and the ranking is kept with its hash.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions

    func run() throws {
        let chair = try signIn.chair(database)
        let done = try database.open().finalize(chair: chair)
        say("round finalized by \(chair.id); ranking snapshot sha256 \(done.sha256)")
        if let (seq, hash) = try database.open(readOnly: true).auditHead() {
            say(
                "audit head: entry #\(seq) sha256 \(hash) — keep it apart from the database; `panel audit verify "
                    + "--head HASH` checks it later"
            )
        }
        say("export the list with `panel export winners --format xlsx`")
    }
}

enum WinnerFormat: String, ExpressibleByArgument, CaseIterable { case csv, xlsx, md, json }
enum KindChoice: String, ExpressibleByArgument, CaseIterable { case region, school, all }

extension ExportCommand {
    struct Winners: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "winners",
            abstract:
                """
                The winner list the ministry publishes: 优秀区域 and 优秀学校 by the standard province\
                 order, then rank.
                """,
            discussion:
                """
                Before `panel finalize` every export says 草稿 (draft) in its title and its default file name;\
                 after, it carries the ranking snapshot's sha256. CSV is UTF-8 with BOM, and a cell starting with\
                 = + - @ tab or CR is neutralized. xlsx is written through libxlsxwriter.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "region, school or all.") var kind: KindChoice = .all
        @Option(help: "csv, xlsx, md or json.") var format: WinnerFormat = .csv
        @Option(
            help: ArgumentHelp(
                """
                Write to this file (default: standard output; for xlsx 优秀名单[-草稿].xlsx).
                """, valueName: "file"))
        var out: String?

        func run() throws {
            let store = try database.open(readOnly: true)
            let input = try store.scoringInput()
            let kinds: [CandidateKind] =
                kind == .all ? CandidateKind.allCases : [CandidateKind(rawValue: kind.rawValue)!]
            let list = WinnerList(
                rankings: ScoringEngine.rank(input, kinds: kinds),
                roundName: input.round.rules.round.name, snapshotSHA256: try store.finalization()?.sha256)
            switch format {
            case .xlsx:
                let path = out ?? (list.isDraft ? "优秀名单-草稿.xlsx" : "优秀名单.xlsx")
                try ExportFile.write(to: path, protecting: database.path) {
                    try XlsxWriter.write(list, to: $0, name: path)
                }
                printError("wrote \(path)\(list.isDraft ? " (草稿 draft: the round is not finalized)" : "")")
            case .csv: try emit(Data([0xEF, 0xBB, 0xBF]) + Data(list.csv.utf8), to: out, protecting: database.path)
            case .md: try emit(Data(list.markdown.utf8), to: out, protecting: database.path)
            case .json: try emit(Data(try list.json().utf8), to: out, protecting: database.path)
            }
            try reportAuditHead(store)
        }
    }
}

/// An export's bytes on standard output, or into `out` (never over the database itself).
func emit(_ data: Data, to out: String?, protecting database: String) throws {
    guard let out else { FileHandle.standardOutput.write(data); return }
    try ExportFile.write(data, to: out, protecting: database)
}
