import Foundation
import Synchronization
import Testing
@testable import DataAPIClient
import DataAPITestServer

@Suite struct CredentialTests {
    @Test func environmentProvider() async throws {
        let c = try await EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET", "AWS_SESSION_TOKEN": "TOK",
        ]).credentials()
        #expect(c == AWSCredentials(accessKeyId: "AKID", secretAccessKey: "SECRET", sessionToken: "TOK"))
        await #expect(throws: CredentialError.notConfigured("environment", "AWS_ACCESS_KEY_ID is not set")) {
            try await EnvironmentCredentialProvider(environment: [:]).credentials()
        }
        await #expect {
            try await EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "A"]).credentials()
        } throws: {
            ($0 as? CredentialError)?.code == .invalid
        }
    }

    @Test func descriptionsNeverShowSecrets() {
        let c = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "VERYSECRET", sessionToken: "SESSIONTOKEN")
        #expect(!"\(c)".contains("VERYSECRET"))
        #expect(!String(reflecting: c).contains("SESSIONTOKEN"))
        #expect("\(c)".contains("AKID"))
    }

    @Test func sharedFilesStaticKeysAndPrecedence() async throws {
        let dir = try TemporaryDirectory()
        let creds = try dir.write("credentials", """
        # comment
        [default]
        aws_access_key_id = DEFAULTKEY
        aws_secret_access_key = defaultsecret

        [work]
        aws_access_key_id=WORKKEY
        aws_secret_access_key=worksecret ; trailing comment
        aws_session_token = worktoken
        """)
        let config = try dir.write("config", """
        [default]
        region = eu-west-1
        [profile work]
        region = ap-south-1
        aws_access_key_id = IGNOREDKEY
        s3 =
          max_concurrent_requests = 10
        [profile cfgonly]
        aws_access_key_id = CFGKEY
        aws_secret_access_key = cfgsecret
        """)
        let env = ["AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": config]
        #expect(try await ProfileCredentialProvider(environment: env).credentials().accessKeyId == "DEFAULTKEY")
        let work = try await ProfileCredentialProvider(environment: env.merging(["AWS_PROFILE": "work"]) { $1 })
            .credentials()
        #expect(
            work == AWSCredentials(accessKeyId: "WORKKEY", secretAccessKey: "worksecret", sessionToken: "worktoken"))
        #expect(
            try await ProfileCredentialProvider(profile: "cfgonly", environment: env).credentials().accessKeyId
                == "CFGKEY")
        await #expect {
            try await ProfileCredentialProvider(profile: "missing", environment: env).credentials()
        } throws: {
            ($0 as? CredentialError)?.code == .notConfigured
        }
        let settings = try await SharedConfig.load(profile: "work", environment: env)
        #expect(settings?.settings["region"] == "ap-south-1")
        #expect(settings?.settings["max_concurrent_requests"] == nil)
        await #expect {
            try await ProfileCredentialProvider(environment: ["HOME": dir.path + "/nowhere"]).credentials()
        } throws: {
            ($0 as? CredentialError)?.code == .notConfigured
        }
    }

    @Test func credentialProcess() async throws {
        let dir = try TemporaryDirectory()
        let script = try dir.write("creds.sh", """
        #!/bin/sh
        echo '{"Version": 1, "AccessKeyId": "PROCKEY", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2030-01-02T03:04:05Z"}'
        """, executable: true)
        let failing = try dir.write("fail.sh", "#!/bin/sh\necho nope >&2\nexit 3\n", executable: true)
        let badVersion = try dir.write(
            "v2.sh", "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"a\", \"SecretAccessKey\": \"b\"}'\n",
            executable: true)
        let config = try dir.write("config", """
        [profile proc]
        credential_process = \(script) --arg "quoted value"
        [profile fail]
        credential_process = \(failing)
        [profile v2]
        credential_process = \(badVersion)
        [profile role]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = default
        """)
        let env = ["AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": dir.path + "/none"]
        let c = try await ProfileCredentialProvider(profile: "proc", environment: env).credentials()
        #expect(c.accessKeyId == "PROCKEY" && c.sessionToken == "proctoken")
        #expect(c.expiration == ISO8601.parse("2030-01-02T03:04:05Z"))
        await #expect { try await ProfileCredentialProvider(profile: "fail", environment: env).credentials() } throws: {
            let e = $0 as? CredentialError
            return e?.code == .unavailable && e?.message.contains("status 3") == true
        }
        await #expect { try await ProfileCredentialProvider(profile: "v2", environment: env).credentials() } throws: {
            ($0 as? CredentialError)?.message.contains("Version 2") == true
        }
        await #expect { try await ProfileCredentialProvider(profile: "role", environment: env).credentials() } throws: {
            ($0 as? CredentialError)?.message.contains("role_arn") == true
        }
    }

    /// A `credential_process` that hangs is stopped at its timeout with a typed error, even when
    /// the command it runs (here `sleep`, a child of the shell) keeps the output open.
    @Test func aHungCredentialProcessIsStopped() async throws {
        let dir = try TemporaryDirectory()
        let pidFile = dir.path + "/sleep.pid"
        // The sleep holds the output pipe, not this process's standard error; it is killed below.
        let command = "exec 2>/dev/null; sleep 120 & echo $! > \(pidFile); wait; echo '{}'"
        let started = ContinuousClock.now
        await #expect {
            try await CredentialProcess.run(command, provider: "profile", timeout: .milliseconds(300))
        } throws: {
            let e = $0 as? CredentialError
            return e?.code == .unavailable && e?.message.contains("did not finish within") == true
        }
        // Waiting for the sleep would take 120 s; the bound leaves room for a test run whose
        // cooperative threads are busy with other suites (CI once resumed this test 11 s late).
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(CredentialProcess.timeout == .seconds(300))
        if let pid = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = pid_t(pid.filter(\.isNumber)) {
            kill(pid, SIGKILL)
        }
    }

    static func credentialJSON(_ key: String, expiration: String = "2031-01-01T00:00:00Z") -> String {
        #"{"AccessKeyId":"\#(key)","SecretAccessKey":"s3cr3t","Token":"tok-\#(key)","Expiration":"\#(expiration)","Code":"Success"}"#
    }

    @Test func containerProviderRelativeAndFullURIWithTokens() async throws {
        let seen = Mutex<[String]>([])
        let server = try LoopbackHTTPServer { req in
            seen.withLock { $0.append("\(req.method) \(req.path) auth=\(req.header("Authorization") ?? "-")") }
            if req.path == "/v2/credentials/abc" { return .json(Self.credentialJSON("CONTAINERKEY")) }
            if req.path == "/full" { return .json(Self.credentialJSON("FULLKEY")) }
            return .json("{}", status: 404)
        }
        let transport = CurlTransport()
        let relative = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"],
            transport: transport, relativeBase: server.baseURL)
        let c = try await relative.credentials()
        #expect(c.accessKeyId == "CONTAINERKEY" && c.sessionToken == "tok-CONTAINERKEY")
        #expect(c.expiration == ISO8601.parse("2031-01-01T00:00:00Z"))

        let dir = try TemporaryDirectory()
        let tokenFile = try dir.write("token", "file-token\n")
        let full = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/full",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
            ], transport: transport)
        #expect(try await full.credentials().accessKeyId == "FULLKEY")
        let envToken = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/full",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
            ], transport: transport)
        _ = try await envToken.credentials()
        #expect(
            seen.withLock { $0 } == [
                "GET /v2/credentials/abc auth=-", "GET /full auth=file-token", "GET /full auth=env-token",
            ])

        let notAllowed = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"], transport: transport)
        await #expect { try await notAllowed.credentials() } throws: { ($0 as? CredentialError)?.code == .invalid }
        let missing = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + "/nothing"], transport: transport)
        await #expect { try await missing.credentials() } throws: {
            ($0 as? CredentialError)?.message.contains("404") == true
        }
        await #expect {
            try await ContainerCredentialProvider(environment: [:], transport: transport).credentials()
        } throws: {
            ($0 as? CredentialError)?.code == .notConfigured
        }
    }

    @Test func instanceMetadataV2() async throws {
        let seen = Mutex<[String]>([])
        let server = try LoopbackHTTPServer { req in
            seen.withLock { $0.append("\(req.method) \(req.path)") }
            if req.method == "PUT" && req.path == "/latest/api/token" {
                guard req.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" else {
                    return .json("", status: 400)
                }
                return LoopbackHTTPServer.Reply(status: 200, body: Array("IMDSTOKEN".utf8))
            }
            guard req.header("X-aws-ec2-metadata-token") == "IMDSTOKEN" else {
                return LoopbackHTTPServer.Reply(status: 401)
            }
            if req.path == "/latest/meta-data/iam/security-credentials/" {
                return LoopbackHTTPServer.Reply(status: 200, body: Array("my-role\n".utf8))
            }
            if req.path == "/latest/meta-data/iam/security-credentials/my-role" {
                return .json(Self.credentialJSON("IMDSKEY"))
            }
            return LoopbackHTTPServer.Reply(status: 404)
        }
        let transport = CurlTransport()
        let p = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/"], transport: transport)
        let c = try await p.credentials()
        #expect(c.accessKeyId == "IMDSKEY" && c.sessionToken == "tok-IMDSKEY")
        #expect(seen.withLock { $0 } == ["PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                                          "GET /latest/meta-data/iam/security-credentials/my-role"])
        await #expect {
            try await InstanceMetadataCredentialProvider(
                environment: ["AWS_EC2_METADATA_DISABLED": "true"], transport: transport
            ).credentials()
        } throws: {
            ($0 as? CredentialError)?.code == .notConfigured
        }
        // Nothing listens there: unreachable counts as not configured.
        let refusing = try RefusingPort()
        await #expect {
            try await InstanceMetadataCredentialProvider(
                environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": refusing.baseURL], transport: transport
            ).credentials()
        } throws: {
            ($0 as? CredentialError)?.code == .notConfigured
        }
    }

    @Test func chainOrderAndFallThrough() async throws {
        let dir = try TemporaryDirectory()
        let creds = try dir.write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = s\n")
        var env = [
            "AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_CONFIG_FILE": dir.path + "/none",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let transport = CurlTransport()
        #expect(
            try await CredentialProviderChain.default(environment: env, transport: transport).credentials().accessKeyId
                == "FILEKEY")
        env["AWS_ACCESS_KEY_ID"] = "ENVKEY"; env["AWS_SECRET_ACCESS_KEY"] = "e"
        #expect(
            try await CredentialProviderChain.default(environment: env, transport: transport).credentials().accessKeyId
                == "ENVKEY")
        let empty = [
            "AWS_SHARED_CREDENTIALS_FILE": dir.path + "/none", "AWS_CONFIG_FILE": dir.path + "/none",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        await #expect {
            try await CredentialProviderChain.default(environment: empty, transport: transport).credentials()
        } throws: {
            let e = $0 as? CredentialError
            return e?.code == .noneFound && e!.message.contains("environment") && e!.message.contains("container")
                && e!.message.contains("IMDS")
        }
    }

    /// A provider that counts calls and returns credentials expiring after `lifetime`.
    final class CountingProvider: AWSCredentialProvider, @unchecked Sendable {
        let calls = Atomic<Int>(0)
        let lifetime: TimeInterval
        let delay: Duration
        let now: @Sendable () -> Date
        var name: String { "counting" }
        init(lifetime: TimeInterval, delay: Duration = .zero, now: @escaping @Sendable () -> Date) {
            self.lifetime = lifetime; self.delay = delay; self.now = now
        }
        func credentials() async throws -> AWSCredentials {
            let n = calls.add(1, ordering: .sequentiallyConsistent).newValue
            try await Task.sleep(for: delay)
            return AWSCredentials(
                accessKeyId: "KEY\(n)", secretAccessKey: "s", sessionToken: "t",
                expiration: now().addingTimeInterval(lifetime))
        }
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let base = CountingProvider(lifetime: 3600, delay: .milliseconds(100), now: { Date() })
        let cache = CachingCredentialProvider(base)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.credentials().accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["KEY1"])
        #expect(base.calls.load(ordering: .sequentiallyConsistent) == 1)
    }

    @Test func refreshesBeforeExpiry() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_000_000))
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let base = CountingProvider(lifetime: 900, now: now)  // 15 minutes
        let cache = CachingCredentialProvider(base, refreshBefore: .seconds(300), now: now)
        #expect(try await cache.credentials().accessKeyId == "KEY1")
        clock.withLock { $0 += 500 }  // 400 s left: still fresh
        #expect(try await cache.credentials().accessKeyId == "KEY1")
        clock.withLock { $0 += 200 }  // 200 s left: inside the 300 s window
        #expect(try await cache.credentials().accessKeyId == "KEY2")
        #expect(base.calls.load(ordering: .sequentiallyConsistent) == 2)
    }
}
