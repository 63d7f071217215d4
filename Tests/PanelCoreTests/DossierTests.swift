import Foundation
import PanelCore
import Testing

/// The pure parts of the dossiers: which folder is whose, names as they may be shown, the type
/// of a file, the words around a search hit.
@Suite struct DossierTests {
    static func candidate(_ id: String, _ name: String) -> Candidate {
        Candidate(
            id: id, kind: .region, name: name, province: "浙江省", city: "杭州市", platform: "p", connected: true,
            importOrder: 1)
    }

    @Test func foldersAreMatchedByIdOrExactNameAndAnyOtherRefusesAll() throws {
        let candidates = [
            Self.candidate("R-33-1", "浙江省杭州市上城区"), Self.candidate("R-33-2", "重名区"), Self.candidate("R-33-3", "重名区"),
            Self.candidate("R-33-4", "浙江省宁波市海曙区"),
        ]
        #expect(
            try DossierFolders.match(["R-33-1", "浙江省宁波市海曙区"], candidates: candidates).get()
                == ["R-33-1": "R-33-1", "浙江省宁波市海曙区": "R-33-4"])
        // A name two candidates share names neither: the folder must use the 编号.
        guard
            case .failure(let refused) = DossierFolders.match(
                ["R-33-1", "重名区", "上城区", "evil\u{1B}[2J"], candidates: candidates)
        else {
            Issue.record("matched")
            return
        }
        #expect(refused.folders == ["evil\u{1B}[2J", "上城区", "重名区"])
        #expect(refused.withoutDossier == ["R-33-2", "R-33-3", "R-33-4"])
        #expect(refused.description.contains("  evil\\u{1b}[2J\n") && !refused.description.contains("\u{1B}"))
    }

    @Test func namesAreShownEscapedAndWrittenSafely() {
        #expect(DisplayName.escaped("a\u{1B}[31m\nb\u{202E}c") == "a\\u{1b}[31m\\u{a}b\\u{202e}c")
        #expect(DisplayName.escaped("推荐表.pdf") == "推荐表.pdf")
        #expect(DisplayName.escaped(String(repeating: "长", count: 200)).count == 120)
        #expect(DisplayName.safeFileName("../../etc/passwd") == "_.._etc_passwd")
        #expect(DisplayName.safeFileName("a\u{1B}b/c") == "a_b_c")
        #expect(DisplayName.safeFileName(String(repeating: "长", count: 100) + ".pdf").utf8.count <= 200)
        #expect(DisplayName.safeFileName(String(repeating: "长", count: 100) + ".pdf").hasSuffix(".pdf"))
        #expect(DisplayName.safeFileName("...") == "file")
    }

    @Test func aFilesTypeComesFromItsBytesThenItsName() {
        #expect(DossierFileType.of(name: "推荐表", head: Data("%PDF-1.7".utf8)) == .pdf)
        #expect(DossierFileType.of(name: "a.DOCX", head: Data([0x50, 0x4B, 3, 4])) == .docx)
        #expect(DossierFileType.of(name: "a.doc", head: Data()) == .doc)
        #expect(DossierFileType.of(name: "a.md", head: Data()) == .text)
        #expect(DossierFileType.of(name: "lesson.mp4", head: Data([0, 0, 0, 0x18])) == .other)
    }
    @Test func theWordsAroundTheFirstOccurrenceOnOneLine() {
        #expect(DossierHit.snippet(of: "开通数", in: "空间开通情况统计\n机构空间开通数：四十六个", radius: 7) == "…统计 机构空间开通数：四十六个")
        #expect(DossierHit.snippet(of: "短", in: "短文", radius: 4) == "短文")
        #expect(DossierHit.snippet(of: "无", in: "甲  乙\n丙", radius: 4) == "甲 乙 丙")
    }
}
