@testable import PanelCore
import Testing

@Suite struct ConcurrentMapTests {
    @Test func givesMapsResultsInOrderAboveAndBelowTheThreshold() {
        for count in [0, 1, 4095, 4096, 50_001] {
            let numbers = Array(0..<count)
            #expect(numbers.concurrentMap { "\($0 * 3)" } == numbers.map { "\($0 * 3)" })
        }
        let (a, b) = both({ (1...1000).reduce(0, +) }, { "second" })
        #expect(a == 500_500 && b == "second")
    }
}
