import ArgumentParser
import Foundation
import SequencerCore
import SequencerKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sequencer eval`: built-in steps evaluated for runners, JSON Lines in and out, no database.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate built-in steps for runners without a database (JSON Lines on stdin, one answer per line on stdout).",
        discussion: """
            Each input line: {"step": {"runner": "WaitForDuration", "config": {...}}, \
            "runner": {"id"?, "data", "stepEnteredAt"?}, "now": "<ISO-8601>"}. \
            Each output line: the task runner's wire-protocol answer {"id", "action", "message", "wakeAt"?, "error"?}, \
            or {"error": "...", "pointer": "/step/config/unit"} naming the field at fault. \
            Blank lines are skipped; a bad line never stops the run. Without "now" the current time is used. \
            Exit codes: 0 after all lines, 2 when standard input cannot be read.
            """)

    func run() throws {
        var output = OutputBuffer()
        var pending = Data()
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                output.flush()
                throw BadInput("standard input is not readable: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            pending.append(contentsOf: chunk[0..<count])
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                Self.answer(pending[start..<newline], into: &output)
                start = pending.index(after: newline)
            }
            pending.removeSubrange(pending.startIndex..<start)
        }
        Self.answer(pending[...], into: &output)
        output.flush()
    }

    /// Evaluates one line (blank lines are skipped) and appends its answer.
    private static func answer(_ line: Data, into output: inout OutputBuffer) {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        output.append(StepEvaluation.evaluate(text: Data(line), runners: Sequencer.taskRunners).jsonText)
    }
}

/// Standard output, written in large blocks.
private struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func append(_ line: String) {
        bytes.append(contentsOf: line.utf8)
        bytes.append(0x0A)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
