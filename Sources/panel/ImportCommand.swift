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
                or GB18030/GBK as Excel and WPS save it, or an .xlsx workbook (its first sheet with the table, or \
                --sheet). Any bad row rejects the whole file, with every problem listed.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file or .xlsx workbook.") var file: String
        @Option(help: "In a workbook, the sheet to read (default: the first that holds the table).") var sheet: String?

        func run() throws {
            let result = try importAllOrNothing(file, warnings: \.warnings) { data in
                try database.open(readOnly: true).importNominations(data: data, file: file, sheet: sheet)
            }
            let findings = try database.open(readOnly: true).candidatesWithFindings()
            for line in nominationSummary(result.candidates, file: file, findings: findings) { say(line) }
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
                 PINs are stored only as yescrypt hashes. Optional: 学段/levels, 评审类别/reviews, 地市/city. An .xlsx\
                 workbook is read as well (--sheet names the sheet).
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file or .xlsx workbook.") var file: String
        @Option(help: "In a workbook, the sheet to read (default: the first that holds the table).") var sheet: String?

        func run() throws {
            let result = try importAllOrNothing(file, warnings: \.warnings) { data in
                try database.open(readOnly: true).importExperts(data: data, file: file, sheet: sheet)
            }
            say(
                """
                imported \(result.imported.count) experts from \(file)\
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
    guard let data = FileManager.default.contents(atPath: file) else {
        throw fail("\(file): no such file (or it cannot be read)")
    }
    do {
        let result = try body(data)
        for warning in result[keyPath: warnings] { printError("warning: \(warning)") }
        return result
    } catch let problems as Problems {
        for problem in problems.all { printError(problem.description) }
        throw fail(
            "\(file): nothing was imported (\(problems.all.count) problem\(problems.all.count == 1 ? "" : "s")); fix the file and import it again."
        )
    } catch let problem as Problem {
        throw fail(problem.description + "\n\(file): nothing was imported.")
    } catch let error as StoreError {
        throw fail(error.commandLineWording)
    }
}
