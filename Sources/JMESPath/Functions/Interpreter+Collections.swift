import RunbookCore

extension Interpreter {
    /// `keys`, `values`, `merge`, `items`, `from_items`, `zip`, `not_null`, `type`.
    func collections(_ function: Function, _ args: [Argument], offset: Int) throws(JMESPathError) -> JSONValue {
        let v = args[0].value
        switch function {
        case .keys: return .array(v.objectValue!.keys.map { .string($0) })
        case .values: return .array(v.objectValue!.values)
        case .items: return .array(v.objectValue!.map { .array([.string($0.key), $0.value]) })
        case .merge:
            var merged = JSONObject()
            for arg in args {
                for member in arg.value.objectValue! { merged[member.key] = member.value }
            }
            return .object(merged)
        case .fromItems:
            var object = JSONObject()
            for item in v.arrayValue! {
                guard case .array(let pair) = item, pair.count == 2, case .string(let key) = pair[0] else {
                    throw error(
                        .invalidType, "from_items() expects an array of [key, value] pairs with string keys", at: offset
                    )
                }
                object[key] = pair[1]
            }
            return .object(object)
        case .zip:
            let arrays = args.map { $0.value.arrayValue! }
            let count = arrays.map(\.count).min() ?? 0
            return .array((0..<count).map { i in .array(arrays.map { $0[i] }) })
        case .notNull:
            return args.first(where: { !$0.value.isNull })?.value ?? .null
        default:  // type
            return .string(v.typeName)
        }
    }
}
