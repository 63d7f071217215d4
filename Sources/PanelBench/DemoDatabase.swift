import Foundation
import PanelCore
import PanelRuntime
import PanelStore

/// The demo panel (`panel demo`, and the panel `panel bench keys` measures on): all 32 units'
/// nominations, 25 experts and a chair, assignments, most material sheets and the defence scored,
/// and two regions tied at the cut line.
public struct DemoDatabase {
    public var path: String
    public var seed: UInt64
    public var rubrics: String

    public init(path: String, seed: UInt64 = 2020, rubrics: String = "scoring-rubrics") {
        self.path = path
        self.seed = seed
        self.rubrics = rubrics
    }

    private var db: String { path }

    public func build() throws {
        let round = try loadRound(from: rubrics)
        let store = try PanelDatabase.create(at: db, round: round, force: false)
        let nominations = try store.importNominations(
            data: Data(DemoPanel.nominationsCSV().utf8), file: "demo-nominations.csv")
        _ = try store.importExperts(data: Data(DemoPanel.expertsCSV().utf8), file: "demo-experts.csv")
        let assigned = try store.assign(perCandidate: 7, seed: seed)
        let scores = DemoPanel.scoresCSV(
            assignments: assigned.plan.assignments, candidates: nominations.candidates, round: round, seed: seed)
        let imported = try store.importScores(data: Data(scores.utf8), file: "demo-scores.csv")
        let regions = nominations.candidates.filter { $0.kind == .region }.count
        say(
            """
            built \(db): \(regions) regions, \(nominations.candidates.count - regions) schools, 25 experts and a\
             chair; 
            """
                + """
                \(assigned.plan.assignments.count) assignments; \(imported.submitted) material sheets submitted,\
                 \(imported.drafts) drafts
                """
        )
        try openDefense(store, round: round, assignments: assigned.plan.assignments)
        try importDossiers(store, nominations.candidates)
    }

    /// Every candidate's dossier written as a secretariat's folder and imported for real; a few
    /// candidates also get the real PDF, scan and Word files made for the tests, when this is a
    /// checkout that has them.
    private func importDossiers(_ store: PanelDatabase, _ candidates: [Candidate]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-demo-materials-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let gb18030 = String.Encoding(rawValue: 0x8000_0632)
        for candidate in candidates {
            let own = folder.appendingPathComponent(candidate.id)
            try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
            for file in DemoDossier.files(for: candidate) {
                let data = file.gb18030 ? file.text.data(using: gb18030) : Data(file.text.utf8)
                try (data ?? Data(file.text.utf8)).write(to: own.appendingPathComponent(file.name))
            }
        }
        let fixtures = URL(fileURLWithPath: rubrics).deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/dossier")
        let regions = candidates.filter { $0.kind == .region }, schools = candidates.filter { $0.kind == .school }
        let extras: [(Candidate?, String, String)] = [
            (regions.first, "report-embedded.pdf", "建设与应用报告.pdf"),
            (regions.first, "scan-image-only.pdf", "推荐表盖章页.pdf"),
            (regions.dropFirst().first, "recommendation.doc", "推荐意见.doc"),
            (schools.first, "case-table.docx", "典型案例表.docx"),
            (schools.first, "nonembedded-font.pdf", "教研共同体简介.pdf"),
        ]
        for (candidate, fixture, name) in extras {
            let source = fixtures.appendingPathComponent(fixture)
            guard let candidate, FileManager.default.fileExists(atPath: source.path) else { continue }
            try FileManager.default.copyItem(
                at: source, to: folder.appendingPathComponent(candidate.id).appendingPathComponent(name))
        }
        let done = try MaterialsImporter(
            store: store, folder: folder, extractor: DossierExtractor(), showsProgress: false
        ).run()
        say("dossiers: \(done.files) files, \(done.pages) pages read in \(String(format: "%.1f", done.seconds)) s")
    }

    /// The defence day as the chair would have run it: two groups, the order drawn, a schedule
    /// over several days, every group's slots heard but its last three, of which group 1's first is
    /// under way (since the build, some of its experts have submitted); two regions tied at the cut
    /// line for the chair to resolve.
    private func openDefense(_ store: PanelDatabase, round: RoundDefinition, assignments: [Assignment]) throws {
        let chair = try store.signIn(id: DemoPanel.chair, pin: DemoPanel.pin)
        try store.setDefenseStage(chair: chair, open: true)
        let shortlisted = Dictionary(
            uniqueKeysWithValues: try CandidateKind.allCases.flatMap { try store.ranking($0).entries }
                .filter { $0.status == .noDefense }.map { ($0.candidate.id, $0.material!.value.points) })
        _ = try store.formDefenseGroups(groups: 2, seed: seed)
        _ = try store.drawDefense(seed: seed)
        try store.scheduleDefense(
            date: "2020-12-28", start: ClockMinutes(8 * 60 + 30),
            breaks: [DefenseSchedule.Break(from: ClockMinutes(12 * 60), to: ClockMinutes(13 * 60 + 30))],
            dayEnd: ClockMinutes(18 * 60), rooms: [1: "第一答辩室"],
            links: [2: "https://meeting.example.cn/panel-2"])
        let day = try store.defenseDay(now: 0)
        var heard: [Assignment] = [], live: [Assignment] = []
        var keys: [(action: PanelDatabase.SlotAction, now: Int)] = []
        for group in day.groups {
            let slots = day.slots(of: group.number)
            let members = group.experts.map(\.id)
            for (index, slot) in slots.dropLast(3).enumerated() {
                // Each slot as the chair keyed it, at its planned time (Beijing time), a few over some.
                let start = Self.beijing(slot.plannedStart)
                let over = index % 5 == 2 ? 75 : -30
                keys += [
                    (.start(group: group.number), start),
                    (.end(group: group.number), start + round.rules.defense.slotMinutes * 60 + over),
                ]
                heard += members.map { Assignment(expert: $0, candidate: slot.candidate.id) }
            }
            if group.number == 1, let next = slots.dropLast(2).last {
                keys.append((.start(group: 1), PanelClock.now()))
                live = members.prefix(5).map { Assignment(expert: $0, candidate: next.candidate.id) }
            }
        }
        // One transaction: 565 keys, each audited as the console's would be.
        try store.defenseSlots(keys, chair: chair)
        let defense = DemoPanel.defenseCSV(shortlisted: shortlisted, assignments: heard, round: round, seed: seed)
        _ = try store.importScores(data: Data(defense.utf8), file: "demo-defense.csv")
        let started = DemoPanel.defenseCSV(shortlisted: shortlisted, assignments: live, round: round, seed: seed + 1)
        _ = try store.importScores(data: Data(started.utf8), file: "demo-defense-live.csv")
        // The 40th and 41st regions get identical sheets at a total strictly between the 39th and 42nd.
        let ranked = try store.ranking(.region).entries.filter { $0.final != nil }
        let quota = round.rules.quota.region
        guard ranked.count > quota + 1 else { return }
        let above = ranked[quota - 2].final!, below = ranked[quota + 1].final!
        var total = Points(hundredths: above.rounded.hundredths / 50 * 50)
        while Rational(total) >= above { total = total - Points(hundredths: 50) }
        guard Rational(total) > below else {
            say(
                """
                defence day: \(heard.count) defence sheets (no room for a tie at the cut with this seed)
                """
            )
            return
        }
        let pair = [ranked[quota - 1].candidate, ranked[quota].candidate]
        let tie = DemoPanel.identicalSheetsCSV(
            candidates: pair, assignments: assignments, round: round, total: total, defenseAssignments: heard)
        _ = try store.importScores(
            data: Data(tie.utf8), file: "demo-tie.csv", replacingSubmitted: "the demo's tie at the cut line")
        let waiting = day.slots.count - Set(heard.map(\.candidate)).count
        say(
            "defence day: 2 groups, \(Set(heard.map(\.candidate)).count) defences heard, one under way,"
                + " \(waiting - 1) waiting; \(pair.map(\.id).joined(separator: " ")) tie at the region cut line"
                + " (resolve it as C01)"
        )
    }

    /// `2020-12-28 09:00` in Beijing time (UTC+8), in seconds since 1970.
    static func beijing(_ text: String?) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = (text ?? "").split { $0 == "-" || $0 == " " || $0 == ":" }.compactMap { Int($0) }
        guard parts.count == 5,
            let date = calendar.date(
                from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))
        else { return 0 }
        return Int(date.timeIntervalSince1970)
    }
}
