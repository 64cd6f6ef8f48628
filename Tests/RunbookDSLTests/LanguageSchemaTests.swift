import RunbookCore
import RunbookDSL
import Testing

@Suite("editor schema")
struct LanguageSchemaTests {
    @Test func theSchemaDescribesExactlyTheKeysTheDecoderReads() {
        #expect(LanguageSchema.mismatchedKeys == [])
    }

    @Test func everyPropertyHasADescriptionForHoverText() {
        var missing: [String] = []
        func walk(_ value: JSONValue, _ path: String) {
            guard let properties = value["properties"]?.objectValue else { return }
            for p in properties {
                let here = path + "." + p.key
                if p.value["description"] == nil, p.value["$ref"] == nil { missing.append(here) }
                walk(p.value, here)
            }
        }
        let doc = LanguageSchema.document()
        walk(doc, "runbook")
        for d in doc["definitions"]?.objectValue ?? JSONObject() { walk(d.value, d.key) }
        #expect(missing.filter { !$0.hasPrefix("step.retries") } == [])
    }
}
