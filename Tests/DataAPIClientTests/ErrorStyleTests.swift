import Testing
import DataAPIClient

/// Every error with codes has a `code` of a `Code` struct whose members match as patterns
/// (`catch TransportError.Code.timedOut`), and the descriptions read as before.
@Suite struct ErrorStyleTests {
    static let timedOut = TransportError(code: .timedOut, requestSent: false, curlCode: 28, message: "too slow")
    static let noneFound = CredentialError(code: .noneFound, provider: "chain(environment)", message: "nothing")
    static let missingRegion = DataAPIClientError(
        code: .missingRegion, message: "no region", operation: "ExecuteStatement")
    static let databaseError = DataAPIError(code: .databaseError, message: "boom", httpStatus: 400)

    /// The name of the first pattern `error` matches, as a `catch` clause would pick it.
    static func caught(_ error: any Error) -> String {
        do { throw error }
        catch TransportError.Code.connectFailed { return "connectFailed" }
        catch TransportError.Code.timedOut { return "timedOut" }
        catch CredentialError.Code.notConfigured { return "notConfigured" }
        catch CredentialError.Code.noneFound { return "noneFound" }
        catch DataAPIClientError.Code.invalidEndpoint { return "invalidEndpoint" }
        catch DataAPIClientError.Code.missingRegion { return "missingRegion" }
        catch DataAPIError.Code.statementTimeout { return "statementTimeout" }
        catch DataAPIError.Code.databaseError { return "databaseError" }
        catch { return "other" }
    }

    @Test func codesMatchTheirOwnErrorInCatchClauses() {
        #expect(Self.caught(Self.timedOut) == "timedOut")
        #expect(Self.caught(Self.noneFound) == "noneFound")
        #expect(Self.caught(Self.missingRegion) == "missingRegion")
        #expect(Self.caught(Self.databaseError) == "databaseError")
        #expect(Self.caught(CancellationError()) == "other")
    }

    @Test func transportCodesMatchOnlyTheirCode() {
        #expect(TransportError.Code.timedOut ~= Self.timedOut)
        #expect(!(TransportError.Code.connectFailed ~= Self.timedOut))
        #expect(!(TransportError.Code.invalidRequest ~= Self.timedOut))
        // Another error type with a code of the same name is no match.
        let clientInvalidRequest = DataAPIClientError(code: .invalidRequest, message: "x")
        #expect(!(TransportError.Code.invalidRequest ~= clientInvalidRequest))
        #expect(DataAPIClientError.Code.invalidRequest ~= clientInvalidRequest)
        #expect(!(TransportError.Code.timedOut ~= Self.databaseError))
    }

    @Test func credentialCodesMatchOnlyTheirCode() {
        #expect(CredentialError.Code.noneFound ~= Self.noneFound)
        #expect(!(CredentialError.Code.notConfigured ~= Self.noneFound))
        #expect(CredentialError.Code.notConfigured ~= CredentialError.notConfigured("environment"))
        #expect(!(CredentialError.Code.invalid ~= Self.timedOut))
    }

    @Test func clientCodesMatchOnlyTheirCode() {
        #expect(DataAPIClientError.Code.missingRegion ~= Self.missingRegion)
        #expect(!(DataAPIClientError.Code.invalidResponse ~= Self.missingRegion))
        #expect(!(DataAPIClientError.Code.missingRegion ~= Self.noneFound))
    }

    @Test func serviceCodesMatchOnlyTheirCode() {
        #expect(DataAPIError.Code.databaseError ~= Self.databaseError)
        #expect(!(DataAPIError.Code.statementTimeout ~= Self.databaseError))
        #expect(!(DataAPIError.Code.databaseError ~= Self.missingRegion))
    }

    @Test func switchesOverAnErrorMatchByCode() {
        func label(_ error: any Error) -> String {
            switch error {
            case TransportError.Code.timedOut: "transport timed out"
            case DataAPIError.Code.databaseError: "database"
            default: "other"
            }
        }
        #expect(label(Self.timedOut) == "transport timed out")
        #expect(label(Self.databaseError) == "database")
        #expect(label(Self.noneFound) == "other")
    }

    @Test func codesCompareAndPrintByName() {
        #expect(Self.timedOut.code == .timedOut)
        #expect(Self.timedOut.code != .tls)
        #expect("\(TransportError.Code.responseTooLarge)" == "responseTooLarge")
        #expect("\(CredentialError.Code.unavailable)" == "unavailable")
        #expect("\(DataAPIClientError.Code.invalidResponse)" == "invalidResponse")
    }

    @Test func descriptionsAreUnchanged() {
        #expect("\(Self.timedOut)" == "TransportError.timedOut(too slow, curl code 28, request not sent)")
        #expect("\(TransportError(code: .tls, requestSent: true, message: "bad cert"))"
            == "TransportError.tls(bad cert, request sent)")
        #expect("\(Self.noneFound)" == "CredentialError.noneFound(chain(environment): nothing)")
        #expect("\(CredentialError.notConfigured("environment"))"
            == "CredentialError.notConfigured(environment: not configured)")
        #expect("\(Self.missingRegion)" == "DataAPIClientError.missingRegion in ExecuteStatement: no region")
        #expect("\(DataAPIClientError(code: .invalidResponse, message: "bad JSON"))"
            == "DataAPIClientError.invalidResponse: bad JSON")
    }
}
