import Foundation
import Testing

/// `panel bench` on a small synthetic panel: it runs through and reports every figure.
@Suite struct BenchCommandTests {
    @Test func aSmallBenchReportsEveryFigureAndFillsTheQuota() throws {
        let run = try PanelProcess.run([
            "bench", "run", "--json", "--regions", "64", "--schools", "256", "--experts", "12", "--runs", "1",
            "--writer-seconds", "1", "--rubrics",
            RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics").path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for figure in [
            "nominations_import_ms", "scores_import_ms", "defense_import_ms", "rank_engine_ms", "rank_end_to_end_ms",
            "key_move_down_ms", "key_search_ms", "key_score_digit_ms", "save_score_ms", "save_score_with_8_writers_ms",
            "startup_to_first_frame_ms",
        ] {
            let summary = try #require(report[figure] as? [String: Double], "\(figure) missing")
            #expect(summary["median"]! > 0 && summary["min"]! <= summary["max"]!)
        }
        let sizes = try #require(report["sizes"] as? [String: Int])
        // Every candidate is eligible and scored, so both quotas fill: 40 regions and 200 schools.
        #expect(sizes["winners"] == 240 && sizes["regions"] == 64 && (sizes["peak_rss_kb"] ?? 0) > 0)
    }
}
