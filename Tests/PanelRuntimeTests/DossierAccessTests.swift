import Foundation
import PanelCore
@testable import PanelRuntime
import PanelStore
import PanelTUI
import Testing

/// An expert reads the dossiers of the candidates assigned to them and nobody else's; the chair
/// reads any. The dossier comes through the real import of a real PDF.
@Suite struct DossierAccessTests {
    @Test func anExpertReadsOnlyTheirOwnCandidatesDossierAndTheChairReadsAny() throws {
        let (path, folder) = try EffectRunnerTests.panel()
        defer { try? FileManager.default.removeItem(at: folder) }
        try PanelDatabase.open(at: path).addExpert(
            ExpertEntry(id: "E2", name: "李明", province: "上海", org: "", role: .expert, pin: "2222"))
        let materials = folder.appendingPathComponent("materials/R1")
        try FileManager.default.createDirectory(at: materials, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: DossierExtractorTests.fixtures.appendingPathComponent("report-embedded.pdf"),
            to: materials.appendingPathComponent("报告.pdf"))
        let importer = MaterialsImporter(
            store: try PanelDatabase.open(at: path, readOnly: true), folder: materials.deletingLastPathComponent(),
            extractor: DossierExtractor(), showsProgress: false)
        #expect(try importer.run().change.added == 1)

        for (id, pin) in [("E1", "1111"), ("C1", "9999")] {
            let runner = try EffectRunner(path: path)
            _ = runner.run(.signIn(id: id, pin: pin))
            let loaded = try #require(runner.run(.openDossier("R1")))
            guard case .dossierLoaded(let dossier) = try #require(loaded.first) else {
                Issue.record("\(id): \(loaded)")
                continue
            }
            #expect(dossier.files.map(\.name) == ["报告.pdf"] && dossier.pages[0].count == 3)
            #expect(dossier.pages[0][1].text.contains("第二页：全区教师空间开通率"))
        }
        let stranger = try EffectRunner(path: path)
        _ = stranger.run(.signIn(id: "E2", pin: "2222"))
        #expect(
            stranger.run(.openDossier("R1")) == [
                .dossierRefused(candidate: "R1", reason: "R1 未分配给您：不能查看其申报材料")
            ])
    }
}
