import Foundation
import JMESPath
package import RunbookCore

/// An operation's `paginators-1` entry.
package struct PaginatorConfig: Sendable {
    /// Request members that carry the token (`NextToken`, `Marker`).
    package var inputTokens: [String]
    /// Expressions for the next token in an answer.
    package var outputTokens: [String]
    /// The page-size member (`MaxResults`).
    package var limitKey: String?
    /// Expressions for the lists that are merged across pages.
    package var resultKeys: [String]
    /// An expression that is false on the last page.
    package var moreResults: String?
    /// Members kept from the first page when merging.
    package var nonAggregateKeys: [String]

    /// Reads the entry of `operation`, or nil when it does not paginate.
    package init?(service: ServiceModel, operation: String) {
        guard let entry = service.paginators[operation] else { return nil }
        func list(_ key: String) -> [String] {
            switch entry[key] {
            case .string(let s)?: return [s]
            case .array(let a)?: return a.compactMap(\.stringValue)
            default: return []
            }
        }
        inputTokens = list("input_token")
        outputTokens = list("output_token")
        limitKey = entry["limit_key"]?.stringValue
        resultKeys = list("result_key")
        moreResults = entry["more_results"]?.stringValue
        nonAggregateKeys = list("non_aggregate_keys")
        if inputTokens.isEmpty || resultKeys.isEmpty { return nil }
    }
}

/// Pagination as the aws CLI does it: follow tokens, merge the result lists of every page into
/// one answer (keeping only result keys and `non_aggregate_keys`), stop after `maxItems` items
/// with a resumable `NextToken`, and accept `startingToken` from such an answer.
package struct Paginator: Sendable {
    /// The client making the calls.
    package let client: AWSClient
    /// The operation.
    package let operation: OperationModel
    /// Its paginator entry.
    package let config: PaginatorConfig

    /// A paginator, or nil when the operation does not paginate.
    package init?(client: AWSClient, operation: OperationModel) {
        guard let config = PaginatorConfig(service: operation.service, operation: operation.name) else { return nil }
        self.client = client
        self.operation = operation
        self.config = config
    }

    /// Every page merged into one answer.
    package func fullResult(parameters: JSONValue, maxItems: Int? = nil, pageSize: Int? = nil, startingToken: String? = nil)
        async throws -> JSONValue
    {
        var kwargs = parameters.objectValue ?? JSONObject()
        if let pageSize, let limit = config.limitKey { kwargs[limit] = .integer(pageSize) }
        let resultExpressions = try config.resultKeys.map { try JMESPathExpression.compile($0) }
        let outputExpressions = try config.outputTokens.map { try JMESPathExpression.compile($0) }
        let moreExpression = try config.moreResults.map { try JMESPathExpression.compile($0) }
        var startingTruncation = 0
        if let startingToken {
            let (tokens, truncation) = try decode(startingToken)
            for (name, token) in tokens { kwargs[name] = token }
            startingTruncation = truncation
        }
        var complete = JSONObject()
        var nonAggregate = JSONObject()
        var totalItems = 0
        var first = true
        var resume: JSONObject?
        var previousToken: [JSONValue]?
        var currentTokens: [(String, JSONValue)] = config.inputTokens.compactMap { name in kwargs[name].map { (name, $0) } }
        while true {
            var page = try await client.send(operation, parameters: .object(kwargs))
            if first {
                if startingTruncation > 0 { page = truncateFront(page, expression: resultExpressions[0], amount: startingTruncation) }
                for key in config.nonAggregateKeys {
                    let v = (try? JMESPathExpression.compile(key).search(page)) ?? .null
                    nonAggregate = set(nonAggregate, path: key, value: v)
                }
            }
            let primary = (try? resultExpressions[0].search(page))?.arrayValue ?? []
            var truncateAmount = 0
            if let maxItems { truncateAmount = totalItems + primary.count - maxItems }
            if truncateAmount > 0 {
                let keep = primary.count - truncateAmount
                page = set(page.objectValue ?? JSONObject(), path: config.resultKeys[0], value: .array(Array(primary.prefix(keep))))
                    .asValue
                var token = JSONObject()
                for (name, value) in currentTokens { token[name] = value }
                for name in config.inputTokens where token[name] == nil { token[name] = .null }
                token["boto_truncate_amount"] = .integer(keep + (first ? startingTruncation : 0))
                resume = token
                merge(page, into: &complete, expressions: resultExpressions)
                break
            }
            merge(page, into: &complete, expressions: resultExpressions)
            totalItems += primary.count
            first = false
            var next: [JSONValue] = []
            for e in outputExpressions {
                let v = (try? e.search(page)) ?? .null
                next.append(v == .string("") ? .null : v)
            }
            if let moreExpression, (try? moreExpression.search(page))?.isTruthy != true {
                next = next.map { _ in .null }
            }
            if next.allSatisfy(\.isNull) { break }
            if let maxItems, totalItems == maxItems {
                var token = JSONObject()
                for (name, value) in zip(config.inputTokens, next) { token[name] = value }
                resume = token
                break
            }
            if let previousToken, previousToken == next {
                throw AWSClientError(.response, "The \(operation.name) paginator got the same token twice; stopping.")
            }
            previousToken = next
            currentTokens = []
            for (name, value) in zip(config.inputTokens, next) {
                if value.isNull {
                    kwargs[name] = nil
                } else {
                    kwargs[name] = value
                    currentTokens.append((name, value))
                }
            }
        }
        for m in nonAggregate where complete[m.key] == nil { complete[m.key] = m.value }
        if let resume { complete["NextToken"] = .string(encode(resume)) }
        return .object(complete)
    }

    private func merge(_ page: JSONValue, into complete: inout JSONObject, expressions: [JMESPathExpression]) {
        for (key, expression) in zip(config.resultKeys, expressions) {
            guard let value = try? expression.search(page), !value.isNull else { continue }
            let existing = (try? expression.search(.object(complete))) ?? .null
            switch (existing, value) {
            case (.null, _): complete = set(complete, path: key, value: value)
            case (.array(let a), .array(let b)): complete = set(complete, path: key, value: .array(a + b))
            case (.integer(let a), .integer(let b)): complete = set(complete, path: key, value: .integer(a + b))
            case (.string(let a), .string(let b)): complete = set(complete, path: key, value: .string(a + b))
            default: break
            }
        }
    }

    private func truncateFront(_ page: JSONValue, expression: JMESPathExpression, amount: Int) -> JSONValue {
        guard let list = (try? expression.search(page))?.arrayValue else { return page }
        return set(page.objectValue ?? JSONObject(), path: config.resultKeys[0], value: .array(Array(list.dropFirst(amount)))).asValue
    }

    /// Sets a dotted `path` (as result keys use) in `object`.
    private func set(_ object: JSONObject, path: String, value: JSONValue) -> JSONObject {
        var object = object
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 1 {
            object[parts[0]] = value
        } else {
            object[parts[0]] = .object(set(object[parts[0]]?.objectValue ?? JSONObject(), path: parts[1], value: value))
        }
        return object
    }

    /// botocore's token encoding: base64 of Python `json.dumps` of the token dictionary.
    private func encode(_ token: JSONObject) -> String {
        let text = "{" + token.map { m in
            var value: [UInt8] = []
            JSONSerializer.write(m.value, style: .compact, into: &value)
            return "\"\(m.key)\": " + String(decoding: value, as: UTF8.self)
        }.joined(separator: ", ") + "}"
        return Data(text.utf8).base64EncodedString()
    }

    private func decode(_ token: String) throws -> ([(String, JSONValue)], Int) {
        guard let data = Data(base64Encoded: token), let json = try? JSONParser.parse(bytes: [UInt8](data)),
            case .object(let object) = json
        else {
            // A raw service token (not one of ours) goes to the first input token.
            return ([(config.inputTokens[0], .string(token))], 0)
        }
        var tokens: [(String, JSONValue)] = []
        var truncation = 0
        for m in object {
            if m.key == "boto_truncate_amount" {
                truncation = m.value.doubleValue.map { Int($0) } ?? 0
            } else if !m.value.isNull {
                tokens.append((m.key, m.value))
            }
        }
        return (tokens, truncation)
    }
}

extension JSONObject {
    fileprivate var asValue: JSONValue { .object(self) }
}
