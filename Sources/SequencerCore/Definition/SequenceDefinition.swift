/// A named sequence of steps, as defined in one JSON file (see `docs/sequences.md`).
///
/// Shape: `{"name": "welcome", "description"?: "…", "start"?: "<step key>", "reentry"?: "never" |
/// "afterExit" | "always", "reentryAfterSeconds"?: N, "exitWhen"?: {condition}, "steps": [Step, …]}`.
/// The entry step is `start`, or the first step when `start` is absent.
public struct SequenceDefinition: Sendable, Hashable {
    /// The sequence's name: 1–100 characters of `A–Z a–z 0–9 . _ -`, starting with a letter or digit.
    public var name: String
    /// Free text for people; not used by the engine.
    public var description: String?
    /// The key of the step a newly enrolled runner starts at.
    public var start: String
    /// Whether, and when, a subject may enter this sequence again.
    public var reentry: ReentryPolicy
    /// Seconds that must pass after a subject's latest enrolment in this sequence before another
    /// (0: no minimum).
    public var reentryAfterSeconds: Double
    /// When it holds for a runner (checked whenever the tick looks at it, so after every change of
    /// the subject's data), the runner leaves the sequence with status `exited`.
    public var exitWhen: Condition?
    /// The default quiet hours of its Email and SMS steps (`"quietHours"`); already applied to
    /// the steps' parsed configs by ``parse(_:isAllowedLambda:runners:limits:)``.
    public var quietHours: QuietHours?
    /// The steps in file order; keys are unique.
    public var steps: [Step] {
        didSet { positions = Self.positions(of: steps) }
    }
    /// Step key → index in `steps` (the tick looks a step up for every runner and round).
    private var positions: [String: Int]

    /// Creates a definition from already validated parts; use ``parse(_:)`` for JSON input.
    public init(name: String, description: String? = nil, start: String, steps: [Step], reentry: ReentryPolicy = .never,
                reentryAfterSeconds: Double = 0, exitWhen: Condition? = nil) {
        self.name = name
        self.description = description
        self.reentry = reentry
        self.reentryAfterSeconds = reentryAfterSeconds
        self.exitWhen = exitWhen
        self.start = start
        self.steps = steps
        self.positions = Self.positions(of: steps)
    }

    /// The step with `key`, or `nil`.
    public func step(_ key: String) -> Step? {
        positions[key].map { steps[$0] }
    }

    private static func positions(of steps: [Step]) -> [String: Int] {
        Dictionary(steps.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Whether a subject may enter a sequence again (`"reentry"` in a definition), as stored in
/// `sequences.reentry`.
public enum ReentryPolicy: String, Sendable, Hashable, CaseIterable {
    /// A subject enters the sequence once, ever (the default).
    case never
    /// Again once its previous runner in the sequence has ended (completed, failed, cancelled, exited).
    case afterExit
    /// Any time, several runners at once.
    case always
}

/// One step of a sequence: `{key, runner, config, next, altNext}`.
public struct Step: Sendable, Hashable {
    /// Unique within the sequence; same character rules as a sequence name.
    public var key: String
    /// Which task runner decides for the runners waiting at this step.
    public var runner: TaskRunnerName
    /// The step's config as written; for built-ins also available parsed as ``builtin``.
    public var config: JSONValue
    /// The parsed config of a built-in task runner; `nil` for custom (Lambda) runners.
    public var builtin: BuiltinStepConfig?
    /// Where `next` goes; `nil` means the runner completes the sequence.
    public var next: String?
    /// Where `altNext` goes; `nil` means the runner completes the sequence.
    public var altNext: String?
    /// Free text for people.
    public var description: String?

    /// Creates a step from already validated parts.
    public init(key: String, runner: TaskRunnerName, config: JSONValue, builtin: BuiltinStepConfig?,
                next: String?, altNext: String?, description: String? = nil) {
        self.key = key
        self.runner = runner
        self.config = config
        self.builtin = builtin
        self.next = next
        self.altNext = altNext
        self.description = description
    }
}

/// The task runner behind a step: a built-in, or a custom one named by its Lambda function ARN.
public enum TaskRunnerName: Sendable, Hashable, CustomStringConvertible {
    case builtin(BuiltinRunner)
    /// A Lambda function, by ARN (`arn:aws:lambda:us-west-2:123456789012:function:score-lead`) or,
    /// written `lambda:score-lead` in a definition, by name in the engine's account and region.
    case lambda(String)
    /// A task runner written in Swift and built into this program (``TaskRunner``), by name.
    case swift(String)

    public var description: String {
        switch self {
        case .builtin(let runner): runner.rawValue
        case .lambda(let arn): arn
        case .swift(let name): name
        }
    }
}

/// The built-in task runners, named as in the original project.
public enum BuiltinRunner: String, CaseIterable, Sendable, Hashable {
    case goTo = "GoTo"
    case conditional = "Conditional"
    case goal = "Goal"
    case waitForDate = "WaitForDate"
    case waitForDuration = "WaitForDuration"
    case waitForDateComparison = "WaitForDateComparison"
    case email = "Email"
    case sms = "SMS"
    case waitUntil = "WaitUntil"
    case split = "Split"

    /// Whether a runner can stay at a step of this kind across ticks. A loop made only of steps
    /// that cannot wait would spin forever, so such loops are refused.
    public var canWait: Bool {
        switch self {
        case .goTo, .conditional, .email, .sms, .split: false
        case .goal, .waitForDate, .waitForDuration, .waitForDateComparison, .waitUntil: true
        }
    }
}
