import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelStore
import PanelViews

struct DefenseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defense",
        abstract: "The defence day (现场答辩): groups, the draw, the schedule, the board, absences.",
        discussion: """
            In order: `groups` splits the experts into [defense] groups and gives each shortlisted \
            candidate a group free of conflict; `draw --seed S` draws each group's order by lot (anyone can \
            check it with `draw --verify`); `schedule --start` gives each slot its time and publishes the \
            schedule (no new draw after it; the chair may `move` one slot with a reason). On the day the \
            chair runs the 答辩 tab of the console; `board` prints it.
            """,
        subcommands: [
            Groups.self, Draw.self, Schedule.self, Move.self, Board.self, Absent.self, Present.self,
        ])

    struct Absent: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "absent",
            abstract: "Mark a candidate absent from the defence (status no_defense).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
        @Option(help: "Why.") var note: String

        func run() throws {
            let chair = try signIn.chair(database)
            try database.open().recordAbsence(chair: chair, candidate: id, absent: true, note: note)
            say("\(id) marked absent from the defence")
        }
    }

    struct Present: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "present", abstract: "Undo an absence recorded by mistake.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String

        func run() throws {
            let chair = try signIn.chair(database)
            try database.open().recordAbsence(chair: chair, candidate: id, absent: false, note: "")
            say("\(id) no longer marked absent")
        }
    }
}

extension DefenseCommand {
    struct Groups: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "groups",
            abstract: "Split the experts into groups and give each shortlisted candidate one, free of conflict.",
            discussion: """
                Experts of one province sit in one group, so that its candidates have the other groups; \\
                provinces go largest first to the smallest group. A candidate goes to a group where no expert \\
                is conflicted with it (the rules of `panel assign`), the one with the fewest of its kind, then \\
                of its province. Each group needs min_experts experts. A shortfall changes nothing and says \\
                who cannot be placed and why. Refused once the schedule is published or a defence has started.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "How many groups (default: [defense] groups in rules.toml).") var groups: Int?
        @Option(help: "Seed for ordering provinces and candidates of equal weight.") var seed: UInt64 = 0

        func run() throws {
            let store = try database.open()
            let plan = try store.formDefenseGroups(groups: groups, seed: seed)
            let frozen = try store.scoringInput().decisions.frozenShortlist
            if frozen.count < CandidateKind.allCases.count {
                printError(
                    "note: the shortlist is not frozen, so later material scores may change who defends;"
                        + " freeze it (panel shortlist --freeze --as CHAIR) and form the groups again")
            }
            for (index, members) in plan.members.enumerated() {
                let heard = plan.placement.filter { $0.value == index + 1 }.count
                say(
                    "group \(index + 1): \(members.count) experts (\(members.joined(separator: " ")))"
                        + ", \(heard) candidates"
                )
            }
        }
    }

    struct Draw: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draw",
            abstract:
                "Draw each group's order by lot (regions first, then schools); --verify draws again and compares.",
            discussion: """
                The seed is stored and audited: anyone with the database can run `panel defense draw --verify` \\
                and get the same order, or see where the stored one differs. Once the schedule is published a \\
                new draw is refused.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The seed drawn in front of witnesses (e.g. from dice or a public lottery number).")
        var seed: UInt64?
        @Flag(help: "Draw again from the stored seed and compare with the stored order.") var verify = false

        func run() throws {
            if verify {
                let (seed, differences) = try database.open(readOnly: true).verifyDefenseDraw()
                guard differences.isEmpty else {
                    for line in differences { printError(line) }
                    throw fail("the stored order is not the draw of seed \(seed): \(differences.count) differences")
                }
                say("the stored order is the draw of seed \(seed)")
                return
            }
            guard let seed else { throw fail("pass --seed S to draw, or --verify to check the stored draw") }
            let order = try database.open().drawDefense(seed: seed)
            for (group, ids) in order.sorted(by: { $0.key < $1.key }) {
                say("group \(group): \(ids.joined(separator: " "))")
            }
        }
    }

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Give each slot its start and end from [defense] minutes, and publish the schedule.",
            discussion: """
                Each slot is present_minutes + questions_minutes, then changeover_minutes; a slot that would \\
                run into a break starts when it ends. All groups start together. Export it with \\
                `panel export schedule`.
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("When the first slots begin.", valueName: "YYYY-MM-DD HH:MM")) var start: String
        @Option(
            help: ArgumentHelp("A break, e.g. 12:00-13:30; repeat or separate by commas.", valueName: "HH:MM-HH:MM"))
        var breaks: [String] = []
        @Option(
            help: ArgumentHelp("When a day's last slot must end; later slots go on the next day.", valueName: "HH:MM"))
        var dayEnd: String?
        @Option(help: ArgumentHelp("A group's room, e.g. 1=第一会议室; repeat for each.", valueName: "N=ROOM"))
        var room: [String] = []
        @Option(help: ArgumentHelp("A group's meeting link for a video defence; repeat.", valueName: "N=URL"))
        var link: [String] = []

        func run() throws {
            let parts = start.split(separator: " ")
            guard parts.count == 2, parts[0].count == 10, let first = ClockMinutes(String(parts[1])) else {
                throw fail("--start '\(start)': write the date and time as 2020-12-28 09:00")
            }
            let pauses = try breaks.flatMap { $0.split(separator: ",") }.map { text in
                guard let pause = DefenseSchedule.Break(String(text).trimmingCharacters(in: .whitespaces)) else {
                    throw fail("--breaks '\(text)': write a break as 12:00-13:30")
                }
                return pause
            }
            var end: ClockMinutes?
            if let dayEnd {
                guard let parsed = ClockMinutes(dayEnd), parsed > first else {
                    throw fail("--day-end '\(dayEnd)': write a time after the start, e.g. 18:00")
                }
                end = parsed
            }
            let store = try database.open()
            try store.scheduleDefense(
                date: String(parts[0]), start: first, breaks: pauses, dayEnd: end,
                rooms: try Self.perGroup(room, "--room"),
                links: try Self.perGroup(link, "--link"))
            for line in DefenseBoardLines.schedule(try store.defenseDay(now: PanelClock.now())) { say(line) }
        }

        static func perGroup(_ values: [String], _ flag: String) throws -> [Int: String] {
            var result: [Int: String] = [:]
            for value in values {
                let parts = value.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let group = Int(parts[0]), !parts[1].isEmpty else {
                    throw fail(
                        "\(flag) '\(value)': write the group's number, =, then the value, e.g. 1=第一会议室")
                }
                result[group] = String(parts[1])
            }
            return result
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move", abstract: "Move one waiting slot to another turn in its group (chair, with a reason).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
        @Option(help: "The turn it takes (1 first).") var to: Int
        @Option(help: "Why.") var reason: String

        func run() throws {
            let chair = try signIn.chair(database)
            say(try database.open().defenseSlot(.move(id, to: to, reason: reason), chair: chair, now: PanelClock.now()))
        }
    }

    struct Board: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "board", abstract: "Each group's defence under way, its clock, and who is next.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let day = try database.open(readOnly: true).defenseDay(now: PanelClock.now())
            guard !day.isEmpty else { throw fail("no defence groups yet: panel defense groups") }
            for line in DefenseBoardLines.lines(day) { say(line) }
        }
    }
}

extension ExportCommand {
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "The 答辩安排表 of every group: time, turn, candidate, province, room or link.",
            discussion: "xlsx (through libxlsxwriter) has one sheet per group; csv one table with a 组别 column.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "xlsx, md, csv or json.") var format: WinnerFormat = .xlsx
        @Option(
            help: ArgumentHelp(
                "Write to this file (default: standard output; xlsx 答辩安排表.xlsx).", valueName: "file"))
        var out: String?

        func run() throws {
            let store = try database.open(readOnly: true)
            let day = try store.defenseDay(now: PanelClock.now())
            guard !day.isEmpty else { throw fail("no defence groups yet: panel defense groups") }
            let view = DefenseScheduleView(day, round: try store.round().rules.round.name)
            switch format {
            case .xlsx:
                let path = out ?? "答辩安排表.xlsx"
                let sheets = view.groups.map { group in
                    XlsxWriter.Sheet(
                        name: "第\(group.group)组", title: group.title,
                        subtitle: "专家：\(group.experts.joined(separator: " "))"
                            + (group.link.isEmpty ? "" : "  会议链接：\(group.link)"),
                        columns: DefenseScheduleView.columns, widths: [20, 8, 12, 6, 40, 10, 24],
                        rows: view.rows(group))
                }
                try ExportFile.write(to: path, protecting: database.path) {
                    try XlsxWriter.write(sheets, to: $0, name: path)
                }
                printError("wrote \(path): \(sheets.count) sheets, one per group")
            case .csv: try emit(Data([0xEF, 0xBB, 0xBF]) + Data(view.csv.utf8), to: out, protecting: database.path)
            case .md: try emit(Data(view.markdown.utf8), to: out, protecting: database.path)
            // The bytes `--format json` prints, in the file too.
            case .json: try emit(Data(try PrettyJSON.bytes(view) + [0x0A]), to: out, protecting: database.path)
            }
        }
    }
}
