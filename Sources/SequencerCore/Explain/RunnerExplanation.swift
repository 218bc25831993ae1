#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything `sequencer explain` knows about one runner, as the store read it. The explanation
/// is a pure function of this and `now` (``RunnerExplanation/init(_:now:)``).
public struct ExplanationInput: Sendable, Hashable {
    /// The runner (its subject's data included).
    public var runner: RunnerState
    /// The definition of the version it runs on; `nil` when that version is not stored.
    public var definition: SequenceDefinition?
    /// The sequence's latest version; `nil` when unknown.
    public var latestVersion: Int?
    /// The tick holding it for a send or a custom task runner's call (`lease_owner`,
    /// `lease_until`, engine clock); `nil` when none.
    public var lease: (owner: String, until: Date)? {
        get { leaseOwner.flatMap { owner in leaseUntil.map { (owner, $0) } } }
        set { leaseOwner = newValue?.owner; leaseUntil = newValue?.until }
    }
    private var leaseOwner: String?
    private var leaseUntil: Date?
    /// When it was enrolled (engine clock, UTC).
    public var enrolledAt: Date?
    /// When it left `active` (engine clock, UTC); `nil` while active.
    public var endedAt: Date?
    /// How many failed attempts make a runner `failed` (the configuration's `tick.maxAttempts`).
    public var maxAttempts: Int
    /// When the engine last looked at the runner and its wait answered "not yet" (engine clock,
    /// UTC): the store reads it from `runners.checked_at` (migration 004); `nil` when never
    /// checked. The explanation shows it as a `last checked` line when present.
    public var lastCheckedAt: Date?

    /// Creates an input; see the properties.
    public init(runner: RunnerState, definition: SequenceDefinition?, latestVersion: Int?, lease: (owner: String, until: Date)? = nil,
                enrolledAt: Date? = nil, endedAt: Date? = nil, maxAttempts: Int = RetryPolicy().maxAttempts, lastCheckedAt: Date? = nil) {
        self.runner = runner
        self.definition = definition
        self.latestVersion = latestVersion
        self.enrolledAt = enrolledAt
        self.endedAt = endedAt
        self.maxAttempts = maxAttempts
        self.lastCheckedAt = lastCheckedAt
        self.lease = lease
    }
}

/// One line of an explanation: what it is about, and the words.
public struct ExplanationLine: Sendable, Hashable {
    /// What a line of an explanation is about (its label in text output).
    public enum Topic: String, Sendable, Hashable, CaseIterable {
        /// Where the runner is, its status, and since when.
        case position = "at"
        /// Its version against the latest.
        case version
        /// What its step waits for.
        case waitsFor = "waits for"
        /// When the tick looks at it next.
        case wake
        /// The tick holding it for a network call.
        case lease
        /// Failed attempts at the step, and the latest error.
        case attempts
        /// When the engine last found its wait not over (the hook of ``ExplanationInput/lastCheckedAt``).
        case lastChecked = "last checked"
        /// A Goal elsewhere, or the exit condition, that can pull it away.
        case also
        /// What an operator can do.
        case hint
    }

    public var topic: Topic
    public var text: String

    public init(_ topic: Topic, _ text: String) {
        self.topic = topic
        self.text = text
    }
}

/// Why a runner is where it is, in words: the answer to "why isn't it moving?".
public struct RunnerExplanation: Sendable, Hashable {
    public var runnerID: String
    public var subject: String
    public var sequence: String
    public var version: Int
    public var status: RunnerStatus
    public var step: String
    /// The lines, in the order of ``ExplanationLine/Topic``'s cases (some topics repeat or are absent).
    public var lines: [ExplanationLine]

    /// The explanation of `input` at `now` (UTC, the engine clock: `--now`).
    public init(_ input: ExplanationInput, now: Date) {
        let runner = input.runner
        runnerID = runner.id
        subject = runner.subject
        sequence = runner.sequence
        version = runner.version
        status = runner.status
        step = runner.step
        lines = ExplanationBuilder(input: input, now: now).lines()
    }

    /// `u-1 in trial-onboarding (runner u-1)` and the lines, labelled and aligned.
    public var text: String {
        let width = lines.map(\.topic.rawValue.count).max() ?? 0
        let body = lines.map { line in
            "  " + line.topic.rawValue.padded(toLength: width) + "  " + line.text
        }
        return (["\(subject) in \(sequence) (runner \(runnerID))"] + body).joined(separator: "\n")
    }

    /// `{"runner", "subject", "sequence", "version", "status", "step", "lines": [{"topic", "text"}]}`.
    public var json: JSONValue {
        .object([
            "runner": .string(runnerID), "subject": .string(subject), "sequence": .string(sequence),
            "version": .number(Double(version)), "status": .string(status.rawValue), "step": .string(step),
            "lines": .array(lines.map { .object(["topic": .string($0.topic.rawValue), "text": .string($0.text)]) }),
        ])
    }
}
