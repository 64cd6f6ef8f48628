import Foundation
import RunbookCore
internal import Yams

/// YAML 1.2 core-schema scalars: only `true`/`false` are booleans (not `yes`/`no`/`on`/`off`),
/// and `1:30` or `2024-01-01` stay strings.
func coreSchemaResolver() -> Resolver {
    // The patterns are constants; a failure here is a programming error caught by every test.
    // swiftlint:disable:next force_try
    return try! Resolver.basic
        .appending(.null, "^(?:~|null|Null|NULL|)$")
        .appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
        .appending(.int, "^[-+]?(?:0|[1-9][0-9]*)$")
        .appending(.float, "^[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")
}

/// The kind of YAML node, as named in error messages.
enum NodeKind: String {
    case mapping = "a mapping"
    case sequence = "a list"
    case string = "a string"
    case integer = "an integer"
    case number = "a number"
    case boolean = "a boolean"
    case null = "null"
}

extension Node {
    /// What this node is, for "must be X, not Y" messages.
    var kind: NodeKind {
        switch self {
        case .mapping: return .mapping
        case .sequence: return .sequence
        case .alias: return .null
        case .scalar:
            switch tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return .boolean
            case Tag.Name.int.rawValue: return .integer
            case Tag.Name.float.rawValue: return .number
            default: return .string
            }
        }
    }
}

/// Converts a Yams parse error into a diagnostic at its position.
func diagnostic(for error: any Error, file: String) -> Diagnostic {
    guard let yamlError = error as? YamlError else {
        return Diagnostic(code: "yaml-syntax", message: "invalid YAML: \(error)", location: SourceLocation(file: file, line: 1, column: 1))
    }
    switch yamlError {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
        .composer(let context, let problem, let mark, _):
        var message = "invalid YAML: \(problem)"
        if let context { message += " (\(context.text))" }
        return Diagnostic(
            code: "yaml-syntax", message: message,
            hint: "check the indentation and quoting around this position",
            location: SourceLocation(file: file, line: mark.line, column: mark.column))
    case .reader(let problem, _, _, _):
        return Diagnostic(code: "yaml-syntax", message: "cannot read the file as YAML: \(problem)",
                          location: SourceLocation(file: file, line: 1, column: 1))
    default:
        return Diagnostic(code: "yaml-syntax", message: "invalid YAML: \(yamlError)",
                          location: SourceLocation(file: file, line: 1, column: 1))
    }
}
