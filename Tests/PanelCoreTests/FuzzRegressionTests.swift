import CAssertions
import Foundation
import PanelCore
import Testing

/// What scripts/fuzz.sh found, kept: each input under FuzzRegressions/TARGET/ goes through the
/// same parser as the fuzz target did, and must now come back as a result (a crash would take
/// the whole test run down with it).
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "FuzzRegressions")

    static func inputs(_ target: String) throws -> [Data] {
        let directory = folder.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
            try Data(contentsOf: directory.appendingPathComponent($0))
        }
    }

    /// The toml target: the first byte picks which of the four files the rest replaces. These
    /// panel now refuses itself before TOMLKit sees them.
    @Test func tomlInputsThatAbortedTheProcessAreRefused() throws {
        try refuseEach(try Self.inputs("toml"))
    }

    /// These toml++ itself reports as errors once its assert()s are compiled out, as `make test`
    /// and `make run` build it (-DNDEBUG); with them on, the first one aborts the test run.
    @Test(.enabled(if: c_assertions_enabled() == 0, "C/C++ assert()s are on: build with `make test` (-DNDEBUG)"))
    func tomlInputsTOMLPlusPlusAssertedOnAreRefused() throws {
        try refuseEach(try Self.inputs("toml-ndebug"))
    }

    /// Workbooks that crashed ZIPFoundation's in-memory reader (a directory or a data descriptor
    /// past the end) or Foundation's XMLParser (an element name that is not UTF-8): refused with
    /// their file named.
    @Test func xlsxInputsThatCrashedTheReaderAreRefused() throws {
        let inputs = try Self.inputs("xlsx")
        try #require(inputs.count == 3)
        for input in inputs {
            guard case .failure(let problem) = Workbook.readAll(input, file: "f.xlsx") else {
                Issue.record("read a damaged workbook")
                continue
            }
            #expect(problem.file == "f.xlsx" && problem.message.hasPrefix("is damaged"), "\(problem)")
        }
    }

    func refuseEach(_ inputs: [Data]) throws {
        let names = ["region", "school", "defense", "rules"]
        let shipped = try names.map { try ShippedFiles.text("\($0).toml") }
        try #require(!inputs.isEmpty)
        for input in inputs {
            let broken = Int(input.first!) % names.count
            let result = RoundDefinition.load(
                names.indices.map { index in
                    SourceFile(
                        path: "\(names[index]).toml",
                        text: index == broken ? String(decoding: input.dropFirst(), as: UTF8.self) : shipped[index])
                })
            guard case .failure(let problems) = result else { Issue.record("accepted"); continue }
            #expect(problems.all.contains { $0.file == "\(names[broken]).toml" && $0.line != nil }, "\(problems)")
        }
    }

    @Test func aHeaderTOMLKitWouldAbortOnIsRefusedWithItsLine() throws {
        for header in ["[评分]", "[[ 评分 ]]", "  [ 指标]", "[\nscoring]", "[[", "[.a]"] {
            let text = try ShippedFiles.text("rules.toml") + "\n" + header + "\nx = 1\n"
            guard case .failure(let problem) = TOMLDocument.parse(text, file: "rules.toml") else {
                Issue.record("accepted \(header)"); continue
            }
            #expect(
                problem.line == text.split(separator: "\n", omittingEmptySubsequences: false).count - 2
                    - header.filter { $0 == "\n" }.count)
            #expect(problem.message.contains("must be in quotes"))
        }
        // Quoted, it is an ordinary table; and "[" inside arrays and multi-line strings is no header.
        let fine = #"""
            ["评分"]
            x = 1
            m = [
              [
                1
              ],
              ["评"],
            ]
            s = """
            [注] 说明
            [
            """
            t = '''
            [评]
            '''
            """#
        #expect(throws: Never.self) { try TOMLDocument.parse(fine, file: "t.toml").get() }
    }
}
