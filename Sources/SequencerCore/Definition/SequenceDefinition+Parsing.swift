import Foundation

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
    /// `isAllowedLambda` rejects, and loops in which no step can wait (they would spin forever).
    /// - Throws: `DefinitionError` listing every problem.
    public static func parse(
        _ json: JSONValue,
        isAllowedLambda: (String) -> Bool = { _ in true }
    ) throws(DefinitionError) -> SequenceDefinition {
        var problems = ProblemList()
        guard let root = json.objectValue else {
            throw DefinitionError(sequence: nil, problems: [.init(pointer: "", reason: "must be a JSON object, not \(json.typeName)")])
        }
        reportUnknownKeys(root, allowed: ["name", "description", "start", "steps"], at: "", into: &problems)

        let name = root["name"]?.stringValue
        if let value = root["name"] {
            if name == nil {
                problems.add("/name", "must be a string, not \(value.typeName)")
            } else if !isValidName(name!) {
                problems.add("/name", "\"\(name!)\" must be 1–100 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit")
            }
        } else {
            problems.add("/name", "is required")
        }
        let description = readOptionalString(root, "description", at: "", into: &problems)

        var steps: [Step] = []
        switch root["steps"] {
        case .array(let elements) where !elements.isEmpty:
            for (index, element) in elements.enumerated() {
                if let step = parseStep(element, at: JSONPointer.appending("/steps", index),
                                        isAllowedLambda: isAllowedLambda, into: &problems) {
                    steps.append(step)
                }
            }
        case .array:
            problems.add("/steps", "must hold at least one step")
        case .some(let other):
            problems.add("/steps", "must be an array of steps, not \(other.typeName)")
        case .none:
            problems.add("/steps", "is required")
        }

        var start = steps.first?.key ?? ""
        if let value = root["start"] {
            if let key = value.stringValue { start = key } else { problems.add("/start", "must be a step key (string), not \(value.typeName)") }
        }

        let elements = root["steps"]?.arrayValue ?? []
        let indexByKey = checkKeys(elements, into: &problems)
        if root["start"]?.stringValue != nil, !elements.isEmpty, indexByKey[start] == nil {
            problems.add("/start", "names step \"\(start)\", which does not exist")
        }
        checkTargets(elements, indexByKey: indexByKey, into: &problems)
        if problems.isEmpty {
            checkInstantLoops(steps, into: &problems)
        }
        guard problems.isEmpty, let name else {
            throw DefinitionError(sequence: name, problems: problems.problems)
        }
        return SequenceDefinition(name: name, description: description, start: start, steps: steps)
    }

    private static func parseStep(
        _ json: JSONValue, at pointer: String, isAllowedLambda: (String) -> Bool, into problems: inout ProblemList
    ) -> Step? {
        guard let object = json.objectValue else {
            problems.add(pointer, "a step must be a JSON object, not \(json.typeName)")
            return nil
        }
        reportUnknownKeys(object, allowed: ["key", "runner", "config", "next", "altNext", "description"], at: pointer, into: &problems)
        let before = problems.problems.count

        let key = object["key"]?.stringValue
        if let value = object["key"] {
            if key == nil {
                problems.add(pointer + "/key", "must be a string, not \(value.typeName)")
            } else if !isValidName(key!) {
                problems.add(pointer + "/key", "\"\(key!)\" must be 1–100 characters of A–Z a–z 0–9 . _ -, starting with a letter or digit")
            }
        } else {
            problems.add(pointer + "/key", "is required")
        }

        var runner: TaskRunnerName?
        switch object["runner"] {
        case .string(let name):
            if let builtin = BuiltinRunner(rawValue: name) {
                runner = .builtin(builtin)
            } else if name.hasPrefix("arn:") || name.hasPrefix("lambda:") {
                let function = name.hasPrefix("lambda:") ? String(name.dropFirst("lambda:".count)) : name
                if !LambdaFunctionARN.isValid(function) && function.wholeMatch(of: /[A-Za-z0-9_-]{1,64}/) == nil {
                    problems.add(pointer + "/runner", "\"\(name)\" is neither a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) nor lambda:<function-name>")
                } else if !isAllowedLambda(function) {
                    problems.add(pointer + "/runner", "Lambda function \"\(function)\" is not in the configured allow-list (lambda.allowedFunctions in the --config file)")
                } else {
                    runner = .lambda(function)
                }
            } else {
                let names = BuiltinRunner.allCases.map(\.rawValue).joined(separator: ", ")
                problems.add(pointer + "/runner", "unknown task runner \"\(name)\": expected one of \(names), or a Lambda function ARN")
            }
        case .some(let other):
            problems.add(pointer + "/runner", "must be a string, not \(other.typeName)")
        case .none:
            problems.add(pointer + "/runner", "is required")
        }

        let config = object["config"] ?? .object([:])
        if config.objectValue == nil {
            problems.add(pointer + "/config", "must be a JSON object, not \(config.typeName)")
        }
        var builtin: BuiltinStepConfig?
        if case .builtin(let kind)? = runner, let members = config.objectValue {
            var reader = ConfigReader(members: members, pointer: pointer + "/config", problems: problems)
            builtin = reader.read(kind)
            problems = reader.problems
        }
        let next = readTarget(object, "next", at: pointer, into: &problems)
        let altNext = readTarget(object, "altNext", at: pointer, into: &problems)
        let description = readOptionalString(object, "description", at: pointer, into: &problems)

        guard problems.problems.count == before, let key, let runner else { return nil }
        return Step(key: key, runner: runner, config: config, builtin: builtin, next: next, altNext: altNext, description: description)
    }

    private static func readTarget(_ object: [String: JSONValue], _ field: String, at pointer: String,
                                   into problems: inout ProblemList) -> String? {
        switch object[field] {
        case .none, .null?: return nil
        case .string(let key)?: return key
        case let other?:
            problems.add(pointer + "/" + field, "must be a step key (string) or null, not \(other.typeName)")
            return nil
        }
    }

    private static func readOptionalString(_ object: [String: JSONValue], _ field: String, at pointer: String,
                                           into problems: inout ProblemList) -> String? {
        switch object[field] {
        case .none, .null?: return nil
        case .string(let text)?: return text
        case let other?:
            problems.add(pointer + "/" + field, "must be a string, not \(other.typeName)")
            return nil
        }
    }

    static func reportUnknownKeys(_ object: [String: JSONValue], allowed: Set<String>, at pointer: String,
                                  into problems: inout ProblemList) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            problems.add(JSONPointer.appending(pointer, key), "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// Checks keys on the raw elements, so a step with other problems still has its links checked.
    private static func checkKeys(_ elements: [JSONValue], into problems: inout ProblemList) -> [String: Int] {
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

    private static func checkTargets(_ elements: [JSONValue], indexByKey: [String: Int], into problems: inout ProblemList) {
        for (index, element) in elements.enumerated() {
            for field in ["next", "altNext"] {
                if let target = element[field]?.stringValue, indexByKey[target] == nil {
                    problems.add("/steps/\(index)/\(field)", "names step \"\(target)\", which does not exist")
                }
            }
            if element["runner"]?.stringValue == BuiltinRunner.goTo.rawValue,
               let target = element["config"]?["step"]?.stringValue, indexByKey[target] == nil {
                problems.add("/steps/\(index)/config/step", "names step \"\(target)\", which does not exist")
            }
        }
    }
}
