import Foundation
import Testing
@testable import DataAPIClient
import DataAPITestServer

@Suite struct EndpointTests {
    @Test func regionPrecedence() {
        let arn = "arn:aws:rds:eu-central-1:123456789012:cluster:c"
        let env = ["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-1"]
        #expect(
            EndpointResolution.region(
                explicit: "ap-south-1", resourceArn: arn, environment: env, profileRegion: "sa-east-1") == "ap-south-1")
        #expect(
            EndpointResolution.region(explicit: nil, resourceArn: arn, environment: env, profileRegion: "sa-east-1")
                == "eu-central-1")
        #expect(
            EndpointResolution.region(explicit: nil, resourceArn: "not-an-arn", environment: env, profileRegion: nil)
                == "us-west-2")
        #expect(
            EndpointResolution.region(
                explicit: nil, resourceArn: nil, environment: ["AWS_DEFAULT_REGION": "us-west-1"], profileRegion: nil)
                == "us-west-1")
        #expect(
            EndpointResolution.region(explicit: nil, resourceArn: nil, environment: [:], profileRegion: "sa-east-1")
                == "sa-east-1")
        #expect(EndpointResolution.region(explicit: nil, resourceArn: nil, environment: [:], profileRegion: nil) == nil)
    }

    @Test func overridePrecedence() {
        let env = ["AWS_ENDPOINT_URL_RDS_DATA": "http://specific", "AWS_ENDPOINT_URL": "http://global"]
        #expect(
            EndpointResolution.override(explicit: "http://explicit", environment: env, profileEndpoint: "http://p")
                == "http://explicit")
        #expect(
            EndpointResolution.override(explicit: nil, environment: env, profileEndpoint: "http://p")
                == "http://specific")
        #expect(
            EndpointResolution.override(
                explicit: nil, environment: ["AWS_ENDPOINT_URL": "http://global"], profileEndpoint: "http://p")
                == "http://global")
        #expect(EndpointResolution.override(explicit: nil, environment: [:], profileEndpoint: "http://p") == "http://p")
        #expect(EndpointResolution.override(explicit: nil, environment: [:], profileEndpoint: nil) == nil)
    }

    static let cases: [(region: String, fips: Bool, dualStack: Bool)] = [
        ("us-east-1", false, false), ("eu-west-3", false, false), ("ap-southeast-2", false, false),
        ("il-central-1", false, false),
        ("cn-north-1", false, false), ("cn-northwest-1", true, false), ("us-gov-west-1", false, false),
        ("us-gov-east-1", true, false),
        ("us-east-1", true, false), ("us-west-2", false, true), ("us-west-2", true, true), ("cn-north-1", false, true),
        ("us-iso-east-1", false, false), ("us-isob-east-1", false, false), ("eusc-de-east-1", false, false),
        ("mx-central-1", false, false),
    ]

    @Test func regionalEndpointsMatchBotocore() async throws {
        let script = #"""
import json, sys, boto3
from botocore.config import Config
out = []
for r, fips, ds in json.load(sys.stdin):
    c = boto3.client('rds-data', region_name=r, aws_access_key_id='a', aws_secret_access_key='b',
                     config=Config(use_fips_endpoint=fips, use_dualstack_endpoint=ds))
    out.append(c.meta.endpoint_url)
print(json.dumps(out))
"""#
        let input = try JSONSerialization.data(
            withJSONObject: Self.cases.map { [$0.region, $0.fips, $0.dualStack] as [Any] })
        let expected =
            try JSONSerialization.jsonObject(with: Data(try await Subprocess.python(script, input: input).utf8))
            as! [String]
        #expect(expected.count == Self.cases.count)
        for (i, c) in Self.cases.enumerated() {
            #expect(
                EndpointResolution.serviceEndpoint(region: c.region, useFIPS: c.fips, useDualStack: c.dualStack)
                    == expected[i])
        }
    }

    @Test func clientResolvesFromArnEnvironmentAndProfile() async throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write(
            "config", "[profile p]\nregion = ca-central-1\nendpoint_url = http://127.0.0.1:1/profile\n")
        func client(_ c: DataAPIClientConfiguration) -> DataAPIClient {
            DataAPIClient(configuration: c, credentialProvider: StaticCredentialProvider(SampleKeys.credentials))
        }
        let fromArn = try await client(.init(environment: [:])).resolveTarget(
            resourceArn: "arn:aws:rds:cn-north-1:1:cluster:x")
        #expect(fromArn.region == "cn-north-1" && fromArn.endpoint == "https://rds-data.cn-north-1.amazonaws.com.cn")
        let fips = try await client(.init(useFIPS: true, environment: [:])).resolveTarget(
            resourceArn: "arn:aws-us-gov:rds:us-gov-west-1:1:cluster:x")
        #expect(fips.endpoint == "https://rds-data-fips.us-gov-west-1.amazonaws.com")
        let env = try await client(
            .init(environment: ["AWS_REGION": "eu-north-1", "AWS_ENDPOINT_URL_RDS_DATA": "http://localhost:8080/"])
        ).resolveTarget(resourceArn: "bad")
        #expect(env.region == "eu-north-1" && env.endpoint == "http://localhost:8080")
        let profile = try await client(
            .init(environment: [
                "AWS_PROFILE": "p", "AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": dir.path + "/x",
            ])
        ).resolveTarget(resourceArn: nil)
        #expect(profile.region == "ca-central-1" && profile.endpoint == "http://127.0.0.1:1/profile")
        await #expect {
            try await client(.init(environment: ["HOME": dir.path])).resolveTarget(resourceArn: nil)
        } throws: {
            ($0 as? DataAPIClientError)?.code == .missingRegion
        }
        await #expect {
            try await client(.init(region: "us-east-1", endpoint: "not a url", environment: [:])).resolveTarget(
                resourceArn: nil)
        } throws: {
            ($0 as? DataAPIClientError)?.code == .invalidEndpoint
        }
    }

    @Test func customEndpointWithPathIsUsedAndSigned() async throws {
        let seen = Mutex<[String]>([])
        let server = try LoopbackHTTPServer { req in
            seen.withLock { $0.append(req.path + " " + (req.header("Host") ?? "")) }
            return .json(#"{"transactionId":"tx1"}"#)
        }
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: server.baseURL + "/proxy/prefix/", environment: [:]),
            credentialProvider: StaticCredentialProvider(SampleKeys.credentials))
        let r = try await client.beginTransaction(.init(resourceArn: TestARN.cluster, secretArn: TestARN.secret))
        #expect(r.transactionId == "tx1")
        #expect(seen.withLock { $0 } == ["/proxy/prefix/BeginTransaction 127.0.0.1:\(server.port)"])
    }
}

import Synchronization
