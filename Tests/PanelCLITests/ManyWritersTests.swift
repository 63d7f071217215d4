import Foundation
import PanelCore
import Testing

/// What each of several experts saves with `panel score set --batch`: distinct items of their own
/// assigned candidates, each at a value of its own so that a lost or swapped score shows.
struct ScoreBatches {
    struct Score: Hashable {
        var expert, candidate, item: String
        var stage: Stage
        var points: Points
        var line: String { "\(candidate) \(stage.rawValue) \(item) \(points)" }
    }

    let batches: [(expert: (id: String, province: String, pin: String), scores: [Score])]

    /// `scores` for each of the first `experts` experts, or as many as their assignments hold.
    init(_ panel: NationalPanel, experts: Int, scores: Int, variant: Int = 0) throws {
        let listing = try PanelProcess.run(["assignments", "--db", panel.db, "--csv"])
        try #require(listing.status == 0, "\(listing.stderr)")
        var assigned: [String: [String]] = [:]
        for line in listing.stdout.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            assigned[fields[0], default: []].append(fields[1])
        }
        let kinds = Dictionary(uniqueKeysWithValues: panel.candidates.map { ($0.id, $0.kind) })
        batches = NationalPanel.experts.prefix(experts).enumerated().map { e, expert in
            var list: [Score] = []
            for (c, candidate) in (assigned[expert.id] ?? []).enumerated() {
                for (i, item) in panel.round.sheet(Stage.material.sheet(for: kinds[candidate]!)).items.enumerated()
                where list.count < scores {
                    let steps = item.points.hundredths / item.step.hundredths
                    let value = Points(hundredths: ((e + c + i + variant) % (steps + 1)) * item.step.hundredths)
                    list.append(
                        Score(expert: expert.id, candidate: candidate, item: item.id, stage: .material, points: value))
                }
            }
            return (expert, list)
        }
    }

    /// Every score in the database, from `panel export scores`.
    static func stored(_ db: String) throws -> [String: Points] {
        let export = try PanelProcess.run(["export", "scores", "--db", db, "--format", "csv"])
        try #require(export.status == 0, "\(export.stderr)")
        var scores: [String: Points] = [:]
        for line in export.stdout.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count == 5, let stage = Stage(text: fields[2]), let points = Points(parsing: fields[4]) else {
                continue
            }
            scores["\(fields[0]) \(fields[1]) \(stage.rawValue) \(fields[3])"] = points
        }
        return scores
    }

    static func key(_ score: Score) -> String {
        "\(score.expert) \(score.candidate) \(score.stage.rawValue) \(score.item)"
    }

    /// The scores a writer said were saved: its `saved E01 R-33-1 material A1 = 4.5` lines.
    static func acknowledged(_ stdout: String) -> [String: Points] {
        var scores: [String: Points] = [:]
        for line in stdout.split(separator: "\n") where line.hasPrefix("saved ") {
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 7, let points = Points(parsing: words[6]) else { continue }
            scores["\(words[1]) \(words[2]) \(words[3]) \(words[4])"] = points
        }
        return scores
    }

    static func verify(_ db: String) throws -> PanelProcess.Result {
        try PanelProcess.run(["audit", "verify", "--db", db])
    }
}

/// Issue 8: many experts saving at once lose nothing, and a writer killed at any moment loses
/// nothing it acknowledged.
@Suite struct ManyWritersTests {
    @Test func thirtyExpertsSavingTwoHundredScoresEachAtOnceLoseNone() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        try #require(try PanelProcess.run(["assign", "--db", panel.db, "--per-candidate", "7"]).status == 0)
        let plan = try ScoreBatches(panel, experts: 30, scores: 200)
        try #require(plan.batches.allSatisfy { $0.scores.count == 200 })
        let writers = try plan.batches.map { batch in
            try PanelProcess.start(
                ["score", "set", "--db", panel.db, "--as", batch.expert.id, "--batch"],
                environment: ["PANEL_PIN": batch.expert.pin],
                input: batch.scores.map(\.line).joined(separator: "\n"))
        }
        for result in try writers.map({ try $0.wait() }) {
            #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
            #expect(ScoreBatches.acknowledged(result.stdout).count == 200)
        }
        let stored = try ScoreBatches.stored(panel.db)
        let expected = plan.batches.flatMap(\.scores)
        #expect(expected.count == 6_000)
        #expect(stored.count == 6_000)
        #expect(expected.filter { stored[ScoreBatches.key($0)] != $0.points }.isEmpty)
        let verify = try ScoreBatches.verify(panel.db)
        #expect(
            verify.status == 0 && verify.stdout.contains("database integrity: ok")
                && verify.stdout.contains("audit chain intact"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aWriterKilledAtAnyMomentLosesNothingItAcknowledged() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        try #require(try PanelProcess.run(["assign", "--db", panel.db, "--per-candidate", "7"]).status == 0)
        var random = SeededRandom(seed: 8)
        var killedAfterAcknowledging = 0
        for round in 0..<20 {
            // Each round saves new values, so what a round acknowledged is told apart from before.
            let plan = try ScoreBatches(panel, experts: 3, scores: 120, variant: round + 1)
            let writers = try plan.batches.map { batch in
                try PanelProcess.start(
                    ["score", "set", "--db", panel.db, "--as", batch.expert.id, "--batch"],
                    environment: ["PANEL_PIN": batch.expert.pin],
                    input: batch.scores.map(\.line).joined(separator: "\n"))
            }
            // Killed once it has acknowledged something, at a random moment after: under load a
            // fixed delay could land before it even signed in.
            let victim = Int(random.unit() * 3)
            let deadline = Date().addingTimeInterval(20)
            while (try? Data(contentsOf: writers[victim].outURL))?.isEmpty ?? true, writers[victim].process.isRunning,
                Date() < deadline
            {
                usleep(2_000)
            }
            usleep(useconds_t(random.unit() * 150_000))
            kill(writers[victim].process.processIdentifier, SIGKILL)
            let results = try writers.map { try $0.wait() }
            #expect(results[victim].status == SIGKILL || results[victim].status == 0)
            let acknowledged = results.map { ScoreBatches.acknowledged($0.stdout) }
            if results[victim].status == SIGKILL && !acknowledged[victim].isEmpty { killedAfterAcknowledging += 1 }
            let stored = try ScoreBatches.stored(panel.db)
            for (index, said) in acknowledged.enumerated() {
                let lost = said.filter { stored[$0.key] != $0.value }
                #expect(
                    lost.isEmpty,
                    "round \(round), writer \(index): \(lost.count) acknowledged scores missing or changed")
            }
            let verify = try ScoreBatches.verify(panel.db)
            #expect(verify.status == 0, "round \(round): \(verify.stdout)\(verify.stderr)")
        }
        // The kills must land mid-work for this to prove anything.
        #expect(killedAfterAcknowledging >= 10)
    }
}
