import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the secretariat's files (all or nothing).",
        subcommands: [Nominations.self, Experts.self, Scores.self, Materials.self]
    )

    struct Nominations: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nominations",
            abstract: "Import the provinces' summary tables (附件6 信息汇总表) as candidates.",
            discussion: """
                CSV with headers in Chinese or English, in any order: 编号/id, 类别/kind, 名称/name, 省份/province, \
                地市/city, 区县/county, 学段/level, 平台名称/platform, 接入国家平台/connected, 往年获评/prior_award, \
                支撑区域/supports, 推荐排序/province_rank, 联系人/contact, 联系电话/phone. UTF-8 (with or without BOM) \
                or GB18030/GBK as Excel and WPS save it, or a workbook, .xlsx or Excel 97 .xls, told by its \
                content (its first sheet with the table, or --sheet). Several files are one import: any bad row \
                in any of them imports none, with every problem listed; an id may be used once across them.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV files or workbooks (.xlsx, .xls).") var files: [String]
        @Option(help: "In a workbook, the sheet to read (default: the first that holds the table).") var sheet: String?

        func run() throws {
            let result = try importAllOrNothing(files, warnings: \.warnings) { read in
                try database.open(readOnly: true).importNominations(read, sheet: sheet)
            }
            let findings = try database.open(readOnly: true).candidatesWithFindings()
            let named = files.count == 1 ? files[0] : "\(files.count) files"
            for line in nominationSummary(result.candidates, file: named, findings: findings) { say(line) }
        }
    }
}

extension ImportCommand {
    struct Experts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "experts",
            abstract: "Import the review experts and the chair.",
            discussion:
                """
                CSV: 编号/id, 姓名/name, 省份/province, 单位/org, 角色/role (专家/组长 or\
                 expert/chair), PIN/pin (optional: where missing, a 6-digit PIN is generated and printed once).\
                 PINs are stored only as yescrypt hashes. Optional: 学段/levels, 评审类别/reviews, 地市/city. A\
                 workbook (.xlsx, .xls) is read as well (--sheet names the sheet); several files are one import.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV files or workbooks (.xlsx, .xls).") var files: [String]
        @Option(help: "In a workbook, the sheet to read (default: the first that holds the table).") var sheet: String?

        func run() throws {
            let result = try importAllOrNothing(files, warnings: \.warnings) { read in
                try database.open(readOnly: true).importExperts(read, sheet: sheet)
            }
            say(
                """
                imported \(result.imported.count) experts from \(files.count == 1 ? files[0] : "\(files.count) files")\
                 (\(result.imported.filter { $0.role == .chair }.count) chair)
                """
            )
            if !result.generated.isEmpty {
                say("generated PINs — hand each to its expert; they are not shown again:")
                for (id, pin) in result.generated { say("  \(id)  \(pin)") }
            }
        }
    }
}

/// Reads `file` and runs an all-or-nothing import on its bytes. A refusal prints every problem
/// and says that nothing was imported; a success prints the import's warnings.
func importAllOrNothing<T>(_ file: String, warnings: KeyPath<T, [Problem]>, _ body: (Data) throws -> T) throws -> T {
    try importAllOrNothing([file], warnings: warnings) { try body($0[0].data) }
}

/// The same for several files read as one import.
func importAllOrNothing<T>(
    _ files: [String], warnings: KeyPath<T, [Problem]>, _ body: ([(data: Data, file: String)]) throws -> T
) throws -> T {
    var read: [(data: Data, file: String)] = []
    if let twice = files.first(where: { file in files.filter { $0 == file }.count > 1 }) {
        throw fail("\(twice) is named twice; nothing was imported")
    }
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw fail("\(file): no such file (or it cannot be read)\(files.count > 1 ? "; nothing was imported" : "")")
        }
        read.append((data, file))
    }
    let named = files.count == 1 ? files[0] : "\(files.count) files"
    do {
        let result = try body(read)
        for warning in result[keyPath: warnings] { printError("warning: \(warning)") }
        return result
    } catch let problems as Problems {
        for problem in problems.all { printError(problem.description) }
        let count = "\(problems.all.count) problem\(problems.all.count == 1 ? "" : "s")"
        let advice = files.count == 1 ? "fix the file and import it again" : "fix them and import the files again"
        let from = files.count == 1 ? "\(named): nothing was imported" : "nothing was imported from the \(named)"
        throw fail("\(from) (\(count)); \(advice).")
    } catch let problem as Problem {
        throw fail(
            problem.description
                + "\n\(files.count == 1 ? "\(named): nothing was imported" : "nothing was imported from the \(named)")."
        )
    } catch let error as StoreError {
        throw fail(error.commandLineWording)
    }
}
