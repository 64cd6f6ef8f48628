import Foundation
import Testing

@testable import AWSSigV4

/// Every case of AWS's SigV4 test suite, read in place from `../shared/aws-sigv4-testsuite`.
@Suite("SigV4 test suite", .enabled(if: SigV4Suite.isAvailable, "../shared/aws-sigv4-testsuite is absent; skipping the SigV4 vectors"))
struct SigV4SuiteTests {
    @Test("the suite is found and complete")
    func suiteHasCases() throws {
        #expect(try SigV4Suite.cases().count >= 31)
    }

    /// Cases whose published `.sts`/`.authz` were generated from an older request than their
    /// `.creq` (before `Content-Length` was added, and with `charset=utf8`): the files disagree
    /// with each other (`sha256(.creq)` is not the hash in `.sts`), so no signer can match all
    /// three. For these the canonical request is checked against `.creq`, and the signing step
    /// (`.sts` to the signature in `.authz`) is checked on its own.
    static let erratum: Set<String> = ["post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters"]

    @Test("canonical request, string to sign and Authorization match", arguments: try SigV4Suite.cases())
    func vector(_ testCase: SigV4SuiteCase) throws {
        let signer = SigV4Suite.signer
        let canonical = signer.canonicalRequest(testCase.request)
        #expect(canonical.text == testCase.canonicalRequest)
        let consistent = testCase.stringToSign.hasSuffix(SigV4Signer.hexSHA256(Array(testCase.canonicalRequest.utf8)))
        #expect(consistent == !Self.erratum.contains(testCase.name), "unexpected suite inconsistency")
        if consistent {
            let sts = signer.stringToSign(canonicalRequest: canonical.text, date: SigV4Suite.date)
            #expect(sts == testCase.stringToSign)
            #expect(signer.authorization(testCase.request, date: SigV4Suite.date) == testCase.authorization)
        } else {
            let scope = "Credential=AKIDEXAMPLE/" + signer.credentialScope(date: SigV4Suite.date)
            #expect(testCase.stringToSign.hasPrefix("AWS4-HMAC-SHA256\n20150830T123600Z\n" + signer.credentialScope(date: SigV4Suite.date) + "\n"))
            let signature = signer.signature(stringToSign: testCase.stringToSign, date: SigV4Suite.date)
            #expect(testCase.authorization.hasPrefix("AWS4-HMAC-SHA256 " + scope + ", "))
            #expect(testCase.authorization.hasSuffix("Signature=" + signature))
        }
    }
}
