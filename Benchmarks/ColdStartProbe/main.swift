// A fresh process's first Data API call, as a Lambda function makes it: the default
// configuration (region, endpoint and credentials from the environment), one `SELECT 1`, the
// first row's value printed. PerformanceBenchmark times it from spawn to exit.
//
//   ColdStartProbe RESOURCE_ARN SECRET_ARN
import DataAPIClient
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
let client = DataAPIClient()
let response = try await client.executeStatement(
    .init(resourceArn: arguments[1], secretArn: arguments[2], sql: "SELECT 1"))
guard case .longValue(let value)? = response.records?.first?.first else { exit(1) }
print(value)
