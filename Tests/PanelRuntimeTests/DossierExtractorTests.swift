import Foundation
import PanelCore
@testable import PanelRuntime
import Testing

/// The extractors on real files made by real tools (scripts/make-dossier-fixtures.sh): each file
/// gets the status it deserves and its text on the right page.
@Suite struct DossierExtractorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dossier")

    func extract(_ name: String, ocr: Bool = false) -> Extraction {
        let url = Self.fixtures.appendingPathComponent(name)
        let head = (try? FileHandle(forReadingFrom: url).read(upToCount: 8)) ?? nil
        return DossierExtractor(ocr: ocr).extract(url, type: DossierFileType.of(name: name, head: head ?? Data()))
    }

    func page(_ extraction: Extraction, _ number: Int) -> String {
        extraction.pages.first { $0.number == number }?.text ?? ""
    }

    @Test func aPDFWithEmbeddedChineseFontsIsReadPageByPage() throws {
        let report = extract("report-embedded.pdf")
        #expect(report.status == .text && report.pages.map(\.number) == [1, 2, 3])
        #expect(
            page(report, 1).contains(
                """
                第一页：上城区于二〇一八年启动网络学习空间人人通建设
                """))
        #expect(page(report, 2).contains("第二页：全区教师空间开通率达到百分之九十八"))
        #expect(
            !page(report, 2).contains("第一页")
                && page(report, 3).contains(
                    """
                    第三页：依托空间开展跨校教研
                    """)
        )
        #expect(report.extractor == "pdftotext" && report.extractorVersion.first?.isNumber == true)
    }

    /// Without poppler-data, pdftotext prints only a warning and no Chinese at all for a font the
    /// PDF refers to instead of embedding (STSong-Light): the README's tools list has poppler-data.
    @Test func aPDFWhoseChineseFontIsNotEmbeddedIsReadToo() {
        let form = extract("nonembedded-font.pdf")
        #expect(form.status == .text)
        #expect(page(form, 1).contains("未嵌入字体的句子：区域教研共同体覆盖全部学校。"))
    }

    @Test func wordFilesKeepTheirTablesAsGridsAndAreOnePage() {
        let docx = extract("case-table.docx")
        #expect(docx.status == .text && docx.pages.count == 1 && docx.extractor == "pandoc")
        let rows = page(docx, 1).split(separator: "\n").map { $0.split(separator: " ") }
        #expect(rows.contains { $0 == ["小学", "24", "1080"] })
        #expect(page(docx, 1).contains("案例句子：学生在空间中提交作品并互评"))
        let doc = extract("recommendation.doc")
        #expect(doc.status == .text && doc.extractor == "catdoc")
        #expect(
            page(doc, 1).contains(
                """
                推荐意见：该区空间应用普及程度高，同意推荐为优秀区域。
                """))
    }

    @Test func aGB18030TextFileIsDecoded() {
        let text = extract("figures-gb18030.txt")
        #expect(text.status == .text && text.extractorVersion == "GB18030")
        #expect(
            page(text, 1) == """
                空间开通情况统计\n机构空间开通数：四十六个，文本文件中的句子。\n
                """)
    }

    @Test func aScanIsScannedUntilOCRReadsIt() {
        let scan = extract("scan-image-only.pdf")
        #expect(scan.status == .scanned && scan.pages.map(\.image) == [true] && page(scan, 1).isEmpty)
        #expect(scan.message.contains("--ocr"))
        let read = extract("scan-image-only.pdf", ocr: true)
        #expect(read.status == .text && read.pages.map(\.ocr) == [true])
        #expect(page(read, 1).contains("扫描页面文字识别测试"))
        #expect(read.extractor == "pdftotext+tesseract")
    }

    @Test func encryptedTruncatedAndVideoFilesGetTheirStatusAndReason() throws {
        #expect(extract("encrypted.pdf").status == .encrypted)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-truncated-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Data(contentsOf: Self.fixtures.appendingPathComponent("report-embedded.pdf"))
        let truncated = folder.appendingPathComponent("cut.pdf")
        try whole.prefix(whole.count / 2).write(to: truncated)
        let cut = DossierExtractor().extract(truncated, type: .pdf)
        #expect(cut.status == .unreadable && cut.message.hasPrefix("pdfinfo failed") && cut.message.contains("xref"))
        let video = extract("lesson.mp4")
        #expect(video.status == .attachment && video.pages.isEmpty && video.message.contains(".mp4"))
    }

    /// A DOCX whose document.xml inflates to 200 MB (made by Python's zipfile): pandoc is stopped at
    /// its limits and the file is unreadable, with the limit named.
    @Test func aZipBombPosingAsADOCXIsStoppedAtItsLimits() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-bomb-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bomb = folder.appendingPathComponent("bomb.docx")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: try #require(BoundedProcess.locate("python3")))
        python.arguments = [
            "-c",
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
                para = b'<w:p><w:r><w:t>' + b'a' * 1000 + b'</w:t></w:r></w:p>'
                body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + para * 200000 + b'</w:body></w:document>'
                z.writestr("word/document.xml", body)
            """,
            bomb.path,
        ]
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0)
        let limits = ToolLimits(seconds: 3, memoryBytes: 512 << 20)
        let read = DossierExtractor(limits: limits).extract(bomb, type: .docx)
        #expect(read.status == .unreadable && read.pages.isEmpty)
        #expect(read.message.hasPrefix("pandoc"), "\(read.message)")
    }

    @Test func aToolPastItsTimeOrOutputIsKilled() throws {
        let slow = try BoundedProcess.run("sleep", ["30"], limits: ToolLimits(seconds: 0.3))
        #expect(slow.ending == .timedOut)
        let chatty = try BoundedProcess.run("yes", [], limits: ToolLimits(seconds: 10, outputBytes: 1 << 20))
        #expect(chatty.ending == .tooMuchOutput && chatty.stdout.count > 1 << 20)
        let fine = try BoundedProcess.run("printf", ["%s", "中文"])
        #expect(fine.succeeded && String(decoding: fine.stdout, as: UTF8.self) == "中文")
        #expect(throws: BoundedProcess.Missing.self) { try BoundedProcess.run("no-such-tool-here", []) }
    }

    @Test func aTextFileLargerThanTheLimitIsNotRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-big-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.txt")
        try Data(repeating: 0x41, count: 3 << 20).write(to: big)
        let read = DossierExtractor(limits: ToolLimits(outputBytes: 2 << 20)).extract(big, type: .text)
        #expect(read.status == .unreadable && read.message == "a text file of 3 MiB is more than the 2 MiB panel reads")
    }

    @Test func tesseractsSpacesBetweenChineseCharactersAreDropped() {
        #expect(DossierExtractor.joinedCJK("扫 描 页 面 OCR test 文 字") == "扫描页面 OCR test 文字")
    }

    /// The streaming hash against coreutils' sha256sum, across the 64-byte block and the 1 MiB read.
    @Test func aFilesHashMatchesSha256sum() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("panel-sha-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for size in [0, 55, 63, 64, 65, 1 << 20, (1 << 20) + 7] {
            let url = folder.appendingPathComponent("f\(size)")
            try Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: url)
            let tool = try BoundedProcess.run("sha256sum", [url.path])
            let expected = String(decoding: tool.stdout.prefix(64), as: UTF8.self)
            let (hex, counted) = try SHA256.hex(ofFileAt: url.path)
            #expect(hex == expected && counted == size, "size \(size)")
        }
    }
}
