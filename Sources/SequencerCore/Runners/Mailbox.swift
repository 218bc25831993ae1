/// One email address as Sequencer accepts it in `from`, `to`, `cc`, `bcc` and `replyTo`: the
/// RFC 5322 `mailbox` (section 3.4), narrowed to what a provider such as SES takes as written.
///
/// Accepted forms:
/// - `local@domain` (`addr-spec`);
/// - `<local@domain>`;
/// - `Display Name <local@domain>`: a plain phrase of any characters but controls and RFC 5322's
///   specials `( ) < > [ ] : ; @ \ , "` (letters beyond ASCII such as `Zoë`, digits, spaces,
///   `.`, `'`, `-` and the other `atext` characters are fine);
/// - `"Quoted, Name" <local@domain>`: a quoted string, in which `\"` and `\\` escape a quote and a
///   backslash, and any other character but a control may appear, specials included.
///
/// Everywhere: no control character (C0, DEL, C1), no line break (U+2028, U+2029), nothing after
/// the closing `>`, and no `<` or `>` outside the angle brackets. The address itself: a local part
/// of 1–64 ASCII `atext` characters (`A–Z a–z 0–9 ! # $ % & ' * + - / = ? ^ _ { | } ~` and the
/// backquote) in dot-separated runs, `@`, and a domain of at least two dot-separated labels of
/// 1–63 ASCII letters, digits and hyphens (not at a label's ends), at most 253 characters in all.
/// Not accepted: quoted local parts, comments, IP-literal domains, non-ASCII addresses (write a
/// domain in punycode, `xn--…`), groups.
public struct Mailbox: Sendable, Hashable {
    /// The display name as written (a quoted name keeps its quotes), or `nil`.
    public var displayName: String?
    /// `local@domain`.
    public var address: String

    /// Parses one mailbox; spaces and tabs around it are ignored.
    /// - Returns: the mailbox, or the first rule it breaks.
    public static func parse(_ text: String) -> Result<Mailbox, MailboxProblem> {
        let scalars = Array(text.unicodeScalars).trimmingBlanks()
        guard !scalars.isEmpty else { return .failure(.empty) }
        if let control = scalars.first(where: \.isControlOrLineBreak) {
            return .failure(.controlCharacter(control))
        }
        let name: [Unicode.Scalar]
        let angle: [Unicode.Scalar]
        if scalars.first == "\"" {
            guard let close = closingQuote(scalars) else { return .failure(.unterminatedQuote) }
            name = Array(scalars[...close])
            angle = Array(scalars[(close + 1)...]).trimmingBlanks()
            guard angle.first == "<" else { return .failure(angle.isEmpty ? .angleBrackets : .textAfterQuotedName) }
        } else if let open = scalars.firstIndex(where: { $0 == "<" || $0 == ">" }) {
            name = Array(scalars[..<open]).trimmingBlanks()
            if let special = name.first(where: { specials.contains($0) }) { return .failure(.displayName(special)) }
            angle = Array(scalars[open...])
        } else {
            return addressSpec(scalars).map { Mailbox(displayName: nil, address: $0) }
        }
        guard angle.count >= 2, angle.first == "<", angle.last == ">" else { return .failure(.angleBrackets) }
        let inner = Array(angle.dropFirst().dropLast())
        if inner.contains("<") || inner.contains(">") { return .failure(.angleBrackets) }
        let displayName = name.isEmpty ? nil : String(String.UnicodeScalarView(name))
        return addressSpec(inner).map { Mailbox(displayName: displayName, address: $0) }
    }

    /// The index of the quote that closes the quoted string opening `scalars`, skipping `\x` pairs.
    private static func closingQuote(_ scalars: [Unicode.Scalar]) -> Int? {
        var index = 1
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 2
            case "\"": return index
            default: index += 1
            }
        }
        return nil
    }

    /// `local@domain` checked as documented on the type.
    private static func addressSpec(_ scalars: [Unicode.Scalar]) -> Result<String, MailboxProblem> {
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(.atSign) }
        let (local, domain) = (parts[0], parts[1])
        let localRuns = local.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...64).contains(local.count), localRuns.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isAtext) }) else {
            return .failure(.localPart)
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard domain.count <= 253, labels.count >= 2, labels.allSatisfy(Self.isLabel) else {
            return .failure(.domain)
        }
        return .success(String(String.UnicodeScalarView(scalars)))
    }

    private static func isLabel(_ label: ArraySlice<Unicode.Scalar>) -> Bool {
        (1...63).contains(label.count) && label.first != "-" && label.last != "-"
            && label.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
    }

    /// RFC 5322's specials, which a plain phrase may not hold (`.` is allowed, as obs-phrase does).
    private static let specials: Set<Unicode.Scalar> = ["(", ")", "<", ">", "[", "]", ":", ";", "@", "\\", ",", "\""]
}

/// The first rule a text breaks as a ``Mailbox``; its description completes
/// `"<text>" is not an email address: …`.
public enum MailboxProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing but blanks.
    case empty
    /// A control character or line break anywhere (it could start a new header line).
    case controlCharacter(Unicode.Scalar)
    /// A plain display name holds one of RFC 5322's specials.
    case displayName(Unicode.Scalar)
    /// A quoted display name without its closing quote.
    case unterminatedQuote
    /// Something other than blanks between a quoted display name and `<`.
    case textAfterQuotedName
    /// A `<` without a final `>`, text after `>`, or a second `<` or `>`.
    case angleBrackets
    /// No `@`, or more than one, in the address.
    case atSign
    /// The part before `@` is not 1–64 ASCII `atext` characters in dot-separated runs.
    case localPart
    /// The domain is not two or more dot-separated labels of ASCII letters, digits and hyphens.
    case domain

    /// Completes `"<text>" is not an email address: …`.
    public var description: String {
        switch self {
        case .empty: "it is empty"
        case .controlCharacter(let scalar): "it holds a control character or line break (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)))"
        case .displayName(let scalar): "the display name holds \"\(scalar)\"; quote the name (\"…\") to use it"
        case .unterminatedQuote: "the quoted display name is not closed"
        case .textAfterQuotedName: "text follows the quoted display name before <"
        case .angleBrackets: "the address must be the one <…> at the end"
        case .atSign: "it needs exactly one @ (outside a quoted display name)"
        case .localPart: "the part before @ must be 1–64 ASCII letters, digits or ! # $ % & ' * + - / = ? ^ _ ` { | } ~ in dot-separated runs"
        case .domain: "the domain must be dot-separated labels of ASCII letters, digits and hyphens, e.g. example.com"
        }
    }
}

extension Unicode.Scalar {
    /// C0 controls, DEL, C1 controls (NEL among them), LINE SEPARATOR and PARAGRAPH SEPARATOR.
    var isControlOrLineBreak: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }

    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }

    /// RFC 5322 `atext`, ASCII only.
    var isAtext: Bool {
        isASCIIAlphanumeric || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(self)
    }
}

extension Array where Element == Unicode.Scalar {
    /// Without spaces and tabs at either end.
    func trimmingBlanks() -> [Unicode.Scalar] {
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return [] }
        return Array(self[first...last])
    }
}

extension String {
    /// Left-padded with zeros to `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
