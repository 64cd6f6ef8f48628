/// The aws CLI's names for operations, parameters and waiters, derived from model names the way
/// botocore's `xform_name` does: `DescribeNodegroup` → `describe-nodegroup`,
/// `DBInstanceIdentifier` → `db-instance-identifier`, `ListWebACLs` → `list-web-acls`.
///
/// The rules, applied in order: a trailing pluralised acronym (`ARNs`) becomes its own
/// lower-case word; a capital followed by lower-case letters starts a word; a lower-case letter or
/// digit followed by a capital ends one; then everything is lower-cased.
package enum CLIName {
    /// Names botocore special-cases because the rules would split them badly.
    private static let exceptions: [String: String] = [
        "CreateCachediSCSIVolume": "create-cached-iscsi-volume",
        "DescribeCachediSCSIVolumes": "describe-cached-iscsi-volumes",
        "DescribeStorediSCSIVolumes": "describe-stored-iscsi-volumes",
        "CreateStorediSCSIVolume": "create-stored-iscsi-volume",
        "ListHITsForQualificationType": "list-hits-for-qualification-type",
        "ExecutePartiQLStatement": "execute-partiql-statement",
        "ExecutePartiQLTransaction": "execute-partiql-transaction",
        "ExecutePartiQLBatch": "execute-partiql-batch",
        "AssociateWhatsAppBusinessAccount": "associate-whatsapp-business-account",
    ]

    /// The kebab-case CLI name of a model name. Names already containing `-` are kept.
    package static func kebab(_ name: String) -> String {
        if name.utf8.contains(UInt8(ascii: "-")) { return name }
        if let known = exceptions[name] { return known }
        var chars = Array(name.utf8)
        let sep = UInt8(ascii: "-")
        // Trailing pluralised acronym: [A-Z]{2,}s$
        if chars.count >= 3, chars[chars.count - 1] == UInt8(ascii: "s") {
            var i = chars.count - 2
            while i >= 0, isUpper(chars[i]) { i -= 1 }
            if chars.count - 2 - i >= 2 {
                let acronym = chars[(i + 1)...].map { isUpper($0) ? $0 + 32 : $0 }
                chars = Array(chars[...i]) + [sep] + acronym
            }
        }
        // (.)([A-Z][a-z]+) -> \1-\2, left to right, without overlapping matches.
        var first: [UInt8] = []
        first.reserveCapacity(chars.count + 8)
        var i = 0
        while i < chars.count {
            if i + 2 < chars.count, isUpper(chars[i + 1]), isLower(chars[i + 2]) {
                first.append(chars[i])
                first.append(sep)
                first.append(chars[i + 1])
                var j = i + 2
                while j < chars.count, isLower(chars[j]) {
                    first.append(chars[j])
                    j += 1
                }
                i = j
            } else {
                first.append(chars[i])
                i += 1
            }
        }
        // ([a-z0-9])([A-Z]) -> \1-\2
        var second: [UInt8] = []
        second.reserveCapacity(first.count + 8)
        var k = 0
        while k < first.count {
            if k + 1 < first.count, isLower(first[k]) || isDigit(first[k]), isUpper(first[k + 1]) {
                second.append(first[k])
                second.append(sep)
                second.append(first[k + 1])
                k += 2
            } else {
                second.append(first[k])
                k += 1
            }
        }
        return String(decoding: second.map { isUpper($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    @inline(__always) private static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) private static func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
