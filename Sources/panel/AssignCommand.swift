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
            their own province; nor one whose name is the expert's 单位. Assignments whose sheets are \
            started are kept; the rest are planned again, so run it again after adding experts. The same \
            seed on the same database gives the same assignments.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Experts per candidate.") var perCandidate = 7
    @Option(help: "Seed for breaking ties between equally loaded experts.") var seed: UInt64 = 0

    func run() throws {
        let change: PanelDatabase.AssignmentChange
        change = try database.open().assign(perCandidate: perCandidate, seed: seed)
        let plan = change.plan
        let candidates = Set(plan.assignments.map(\.candidate)).count
        print(
            "assigned \(candidates) candidates at least \(perCandidate) experts each: \(plan.assignments.count) assignments (\(change.added) new, \(change.removed) removed); \(change.kept) have started sheets and stay whatever the plan"
        )
        print("load per expert: min \(plan.minLoad), max \(plan.maxLoad) over \(plan.load.count) experts")
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

    func run() throws {
        let me = try signIn.signIn(database)
        let store = try database.open(readOnly: true)
        let assignments = try store.assignments()
        if csv {
            let mine = assignments.filter { me == nil || $0.expert == me!.id }
            print(csvText([["expert_id", "candidate_id"]] + mine.map { [$0.expert, $0.candidate] }), terminator: "")
            return
        }
        guard let me else {
            let load = Dictionary(grouping: assignments, by: \.expert).mapValues(\.count)
            let rows =
                [["编号", "姓名", "省份", "分配"]]
                + (try store.experts()).filter { $0.role == .expert }.map {
                    [$0.id, $0.name, $0.province, String(load[$0.id] ?? 0)]
                }
            for line in alignedColumns(rows) { print(line) }
            return
        }
        let candidates = Dictionary(uniqueKeysWithValues: try store.candidates().map { ($0.id, $0) })
        let sheets = Dictionary(
            uniqueKeysWithValues: try store.sheets().filter { $0.key.expert == me.id }.map { ($0.key, $0) })
        func state(_ id: String, _ stage: Stage) -> String {
            guard let sheet = sheets[SheetKey(expert: me.id, candidate: id, stage: stage)] else { return "未开始" }
            return sheet.status == .submitted ? "已提交 \(sheet.total)" : "草稿 \(sheet.scores.count)项"
        }
        var rows = [["编号", "类别", "名称", "省份", "材料", "答辩"]]
        for assignment in assignments where assignment.expert == me.id {
            guard let candidate = candidates[assignment.candidate] else { continue }
            rows.append([
                candidate.id, candidate.kind.chineseName, candidate.name, candidate.province,
                state(candidate.id, .material), state(candidate.id, .defense),
            ])
        }
        print("\(me.name) (\(me.id)): \(rows.count - 1) candidates")
        for line in alignedColumns(rows) { print(line) }
    }
}
