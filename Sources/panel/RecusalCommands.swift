import ArgumentParser
import PanelCore
import PanelRuntime
import PanelStore
import PanelViews

struct RecusalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recusal",
        abstract: "An expert asks to leave a candidate (申请回避); the chair approves, with a replacement, or rejects.",
        discussion: """
            Asking withdraws the expert's sheets for the candidate at once (kept aside and on the audit \
            log, out of every ranking). Approving moves the assignment to --to, or to the least loaded \
            expert who may take it (no conflict, expertise as rules.toml says); rejecting gives the \
            sheets back. The round cannot be finalized while a request is open.
            """,
        subcommands: [Request.self, List.self, Approve.self, Reject.self])

    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request", abstract: "Ask to leave a candidate assigned to you (--as your id), with why.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
        @Option(help: "Why you should not score it (a former employer, a project you advised …).") var reason: String

        func run() throws {
            guard let expert = try signIn.signIn(database) else { throw fail("--as: say who asks") }
            try database.open().requestRecusal(expert: expert, candidate: id, reason: reason)
            say("\(expert.id) asked to leave \(id): your sheets for it are withdrawn until the chair decides")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Every request, open ones first, with the replacement panel proposes.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try database.open(readOnly: true)
            var rows = [["候选", "专家", "状态", "理由", "组长", "决定", "接替"]]
            for recusal in try store.recusals() {
                let taker =
                    recusal.state == .open
                    ? (try store.proposedReplacement(expert: recusal.expert, candidate: recusal.candidate))
                        .map { "\($0)（建议）" } ?? "无人可接替" : recusal.replacement
                rows.append([
                    recusal.candidate, recusal.expert, recusal.state.rawValue, recusal.reason, recusal.chair,
                    recusal.decision, taker,
                ])
            }
            for line in alignedColumns(rows) { say(line) }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", abstract: "Approve a request (chair): another expert takes the candidate over.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signIn: SignInOptions
        @Option(help: "Who asked.", transform: Identifier.normalized) var expert: String
        @OptionGroup var handOver: HandOver

        func run() throws {
            let chair = try signIn.chair(database)
            let taker = try database.open().decideRecusal(
                chair: chair, expert: expert, candidate: handOver.id, approve: true, reason: handOver.reason,
                to: handOver.to)
            say("\(expert) leaves \(handOver.id); \(taker ?? "-") takes it over — recorded")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject", abstract: "Reject a request (chair): the expert gets their sheets back.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signIn: SignInOptions
        @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
        @Option(help: "Who asked.", transform: Identifier.normalized) var expert: String
        @Option(help: "The chair's reason, shown to the expert.") var reason: String

        func run() throws {
            let chair = try signIn.chair(database)
            try database.open().decideRecusal(
                chair: chair, expert: expert, candidate: id, approve: false, reason: reason)
            say("\(expert) keeps \(id), with their sheets — recorded")
        }
    }
}

struct ReassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Move a candidate from one expert to another (chair), withdrawing the first expert's sheets.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @Option(help: "The expert who leaves it.", transform: Identifier.normalized) var from: String
    @OptionGroup var handOver: HandOver

    func run() throws {
        let chair = try signIn.chair(database)
        let taker = try database.open().reassign(
            chair: chair, candidate: handOver.id, from: from, to: handOver.to, reason: handOver.reason)
        say("\(from) leaves \(handOver.id); \(taker) takes it over — recorded")
    }
}

/// The candidate, who takes it over and why: as `recusal approve` and `reassign` name them.
struct HandOver: ParsableArguments {
    @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
    @Option(help: "Who takes it over (default: the least loaded expert who may).", transform: Identifier.normalized)
    var to: String?
    @Option(help: "The chair's reason.") var reason: String
}
