import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Give every eligible candidate N experts without a conflict of interest, balancing the load.",
        discussion: """
            Conflicts (回避): with recuse_same_province in rules.toml, an expert never gets a candidate of \
            their own province; nor one whose name is one of the expert's 单位 (';'-separated), nor a school \
            supporting such a region, nor (rounds below national) one of the expert's 地市. Expertise: with \
            [assignment] expertise = "required" (the default) a school goes only to experts whose 学段 \
            cover it and a candidate only to experts whose 评审类别 include its kind; "preferred" takes them \
            first; "ignored" does not look. An expert who gives neither field covers everything. Assignments \
            whose sheets are started are kept; the rest are planned again, so run it again after adding \
            experts. The same seed on the same database gives the same assignments.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Experts per candidate.") var perCandidate = 7
    @Option(help: "Seed for breaking ties between equally loaded experts.") var seed: UInt64 = 0

    func run() throws {
        let change = try database.open().assign(perCandidate: perCandidate, seed: seed)
        let plan = change.plan
        let candidates = Set(plan.assignments.map(\.candidate)).count
        say(
            """
            assigned \(candidates) candidates at least \(perCandidate) experts each: \(plan.assignments.count)\
             assignments (\(change.added) new, \(change.removed) removed); \(change.kept) have started sheets and\
             stay whatever the plan
            """
        )
        say("load per expert: min \(plan.minLoad), max \(plan.maxLoad) over \(plan.load.count) experts")
        for line in AssignmentViews.quality(plan) { say(line) }
    }
}

struct AssignmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignments",
        abstract: "What each expert is assigned; with --as, your own list and where each sheet stands."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @Flag(help: "Every assignment as CSV (expert_id,candidate_id), to hand on or check.") var csv = false
    @Option(help: "table, json (the assignments with the plan's quality) or csv.") var format: OutputFormat = .table

    func run() throws {
        let me = try signIn.signIn(database)
        let store = try database.open(readOnly: true)
        let assignments = try store.assignments()
        if format == .json {
            let mine = assignments.filter { me == nil || $0.expert == me!.id }
            try printJSON(
                AssignmentViews.Report(
                    mine, experts: try store.experts().filter { me == nil || $0.id == me!.id },
                    candidates: try store.candidates()))
            return
        }
        if csv || format == .csv {
            let mine = assignments.filter { me == nil || $0.expert == me!.id }
            say(csvText([["expert_id", "candidate_id"]] + mine.map { [$0.expert, $0.candidate] }), terminator: "")
            return
        }
        let lines =
            if let me {
                AssignmentViews.own(
                    me, assignments: assignments, candidates: try store.candidates(), sheets: try store.sheets())
            } else {
                AssignmentViews.load(
                    experts: try store.experts(), assignments: assignments, candidates: try store.candidates())
            }
        for line in lines { say(line) }
    }
}
