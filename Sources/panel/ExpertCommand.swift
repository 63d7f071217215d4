import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct ExpertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expert",
        abstract: "Add one expert, list them with their load, or bind their ssh keys.",
        subcommands: [Add.self, List.self, KeyCommand.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract:
                "Add one expert (or the chair); the PIN is asked twice on the terminal, or read from standard input."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The expert's id (编号), one word.", transform: Identifier.normalized) var id: String
        @Option(help: "姓名.") var name: String
        @Option(help: "省份 (浙江 or 浙江省): the expert never scores this province's candidates.") var province: String
        @Option(help: "单位, present and past, ';'-separated: the expert never scores a candidate of these names.")
        var org = ""
        @Option(help: "expert (专家) or chair (组长).") var role = "expert"
        @Option(help: "学段 the expert reviews, ';'-separated (基础教育;职业教育…; default: every one).")
        var levels = ""
        @Option(help: "评审类别: 区域, 学校 or 全部 (default: 全部).") var reviews = ""
        @Option(help: "地市: in a provincial or city round, the expert never scores this city's candidates.")
        var city = ""
        @Flag(help: "Read the PIN from the first line of standard input instead of asking.") var pinStdin = false

        func run() throws {
            let pin = try readPIN()
            let entry: ExpertEntry
            switch ExpertParser.entry(
                id: id, name: name, province: province, org: org, role: role, pin: pin, levels: levels,
                reviews: reviews, city: city)
            {
            case .success(let made): entry = made
            case .failure(let problems):
                throw fail(problems.messages.map { "panel expert add: \($0)" }.joined(separator: "\n"))
            }
            try database.open().addExpert(entry)
            say(
                "added \(entry.role == .chair ? "chair" : "expert") \(entry.id) \(TerminalSafe.cell(entry.name)) "
                    + "(\(entry.province))"
            )
        }

        private func readPIN() throws -> String {
            if pinStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw fail("--pin-stdin: standard input is empty")
                }
                return line.trimmingCharacters(in: .whitespaces)
            }
            guard case .pin(let first) = PinPrompt.ask("PIN for \(id) (4-12 digits): ") else {
                throw fail("no terminal to ask the PIN on — pass --pin-stdin and pipe the PIN in")
            }
            guard case .pin(let second) = PinPrompt.ask("again: ") else { throw fail("cancelled") }
            guard first == second else { throw fail("the two PINs differ; nothing was added") }
            return first
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The experts, with how many candidates each is assigned.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try database.open(readOnly: true)
            let load = Dictionary(grouping: try store.assignments(), by: \.expert).mapValues(\.count)
            var rows = [["编号", "姓名", "省份", "单位", "角色", "分配", "PIN错误"]]
            for expert in try store.experts() {
                rows.append([
                    expert.id, expert.name, expert.province, expert.org, expert.role == .chair ? "组长" : "专家",
                    String(load[expert.id] ?? 0), String(try store.failedPins(of: expert.id)),
                ])
            }
            for line in alignedColumns(rows) { say(line) }
        }
    }
}
