import Foundation

/// An ordered, bounded hand-over of values from one producing thread to one consuming thread
/// (`JSONLines.read(_:notDone:chunkLines:each:)` parses the next chunk of lines while the
/// database works on the last). `put` waits while `capacity` values are waiting; `take` waits
/// for a value and answers `nil` once the producer has finished and every value was taken.
final class HandOver<Value: Sendable>: @unchecked Sendable {
    // `waiting`, `finished` and `cancelled` are read and written with `condition` locked only.
    private let condition = NSCondition()
    private var waiting: [Value] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    /// - Parameter capacity: how many values may wait to be taken (at least 1).
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Hands `value` over, waiting while the buffer is full.
    /// - Returns: `false` when the consumer has cancelled: the producer should stop.
    @discardableResult
    func put(_ value: Value) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        waiting.append(value)
        condition.broadcast()
        return true
    }

    /// The producer has no more values.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer takes no more values: a waiting `put` returns `false`.
    func cancel() {
        condition.lock()
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next value in order, or `nil` when the producer has finished and none is left.
    func take() -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !finished { condition.wait() }
        if waiting.isEmpty { return nil }
        let value = waiting.removeFirst()
        condition.broadcast()
        return value
    }
}
