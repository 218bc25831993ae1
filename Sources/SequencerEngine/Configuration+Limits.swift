#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SequencerCore

extension Configuration {
    /// Reads the `limits` section: the limits the engine and the command-line tool enforce (the
    /// size limits of the SQL entry points are `sequencer.settings` rows instead, enforced where
    /// the data arrives: see `docs/schema.md`).
    ///
    /// - `definitionBytes` (1,024–67,108,864) [1,048,576] and `definitionSteps` (1–100,000) [500]:
    ///   `sequences apply` refuses larger definitions.
    /// - `emailPartBytes` (1–41,943,040, SES's limit) [262,144] and `smsCharacters` (1–1,600,
    ///   SNS's limit) [1,600]: a larger rendered message is a failed attempt naming the field.
    /// - `historyPerRunner` (0–10,000,000, 0 = no cap) [1,000]: `sequencer prune` keeps at most
    ///   this many history lines per runner.
    mutating func readLimits(_ settings: inout JSONFieldReader) {
        settings.onlyKnown(["definitionBytes", "definitionSteps", "emailPartBytes", "smsCharacters", "historyPerRunner"])
        definitionLimits.bytes = settings.integer("definitionBytes", in: 1_024...67_108_864) ?? definitionLimits.bytes
        definitionLimits.steps = settings.integer("definitionSteps", in: 1...100_000) ?? definitionLimits.steps
        var messages = tick.messageLimits
        messages.emailPartBytes = settings.integer("emailPartBytes", in: 1...MessageLimits.sesMaxBytes) ?? messages.emailPartBytes
        messages.smsCharacters = settings.integer("smsCharacters", in: 1...MessageLimits.snsMaxCharacters) ?? messages.smsCharacters
        tick.messageLimits = messages
        historyPerRunner = settings.integer("historyPerRunner", in: 0...10_000_000) ?? historyPerRunner
    }
}
