import Foundation

extension Array {
    /// `map` on every core, results in order. For work on each of 100,000 candidates; below a
    /// few thousand elements it is a plain `map`. `transform` must only read shared state.
    /// `minimum`: below this many elements one core is quicker than dispatching (for cheap transforms).
    func concurrentMap<T>(minimum: Int = 4096, _ transform: (Element) -> T) -> [T] {
        let workers = Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard count >= minimum, workers > 1 else { return map(transform) }
        var results = [T?](repeating: nil, count: count)
        let total = count
        results.withUnsafeMutableBufferPointer { output in
            withUnsafeBufferPointer { input in
                // Each worker writes its own slice of `output`; nothing else is shared but read.
                nonisolated(unsafe) let output = output, input = input
                withoutActuallyEscaping(transform) { transform in
                    nonisolated(unsafe) let transform = transform
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        for index in (total * worker / workers)..<(total * (worker + 1) / workers) {
                            output[index] = transform(input[index])
                        }
                    }
                }
            }
        }
        return results.map { $0! }
    }
}

/// `first()` and `second()` at the same time.
public func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    var a: A?, b: B?
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            nonisolated(unsafe) let first = first, second = second
            nonisolated(unsafe) var resultA: A?, resultB: B?
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 { resultA = first() } else { resultB = second() }
            }
            (a, b) = (resultA, resultB)
        }
    }
    return (a!, b!)
}
