import Foundation
import PanelCore
import Testing

/// The JSON and CSV that scripts read are a contract: changing how panel writes them (its own JSON
/// writer instead of Foundation's encoder, for start-up) must not change a byte. These hashes are
/// of the outputs of the release binary of commit 297cbfb, the last one before that work, on the
/// demo panel (`panel demo`, seed 2020, which builds the same panel on every run).
@Suite struct OutputBytesTests {
    static let recorded: KeyValuePairs<String, String> = [
        "candidates --format json": "46a2ad1f0394721c50321ed407786103ba4a498598339ec4a974dc1cb21b44d9",
        "candidates --format csv": "7fcbb3ab81107c18e93e5e70642c86aaa94ffeb62c38e33e1beba55ed5af7bff",
        "candidates --format json --kind school --ineligible":
            "986e380e447c1b2d2168d398e1ba2d263f99be5abb7da1fd8d7709cc71aea213",
        "rank --format json": "5269bf782a36df36db34a10b0ea5a7195e748361c2f459ec426a4756c2eeeca6",
        "rank --kind region --format json": "aa5056b96268b92fbed1eee6ab3899cd20dac337af86c17ddac779fa85c81f76",
        "rank --kind school --format csv": "6592421a818bf3731cec2207ef8c953d8591af89c50c4b1072025539be4733a3",
        "stats --format json": "46376c199ec67f8accb306e300034120d4666a8bacb76124ca8366b64d3cd9a9",
        "export scores --format json": "eba89ca3659b47a2636e158486375e841f501a776dbd78acab977831263fb096",
        "export scores --format csv": "c7fbff3022d7e81511afc415a0f6950d485aef91c6b81187b68d90f514837600",
        "export winners --format json": "b9358e5e0453abe38dd2050360f0887ae722d61da4dae608f1c5bcbd3160d430",
        "export winners --format csv": "3a02be3d0dd1a0a68f3ad0c2ddd4e7d0f1bda0099a9ef1cf687bc84c6d6a2e6d",
        "export winners --format md": "a746a22f49d62bfa5c7c3238e789908f8c8f3c2671f9824deb1048b9786a0dd7",
        "export report --format json": "7bd443181ce03bf9ef64cb634c9f67235f8f33d1fccc2b73053185b16acfefff",
        "export report --format csv": "614c99f610be758be26dfb88e82c3f2ca731391fe2264543391becde7cbe4dc1",
        "export report --format md": "1cf0be07daff1a4f0b766c6799be4ce23bcd86443f68c594a3a6b051a68074ec",
        "assignments --csv": "899cf3fc0b867b3ad13f2c16b048099d2fbd5923a6202f18c7374df9a683f8de",
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
