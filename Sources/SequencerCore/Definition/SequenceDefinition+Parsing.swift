#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SequenceDefinition {
    /// Whether `name` is a valid sequence name or step key: 1–100 characters of `A–Z a–z 0–9 . _ -`,
    /// starting with a letter or digit.
    ///
    /// Checked byte by byte rather than with a `Regex`: a regex literal is parsed and compiled
    /// again on every use, which made a definition of 20,000 steps take seconds to read (a
    /// timeout of the fuzz target `definition`).
    static func isValidName(_ name: String) -> Bool {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
        }
        let bytes = name.utf8
        guard let first = bytes.first, bytes.count <= 100, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Reads and validates a definition file's JSON (shape in `docs/sequence.schema.json`).
    ///
    /// Refuses, naming each place by JSON pointer: missing or mistyped fields, unknown fields,
    /// duplicate step keys, unknown built-in runner names, `next`/`altNext`/`start`/GoTo targets
    /// that do not exist, configs that do not fit their runner (unknown lodash command, moment unit
    /// or getter, unparseable literal date or zone, bad template), Lambda ARNs that
    /// `isAllowedLambda` rejects, loops in which no step can wait (they would spin forever), and
    /// more steps than `limits` allow (then nothing else is checked).
    /// - Parameters:
    ///   - isAllowedLambda: whether a Lambda function (ARN or name) may be a step's runner.
    ///   - runners: the Swift task runners a step may name (their configs are validated by each
    ///     runner); ``TaskRunnerRegistry/storedDefinitions`` for definitions already applied.
    ///   - limits: how many steps it may have (`sequences apply`); without limits (a stored
    ///     definition the tick loads, which was checked when it was applied) any number is read.
    /// - Throws: `DefinitionError` listing every problem.
    public static func parse(
        _ json: JSONValue,
        isAllowedLambda: (String) -> Bool = { _ in true },
        runners: TaskRunnerRegistry = .none,
        limits: DefinitionLimits? = nil
    ) throws(DefinitionError) -> SequenceDefinition {
        guard json.objectValue != nil else {
            throw DefinitionError(sequence: nil, problems: [.init(pointer: "", reason: "must be a JSON object, not \(json.typeName)")])
        }
        var root = JSONFieldReader(json, at: "")
        root.onlyKnown(["name", "description", "start", "steps", "reentry", "reentryAfterSeconds", "exitWhen", "quietHours"])
        let name = root.string("name", required: true)
        if let name, !isValidName(name) {
            root.add("/name", "\"\(name)\" must be 1–100 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit")
        }
        let description = root.string("description")
        let policy = readPolicy(&root)
        var quietReader = ConfigReader(JSONFieldReader(root.members, at: ""))
        let quietHours = root.members["quietHours"] == nil ? nil : quietReader.quietHours("quietHours")
        root.merge(quietReader.fields)
        let elements = root.array("steps", required: true) ?? []
        if let tooMany = limits?.stepsProblem(elements.count) {
            throw DefinitionError(sequence: name, problems: [tooMany])
        }
        if root.members["steps"]?.arrayValue?.isEmpty == true {
            root.add("/steps", "must hold at least one step")
        }
        var steps: [Step] = []
        for (index, element) in elements.enumerated() {
            if let step = parseStep(element, at: JSONPointer.appending("/steps", index), isAllowedLambda: isAllowedLambda,
                                     runners: runners, into: &root) {
                steps.append(step)
            }
        }
        let start = root.string("start") ?? steps.first?.key ?? ""
        let indexByKey = checkKeys(elements, into: &root)
        if root.members["start"]?.stringValue != nil, !elements.isEmpty, indexByKey[start] == nil {
            root.add("/start", "names step \"\(start)\", which does not exist")
        }
        checkTargets(elements, indexByKey: indexByKey, into: &root)
        if root.isValid {
            checkInstantLoops(steps, into: &root)
        }
        guard root.isValid, let name else {
            throw DefinitionError(sequence: name, problems: root.problems)
        }
        var definition = SequenceDefinition(name: name, description: description, start: start,
                                            steps: steps.map { $0.applyingQuietHours(quietHours) }, reentry: policy.reentry,
                                            reentryAfterSeconds: policy.after, exitWhen: policy.exitWhen)
        definition.quietHours = quietHours
        return definition
    }

    /// `reentry`, `reentryAfterSeconds` and `exitWhen` (a condition written as a Goal's config).
    private static func readPolicy(_ root: inout JSONFieldReader) -> (reentry: ReentryPolicy, after: Double, exitWhen: Condition?) {
        var reentry = ReentryPolicy.never
        if let name = root.string("reentry") {
            if let policy = ReentryPolicy(rawValue: name) {
                reentry = policy
            } else {
                root.add("/reentry", "\"\(name)\" is not a re-entry policy (expected one of \(ReentryPolicy.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let after = root.number("reentryAfterSeconds", in: 0...315_360_000, as: "a number of seconds") ?? 0
        if after > 0, reentry == .never {
            root.add("/reentryAfterSeconds", "has no effect with reentry \"never\" (use afterExit or always)")
        }
        var exitWhen: Condition?
        if let members = root.object("exitWhen") {
            var reader = ConfigReader(JSONFieldReader(members, at: "/exitWhen"))
            if case .condition(let condition)? = reader.read(.goal) { exitWhen = condition }
            root.merge(reader.fields)
        }
        return (reentry, after, exitWhen)
    }

    private static func parseStep(_ json: JSONValue, at pointer: String, isAllowedLambda: (String) -> Bool,
                                  runners: TaskRunnerRegistry, into root: inout JSONFieldReader) -> Step? {
        var fields = JSONFieldReader(json, at: pointer)
        guard json.objectValue != nil else {
            root.add(pointer, "a step must be a JSON object, not \(json.typeName)")
            return nil
        }
        fields.onlyKnown(["key", "runner", "config", "next", "altNext", "description"])
        let key = fields.string("key", required: true)
        if let key, !isValidName(key) {
            fields.add(pointer + "/key", "\"\(key)\" must be 1–100 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit")
        }
        let runner = fields.string("runner", required: true).flatMap {
            readRunner($0, into: &fields, isAllowedLambda: isAllowedLambda, runners: runners)
        }
        let config = fields.members["config"] ?? .object([:])
        var builtin: BuiltinStepConfig?
        var configFields = JSONFieldReader(config, at: pointer + "/config")
        if case .builtin(let kind)? = runner, config.objectValue != nil {
            var reader = ConfigReader(configFields)
            builtin = reader.read(kind)
            configFields = reader.fields
        }
        if case .swift(let name)? = runner, config.objectValue != nil, let swift = runners.runner(named: name) {
            for problem in swift.validate(config: config) { configFields.add(pointer + "/config" + problem.pointer, problem.reason) }
        }
        fields.merge(configFields)
        let next = readTarget("next", from: &fields)
        let altNext = readTarget("altNext", from: &fields)
        let description = fields.string("description")
        root.merge(fields)
        guard fields.isValid, let key, let runner else { return nil }
        return Step(key: key, runner: runner, config: config, builtin: builtin, next: next, altNext: altNext, description: description)
    }

    /// A step's `runner`: a built-in's name, `arn:aws:lambda:…` or `lambda:<name>` (allow-listed),
    /// or a Swift task runner's name (built in, or any well-formed one in stored definitions).
    private static func readRunner(_ name: String, into fields: inout JSONFieldReader,
                                   isAllowedLambda: (String) -> Bool, runners: TaskRunnerRegistry) -> TaskRunnerName? {
        if let builtin = BuiltinRunner(rawValue: name) { return .builtin(builtin) }
        let place = fields.path("runner")
        guard name.hasPrefix("arn:") || name.hasPrefix("lambda:") else {
            if runners.runner(named: name) != nil || (runners.acceptsAnyName && TaskRunnerRegistry.problem(with: name) == nil) {
                return .swift(name)
            }
            let names = (BuiltinRunner.allCases.map(\.rawValue) + runners.names).joined(separator: ", ")
            fields.add(place, "unknown task runner \"\(name)\": expected one of \(names), or a Lambda function ARN")
            return nil
        }
        let function = name.hasPrefix("lambda:") ? String(name.dropFirst("lambda:".count)) : name
        if !LambdaFunctionARN.isValid(function) && function.wholeMatch(of: /[A-Za-z0-9_-]{1,64}/) == nil {
            fields.add(place, "\"\(name)\" is neither a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) nor lambda:<function-name>")
            return nil
        }
        guard isAllowedLambda(function) else {
            fields.add(place, "Lambda function \"\(function)\" is not in the configured allow-list (lambda.allowedFunctions in the --config file)")
            return nil
        }
        return .lambda(function)
    }

    private static func readTarget(_ field: String, from fields: inout JSONFieldReader) -> String? {
        guard let value = fields.members[field], value != .null else { return nil }
        guard let key = value.stringValue else {
            fields.add(fields.path(field), "must be a step key (string) or null, not \(value.typeName)")
            return nil
        }
        return key
    }

    /// Checks keys on the raw elements, so a step with other problems still has its links checked.
    private static func checkKeys(_ elements: [JSONValue], into problems: inout JSONFieldReader) -> [String: Int] {
        var indexByKey: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            guard let key = element["key"]?.stringValue else { continue }
            if let first = indexByKey[key] {
                problems.add("/steps/\(index)/key", "duplicate step key \"\(key)\" (first used by /steps/\(first))")
            } else {
                indexByKey[key] = index
            }
        }
        return indexByKey
    }

    private static func checkTargets(_ elements: [JSONValue], indexByKey: [String: Int], into problems: inout JSONFieldReader) {
        for (index, element) in elements.enumerated() {
            for field in ["next", "altNext"] {
                if let target = element[field]?.stringValue, indexByKey[target] == nil {
                    problems.add("/steps/\(index)/\(field)", "names step \"\(target)\", which does not exist")
                }
            }
            if element["runner"]?.stringValue == BuiltinRunner.split.rawValue,
               let branches = element["config"]?["branches"]?.arrayValue {
                for (branch, value) in branches.enumerated() {
                    if let target = value["next"]?.stringValue, indexByKey[target] == nil {
                        problems.add("/steps/\(index)/config/branches/\(branch)/next", "names step \"\(target)\", which does not exist")
                    }
                }
            }
            if element["runner"]?.stringValue == BuiltinRunner.goTo.rawValue,
               let target = element["config"]?["step"]?.stringValue, indexByKey[target] == nil {
                problems.add("/steps/\(index)/config/step", "names step \"\(target)\", which does not exist")
            }
        }
    }
}

extension Step {
    /// The step with the sequence's quiet hours applied to an Email or SMS config: a step that
    /// does not write `quietHours` takes them; one whose window has no `timeZone` takes theirs.
    func applyingQuietHours(_ sequence: QuietHours?) -> Step {
        var step = self
        switch builtin {
        case .email(var email)?:
            email.timing.quietHours = email.timing.quietHours.resolved(with: sequence)
            step.builtin = .email(email)
        case .sms(var sms)?:
            sms.timing.quietHours = sms.timing.quietHours.resolved(with: sequence)
            step.builtin = .sms(sms)
        default:
            break
        }
        return step
    }
}
