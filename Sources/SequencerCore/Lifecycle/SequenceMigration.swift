#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request to move the active runners of one sequence version to another
/// (`sequencer sequences migrate NAME --from V --to W [--map OLD=NEW …]`), and the check that
/// decides whether it can be done. Pure: the store reads how many runners are at each step and
/// moves them through ``RunnerMachine/migrate(_:to:version:mapping:now:)`` only when
/// ``problems(runnersAt:source:target:)`` is empty.
public struct SequenceMigration: Sendable, Hashable {
    /// The sequence's name.
    public var sequence: String
    /// The version whose active runners move.
    public var from: Int
    /// The version they move to.
    public var to: Int
    /// Old step key → new step key; a step not listed keeps its key.
    public var mapping: [String: String]

    /// Creates a request.
    public init(sequence: String, from: Int, to: Int, mapping: [String: String] = [:]) {
        self.sequence = sequence
        self.from = from
        self.to = to
        self.mapping = mapping
    }

    /// Why a migration is refused (nothing moves then).
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// `--from` and `--to` name the same version.
        case sameVersion(Int)
        /// Runners are at `step`, which the target version does not have and no mapping names.
        case unmappedStep(String, runners: Int)
        /// A mapping leads to a step the target version does not have.
        case mappedToMissingStep(from: String, to: String)
        /// A mapping names a step the source version does not have (a typo, most likely).
        case mappedFromUnknownStep(String)

        public var description: String {
            switch self {
            case .sameVersion(let version):
                "--from and --to are both version \(version)"
            case .unmappedStep(let step, let runners):
                "\(step) (\(runners) runner\(runners == 1 ? "" : "s")) is not a step of the target version; map it with --map \(step)=STEP"
            case .mappedToMissingStep(let from, let to):
                "--map \(from)=\(to): the target version has no step \"\(to)\""
            case .mappedFromUnknownStep(let step):
                "--map \(step)=…: the source version has no step \"\(step)\""
            }
        }
    }

    /// The step a runner at `step` moves to.
    public func target(of step: String) -> String {
        mapping[step] ?? step
    }

    /// Everything that stops this migration, in a stable order (mappings first, then unmapped
    /// steps by key); empty when every runner has a step to go to.
    /// - Parameters:
    ///   - runnersAt: step key → active runners of the source version at it.
    ///   - source: the source version's definition, to check the mapping's keys; `nil` skips that check.
    ///   - target: the target version's definition.
    public func problems(runnersAt: [String: Int], source: SequenceDefinition?, target: SequenceDefinition) -> [Problem] {
        if from == to { return [.sameVersion(from)] }
        var problems: [Problem] = []
        for (old, new) in mapping.sorted(by: { $0.key < $1.key }) {
            if let source, source.step(old) == nil { problems.append(.mappedFromUnknownStep(old)) }
            if target.step(new) == nil { problems.append(.mappedToMissingStep(from: old, to: new)) }
        }
        for (step, runners) in runnersAt.sorted(by: { $0.key < $1.key }) where runners > 0 && mapping[step] == nil {
            if target.step(step) == nil { problems.append(.unmappedStep(step, runners: runners)) }
        }
        return problems
    }

    /// The command that moves the runners of `from` to `to`, for reports
    /// (`sequencer sequences migrate onboarding --from 2 --to 3`).
    public var command: String {
        "sequencer sequences migrate \(sequence) --from \(from) --to \(to)"
    }

    /// What `sequences apply` adds after "created version W" when active runners stay on older
    /// versions: `; 1,204 active runners stay on v1–v2: `sequencer sequences migrate onboarding --from 2 --to 3``
    /// (with several older versions, `--from V` for each of them); "" when none do.
    /// - Parameters:
    ///   - older: active runners per older version, as (version, count).
    ///   - sequence: the sequence's name.
    ///   - latest: the version just applied (or kept).
    public static func olderRunnersNote(_ older: [(version: Int, count: Int)], sequence: String, latest: Int) -> String {
        let counted = older.filter { $0.count > 0 }.sorted { $0.version < $1.version }
        guard let first = counted.first, let last = counted.last else { return "" }
        let total = counted.reduce(0) { $0 + $1.count }
        let versions = first.version == last.version ? "v\(first.version)" : "v\(first.version)–v\(last.version)"
        let runners = "\(grouped(total)) active runner\(total == 1 ? "" : "s") \(total == 1 ? "stays" : "stay") on \(versions)"
        let command = SequenceMigration(sequence: sequence, from: last.version, to: latest).command
        if counted.count == 1 { return "; \(runners): `\(command)`" }
        let each = counted.map { "v\($0.version): \(grouped($0.count))" }.joined(separator: ", ")
        let general = "sequencer sequences migrate \(sequence) --from V --to \(latest)"
        return "; \(runners) (\(each)): `\(general)` for each V"
    }

    /// `1204` → `1,204`.
    static func grouped(_ number: Int) -> String {
        let digits = String(abs(number))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (number < 0 ? "-" : "") + result
    }
}
