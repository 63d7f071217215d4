import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

/// The chair's decisions. Each needs `--as` with the chair's PIN, is refused to an expert, and is
/// audited with its reason.
extension SignInOptions {
    func chair(_ database: DatabaseOptions) throws -> ExpertEntry {
        guard id != nil else {
            throw fail(
                "this is the chair's decision: pass --as with the chair's id (the PIN from $PANEL_PIN or the prompt)")
        }
        return try signIn(database)!
    }
}

struct SpotCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotcheck",
        abstract: """
            Record a spot check (实地抽查): a failure makes the candidate ineligible.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
    @Flag(help: "--pass or --fail.") var result: Result
    @Option(help: "What the check found.") var note: String

    enum Result: String, EnumerableFlag { case pass, fail }

    func run() throws {
        let chair = try signIn.chair(database)
        try database.open().recordSpotCheck(chair: chair, candidate: id, passed: result == .pass, note: note)
        say("spot check of \(id): \(result.rawValue) — recorded")
    }
}

struct OverrideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "override",
        abstract: "Exclude a candidate, lift an eligibility exclusion, or clear the override, with a reason.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
    @Flag(help: "--exclude, --include (lifts an eligibility exclusion) or --clear.") var change: Change
    @Option(help: "The chair's reason, kept in the audit log and shown in the ranking.") var reason: String

    enum Change: String, EnumerableFlag { case exclude, include, clear }

    func run() throws {
        let chair = try signIn.chair(database)
        let change = PanelDatabase.OverrideChange(rawValue: self.change.rawValue)!
        try database.open().recordOverride(chair: chair, candidate: id, change: change, reason: reason)
        say("override of \(id): \(change.rawValue) — recorded")
    }
}

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Choose the winners among candidates tied at the cut line.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @Option(help: "region or school.") var kind: CandidateKind
    @Option(
        name: .customLong("winner"), help: "A candidate of the tie that wins; repeat for each.",
        transform: Identifier.normalized) var winners: [String]
    @Option(help: "The chair's reason.") var reason: String
    @Flag(help: "Replace the decision on a tie already resolved (both stay on the record).") var replace = false

    func run() throws {
        let chair = try signIn.chair(database)
        try database.open().resolveTie(chair: chair, kind: kind, winners: winners, reason: reason, replacing: replace)
        say("tie at the \(kind.rawValue) cut resolved: \(winners.joined(separator: " ")) win")
    }
}

struct ShortlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist", abstract: "Who goes to the oral defence; --freeze (chair) fixes the list.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @Option(help: "region or school (default: both).") var kind: CandidateKind?
    @Flag(help: "Fix today's shortlist so that later material scores cannot move who defends.") var freeze = false

    func run() throws {
        let kinds = kind.map { [$0] } ?? CandidateKind.allCases
        if freeze {
            let chair = try signIn.chair(database)
            for kind in kinds {
                let ids = try database.open().freezeShortlist(chair: chair, kind: kind)
                say("\(kind.rawValue) shortlist frozen: \(ids.count) candidates")
            }
            return
        }
        let store = try database.open(readOnly: true)
        let input = try store.scoringInput()
        for kind in kinds {
            let ranking = ScoringEngine.rank(input, kind: kind)
            let listed = ranking.shortlist
            say(
                "\(kind.rawValue) shortlist (\(input.decisions.frozenShortlist[kind] == nil ? "computed" : "frozen")): \(listed.count)"
            )
            for line in alignedColumns(
                listed.map { [$0.candidate.id, $0.candidate.name, $0.candidate.province, shown($0.material?.value)] })
            {
                say("  \(line)")
            }
        }
    }
}

struct StageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage",
        abstract: "Open or close the defence stage: experts then score shortlisted candidates' defence sheets.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @Argument(help: "defense") var stage: Stage
    @Flag(help: "--open or --close.") var change: Change

    enum Change: String, EnumerableFlag { case open, close }

    func run() throws {
        guard stage == .defense else {
            throw fail("only the defence stage opens and closes; material scoring is always open")
        }
        let chair = try signIn.chair(database)
        try database.open().setDefenseStage(chair: chair, open: change == .open)
        say("defence stage \(change == .open ? "opened" : "closed")")
    }
}

extension Stage: ExpressibleByArgument {}

/// One expert's sheet for a candidate, as the chair's sheet commands name it.
struct SheetOptions: ParsableArguments {
    @Argument(help: "The candidate's id.", transform: Identifier.normalized) var id: String
    @Option(help: "Whose sheet.", transform: Identifier.normalized) var expert: String
    @Option(help: "material or defense.") var stage: Stage = .material

    var key: SheetKey { SheetKey(expert: expert, candidate: id, stage: stage) }
    /// `E05's material sheet for R-33-01`.
    var described: String { "\(expert)'s \(stage.rawValue) sheet for \(id)" }
}

struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen", abstract: "Give a submitted sheet back to its expert as a draft (chair), with a reason.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var sheet: SheetOptions
    @Option(help: "Why it is reopened.") var reason: String

    func run() throws {
        let chair = try signIn.chair(database)
        try database.open().reopenSheet(chair: chair, key: sheet.key, reason: reason)
        say("\(sheet.described) is a draft again")
    }
}
