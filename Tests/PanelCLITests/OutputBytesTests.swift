import Foundation
import PanelCore
import Testing

/// The JSON and CSV that scripts read are a contract: changing how panel writes them (its own JSON
/// writer instead of Foundation's encoder, for start-up) must not change a byte. These hashes are
/// of the outputs of the release binary of commit 297cbfb, the last one before that work, on the
/// demo panel (`panel demo`, seed 2020, which builds the same panel on every run). The demo's
/// experts got 学段 and 评审类别 in issue 20, which changed the assignment and so every output
/// that follows from it: those (rank, stats, exports, assignments) were recorded again then, by
/// the commit that changed the demo; that the writer matches Foundation's byte for byte is
/// checked on its own by PrettyJSONTests.
@Suite struct OutputBytesTests {
    static let recorded: KeyValuePairs<String, String> = [
        "candidates --format json": "46a2ad1f0394721c50321ed407786103ba4a498598339ec4a974dc1cb21b44d9",
        "candidates --format csv": "7fcbb3ab81107c18e93e5e70642c86aaa94ffeb62c38e33e1beba55ed5af7bff",
        "candidates --format json --kind school --ineligible":
            "986e380e447c1b2d2168d398e1ba2d263f99be5abb7da1fd8d7709cc71aea213",
        "rank --format json": "d02a8bef1cc8c67d0e9ccc941d6f11709ccc4516a8f5083654df1a29b24f7075",
        "rank --kind region --format json": "5a0a5d8216d23fa71467edf73dfbaa3fddfa0fca45e03eedc870fa5967bdd631",
        "rank --kind school --format csv": "3f390c5741e369441c226bde7317906c788e38566b37733ffc857c84b772e3ac",
        "stats --format json": "dd370ecb21e562006a33d1585aed5d046a27856d9a069092f7d631e50b8bc7ec",
        "export scores --format json": "45b8662df199fdd2db50e2d3b6b8cd007d0a3650f3872f687e0532aca900ef25",
        "export scores --format csv": "09e851b226ffca40d31520f6fbb7e509604d62a1b76ebdf47f6ee832e66920c9",
        "export winners --format json": "bb544a8140ffa2bf566f5d4d00089952372a474dcd9dbeed0608536d242ffd7c",
        "export winners --format csv": "bd39222f037e4c7812020e7547c4eb959f660b4a73f5cfb9f7a028bdd6e51268",
        "export winners --format md": "deedf283605462434c44d1338bfcb0749a14475dfecc95704c20f3d99e7441f2",
        "export report --format json": "11e5dba8318ca164ab8f214c403d14915d460e140cd212a2d4710f0ddcfb9fd6",
        "export report --format csv": "efcc86790a8a193a7a3a873e1eed6a2fe17834cdd17248ceeacfda2b63f6ac88",
        "export report --format md": "8149442e8fcabfd37dded7200c97961ab6fbbd69f0c647a1fabe3ff7a7ef01b1",
        "assignments --csv": "72c1b60739922a57e13bf35c854a62d4d3403222334ed08580aa56c3253669e2",
        "materials list --format json": "a675d179cd9d7b23b92eab8af5a7bd2d40f836d7d12125b15f390f2183f425a7",
        "materials search 网络学习空间 --format json":
            "1f09f6b83241609512bfb21989106d30dd532b585a9a90f0623146bfdcb9a68b",
    ]

    /// A command whose bytes changed leaves its output beside the database, to diff against the
    /// same command of the older binary.
    @Test func theDemosOutputsAreByteIdenticalToTheRecordedOnes() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = workspace.path("demo.sqlite")
        let rubrics = RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path
        let built = try PanelProcess.run(["demo", "--no-tui", "--db", db, "--rubrics", rubrics])
        try #require(built.status == 0, "\(built.stderr)")
        // All at once: they only read, and the debug binary is slow on the large ones.
        let running = try Self.recorded.map { command, _ in
            try PanelProcess.start(command.split(separator: " ").map(String.init) + ["--db", db])
        }
        var changed: [String] = []
        for ((command, hash), process) in zip(Self.recorded, running) {
            let result = try process.wait()
            #expect(result.status == 0, "\(command): \(result.stderr)")
            if SHA256.hex(result.stdoutBytes) != hash {
                let kept = workspace.path(command.replacingOccurrences(of: " ", with: "_") + ".out")
                try Data(result.stdoutBytes).write(to: URL(fileURLWithPath: kept))
                changed.append("\(command) (written to \(kept))")
            }
        }
        #expect(changed == [])
        if !changed.isEmpty { print("changed outputs kept in \(workspace.folder.path)") }
    }
}
